import { createDhis2Connector } from './index'
import { collect, connectorOptions, enrolledEntities, type ServedEmulator, servedSeeded } from './testing'
import { exportQuery, isLegacyVersion } from './trackerExport'

const PROGRAM = 'IpHINAT79UW'
const VERSIONS = ['2.40', '2.41', '2.42'] as const
const seedOptions = { importStrategy: 'CREATE_AND_UPDATE', atomicMode: 'ALL' } as const

describe.each(VERSIONS)('tracker exports from DHIS2 %s', (version) => {
  let served: ServedEmulator
  beforeAll(async () => {
    served = await servedSeeded(version)
    expect(served.emulator.importTracker(enrolledEntities(2500), seedOptions)).toMatchObject({ status: 'OK' })
  })
  afterAll(() => served.stop())
  beforeEach(() => {
    served.requests.length = 0
  })

  it('pages through 2,500 tracked entities 1,000 at a time, as plain objects', async () => {
    const connector = createDhis2Connector(connectorOptions(served, { pageSize: 1000 }).options)
    const { items, sizes } = await collect(connector.exportTrackedEntities({ program: PROGRAM, ouMode: 'ALL' }))
    expect(sizes).toEqual([1000, 1000, 500])
    expect(new Set(items.map((item) => item.trackedEntity)).size).toBe(2500)
    // Zone-less server timestamps pass through untouched.
    expect(items[0]?.updatedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}$/)
    const pages = served.requests.filter((r) => r.url.pathname === '/api/tracker/trackedEntities')
    expect(pages.map((r) => r.url.searchParams.get('page'))).toEqual(['1', '2', '3'])
    // The version is read once, to name the org unit parameters as this release wants them.
    expect(served.requests.filter((r) => r.url.pathname === '/api/system/info')).toHaveLength(1)
    const mode = version === '2.40' ? 'ouMode' : 'orgUnitMode'
    expect(pages.every((r) => r.url.searchParams.get(mode) === 'ALL')).toBe(true)
  })

  it('stops after a short page, without yielding an empty one, for enrollments and events', async () => {
    const connector = createDhis2Connector(connectorOptions(served, { pageSize: 1250, version }).options)
    expect((await collect(connector.exportEnrollments({ program: PROGRAM, ouMode: 'ALL' }))).sizes).toEqual([1250, 1250])
    // 2,500 = 2 full pages, so a third (empty) request tells the end; nothing is yielded for it.
    expect(served.requests.map((r) => r.url.searchParams.get('page'))).toEqual(['1', '2', '3'])
    expect((await collect(connector.exportEvents({ program: PROGRAM, ouMode: 'ALL' }))).sizes).toEqual([])
  })

  it('asks from updatedAfter minus the tolerance, as a zone-less timestamp', async () => {
    const connector = createDhis2Connector(connectorOptions(served, { version, pageSize: 5000 }).options)
    const stamps = [...served.emulator.tracker.trackedEntities.values()].map((t) => t.updatedAt).sort()
    const cursor = stamps[stamps.length - 1] as string
    const exact = await collect(connector.exportTrackedEntities({ program: PROGRAM, ouMode: 'ALL', updatedAfter: cursor, toleranceSeconds: 0 }))
    expect(exact.items.map((i) => i.updatedAt)).toEqual([cursor])
    served.requests.length = 0
    const tolerant = await collect(connector.exportTrackedEntities({ program: PROGRAM, ouMode: 'ALL', updatedAfter: cursor, toleranceSeconds: 3600 }))
    expect(tolerant.items).toHaveLength(2500)
    const sent = served.requests[0]?.url.searchParams.get('updatedAfter') ?? ''
    expect(sent).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}$/)
    expect(Date.parse(`${cursor}Z`) - Date.parse(`${sent}Z`)).toBe(3_600_000)
  })
})

describe('paging while the data changes (server default order: newest created first)', () => {
  let served: ServedEmulator
  beforeEach(async () => {
    served = await servedSeeded('2.42')
    served.emulator.importTracker(enrolledEntities(30), seedOptions)
  })
  afterEach(() => served.stop())

  it('skips nothing when entities are updated or created between pages (a creation repeats one item, harmless)', async () => {
    const connector = createDhis2Connector(connectorOptions(served, { pageSize: 10, version: '2.42' }).options)
    const seen: unknown[] = []
    for await (const page of connector.exportTrackedEntities({ program: PROGRAM, ouMode: 'ALL', includeDeleted: true })) {
      seen.push(...page.items.map((i) => i.trackedEntity))
      if (page.page === 1) {
        // one entity on a page not read yet and one already read are updated; one entity is created
        const touched = enrolledEntities(1, 5).trackedEntities.concat(enrolledEntities(1, 25).trackedEntities).map((t) => ({ ...t, inactive: true }))
        expect(served.emulator.importTracker({ trackedEntities: touched }, seedOptions)).toMatchObject({ status: 'OK' })
        expect(served.emulator.importTracker(enrolledEntities(1, 99), seedOptions)).toMatchObject({ status: 'OK' })
      }
    }
    const original = enrolledEntities(30).trackedEntities.map((t) => t.trackedEntity)
    expect(original.filter((uid) => !seen.includes(uid))).toEqual([])
    expect(seen.length).toBe(31)
  })
})

describe('export parameters per version', () => {
  it('tells 2.40 from later releases', () => {
    expect(['2.40.3', '2.40', '2.39.1'].map(isLegacyVersion)).toEqual([true, true, true])
    expect(['2.41.0', '2.42-SNAPSHOT', '2.43.1', 'unknown'].map(isLegacyVersion)).toEqual([false, false, false, false])
  })

  it('names org unit parameters as each release wants them and keeps paging to itself', () => {
    const query = { program: 'p', orgUnit: 'ou', ouMode: 'DESCENDANTS' as const, params: { page: '9', programStage: 's' } }
    expect(exportQuery('trackedEntities', true, query)).toMatchObject({ orgUnit: 'ou', ouMode: 'DESCENDANTS', programStage: 's' })
    expect(exportQuery('trackedEntities', false, query)).toMatchObject({ orgUnits: 'ou', orgUnitMode: 'DESCENDANTS' })
    expect(exportQuery('enrollments', false, query)).toMatchObject({ orgUnits: 'ou', orgUnitMode: 'DESCENDANTS' })
    expect(exportQuery('events', false, query)).toMatchObject({ orgUnit: 'ou', orgUnitMode: 'DESCENDANTS' })
    expect(exportQuery('events', false, query)).not.toHaveProperty('page')
    expect(exportQuery('events', false, query).ouMode).toBeUndefined()
  })

  it('applies the default tolerance of 60 s', () => {
    expect(exportQuery('events', false, { program: 'p', updatedAfter: '2024-03-01T00:00:30.000' }).updatedAfter).toBe('2024-02-29T23:59:30.000')
  })
})
