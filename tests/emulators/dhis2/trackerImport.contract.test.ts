import type { Dhis2Version } from './index'
import { api, seededEmulator, trackerImport } from './fixtures/api'
import { describeWithReference, keyPaths, reportPaths, sample, union } from './fixtures/referenceSamples'

const VERSIONS: Dhis2Version[] = ['2.40', '2.41', '2.42']

describeWithReference.each(VERSIONS)('POST /api/tracker with the published payloads (%s)', (version) => {
  it('imports the documented flat payload and reports in the documented shape', async () => {
    const emulator = seededEmulator(version)
    const reply = await trackerImport(emulator, sample('tracker/docs-2.41_import-payload-flat.json'))
    expect(reply.status).toBe(200)
    expect(reply.body.status).toBe('OK')
    expect(reply.body.stats).toEqual({ created: 6, updated: 0, deleted: 0, ignored: 0, total: 6 })
    expect(reportPaths(reply.body)).toEqual(reportPaths(sample('tracker/docs-2.41_import-report-ok.json')))
    expect(Object.keys(reply.body.bundleReport.typeReportMap)).toEqual(
      Object.keys(sample('tracker/docs-2.41_import-report-ok.json').bundleReport.typeReportMap),
    )
    expect(emulator.tracker.relationships.size).toBe(1)
  })

  it('imports the documented nested payload, generating UIDs', async () => {
    const emulator = seededEmulator(version)
    const reply = await trackerImport(emulator, sample('tracker/docs-2.41_import-payload-nested.json'))
    expect(reply.body.stats).toMatchObject({ created: 3, ignored: 0 })
    const [te] = emulator.tracker.trackedEntities.values()
    const [en] = emulator.tracker.enrollments.values()
    const [ev] = emulator.tracker.events.values()
    expect(en?.trackedEntity).toBe(te?.trackedEntity)
    expect(ev?.enrollment).toBe(en?.enrollment)
    expect(ev?.trackedEntity).toBe(te?.trackedEntity)
    expect(ev?.notes[0]?.value).toBe('need to follow up')
    // enrollment attributes belong to the tracked entity
    expect(te?.attributes.get('zDhUuAYrxNC')?.value).toBe('Kelly')
  })

  it("imports dhis2-core's e2e nested payload (data values, coordinates as a string value)", async () => {
    const emulator = seededEmulator(version)
    const reply = await trackerImport(emulator, sample('tracker/core_e2e_trackedEntitiesWithEnrollmentsAndEvents.json'))
    expect(reply.body.validationReport.errorReports).toEqual([])
    expect(reply.body.stats).toMatchObject({ created: 6, ignored: 0 })
    expect(emulator.tracker.events.get('ZwwuwNp6gVd')?.dataValues.get('mB2QHw1tU96')?.value).toBe('[-11.566044,9.477801]')
    expect(emulator.tracker.trackedEntities.get('Nav6inZRw1u')?.potentialDuplicate).toBe(true)
  })

  it("imports dhis2-core's web-api nested payload the way its test does (validationMode=SKIP, atomicMode=OBJECT)", async () => {
    const emulator = seededEmulator(version)
    const payload = sample('tracker/core_web-api_import_nested_payload.json')
    const skipped = await trackerImport(emulator, payload, 'validationMode=SKIP&atomicMode=OBJECT&reportMode=FULL')
    expect(skipped.status).toBe(200)
    const uids = (type: string) => skipped.body.bundleReport.typeReportMap[type].objectReports.map((o: { uid: string }) => o.uid)
    expect(uids('TRACKED_ENTITY')).toEqual(['IybbQIQt6te', 'daMwzsKN3te', 'FRM97UKN8te'])
    expect(uids('ENROLLMENT')).toEqual(['IybbQIQt6en', 'daMwzsKN3en'])
    expect(uids('EVENT')).toEqual(['IybbQIQt6ev', 'daMwzsKN3ev'])
    expect(uids('RELATIONSHIP')).toEqual(['IybbQIQtrel', 'daMwzsKNrel'])
  })

  it('rejects that same payload under full validation: its ACTIVE events have no occurredAt (E1031)', async () => {
    const emulator = seededEmulator(version)
    const reply = await trackerImport(emulator, sample('tracker/core_web-api_import_nested_payload.json'))
    expect(reply.status).toBe(409)
    expect(reply.body.status).toBe('ERROR')
    expect(reply.body.validationReport.errorReports.map((e: { errorCode: string; uid: string }) => [e.errorCode, e.uid])).toEqual([
      ['E1031', 'IybbQIQt6ev'],
      ['E1031', 'daMwzsKN3ev'],
    ])
    expect(reply.body.stats).toEqual({ created: 0, updated: 0, deleted: 0, ignored: 9, total: 9 })
    expect(reply.body.bundleReport).toBeUndefined()
    expect(emulator.tracker.trackedEntities.size).toBe(0)
  })

  it('answers an atomicMode=ALL failure in the published error shape', async () => {
    const emulator = seededEmulator(version)
    const payload = sample('tracker/docs-2.41_import-payload-flat.json')
    payload.trackedEntities[0].trackedEntityType = 'Q9GufDoplCX'
    const reply = await trackerImport(emulator, payload)
    expect(reply.status).toBe(409)
    const published = union(keyPaths(sample('tracker/sdk_event-conflict-new.json')), keyPaths(sample('tracker/docs-2.42_import-validation-report-E1005.json')))
    expect(keyPaths(reply.body)).toEqual(published)
    expect(reply.body.validationReport.errorReports[0]).toEqual({
      message: 'Could not find TrackedEntityType: `Q9GufDoplCX`.',
      errorCode: 'E1005',
      trackerType: 'TRACKED_ENTITY',
      uid: 'Kj6vYde4LHh',
    })
  })

  it('is asynchronous by default: job message, notifications and report in the documented shapes', async () => {
    const emulator = seededEmulator(version)
    const added = await api(emulator, 'POST', '/api/tracker', sample('tracker/docs-2.41_import-payload-flat.json'))
    expect(added.status).toBe(200)
    expect(keyPaths(added.body)).toEqual(keyPaths(sample('tracker/docs-2.41_import-async-job-added.json')))
    expect(added.body.message).toBe('Tracker job added')
    expect(added.body.response.location).toBe(`https://dhis2.test/api/tracker/jobs/${added.body.response.id}`)

    const notes = await api(emulator, 'GET', `/api/tracker/jobs/${added.body.response.id}`)
    expect(keyPaths(notes.body)).toEqual(keyPaths(sample('tracker/docs-2.41_import-job-notifications.json')))
    expect(notes.body[0]).toMatchObject({ completed: true, message: 'Import complete with status OK, 6 created, 0 updated, 0 deleted, 0 ignored' })

    const report = await api(emulator, 'GET', `/api/tracker/jobs/${added.body.response.id}/report`)
    expect(report.status).toBe(200)
    expect(reportPaths(report.body)).toEqual(reportPaths(sample('tracker/docs-2.41_import-report-ok.json')))
  })
})
