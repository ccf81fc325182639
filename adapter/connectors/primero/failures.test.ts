import { INVALID_CREDENTIALS, MODULE_CP } from '../../../tests/emulators/primero'
import { tickingClock } from '../../../tests/emulators/primero/fixtures/api'
import { connect, expectClean, failureOf, PASSWORD, serve, type Served } from './testing'

describe('Primero connector: failures, retries and deadlines over HTTP', () => {
  let served: Served
  let caseId: string
  beforeAll(async () => {
    served = await serve({ clock: tickingClock() })
    caseId = String(served.emulator.seedCases(3, { module_id: MODULE_CP, consent_for_services: true, disclosure_other_orgs: true })[0]?.id)
  })
  afterAll(() => served.stop())
  beforeEach(() => {
    served.emulator.faults.clear()
    served.emulator.clearRequestLog()
  })
  const gets = () => served.emulator.countRequests({ method: 'GET' })
  /** The emulator logs a delayed request when it answers it, after the client gave up. */
  const settle = (ms = 450) => new Promise((resolve) => setTimeout(resolve, ms))

  it('retries a 503 after the Retry-After the server asked for, then succeeds', async () => {
    served.emulator.faults.unavailable(1, 2)
    const { connector, delays } = connect(served.baseUrl)
    expect((await connector.getCase(caseId)).id).toBe(caseId)
    expect(served.emulator.requests.map((r) => r.status)).toEqual([503, 200])
    expect(delays).toEqual([2000])
  })

  it('retries a 429 (Rack::Attack text body) the same way, also for a create without a client id', async () => {
    served.emulator.faults.rateLimited(1, 1)
    const { connector, delays } = connect(served.baseUrl)
    const created = await connector.createCase({ name: 'CANARY Throttled Case', module_id: MODULE_CP })
    expect(served.emulator.requests.map((r) => [r.method, r.status])).toEqual([['POST', 429], ['POST', 200]])
    expect(delays).toEqual([1000])
    expect(served.emulator.getCase(created.id)).toBeDefined()
  })

  it('gives up after the policy attempts with a retryable error carrying the server message', async () => {
    served.emulator.faults.unavailable(5, 1)
    const error = await failureOf(connect(served.baseUrl).connector.getCase(caseId))
    expect(error.details).toMatchObject({ kind: 'http', status: 503, retryable: true, retryAfterMs: 1000, codes: ['unavailable'], serverMessage: 'Service Unavailable' })
    expect(gets()).toBe(3)
  })

  it('does not repeat a create that may have been done (500 on a referral): outcome-unknown, one request', async () => {
    served.emulator.faults.inject({ status: 500, method: 'POST', path: /\/referrals$/ })
    const error = await failureOf(connect(served.baseUrl).connector.createReferral(caseId, { transitioned_to: 'primero_cp' }))
    expect(error.details).toMatchObject({ status: 500, retryable: true, codes: ['server-error', 'outcome-unknown'] })
    expect(served.emulator.countRequests({ method: 'POST' })).toBe(1)
  })

  it('retries a dropped connection on a read; surfaces it as a network error when it keeps failing', async () => {
    served.emulator.faults.inject({ networkError: true })
    expect((await connect(served.baseUrl).connector.getCase(caseId)).id).toBe(caseId)
    expect(gets()).toBe(2)
    served.emulator.faults.inject({ networkError: true, times: 3 })
    const error = await failureOf(connect(served.baseUrl).connector.getCase(caseId))
    expect(error.details).toMatchObject({ kind: 'network', retryable: true })
    expect(error.details.codes).toContain('ECONNRESET')
  })

  it('times out a slow answer, retries it, and reports a timeout when every attempt is slow', async () => {
    served.emulator.faults.delayed(400)
    const { connector } = connect(served.baseUrl, { timeoutMs: 150 })
    expect((await connector.getCase(caseId)).id).toBe(caseId)
    await settle()
    expect(gets()).toBe(2)
    served.emulator.faults.delayed(400, 2)
    const error = await failureOf(connect(served.baseUrl, { timeoutMs: 150, retry: { attempts: 2, baseDelayMs: 1, maxDelayMs: 1 } }).connector.getCase(caseId))
    expect(error.details).toMatchObject({ kind: 'timeout', retryable: true, method: 'GET' })
    expect(error.message).toContain('no answer in time')
    await settle()
  })

  it('a timed-out create without a client id is not repeated and says its outcome is unknown', async () => {
    served.emulator.faults.inject({ delayMs: 400, method: 'POST' })
    const error = await failureOf(connect(served.baseUrl, { timeoutMs: 150 }).connector.createCase({ name: 'CANARY Slow Case' }))
    expect(error.details).toMatchObject({ kind: 'timeout', retryable: true, codes: ['outcome-unknown'] })
    await settle()
    expect(served.emulator.countRequests({ method: 'POST' })).toBe(1)
    expectClean(error)
  })

  it('401 for wrong credentials: not retried, with the server message and no password anywhere', async () => {
    const wrong = 'Wrong-CANARY-pass'
    const error = await failureOf(connect(served.baseUrl, { auth: { username: 'primero', password: wrong } }).connector.getCase(caseId))
    expect(error.details).toMatchObject({ kind: 'http', status: 401, retryable: false, codes: ['unauthorized'], serverMessage: INVALID_CREDENTIALS })
    expect(gets()).toBe(1)
    expectClean(error, [wrong, PASSWORD, Buffer.from(`primero:${wrong}`).toString('base64')])
  })

  it('an unreachable server is a network error that names the cause', async () => {
    const { connector } = connect('http://127.0.0.1:9', { retry: { attempts: 1, baseDelayMs: 1, maxDelayMs: 1 } })
    const error = await failureOf(connector.listReferrals(caseId))
    expect(error.details).toMatchObject({ kind: 'network', retryable: true, codes: ['ECONNREFUSED'] })
    expect(error.message).toContain('cannot reach the server')
  })

  it('a shutdown aborts the request in flight and is not retried', async () => {
    served.emulator.faults.delayed(300)
    const controller = new AbortController()
    const pending = failureOf(connect(served.baseUrl, { signal: controller.signal }).connector.getCase(caseId))
    setTimeout(() => controller.abort(), 50)
    const error = await pending
    expect(error.details).toMatchObject({ kind: 'aborted', retryable: false })
    await settle(350)
    expect(gets()).toBe(1)
  })
})
