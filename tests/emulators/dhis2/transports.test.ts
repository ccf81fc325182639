import { setupServer } from 'msw/node'
import { basicAuth, createDhis2Emulator, type Dhis2Emulator, dhis2Handlers, type Dhis2Server, startDhis2Server } from './index'
import { ADMIN, api, seededEmulator } from './fixtures/api'
import { family } from './fixtures/trackerPayloads'

const users = [
  { username: 'admin', password: 'district', authorities: ['ALL'] },
  { username: 'integration', tokens: ['d2pat_emulatorTOKEN0001'], authorities: ['ALL'] },
]

describe('msw transport', () => {
  const emulator = createDhis2Emulator({ version: '2.41', users })
  const server = setupServer(...dhis2Handlers(emulator, 'https://dhis2.test/dhis'))
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
  afterEach(() => emulator.faults.clear())
  afterAll(() => server.close())
  const url = (path: string) => `https://dhis2.test/dhis${path}`

  it('serves the API under the context path, with or without an API version', async () => {
    for (const path of ['/api/system/info', '/api/41/system/info']) {
      const reply = await fetch(url(path), { headers: { authorization: ADMIN } })
      expect(reply.status).toBe(200)
      expect(await reply.json()).toMatchObject({ version: '2.41.0', contextPath: 'https://dhis2.test/dhis', serverTimeZoneId: 'Etc/UTC' })
    }
  })

  it('authenticates with Basic or ApiToken and answers 401 WebMessages otherwise', async () => {
    const me = await fetch(url('/api/me'), { headers: { authorization: 'ApiToken d2pat_emulatorTOKEN0001' } })
    expect(await me.json()).toMatchObject({ username: 'integration', authorities: ['ALL'] })
    for (const authorization of [undefined, basicAuth('admin', 'wrong'), 'Bearer x']) {
      const reply = await fetch(url('/api/me'), { headers: authorization ? { authorization } : {} })
      expect(reply.status).toBe(401)
      expect(reply.headers.get('www-authenticate')).toBe('Basic realm="DHIS2"')
      expect(await reply.json()).toEqual({ httpStatus: 'Unauthorized', httpStatusCode: 401, status: 'ERROR', message: 'Unauthorized' })
    }
    const badToken = await fetch(url('/api/me'), { headers: { authorization: 'ApiToken d2pat_unknown' } })
    expect(badToken.status).toBe(401)
  })

  it('injects 503 and 429 with Retry-After, then recovers', async () => {
    emulator.faults.unavailable(2, 3).rateLimited(1, 7)
    const statuses: [number, string | null][] = []
    for (let i = 0; i < 4; i++) {
      const reply = await fetch(url('/api/system/info'), { headers: { authorization: ADMIN } })
      statuses.push([reply.status, reply.headers.get('retry-after')])
    }
    expect(statuses).toEqual([
      [503, '3'],
      [503, '3'],
      [429, '7'],
      [200, null],
    ])
  })

  it('injects delays and network errors, optionally for one path only', async () => {
    emulator.faults.inject({ delayMs: 120, path: '/system/info' }).inject({ networkError: true, path: '/me' })
    const started = Date.now()
    expect((await fetch(url('/api/system/info'), { headers: { authorization: ADMIN } })).status).toBe(200)
    expect(Date.now() - started).toBeGreaterThanOrEqual(100)
    await expect(fetch(url('/api/me'), { headers: { authorization: ADMIN } })).rejects.toThrow()
    expect(emulator.faults.pending).toBe(0)
  })
})

describe('node:http transport', () => {
  let emulator: Dhis2Emulator
  let server: Dhis2Server
  beforeAll(async () => {
    emulator = seededEmulator('2.42', { users })
    server = await startDhis2Server(emulator)
  })
  afterAll(() => server.stop())

  it('listens on 127.0.0.1 and round-trips an import and an export', async () => {
    expect(server.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    const headers = { authorization: ADMIN, 'content-type': 'application/json' }
    const imported = await fetch(`${server.baseUrl}/api/tracker?async=false`, { method: 'POST', headers, body: JSON.stringify(family(1)) })
    expect(imported.status).toBe(200)
    const events = await fetch(`${server.baseUrl}/api/tracker/events?program=IpHINAT79UW&orgUnitMode=ALL`, { headers })
    const body = await events.json()
    expect(body.pager).toEqual({ page: 1, pageSize: 50 })
    expect(body.events.map((e: { event: string }) => e.event)).toEqual(['evAAAAAAAA1'])
  })

  it('answers CORS preflights and exposes Retry-After', async () => {
    const preflight = await fetch(`${server.baseUrl}/api/tracker`, {
      method: 'OPTIONS',
      headers: { origin: 'http://localhost:3000', 'access-control-request-headers': 'authorization,content-type' },
    })
    expect(preflight.status).toBe(204)
    expect(preflight.headers.get('access-control-allow-origin')).toBe('http://localhost:3000')
    emulator.faults.unavailable(1, 2)
    const reply = await fetch(`${server.baseUrl}/api/me`, { headers: { authorization: ADMIN, origin: 'http://localhost:3000' } })
    expect(reply.status).toBe(503)
    expect(reply.headers.get('access-control-expose-headers')).toContain('retry-after')
  })

  it('drops the connection on an injected network error', async () => {
    emulator.faults.inject({ networkError: true })
    await expect(fetch(`${server.baseUrl}/api/me`, { headers: { authorization: ADMIN } })).rejects.toThrow()
    expect((await fetch(`${server.baseUrl}/api/me`, { headers: { authorization: ADMIN } })).status).toBe(200)
  })
})

describe('asynchronous tracker jobs', () => {
  it('can look unfinished for a few polls', async () => {
    const emulator = seededEmulator('2.41', { asyncJobPendingPolls: 2 })
    const added = await api(emulator, 'POST', '/api/tracker', family(1))
    const id = added.body.response.id
    const first = await api(emulator, 'GET', `/api/tracker/jobs/${id}`)
    expect(first.body.some((n: { completed: boolean }) => n.completed)).toBe(false)
    expect((await api(emulator, 'GET', `/api/tracker/jobs/${id}/report`)).status).toBe(404)
    const report = await api(emulator, 'GET', `/api/tracker/jobs/${id}/report`)
    expect(report.status).toBe(200)
    expect(report.body.stats.created).toBe(3)
    expect((await api(emulator, 'GET', '/api/tracker/jobs/noSuchJob01/report')).status).toBe(404)
  })

  it('reports an ERROR import in the job too (the POST itself still answers 200)', async () => {
    const emulator = seededEmulator('2.41')
    const added = await api(emulator, 'POST', '/api/tracker', { trackedEntities: [{ trackedEntity: 'bad' }] })
    expect(added.status).toBe(200)
    const report = await api(emulator, 'GET', `/api/tracker/jobs/${added.body.response.id}/report`)
    expect(report.body.status).toBe('ERROR')
  })
})

describe('routing', () => {
  it('answers unknown endpoints and methods with WebMessages', async () => {
    const emulator = createDhis2Emulator({ version: '2.40' })
    expect((await api(emulator, 'GET', '/api/nothingHere')).status).toBe(404)
    expect((await api(emulator, 'DELETE', '/api/metadata')).status).toBe(405)
    expect((await api(emulator, 'POST', '/api/tracker?async=false', '{not json')).status).toBe(400)
  })
})
