import { MODULE_GBV } from '../../../tests/emulators/primero'
import { tickingClock } from '../../../tests/emulators/primero/fixtures/api'
import { EPOCH } from './paging'
import { collect, connect, queries, serve, type Served } from './testing'
import type { CasePage, ListedCase } from './types'

const ascending = (items: ListedCase[]) => items.map((c) => c.last_updated_at).every((t, i, all) => i === 0 || (all[i - 1] ?? '') <= t)

describe('listCases over 2,500 cases', () => {
  let served: Served
  beforeAll(async () => {
    served = await serve({ clock: tickingClock() })
    served.emulator.seedCases(2500)
  })
  afterAll(() => served.stop())
  beforeEach(() => served.emulator.clearRequestLog())

  it('yields every case exactly once, by last_updated_at ascending, in 3 requests of per=1000', async () => {
    const pages: CasePage[] = []
    for await (const page of connect(served.baseUrl).connector.listCases()) pages.push(page)
    const items = pages.flatMap((p) => p.items)
    expect(items).toHaveLength(2500)
    expect(new Set(items.map((c) => c.id))).toEqual(new Set(served.emulator.allCases().map((c) => c.id)))
    expect(ascending(items)).toBe(true)
    expect(pages.map(({ page, total, items: { length } }) => [page, total, length])).toEqual([[1, 2500, 1000], [2, 2500, 999], [3, 2500, 501]])
    expect(served.emulator.countRequests({ method: 'GET', path: '/api/v2/cases' })).toBe(3)
    for (const q of queries(served.emulator)) expect([q.get('order_by'), q.get('order'), q.get('per'), q.get('page')]).toEqual(['last_updated_at', 'asc', '1000', '1'])
  })

  it('always sends a lower bound: the epoch without a cursor, else the cursor (inclusive), with the upper bound if any', async () => {
    const { connector } = connect(served.baseUrl)
    await collect(connector.listCases({ fields: ['id'] }))
    const cursor = String(served.emulator.allCases()[2489]?.last_updated_at)
    const since = await collect(connector.listCases({ lastUpdatedFrom: cursor }))
    expect(since.items).toHaveLength(11) // the case at the cursor itself and the 10 after it
    const upTo = String(served.emulator.allCases()[2491]?.last_updated_at)
    expect((await collect(connector.listCases({ lastUpdatedFrom: cursor, lastUpdatedTo: upTo }))).items).toHaveLength(3)
    const bounds = queries(served.emulator).map((q) => String(q.get('last_updated_at')))
    expect(bounds).toHaveLength(5)
    expect(bounds.every((b) => /^\d{4}-\d{2}-\d{2}T[\d:.]+Z\.\./.test(b))).toBe(true)
    expect([bounds[0], bounds[3], bounds[4]]).toEqual([`${EPOCH}..`, `${cursor}..`, `${cursor}..${upTo}`])
  })

  it('filters by module and status and selects fields, always with id and last_updated_at', async () => {
    const { connector } = connect(served.baseUrl)
    const gbv = await collect(connector.listCases({ moduleIds: [MODULE_GBV], status: 'open', fields: ['sex'] }))
    expect(gbv.items).toHaveLength(500)
    expect(Object.keys(gbv.items[0] ?? {}).sort()).toEqual(['id', 'last_updated_at', 'sex'])
    const [q] = queries(served.emulator)
    expect([q?.get('module_id'), q?.get('status'), q?.get('fields')]).toEqual([MODULE_GBV, 'open', 'id,last_updated_at,sex'])
  })

  it('yields one empty page when nothing matches', async () => {
    const pages: CasePage[] = []
    for await (const page of connect(served.baseUrl).connector.listCases({ lastUpdatedFrom: '2999-01-01T00:00:00Z' })) pages.push(page)
    expect(pages).toEqual([{ items: [], page: 1, total: 0 }])
  })

  it('refuses filters that would silently widen or break the listing', async () => {
    const { connector } = connect(served.baseUrl)
    await expect(collect(connector.listCases({ moduleIds: [] }))).rejects.toThrow('leave it out')
    await expect(collect(connector.listCases({ lastUpdatedFrom: 'yesterday' }))).rejects.toThrow('ISO 8601')
    await expect(collect(connector.listCases({ lastUpdatedFrom: '2026-02-01', lastUpdatedTo: '2026-01-01' }))).rejects.toThrow('after')
    expect(() => connect(served.baseUrl, { per: 5000 })).toThrow('1 to 1000')
    expect(served.emulator.countRequests()).toBe(0)
  })
})

describe('listCases while cases change', () => {
  let served: Served
  beforeEach(async () => {
    served = await serve({ clock: tickingClock() })
    served.emulator.seedCases(2500)
  })
  afterEach(() => served.stop())

  it('loses nothing when a case already listed is updated mid-listing (page numbers would skip one)', async () => {
    const { connector } = connect(served.baseUrl)
    const listed = served.emulator.allCases()
    const touched = String(listed[10]?.id)
    const items: ListedCase[] = []
    for await (const page of connector.listCases()) {
      items.push(...page.items)
      if (page.page === 1) await connector.updateCase(touched, { risk_level: 'high' })
    }
    expect(new Set(items.map((c) => c.id)).size).toBe(2500)
    expect(items).toHaveLength(2501) // the touched case twice: as it was, and as it is now, last
    expect(items[items.length - 1]?.id).toBe(touched)
    expect(ascending(items)).toBe(true)

    // The same update between page-numbered requests shifts the next page: the case at the boundary is lost.
    const auth = { authorization: `Basic ${Buffer.from('primero:primer0!').toString('base64')}` }
    const url = (page: number) => `${served.baseUrl}/api/v2/cases?last_updated_at=${EPOCH}..&order_by=last_updated_at&order=asc&per=1000&page=${page}&fields=id`
    const ordered = served.emulator.allCases().sort((a, b) => String(a.last_updated_at).localeCompare(String(b.last_updated_at))).map((c) => String(c.id))
    const first = (await (await fetch(url(1), { headers: auth })).json()) as { data: { id: string }[] }
    await connector.updateCase(String(first.data[0]?.id), { risk_level: 'low' })
    const second = (await (await fetch(url(2), { headers: auth })).json()) as { data: { id: string }[] }
    const byPageNumber = new Set([...first.data, ...second.data].map((c) => c.id))
    expect(ordered.slice(0, 2001).filter((id) => !byPageNumber.has(id))).toEqual([ordered[1000]])
  })

  it('pages within one instant when more than a page shares a timestamp', async () => {
    const stuck = '2026-03-01T00:00:00.000Z'
    served.emulator.seedCases(25, { last_updated_at: stuck })
    served.emulator.clearRequestLog()
    const { items } = await collect(connect(served.baseUrl, { per: 10 }).connector.listCases({ lastUpdatedFrom: '2026-02-01T00:00:00Z' }))
    expect(items).toHaveLength(25)
    expect(new Set(items.map((c) => c.id)).size).toBe(25)
    expect(queries(served.emulator).map((q) => q.get('page'))).toEqual(['1', '1', '2', '3'])
  })

  it('follows a server that clamps per below what was asked', async () => {
    await served.stop()
    served = await serve({ clock: tickingClock(), maxPer: 300 })
    served.emulator.seedCases(1000)
    const { items, sizes } = await collect(connect(served.baseUrl).connector.listCases())
    expect(new Set(items.map((c) => c.id)).size).toBe(1000)
    expect(items).toHaveLength(1000)
    expect(sizes).toEqual([300, 299, 299, 102])
  })
})
