import { MODULE_CP } from '../../../tests/emulators/primero'
import { tickingClock } from '../../../tests/emulators/primero/fixtures/api'
import { connect, expectClean, failureOf, serve, type Served } from './testing'

describe('Primero connector: one case over HTTP', () => {
  let served: Served
  beforeAll(async () => {
    served = await serve({ clock: tickingClock() })
  })
  afterAll(() => served.stop())
  beforeEach(() => served.emulator.clearRequestLog())
  const connector = () => connect(served.baseUrl).connector

  it('gets a case as Primero renders it, extra fields kept', async () => {
    const [seeded] = served.emulator.seedCases(1)
    const found = await connector().getCase(String(seeded?.id))
    expect(found).toEqual(served.emulator.renderCase(String(seeded?.id)))
    expect(found.last_updated_at).toMatch(/Z$/)
  })

  it('creates a case without an id: the server picks it and answers with the fields it set', async () => {
    const created = await connector().createCase({ name: 'CANARY Created Case', sex: 'female', age: 9, module_id: MODULE_CP, favourite_colour: 'blue' })
    expect(created.id).toMatch(/^[0-9a-f-]{36}$/)
    expect(created).toMatchObject({ name: 'CANARY Created Case', age: 9, status: 'open', owned_by: 'primero' })
    expect(created).not.toHaveProperty('favourite_colour') // Primero drops unknown fields without a word
    expect(served.emulator.getCase(created.id)?.name).toBe('CANARY Created Case')
  })

  it('creates a case with a client id (204, no body) and answers 409 as a non-retryable conflict', async () => {
    const id = 'B3222E84-A5D7-4692-A643-1AB3D41F17D6'
    const created = await connector().createCase({ name: 'CANARY Offline Case', module_id: MODULE_CP }, { id })
    expect(created).toEqual({ id: id.toLowerCase() })
    expect(served.emulator.getCase(id.toLowerCase())?.name).toBe('CANARY Offline Case')

    const again = await failureOf(connector().createCase({ name: 'CANARY Offline Case' }, { id }))
    expect(again.details).toMatchObject({ system: 'primero', kind: 'http', status: 409, retryable: false, codes: ['conflict'], method: 'POST' })
    expect(again.details.serverMessage).toBe('Conflict: A record with this id already exists')
    expect(served.emulator.countRequests({ method: 'POST', path: '/api/v2/cases' })).toBe(2)
    expectClean(again)
  })

  it('updates a case by merging; the reply lists the changed fields', async () => {
    const [seeded] = served.emulator.seedCases(1)
    const id = String(seeded?.id)
    const before = String(served.emulator.getCase(id)?.last_updated_at)
    const updated = await connector().updateCase(id, { risk_level: 'high', age: 12 })
    expect(updated).toEqual({ id, risk_level: 'high', age: 12 })
    expect(String(served.emulator.getCase(id)?.last_updated_at) > before).toBe(true)
  })

  it('422 schema errors name the fields (JSON pointers), never the values', async () => {
    const error = await failureOf(connector().createCase({ name: 'CANARY Ineza Uwase', age: 'CANARY nine', registration_date: '05-Jan-2026' }))
    expect(error.details).toMatchObject({ kind: 'http', status: 422, retryable: false, codes: ['validation'] })
    expect(error.details.serverMessage).toBe('age, registration_date: Invalid Record JSON')
    expectClean(error)
  })

  it('422 model errors name the field and the rule broken', async () => {
    const [seeded] = served.emulator.seedCases(1)
    const error = await failureOf(connector().updateCase(String(seeded?.id), { date_of_birth: '2999-02-01', name: 'CANARY Renamed' }))
    expect(error.details).toMatchObject({ status: 422, codes: ['validation'], retryable: false })
    expect(error.details.serverMessage).toBe('date_of_birth: Date of birth cannot be in the future')
    expect(error.message).toContain('HTTP 422 [validation]: date_of_birth')
    expectClean(error)
  })

  it('404 is not retried and keeps the case id only in the URL', async () => {
    const missing = '00000000-0000-4000-8000-000000000000'
    const error = await failureOf(connector().getCase(missing))
    expect(error.details).toMatchObject({ status: 404, codes: ['not-found'], retryable: false, serverMessage: 'Not Found' })
    expect(error.details.url).toBe(`${served.baseUrl}/api/v2/cases/${missing}`)
    expect(served.emulator.countRequests()).toBe(1)
  })

  it('refuses arguments that would make a create silently wrong', async () => {
    await expect(connector().createCase({ name: 'x' }, { id: 'not-a-uuid' })).rejects.toThrow(TypeError)
    await expect(connector().createCase({ id: 'b3222e84-a5d7-4692-a643-1ab3d41f17d6' })).rejects.toThrow('options.id')
    await expect(connector().getCase('')).rejects.toThrow(TypeError)
    expect(served.emulator.countRequests()).toBe(0)
  })
})
