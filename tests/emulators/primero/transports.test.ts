import { setupServer } from 'msw/node'
import { basicAuth, createPrimeroEmulator, INVALID_CREDENTIALS, type PrimeroEmulator, primeroHandlers, type PrimeroServer, startPrimeroServer, UNAUTHENTICATED } from './index'
import { ADMIN, api } from './fixtures/api'

describe('msw transport', () => {
  let now = Date.parse('2026-01-05T08:00:00.000Z')
  const emulator = createPrimeroEmulator({ clock: () => new Date(now) })
  emulator.seedCases(3)
  const server = setupServer(...primeroHandlers(emulator, 'https://cpims.test/primero'))
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
  afterEach(() => {
    emulator.faults.clear()
    emulator.clearRequestLog()
  })
  afterAll(() => server.close())
  const url = (path: string) => `https://cpims.test/primero${path}`

  it('serves /api/v2 under the base path with Basic auth', async () => {
    const reply = await fetch(url('/api/v2/cases?per=2'), { headers: { authorization: ADMIN } })
    expect(reply.status).toBe(200)
    expect(reply.headers.get('content-type')).toContain('application/json')
    expect((await reply.json()).metadata).toEqual({ total: 3, per: 2, page: 1 })
  })

  it('answers Devise 401 bodies', async () => {
    const none = await fetch(url('/api/v2/cases'))
    expect([none.status, await none.json()]).toEqual([401, { error: UNAUTHENTICATED }])
    const wrong = await fetch(url('/api/v2/cases'), { headers: { authorization: basicAuth('primero', 'nope') } })
    expect([wrong.status, await wrong.json()]).toEqual([401, { error: INVALID_CREDENTIALS }])
    expect(wrong.headers.get('www-authenticate')).toBe('Basic realm="Application"')
  })

  it('issues JWTs at /api/v2/tokens; they expire after an hour and DELETE revokes them', async () => {
    const login = await fetch(url('/api/v2/tokens'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ user: { user_name: 'Primero ', password: 'primer0!' } }),
    })
    const body = await login.json()
    expect(body).toEqual({ id: 1, user_name: 'primero', token: expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+$/) })
    expect(login.headers.get('authorization')).toBe(`Bearer ${body.token}`)
    const bearer = { authorization: `Bearer ${body.token}` }
    expect((await fetch(url('/api/v2/cases'), { headers: bearer })).status).toBe(200)
    const tampered = { authorization: `Bearer ${body.token.slice(0, -2)}xx` }
    expect(await (await fetch(url('/api/v2/cases'), { headers: tampered })).json()).toEqual({ error: 'Signature verification failed' })

    const second = emulator.tokenFor('primero_cp')
    expect((await fetch(url('/api/v2/tokens'), { method: 'DELETE', headers: { authorization: `Bearer ${second}` } })).status).toBe(200)
    expect(await (await fetch(url('/api/v2/cases'), { headers: { authorization: `Bearer ${second}` } })).json()).toEqual({ error: 'revoked token' })

    now += 61 * 60 * 1000
    const expired = await fetch(url('/api/v2/cases'), { headers: bearer })
    expect([expired.status, await expired.json()]).toEqual([401, { error: 'Signature has expired' }])
    const badLogin = await fetch(url('/api/v2/tokens'), { method: 'POST', body: JSON.stringify({ user: { user_name: 'primero', password: 'x' } }) })
    expect([badLogin.status, await badLogin.json()]).toEqual([401, { error: INVALID_CREDENTIALS }])
  })

  it('injects 503 (Primero errors[] + Retry-After), 429 (Rack::Attack text) and recovers; logs every request', async () => {
    emulator.faults.unavailable(2, 30).rateLimited(1, 5)
    const replies: [number, string | null, string][] = []
    for (let i = 0; i < 4; i++) {
      const reply = await fetch(url('/api/v2/cases'), { headers: { authorization: ADMIN } })
      replies.push([reply.status, reply.headers.get('retry-after'), await reply.text()])
    }
    expect(replies.map(([s, r]) => [s, r])).toEqual([
      [503, '30'],
      [503, '30'],
      [429, '5'],
      [200, null],
    ])
    expect(JSON.parse(replies[0]?.[2] ?? '')).toEqual({ errors: [{ status: 503, resource: '/api/v2/cases', detail: 'Retry-After: 30', message: 'Service Unavailable' }] })
    expect(replies[2]?.[2]).toBe('Retry later\n')
    expect(emulator.countRequests({ method: 'GET', path: '/api/v2/cases' })).toBe(4)
    expect(emulator.requests.map((r) => r.status)).toEqual([503, 503, 429, 200])
    expect(emulator.requests[3]).toMatchObject({ method: 'GET', path: '/api/v2/cases', query: '', user: 'primero' })
  })

  it('injects delays and network errors, optionally for one path and method only', async () => {
    emulator.faults.delayed(120).inject({ networkError: true, method: 'POST', path: /\/referrals$/ })
    const started = Date.now()
    expect((await fetch(url('/api/v2/cases'), { headers: { authorization: ADMIN } })).status).toBe(200)
    expect(Date.now() - started).toBeGreaterThanOrEqual(100)
    const [id] = emulator.allCases().map((c) => c.id)
    await expect(fetch(url(`/api/v2/cases/${id}/referrals`), { method: 'POST', headers: { authorization: ADMIN }, body: '{}' })).rejects.toThrow()
    expect(emulator.faults.pending).toBe(0)
  })
})

describe('node:http transport', () => {
  let emulator: PrimeroEmulator
  let server: PrimeroServer
  beforeAll(async () => {
    emulator = createPrimeroEmulator()
    server = await startPrimeroServer(emulator)
  })
  afterAll(() => server.stop())

  it('listens on 127.0.0.1 and round-trips a create and a read', async () => {
    expect(server.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    const headers = { authorization: ADMIN, 'content-type': 'application/json' }
    const created = await fetch(`${server.baseUrl}/api/v2/cases`, { method: 'POST', headers, body: JSON.stringify({ data: { name: 'CANARY Http', module_id: 'primeromodule-cp' } }) })
    expect(created.status).toBe(200)
    const { data } = await created.json()
    const read = await fetch(`${server.baseUrl}/api/v2/cases/${data.id}`, { headers })
    expect((await read.json()).data.name).toBe('CANARY Http')
    const withId = await fetch(`${server.baseUrl}/api/v2/cases`, { method: 'POST', headers, body: JSON.stringify({ data: { id: '5d1c3c1e-8d52-4a7e-9a55-0c6f2b1e7a10' } }) })
    expect([withId.status, await withId.text()]).toEqual([204, ''])
  })

  it('answers CORS preflights, exposes Retry-After, and drops the connection on a network fault', async () => {
    const preflight = await fetch(`${server.baseUrl}/api/v2/cases`, { method: 'OPTIONS', headers: { origin: 'http://localhost:3000' } })
    expect(preflight.status).toBe(204)
    expect(preflight.headers.get('access-control-allow-origin')).toBe('http://localhost:3000')
    emulator.faults.unavailable(1, 2).inject({ networkError: true })
    const reply = await fetch(`${server.baseUrl}/api/v2/cases`, { headers: { authorization: ADMIN } })
    expect(reply.status).toBe(503)
    expect(reply.headers.get('access-control-expose-headers')).toContain('retry-after')
    await expect(fetch(`${server.baseUrl}/api/v2/cases`, { headers: { authorization: ADMIN } })).rejects.toThrow()
    expect((await fetch(`${server.baseUrl}/api/v2/cases`, { headers: { authorization: ADMIN } })).status).toBe(200)
  })
})

describe('routing', () => {
  it('answers unknown routes with a 404 errors[] body and unparsable JSON with 400', async () => {
    const emulator = createPrimeroEmulator()
    const unknown = await api(emulator, 'GET', '/api/v2/incidents')
    expect(unknown.status).toBe(404)
    expect(unknown.body.errors[0]).toMatchObject({ status: 404, resource: '/api/v2/incidents', message: 'Not Found' })
    expect((await api(emulator, 'PUT', '/api/v2/cases')).status).toBe(404)
    expect((await api(emulator, 'POST', '/api/v2/cases', '{not json')).status).toBe(400)
  })
})
