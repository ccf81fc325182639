import { CANARY_PATTERN, createPrimeroEmulator, type PrimeroEmulator } from './index'
import { api, tickingClock } from './fixtures/api'

const ids = (reply: { body: { data: { id: string }[] } }) => reply.body.data.map((c) => c.id)

describe('paging through 2,500 cases', () => {
  let emulator: PrimeroEmulator
  beforeAll(() => {
    emulator = createPrimeroEmulator({ clock: tickingClock() })
    emulator.seedCases(2500)
  })

  it('per=1000 in last_updated_at order returns every case exactly once, in order', async () => {
    const seen: { id: string; last_updated_at: string }[] = []
    let total = Infinity
    for (let page = 1; (page - 1) * 1000 < total; page++) {
      const reply = await api(emulator, 'GET', `/api/v2/cases?order_by=last_updated_at&order=asc&per=1000&page=${page}&fields=id,last_updated_at`)
      expect(reply.status).toBe(200)
      expect(reply.body.metadata).toEqual({ total: 2500, per: 1000, page })
      total = reply.body.metadata.total
      seen.push(...reply.body.data)
    }
    expect(seen).toHaveLength(2500)
    expect(new Set(seen.map((c) => c.id)).size).toBe(2500)
    expect(seen.map((c) => c.last_updated_at)).toEqual([...seen.map((c) => c.last_updated_at)].sort())
    expect(Object.keys(seen[0] ?? {})).toEqual(['id', 'last_updated_at'])
    const past = await api(emulator, 'GET', '/api/v2/cases?per=1000&page=4')
    expect(past.body.data).toEqual([])
  })

  it('defaults to per=20, newest created first; per above 1000 is clamped', async () => {
    const first = await api(emulator, 'GET', '/api/v2/cases')
    expect(first.body.metadata).toEqual({ total: 2500, per: 20, page: 1 })
    expect(first.body.data[0].created_at > first.body.data[19].created_at).toBe(true)
    const big = await api(emulator, 'GET', '/api/v2/cases?per=5000')
    expect(big.body.metadata.per).toBe(1000)
    expect(big.body.data).toHaveLength(1000)
  })

  it('an incremental sync with an inclusive last_updated_at cursor sees every later write', async () => {
    const page = await api(emulator, 'GET', '/api/v2/cases?order_by=last_updated_at&order=desc&per=1&fields=last_updated_at')
    const cursor: string = page.body.data[0].last_updated_at
    const oldest = emulator.allCases()[0]?.id as string
    await api(emulator, 'PATCH', `/api/v2/cases/${oldest}`, { data: { risk_level: 'high' } })
    const since = await api(emulator, 'GET', `/api/v2/cases?last_updated_at=${cursor}..&order_by=last_updated_at&order=asc&per=1000`)
    expect(since.body.metadata.total).toBe(2) // the record at the cursor itself (inclusive) and the one just written
    expect(ids(since)[1]).toBe(oldest)
  })
})

describe('filters, ordering and field selection', () => {
  const emulator = createPrimeroEmulator({ clock: tickingClock('2026-01-05T08:00:00.000Z', 60 * 60 * 1000) }) // one stamp per hour
  const seeded = emulator.seedCases(30)
  const at = (i: number) => String(seeded[i]?.last_updated_at)

  it('last_updated_at ranges are inclusive at both ends; open-ended upwards; date bounds compare by day', async () => {
    const both = await api(emulator, 'GET', `/api/v2/cases?last_updated_at=${at(3)}..${at(6)}&per=100`)
    expect(new Set(ids(both))).toEqual(new Set(seeded.slice(3, 7).map((c) => c.id)))
    const open = await api(emulator, 'GET', `/api/v2/cases?last_updated_at=${at(25)}..&per=100`)
    expect(open.body.metadata.total).toBe(5)
    const day = await api(emulator, 'GET', '/api/v2/cases?last_updated_at=2026-01-05..2026-01-05&per=100')
    expect(day.body.metadata.total).toBe(16) // 08:00 to 23:00 on the 5th
    const offset = await api(emulator, 'GET', `/api/v2/cases?last_updated_at=${encodeURIComponent('2026-01-05T10:00:00+01:00')}..&per=100`)
    expect(offset.body.metadata.total).toBe(29) // 09:00Z onwards
  })

  it('a range without a lower bound fails as Primero\'s SearchFilterService does (500)', async () => {
    const reply = await api(emulator, 'GET', `/api/v2/cases?last_updated_at=..${at(3)}`)
    expect(reply.status).toBe(500)
    expect(reply.body.errors[0]).toMatchObject({ status: 500, resource: '/api/v2/cases' })
  })

  it('filters by value, list, boolean and numeric range; ignores unknown parameters', async () => {
    const count = async (query: string) => (await api(emulator, 'GET', `/api/v2/cases?per=100&${query}`)).body.metadata.total
    expect(await count('module_id=primeromodule-gbv')).toBe(6)
    expect(await count('status=open,closed')).toBe(30)
    expect(await count('sex=female&consent_for_services=false')).toBe(2) // seq 7 and 21
    expect(await count('age=5..7')).toBe(6)
    expect(await count('protection_concerns=separated')).toBe(seeded.filter((c) => (c.protection_concerns as string[]).includes('separated')).length)
    expect(await count('no_such_field=1&colour=blue')).toBe(30)
  })

  it('orders by any field, missing values last when ascending; a bad direction means ascending', async () => {
    const asc = await api(emulator, 'GET', '/api/v2/cases?order_by=age&order=asc&per=100&fields=age')
    const ages = asc.body.data.map((c: { age: number }) => c.age)
    expect(ages).toEqual([...ages].sort((a: number, b: number) => a - b))
    const bogus = await api(emulator, 'GET', '/api/v2/cases?order_by=age&order=sideways&per=100&fields=age')
    expect(bogus.body.data.map((c: { age: number }) => c.age)).toEqual(ages)
    await api(emulator, 'PATCH', `/api/v2/cases/${seeded[9]?.id}`, { data: { date_closure: '2026-01-06' } })
    const nullsLast = await api(emulator, 'GET', '/api/v2/cases?order_by=date_closure&order=asc&per=100')
    expect(ids(nullsLast)[0]).toBe(seeded[9]?.id)
    const nullsFirst = await api(emulator, 'GET', '/api/v2/cases?order_by=date_closure&order=desc&per=100')
    expect(ids(nullsFirst)[29]).toBe(seeded[9]?.id)
  })

  it('fields=short and id_search give the summary; query= matches id prefixes', async () => {
    const short = await api(emulator, 'GET', '/api/v2/cases?fields=short&per=1')
    expect(Object.keys(short.body.data[0])).toContain('case_id_display')
    expect(Object.keys(short.body.data[0])).not.toContain('protection_concerns')
    const display = String(seeded[4]?.case_id_display)
    const found = await api(emulator, 'GET', `/api/v2/cases?query=${display.slice(0, 5).toUpperCase()}&id_search=true`)
    expect(ids(found)).toContain(seeded[4]?.id)
  })
})

describe('case writes', () => {
  let emulator: PrimeroEmulator
  beforeEach(() => {
    emulator = createPrimeroEmulator({ clock: tickingClock() })
  })

  it('POST answers 200 with id and the fields the save set (unknown fields dropped, last_updated_* left out)', async () => {
    const reply = await api(emulator, 'POST', '/api/v2/cases', { data: { name: 'CANARY New', age: 9, sex: 'male', module_id: 'primeromodule-cp', favourite_colour: 'blue' } })
    expect(reply.status).toBe(200)
    const { data } = reply.body
    expect(data).toMatchObject({ name: 'CANARY New', age: 9, status: 'open', record_state: true, owned_by: 'primero', owned_by_agency_id: 'agency-unicef' })
    expect(data.short_id).toBe(String(data.case_id).slice(-7))
    expect(data.created_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/)
    expect(data).not.toHaveProperty('favourite_colour')
    expect(data).not.toHaveProperty('last_updated_at')
    expect(emulator.getCase(data.id)?.last_updated_at).toBe(data.created_at)
  })

  it('a client-supplied id answers 204 without a body, then 409 when reused', async () => {
    const id = 'b3222e84-a5d7-4692-a643-1ab3d41f17d6'
    const first = await api(emulator, 'POST', '/api/v2/cases', { data: { id, name: 'CANARY Offline' } })
    expect(first.status).toBe(204)
    expect(first.body).toBeUndefined()
    expect(emulator.getCase(id)?.name).toBe('CANARY Offline')
    const again = await api(emulator, 'POST', '/api/v2/cases', { data: { id, name: 'CANARY Offline' } })
    expect(again.status).toBe(409)
    expect(again.body).toEqual({ errors: [{ status: 409, resource: '/api/v2/cases', message: 'Conflict: A record with this id already exists' }] })
  })

  it('422: schema errors list JSON pointers; model errors name the field; a missing data key is ParameterMissing', async () => {
    const schema = await api(emulator, 'POST', '/api/v2/cases', { data: { age: 'nine', consent_for_services: null, registration_date: '05-Jan-2026' } })
    expect(schema.status).toBe(422)
    expect(schema.body.errors).toEqual([
      { status: 422, resource: '/api/v2/cases', detail: ['/age', '/consent_for_services', '/registration_date'], message: 'Invalid Record JSON' },
    ])
    const model = await api(emulator, 'POST', '/api/v2/cases', { data: { date_of_birth: '2999-02-01' } })
    expect(model.body.errors).toEqual([{ status: 422, resource: '/api/v2/cases', detail: 'date_of_birth', message: ['Date of birth cannot be in the future'] }])
    const missing = await api(emulator, 'POST', '/api/v2/cases', { name: 'CANARY no envelope' })
    expect(missing.body.errors[0]).toMatchObject({ status: 422, message: 'param is missing or the value is empty: data' })
    expect(emulator.allCases()).toHaveLength(0)
  })

  it('PATCH merges: scalars replaced, subform rows merged by unique_id, _destroy removes; answers the changed fields', async () => {
    const [seed] = emulator.seedCases(1)
    const id = String(seed?.id)
    const service = (seed?.services_section as { unique_id: string }[])[0]?.unique_id
    const reply = await api(emulator, 'PATCH', `/api/v2/cases/${id}`, {
      data: { risk_level: 'high', services_section: [{ unique_id: service, service_implemented: 'implemented' }, { service_type: 'legal_assistance_service' }] },
    })
    expect(reply.status).toBe(200)
    expect(Object.keys(reply.body.data).sort()).toEqual(['id', 'risk_level', 'services_section'])
    const rows = reply.body.data.services_section
    expect(rows).toHaveLength(2)
    expect(rows[0]).toMatchObject({ unique_id: service, service_type: 'health_medical_service', service_implemented: 'implemented' })
    expect(rows[1].unique_id).toMatch(/^[0-9a-f-]{36}$/)
    await api(emulator, 'PATCH', `/api/v2/cases/${id}`, { data: { services_section: [{ unique_id: service, _destroy: true }] } })
    expect(emulator.getCase(id)?.services_section).toHaveLength(1)
    expect(emulator.history(id).map((h) => h.action)).toEqual(['update', 'update', 'create'])
  })

  it('every write moves last_updated_at; DELETE only disables; unknown ids are 404', async () => {
    const [seed] = emulator.seedCases(1)
    const id = String(seed?.id)
    const stamps = [String(emulator.getCase(id)?.last_updated_at)]
    await api(emulator, 'PATCH', `/api/v2/cases/${id}`, { data: { age: 11 } })
    stamps.push(String(emulator.getCase(id)?.last_updated_at))
    const disabled = await api(emulator, 'DELETE', `/api/v2/cases/${id}`)
    expect(disabled.body).toEqual({ data: { id } })
    stamps.push(String(emulator.getCase(id)?.last_updated_at))
    expect(new Set(stamps).size).toBe(3)
    expect(stamps).toEqual([...stamps].sort())
    expect((await api(emulator, 'GET', `/api/v2/cases/${id}`)).body.data.record_state).toBe(false)
    expect((await api(emulator, 'GET', '/api/v2/cases?record_state=true')).body.metadata.total).toBe(0)
    const missing = await api(emulator, 'GET', '/api/v2/cases/00000000-0000-4000-8000-000000000000')
    expect(missing.status).toBe(404)
    expect(missing.body.errors[0]).toMatchObject({ status: 404, message: 'Not Found', detail: "Couldn't find Child with 'id'=00000000-0000-4000-8000-000000000000" })
  })

  it('seeds deterministic, canary-named cases; hidden names are masked on the wire', async () => {
    const again = createPrimeroEmulator({ clock: tickingClock() })
    const a = emulator.seedCases(3)
    const b = again.seedCases(3)
    expect(b).toEqual(a)
    expect(a.every((c) => CANARY_PATTERN.test(String(c.name)))).toBe(true)
    await api(emulator, 'PATCH', `/api/v2/cases/${a[0]?.id}`, { data: { hidden_name: true } })
    expect((await api(emulator, 'GET', `/api/v2/cases/${a[0]?.id}`)).body.data.name).toBe('*******')
  })
})
