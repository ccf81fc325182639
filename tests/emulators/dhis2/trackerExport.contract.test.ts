import type { Dhis2Emulator, Dhis2Version } from './index'
import { api, seededEmulator, trackerImport } from './fixtures/api'
import { describeWithReference, keyPaths, outside, sample, union } from './fixtures/referenceSamples'

const VERSIONS: Dhis2Version[] = ['2.40', '2.41', '2.42']
const ZONELESS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}$/

/** `[].x` paths of items nested at `at` (`[].enrollments`) -> `[].enrollments[].x`. */
const nest = (at: string, items: Set<string>) => new Set([at, ...[...items].map((p) => `${at}${p}`)])
const strip = (at: string, paths: Set<string>) =>
  new Set([...paths].filter((p) => p.startsWith(`${at}[]`)).map((p) => p.slice(at.length)))

/**
 * Item key paths of the published samples, per entity, composed the way the objects nest
 * (tracked entity > enrollments > events; relationships and attributes at every level).
 */
function publishedItems() {
  const teSingle = sample('tracker/docs-2.41_trackedentity-single.json')
  const sdkTe = sample('tracker/sdk_trackedentity-with-enrollments.json')
  const items = (file: string, key: string) => keyPaths(sample(file)[key])
  // Properties the docs' object tables list but no sample carries (empty arrays or unset in them).
  const notes = ['[].notes[].note', '[].notes[].value', '[].notes[].storedAt', '[].notes[].storedBy']
  const item = (kind: string) => [`.${kind}`, `.${kind}.${kind}`]
  const relationship = new Set([
    ...['relationship', 'relationshipType', 'relationshipName', 'createdAt', 'createdAtClient', 'updatedAt', 'bidirectional'].map((k) => `[].${k}`),
    ...['from', 'to'].flatMap((side) => [`[].${side}`, ...['trackedEntity', 'enrollment', 'event'].flatMap((k) => item(k).map((i) => `[].${side}${i}`))]),
  ])
  const teSamples = union(
    items('tracker/docs-2.41_trackedentities-page.json', 'trackedEntities'),
    items('tracker/sdk_trackedentities_ge_v41.json', 'trackedEntities'),
    items('tracker/sdk_trackedentities_lt_v41.json', 'instances'),
    keyPaths([teSingle]),
    keyPaths([sdkTe]),
  )
  const attribute = strip('[].attributes', teSamples)
  const events = union(
    items('tracker/docs-2.41_events-page.json', 'events'),
    items('tracker/sdk_events_ge_v41.json', 'events'),
    keyPaths([sample('tracker/docs-2.41_event-single.json')]),
    keyPaths(teSingle.enrollments[0].events),
    keyPaths(sdkTe.enrollments.flatMap((e: any) => e.events)),
    new Set(['[].storedBy', '[].completedAt', '[].completedBy', ...notes]),
    nest('[].relationships', relationship),
  )
  const enrollments = union(
    items('tracker/docs-2.41_enrollments-page.json', 'enrollments'),
    items('tracker/docs-2.40_enrollments-instances-page.json', 'instances'),
    keyPaths(teSingle.enrollments),
    keyPaths(sdkTe.enrollments),
    new Set(['[].completedAt', '[].completedBy', ...notes]),
    nest('[].events', events),
    nest('[].attributes', attribute),
    nest('[].relationships', relationship),
  )
  return {
    trackedEntities: union(teSamples, nest('[].enrollments', enrollments), nest('[].relationships', relationship)),
    enrollments,
    events,
    relationships: items('tracker/docs-2.41_relationships-page.json', 'relationships'),
  }
}

const topLevel = (body: object) => Object.keys(body).sort()

const DOCS_PAYLOADS = ['docs-2.41_import-payload-flat.json', 'docs-2.41_import-payload-nested.json']
// dhis2-core's e2e payload reuses the docs' UIDs for other objects, so it gets an emulator of its own.
const E2E_PAYLOADS = ['core_e2e_trackedEntitiesWithEnrollmentsAndEvents.json']

async function populated(version: Dhis2Version, files = DOCS_PAYLOADS): Promise<Dhis2Emulator> {
  const emulator = seededEmulator(version)
  for (const file of files) expect((await trackerImport(emulator, sample(`tracker/${file}`))).body.status).toBe('OK')
  return emulator
}

describeWithReference.each(VERSIONS)('tracker export (%s)', (version) => {
  let emulator: Dhis2Emulator
  let e2e: Dhis2Emulator
  beforeAll(async () => {
    emulator = await populated(version)
    e2e = await populated(version, E2E_PAYLOADS)
  })
  const get = (path: string, on?: Dhis2Emulator) => api(on ?? emulator, 'GET', path)

  it('wraps lists in the version envelope', async () => {
    const plain = await get('/api/tracker/trackedEntities?program=IpHINAT79UW&orgUnitMode=ALL')
    const totals = await get('/api/tracker/enrollments?program=IpHINAT79UW&orgUnitMode=ALL&totalPages=true')
    expect(plain.status).toBe(200)
    if (version === '2.40') {
      expect(topLevel(plain.body)).toEqual(topLevel(sample('tracker/sdk_trackedentities_lt_v41.json')))
      expect(topLevel(totals.body)).toEqual(topLevel(sample('tracker/docs-2.40_enrollments-instances-page.json')))
    } else if (version === '2.41') {
      expect(topLevel(plain.body)).toEqual(topLevel(sample('tracker/sdk_trackedentities_ge_v41.json')))
      expect(keyPaths(plain.body.pager)).toEqual(keyPaths(sample('tracker/sdk_trackedentities_ge_v41.json').pager))
      expect(totals.body).toMatchObject({ pager: { total: 2, pageCount: 1 }, total: 2, pageCount: 1 })
    } else {
      expect(topLevel(plain.body)).toEqual(topLevel(sample('tracker/docs-2.41_trackedentities-page.json')))
      expect(keyPaths(plain.body.pager)).toEqual(keyPaths(sample('tracker/docs-2.41_trackedentities-page.json').pager))
      expect(topLevel(totals.body)).toEqual(['enrollments', 'pager'])
      expect(totals.body.pager).toEqual({ page: 1, pageSize: 50, total: 2, pageCount: 1 })
    }
  })

  it.each(['trackedEntities', 'enrollments', 'events'] as const)('renders %s with published keys only', async (kind) => {
    for (const [on, program] of [[emulator, 'IpHINAT79UW'], [e2e, 'f1AyMswryyQ']] as const) {
      const reply = await get(`/api/tracker/${kind}?program=${program}&fields=*&orgUnitMode=ALL`, on)
      const items = version === '2.40' ? reply.body.instances : reply.body[kind]
      expect(items.length).toBeGreaterThan(0)
      expect(outside(keyPaths(items), publishedItems()[kind])).toEqual([])
    }
  })

  it('renders relationships exactly as published, with the default fields', async () => {
    const reply = await get('/api/tracker/relationships?trackedEntity=Kj6vYde4LHh')
    const items = version === '2.40' ? reply.body.instances : reply.body.relationships
    expect(keyPaths(items)).toEqual(publishedItems().relationships)
  })

  it('uses zone-less timestamps and string values', async () => {
    const reply = await get('/api/tracker/events?fields=*&orgUnitMode=ALL', e2e)
    const events = version === '2.40' ? reply.body.instances : reply.body.events
    expect(events.length).toBe(2)
    for (const e of events) {
      expect(e.createdAt).toMatch(ZONELESS)
      expect(e.updatedAt).toMatch(ZONELESS)
      if (e.occurredAt) expect(e.occurredAt).toMatch(ZONELESS)
      for (const dv of e.dataValues) expect(typeof dv.value).toBe('string')
    }
    expect(events.find((e: any) => e.event === 'ZwwuwNp6gVd').followup === undefined).toBe(version === '2.42')
    expect(events.find((e: any) => e.event === 'ZwwuwNp6gVd').dataValues).toContainEqual(
      expect.objectContaining({ dataElement: 'BuZ5LGNfGEU', value: '20', storedBy: 'admin', providedElsewhere: false }),
    )
  })

  it('returns single objects with the published keys', async () => {
    const te = await get('/api/tracker/trackedEntities/Kj6vYde4LHh?program=IpHINAT79UW&fields=*')
    expect(outside(keyPaths([te.body]), publishedItems().trackedEntities)).toEqual([])
    expect(te.body.programOwners).toEqual([{ orgUnit: 'y77LiPqLMoq', trackedEntity: 'Kj6vYde4LHh', program: 'IpHINAT79UW' }])
    const event = await get('/api/tracker/events/ZwwuwNp6gVd')
    expect(outside(keyPaths([event.body]), publishedItems().events)).toEqual([])
    const enrollment = await get('/api/tracker/enrollments/MNWZ6hnuhSw')
    expect(enrollment.body.enrollment).toBe('MNWZ6hnuhSw')
  })

  it('answers 404 in the published WebMessage shape', async () => {
    const reply = await get('/api/tracker/trackedEntities/PgmUFEQYZdt')
    expect(reply.status).toBe(404)
    expect(reply.body).toEqual(sample('tracker/sdk_glass_v42_not_found.json'))
  })

  it('answers system info with published keys only', async () => {
    const reply = await get('/api/system/info')
    expect(outside(keyPaths(reply.body), keyPaths(sample('metadata/sdk_system_info.json')))).toEqual([])
    expect(reply.body.version).toBe(`${version}.0`)
  })
})

describeWithReference('tracker export queries', () => {
  it('answers 403 OWNERSHIP_ACCESS_DENIED for a protected program outside the capture scope', async () => {
    const emulator = seededEmulator('2.42', {
      users: [
        { username: 'admin', password: 'district', authorities: ['ALL'] },
        { username: 'clerk', password: 'Clerk123!', organisationUnits: ['DiszpKrYNg8'] },
      ],
    })
    const program = emulator.metadata.program('IpHINAT79UW') as Record<string, unknown>
    emulator.metadata.put('programs', { ...program, accessLevel: 'PROTECTED' })
    await trackerImport(emulator, sample('tracker/docs-2.41_import-payload-flat.json'))
    const { basicAuth } = await import('./index')
    const reply = await api(emulator, 'GET', '/api/tracker/trackedEntities/Kj6vYde4LHh?program=IpHINAT79UW', undefined, basicAuth('clerk', 'Clerk123!'))
    expect(reply.status).toBe(403)
    expect(reply.body).toEqual(sample('tracker/sdk_glass_protected_tei_failure_403.json'))
  })

  it('pages, filters by updatedAfter, org unit mode, attribute filter and fields', async () => {
    const emulator = await populated('2.41')
    const get = async (query: string) => (await api(emulator, 'GET', `/api/tracker/trackedEntities?${query}`)).body
    const page2 = await get('trackedEntityType=nEenWmSyUEp&orgUnitMode=ALL&pageSize=1&page=2')
    expect(page2.trackedEntities).toHaveLength(1)
    expect(page2.pager.prevPage).toContain('page=1')
    expect(page2.pager.nextPage).toContain('page=3')

    // updatedAfter is inclusive (>=), as DHIS2's lastUpdated start date: a cursor one millisecond later excludes Kj6vYde4LHh
    const last = emulator.tracker.trackedEntities.get('Kj6vYde4LHh')?.updatedAt as string
    const cursor = new Date(Date.parse(`${last}Z`) + 1).toISOString().slice(0, 23)
    await trackerImport(emulator, { trackedEntities: [{ trackedEntity: 'Gjaiu3ea38E', trackedEntityType: 'nEenWmSyUEp', orgUnit: 'y77LiPqLMoq', inactive: true }] })
    const changed = await get(`trackedEntityType=nEenWmSyUEp&orgUnitMode=ALL&updatedAfter=${cursor}`)
    expect(changed.trackedEntities.map((t: any) => t.trackedEntity)).toContain('Gjaiu3ea38E')
    expect(changed.trackedEntities.map((t: any) => t.trackedEntity)).not.toContain('Kj6vYde4LHh')

    const e2e = await populated('2.41', E2E_PAYLOADS)
    const query = async (q: string) => (await api(e2e, 'GET', `/api/tracker/trackedEntities?${q}`)).body
    expect((await query('trackedEntityType=Q9GufDoplCL&orgUnits=ImspTQPwCqd&orgUnitMode=DESCENDANTS')).trackedEntities).toHaveLength(2)
    expect((await query('trackedEntityType=Q9GufDoplCL&orgUnits=ImspTQPwCqd')).trackedEntities).toHaveLength(0)
    expect((await query('trackedEntityType=Q9GufDoplCL&orgUnits=ImspTQPwCqd&orgUnitMode=CHILDREN')).trackedEntities).toHaveLength(2)
    const john = await query('trackedEntityType=Q9GufDoplCL&orgUnitMode=ALL&filter=dIVt4l5vIOa:eq:john&fields=trackedEntity,attributes[attribute,value]')
    expect(john.trackedEntities).toEqual([
      { trackedEntity: 'Kj6vYde4LHh', attributes: [{ attribute: 'dIVt4l5vIOa', value: 'John' }, { attribute: 'kZeSYCgaHTk', value: 'Bravo' }] },
    ])
  })

  it('rejects incomplete queries like the server', async () => {
    const emulator = seededEmulator('2.41')
    expect((await api(emulator, 'GET', '/api/tracker/trackedEntities')).status).toBe(400)
    expect((await api(emulator, 'GET', '/api/tracker/relationships')).status).toBe(400)
    expect((await api(emulator, 'GET', '/api/tracker/events?orgUnitMode=SELECTED')).status).toBe(400)
  })
})
