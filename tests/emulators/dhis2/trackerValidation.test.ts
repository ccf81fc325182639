import { basicAuth, type Dhis2Emulator } from './index'
import { seededEmulator, trackerImport } from './fixtures/api'
import { en, ev, family, OU, rel, te, valueMetadata } from './fixtures/trackerPayloads'

const clerk = { username: 'clerk', password: 'Clerk123!', organisationUnits: ['DiszpKrYNg8'], authorities: [] as string[] }
const admin = { username: 'admin', password: 'district', authorities: ['ALL'] }

let emulator: Dhis2Emulator
beforeEach(async () => {
  emulator = seededEmulator('2.41', { users: [admin, clerk] })
  expect(emulator.importMetadata(valueMetadata).httpStatus).toBe(200)
  expect((await trackerImport(emulator, family(1))).body.status).toBe('OK')
})

const errors = (body: any): [string, string][] => body.validationReport.errorReports.map((e: any) => [e.errorCode, e.uid])

describe('tracker validation error codes (atomicMode=ALL: 409, nothing stored)', () => {
  const cases: [string, () => unknown, string, [string, string][]][] = [
    ['E1048 invalid UID', () => ({ trackedEntities: [te('not-a-uid')] }), '', [['E1048', 'not-a-uid']]],
    ['E1002 tracked entity exists on CREATE', () => ({ trackedEntities: [te('teAAAAAAAA1')] }), 'importStrategy=CREATE', [['E1002', 'teAAAAAAAA1']]],
    ['E1080 enrollment exists on CREATE', () => ({ enrollments: [en('enAAAAAAAA1', 'teAAAAAAAA1')] }), 'importStrategy=CREATE', [['E1080', 'enAAAAAAAA1']]],
    ['E1030 event exists on CREATE', () => ({ events: [ev('evAAAAAAAA1', 'enAAAAAAAA1')] }), 'importStrategy=CREATE', [['E1030', 'evAAAAAAAA1']]],
    ['E1063 tracked entity missing on UPDATE', () => ({ trackedEntities: [te('teBBBBBBBB1')] }), 'importStrategy=UPDATE', [['E1063', 'teBBBBBBBB1']]],
    ['E1005 unknown tracked entity type', () => ({ trackedEntities: [te('teBBBBBBBB1', { trackedEntityType: 'tetMissing1' })] }), '', [['E1005', 'teBBBBBBBB1']]],
    ['E1049 unknown org unit', () => ({ trackedEntities: [te('teBBBBBBBB1', { orgUnit: 'ouMissing01' })] }), '', [['E1049', 'teBBBBBBBB1']]],
    ['E1121 missing tracked entity type', () => ({ trackedEntities: [te('teBBBBBBBB1', { trackedEntityType: undefined })] }), '', [['E1121', 'teBBBBBBBB1']]],
    ['E1006 unknown attribute', () => ({ trackedEntities: [te('teBBBBBBBB1', { attributes: [{ attribute: 'teaMissing1', value: 'x' }] })] }), '', [['E1006', 'teBBBBBBBB1']]],
    ['E1007 value type', () => ({ trackedEntities: [te('teBBBBBBBB1', { attributes: [{ attribute: 'teaAge00001', value: '-3' }] })] }), '', [['E1007', 'teBBBBBBBB1']]],
    ['E1125 option code', () => ({ trackedEntities: [te('teBBBBBBBB1', { attributes: [{ attribute: 'teaSex00001', value: 'Male' }] })] }), '', [['E1125', 'teBBBBBBBB1']]],
    ['E1069 unknown program', () => ({ enrollments: [en('enBBBBBBBB1', 'teAAAAAAAA1', { program: 'prMissing01' })] }), '', [['E1069', 'enBBBBBBBB1']]],
    ['E1070 unknown enrollment org unit', () => ({ enrollments: [en('enBBBBBBBB1', 'teAAAAAAAA1', { orgUnit: 'ouMissing01' })] }), '', [['E1070', 'enBBBBBBBB1']]],
    ['E1068 unknown tracked entity', () => ({ enrollments: [en('enBBBBBBBB1', 'teMissing01')] }), '', [['E1068', 'enBBBBBBBB1']]],
    ['E1025 no enrolledAt', () => ({ enrollments: [en('enBBBBBBBB1', 'teAAAAAAAA1', { enrolledAt: undefined, status: 'COMPLETED' })] }), '', [['E1025', 'enBBBBBBBB1']]],
    ['E1041 program not assigned to org unit', () => ({ enrollments: [en('enBBBBBBBB1', 'teAAAAAAAA1', { orgUnit: 'PSeMWi7rBgb', status: 'COMPLETED' })] }), '', [['E1041', 'enBBBBBBBB1']]],
    ['E1015 second active enrollment', () => ({ enrollments: [en('enBBBBBBBB1', 'teAAAAAAAA1')] }), '', [['E1015', 'enBBBBBBBB1']]],
    ['E1020 enrolled in the future', () => ({ enrollments: [en('enBBBBBBBB1', 'teAAAAAAAA1', { enrolledAt: '2999-01-01', status: 'COMPLETED' })] }), '', [['E1020', 'enBBBBBBBB1']]],
    ['E1019 not a program attribute', () => ({ enrollments: [en('enBBBBBBBB1', 'teAAAAAAAA1', { status: 'COMPLETED', attributes: [{ attribute: 'teaAge00001', value: '3' }] })] }), '', [['E1019', 'enBBBBBBBB1']]],
    ['E1022 tracked entity type differs from program', () => ({ trackedEntities: [te('teBBBBBBBB1', { trackedEntityType: 'Q9GufDoplCL' })], enrollments: [en('enBBBBBBBB1', 'teBBBBBBBB1')] }), '', [['E1022', 'enBBBBBBBB1']]],
    ['E1013 unknown program stage', () => ({ events: [ev('evBBBBBBBB1', 'enAAAAAAAA1', { programStage: 'psMissing01', program: undefined })] }), '', [['E1013', 'evBBBBBBBB1']]],
    ['E1011 unknown event org unit', () => ({ events: [ev('evBBBBBBBB1', 'enAAAAAAAA1', { orgUnit: 'ouMissing01' })] }), '', [['E1011', 'evBBBBBBBB1']]],
    ['E1089 stage of another program', () => ({ events: [ev('evBBBBBBBB1', 'enAAAAAAAA1', { programStage: 'nlXNK4b7LVr' })] }), '', [['E1089', 'evBBBBBBBB1']]],
    ['E1029 program not assigned to event org unit', () => ({ events: [ev('evBBBBBBBB1', 'enAAAAAAAA1', { programStage: 'ZzYYXq4fJie', orgUnit: 'PSeMWi7rBgb' })] }), '', [['E1029', 'evBBBBBBBB1']]],
    ['E1033 enrollment not found', () => ({ events: [ev('evBBBBBBBB1', 'enMissing01')] }), '', [['E1033', 'evBBBBBBBB1']]],
    ['E1079 event program differs from enrollment', () => ({ events: [ev('evBBBBBBBB1', 'enAAAAAAAA1', { program: 'f1AyMswryyQ', programStage: 'nlXNK4b7LVr', orgUnit: 'DiszpKrYNg8' })] }), '', [['E1079', 'evBBBBBBBB1']]],
    ['E1039 non-repeatable stage used twice', () => ({ events: [ev('evBBBBBBBB1', 'enAAAAAAAA1')] }), '', [['E1039', 'evBBBBBBBB1']]],
    ['E1031 no occurredAt on an ACTIVE event', () => ({ events: [ev('evBBBBBBBB1', 'enAAAAAAAA1', { programStage: 'ZzYYXq4fJie', occurredAt: undefined })] }), '', [['E1031', 'evBBBBBBBB1']]],
    ['E1050 SCHEDULE without scheduledAt', () => ({ events: [ev('evBBBBBBBB1', 'enAAAAAAAA1', { programStage: 'ZzYYXq4fJie', status: 'SCHEDULE', occurredAt: undefined })] }), '', [['E1050', 'evBBBBBBBB1']]],
    ['E1304 unknown data element', () => ({ events: [ev('evAAAAAAAA1', 'enAAAAAAAA1', { dataValues: [{ dataElement: 'deMissing01', value: '1' }] })] }), '', [['E1304', 'evAAAAAAAA1']]],
    ['E1305 data element not in stage', () => ({ events: [ev('evAAAAAAAA1', 'enAAAAAAAA1', { dataValues: [{ dataElement: 'BuZ5LGNfGEU', value: '1' }] })] }), '', [['E1305', 'evAAAAAAAA1']]],
    ['E1302 data value type', () => ({ events: [ev('evAAAAAAAA1', 'enAAAAAAAA1', { dataValues: [{ dataElement: 'bx6fsa0t90x', value: 'yes' }] })] }), '', [['E1302', 'evAAAAAAAA1']]],
    ['E1126 type change on update', () => ({ trackedEntities: [te('teAAAAAAAA1', { trackedEntityType: 'Q9GufDoplCL' })] }), '', [['E1126', 'teAAAAAAAA1']]],
    ['E4006 unknown relationship type', () => ({ relationships: [rel('rlBBBBBBBB1', 'teAAAAAAAA1', 'teAAAAAAAA1', { relationshipType: 'rtMissing01' })] }), '', [['E4006', 'rlBBBBBBBB1']]],
    ['E4012 relationship to a missing tracked entity', () => ({ relationships: [rel('rlBBBBBBBB1', 'teAAAAAAAA1', 'teMissing01')] }), '', [['E4012', 'rlBBBBBBBB1']]],
    ['E4000 relationship to itself', () => ({ relationships: [rel('rlBBBBBBBB1', 'teAAAAAAAA1', 'teAAAAAAAA1')] }), '', [['E4000', 'rlBBBBBBBB1']]],
    ['E4010 wrong end for the constraint', () => ({ relationships: [{ ...rel('rlBBBBBBBB1', 'teAAAAAAAA1', 'x'), to: { enrollment: { enrollment: 'enAAAAAAAA1' } } }] }), '', [['E4010', 'rlBBBBBBBB1']]],
    ['E4001 item with two ends', () => ({ relationships: [{ ...rel('rlBBBBBBBB1', 'teAAAAAAAA1', 'x'), to: { trackedEntity: { trackedEntity: 'teAAAAAAAA1' }, event: { event: 'evAAAAAAAA1' } } }] }), '', [['E4001', 'rlBBBBBBBB1']]],
  ]

  it.each(cases)('%s', async (_name, payload, query, expected) => {
    const before = JSON.stringify([...emulator.tracker.trackedEntities.values()].map((t) => t.updatedAt))
    const reply = await trackerImport(emulator, payload(), query)
    expect(errors(reply.body)).toEqual(expected)
    expect(reply.status).toBe(409)
    expect(reply.body.status).toBe('ERROR')
    expect(reply.body.bundleReport).toBeUndefined()
    expect(JSON.stringify([...emulator.tracker.trackedEntities.values()].map((t) => t.updatedAt))).toBe(before)
  })

  it('E1064: a unique attribute value held by another tracked entity', async () => {
    await trackerImport(emulator, { trackedEntities: [te('teAAAAAAAA1', { attributes: [{ attribute: 'teaCode0001', value: 'RW-001' }] })] })
    const reply = await trackerImport(emulator, { trackedEntities: [te('teBBBBBBBB1', { attributes: [{ attribute: 'teaCode0001', value: 'RW-001' }] })] })
    expect(reply.body.validationReport.errorReports).toEqual([
      { message: 'Non-unique attribute value `RW-001` for attribute `teaCode0001`.', errorCode: 'E1064', trackerType: 'TRACKED_ENTITY', uid: 'teBBBBBBBB1' },
    ])
  })

  it('E1000: org unit outside the capture scope of the user', async () => {
    const reply = await trackerImport(emulator, { trackedEntities: [te('teBBBBBBBB1')] }, '', basicAuth('clerk', 'Clerk123!'))
    expect(reply.body.validationReport.errorReports).toEqual([
      { message: 'User: `clerk` has no capture scope access to OrganisationUnit: `y77LiPqLMoq`.', errorCode: 'E1000', trackerType: 'TRACKED_ENTITY', uid: 'teBBBBBBBB1' },
    ])
  })

  it('E1102: no ownership access to the tracked entity in the program', async () => {
    const payload = { events: [ev('evBBBBBBBB1', 'enAAAAAAAA1', { programStage: 'ZzYYXq4fJie', orgUnit: 'DiszpKrYNg8' })] }
    const reply = await trackerImport(emulator, payload, '', basicAuth('clerk', 'Clerk123!'))
    expect(errors(reply.body)).toEqual([['E1102', 'evBBBBBBBB1']])
  })

  it('E1100: deleting a tracked entity with enrollments needs F_TEI_CASCADE_DELETE', async () => {
    const reply = await trackerImport(emulator, { trackedEntities: [{ trackedEntity: 'teAAAAAAAA1' }] }, 'importStrategy=DELETE', basicAuth('clerk', 'Clerk123!'))
    expect(errors(reply.body)).toEqual([['E1100', 'teAAAAAAAA1']])
  })
})

describe('atomicMode, importMode, strategies', () => {
  const mixed = () => ({ trackedEntities: [te('teBBBBBBBB1'), te('teBBBBBBBB2', { orgUnit: 'ouMissing01' })] })

  it('atomicMode=ALL: one bad object fails the whole payload', async () => {
    const reply = await trackerImport(emulator, mixed())
    expect(reply.status).toBe(409)
    expect(reply.body.stats).toEqual({ created: 0, updated: 0, deleted: 0, ignored: 2, total: 2 })
    expect(emulator.tracker.trackedEntities.has('teBBBBBBBB1')).toBe(false)
  })

  it('atomicMode=OBJECT: valid objects are saved, status OK, errors listed', async () => {
    const reply = await trackerImport(emulator, mixed(), 'atomicMode=OBJECT')
    expect(reply.status).toBe(200)
    expect(reply.body.status).toBe('OK')
    expect(errors(reply.body)).toEqual([['E1049', 'teBBBBBBBB2']])
    expect(reply.body.stats).toEqual({ created: 1, updated: 0, deleted: 0, ignored: 1, total: 2 })
    expect(reply.body.bundleReport.typeReportMap.TRACKED_ENTITY.stats).toEqual({ created: 1, updated: 0, deleted: 0, ignored: 1, total: 2 })
    expect(emulator.tracker.trackedEntities.has('teBBBBBBBB1')).toBe(true)
  })

  it('atomicMode=OBJECT: children of a rejected parent are rejected too (E5000)', async () => {
    const payload = { trackedEntities: [{ ...te('teBBBBBBBB1', { orgUnit: 'ouMissing01' }), enrollments: [en('enBBBBBBBB1', 'ignored')] }] }
    const reply = await trackerImport(emulator, payload, 'atomicMode=OBJECT')
    expect(reply.body.validationReport.errorReports[1]).toEqual({
      message: 'enrollment `enBBBBBBBB1` cannot be created because trackedEntity `teBBBBBBBB1` referenced by it could not be created.',
      errorCode: 'E5000',
      trackerType: 'ENROLLMENT',
      uid: 'enBBBBBBBB1',
    })
  })

  it('importMode=VALIDATE reports and stores nothing', async () => {
    const reply = await trackerImport(emulator, family(2), 'importMode=VALIDATE')
    expect(reply.status).toBe(200)
    expect(reply.body).toMatchObject({ status: 'OK', stats: { created: 0, ignored: 0 }, bundleReport: { typeReportMap: {} } })
    expect(emulator.tracker.trackedEntities.has('teAAAAAAAA2')).toBe(false)
  })

  it('CREATE_AND_UPDATE is idempotent: the same payload again updates', async () => {
    const reply = await trackerImport(emulator, family(1))
    expect(reply.body.stats).toEqual({ created: 0, updated: 3, deleted: 0, ignored: 0, total: 3 })
  })

  it('UPDATE merges values (null deletes one) and moves updatedAt', async () => {
    await trackerImport(emulator, { trackedEntities: [te('teAAAAAAAA1', { attributes: [{ attribute: 'teaAge00001', value: '4' }, { attribute: 'teaSex00001', value: 'MALE' }] })] })
    const before = emulator.tracker.trackedEntities.get('teAAAAAAAA1')?.updatedAt as string
    const reply = await trackerImport(emulator, { trackedEntities: [te('teAAAAAAAA1', { attributes: [{ attribute: 'teaAge00001', value: null }] })] }, 'importStrategy=UPDATE')
    expect(reply.body.stats.updated).toBe(1)
    const stored = emulator.tracker.trackedEntities.get('teAAAAAAAA1')
    expect([...(stored?.attributes.keys() ?? [])]).toEqual(['teaSex00001'])
    expect((stored?.updatedAt ?? '') > before).toBe(true)
  })

  it('DELETE is soft and cascades to enrollments and events', async () => {
    const reply = await trackerImport(emulator, { trackedEntities: [{ trackedEntity: 'teAAAAAAAA1' }] }, 'importStrategy=DELETE')
    expect(reply.body.stats).toEqual({ created: 0, updated: 0, deleted: 1, ignored: 0, total: 1 })
    expect(emulator.tracker.events.get('evAAAAAAAA1')?.deleted).toBe(true)
    const again = await trackerImport(emulator, { events: [ev('evAAAAAAAA1', 'enAAAAAAAA1')] })
    expect(errors(again.body)).toEqual([['E1082', 'evAAAAAAAA1']])
  })

  it('validationMode=FAIL_FAST stops at the first error', async () => {
    const reply = await trackerImport(emulator, { trackedEntities: [te('bad1'), te('bad2')] }, 'validationMode=FAIL_FAST')
    expect(errors(reply.body)).toEqual([['E1048', 'bad1']])
  })

  it('reportMode=WARNINGS lists warnings (E1119: a note UID that already exists)', async () => {
    const note = { note: 'ntAAAAAAAA1', value: 'seen at home' }
    await trackerImport(emulator, { events: [ev('evAAAAAAAA1', 'enAAAAAAAA1', { notes: [note] })] })
    const reply = await trackerImport(emulator, { events: [ev('evAAAAAAAA1', 'enAAAAAAAA1', { notes: [note] })] }, 'reportMode=WARNINGS')
    expect(reply.body.validationReport.warningReports.map((w: any) => w.errorCode)).toEqual(['E1119'])
    expect(emulator.tracker.events.get('evAAAAAAAA1')?.notes).toHaveLength(1)
  })

  it('relationships are not updatable: an existing one is ignored, not an error', async () => {
    await trackerImport(emulator, { trackedEntities: [te('teBBBBBBBB1')], relationships: [rel('rlAAAAAAAA1', 'teAAAAAAAA1', 'teBBBBBBBB1')] })
    const reply = await trackerImport(emulator, { relationships: [rel('rlAAAAAAAA1', 'teAAAAAAAA1', 'teBBBBBBBB1')] })
    expect(reply.body.stats).toEqual({ created: 0, updated: 0, deleted: 0, ignored: 1, total: 1 })
    const duplicate = await trackerImport(emulator, { relationships: [rel('rlAAAAAAAA2', 'teAAAAAAAA1', 'teBBBBBBBB1')] })
    expect(errors(duplicate.body)).toEqual([['E4018', 'rlAAAAAAAA2']])
    const created = await trackerImport(emulator, { relationships: [rel('rlAAAAAAAA1', 'teAAAAAAAA1', 'teBBBBBBBB1')] }, 'importStrategy=CREATE')
    expect(errors(created.body)).toEqual([['E4015', 'rlAAAAAAAA1']])
  })

  it('the user sees org units only through the reference database hierarchy', () => {
    expect(emulator.metadata.inScope('DiszpKrYNg8', ['O6uvpzGd5pu'])).toBe(true)
    expect(emulator.metadata.inScope(OU, ['O6uvpzGd5pu'])).toBe(false)
  })
})
