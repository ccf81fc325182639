import { inspect } from 'node:util'
import { type FhirServerHandle, startFhirServer } from '../../../tests/harness/fhir'
import type { ConnectorError } from '../errors'
import { createFhirConnector } from './index'
import { connectorOptions, failure as failureOf, REFERRAL_SYSTEM, task, TOKEN } from './testing'

let fhir: FhirServerHandle
beforeAll(async () => {
  fhir = await startFhirServer({ bearerToken: TOKEN })
})
afterEach(() => {
  fhir.reset()
  fhir.setBearerToken(TOKEN)
})
afterAll(() => fhir.stop())

const seen: ConnectorError[] = []
const failure = async (call: Promise<unknown>) => {
  const error = await failureOf(call)
  seen.push(error)
  return error
}
const referral = (value: string) => ({ system: REFERRAL_SYSTEM, value })

describe('retryable failures', () => {
  it('retries 503 with Retry-After, waiting at least that long, then succeeds with one resource', async () => {
    fhir.inject({ status: 503, retryAfter: 1, times: 2 })
    const { options, delays } = connectorOptions(fhir.baseUrl)
    const result = await createFhirConnector(options).conditionalCreate(task('R-1'), referral('R-1'))
    expect(result.created).toBe(true)
    expect(fhir.requests.map((r) => [r.method, r.status])).toEqual([['POST', 503], ['POST', 503], ['POST', 201]])
    expect(delays.every((ms) => ms >= 1000)).toBe(true)
    expect(await fhir.count('Task')).toBe(1)
  })

  it('gives up after the policy attempts: retryable, with the issue code and Retry-After (an HTTP date)', async () => {
    const at = new Date(Date.now() + 30_000).toUTCString()
    fhir.inject({ status: 429, retryAfter: at, times: 3 })
    const error = await failure(createFhirConnector(connectorOptions(fhir.baseUrl).options).read('Task', 'x1'))
    expect(error.details).toMatchObject({ kind: 'http', status: 429, retryable: true, codes: ['throttled'] })
    expect(error.details.retryAfterMs).toBeGreaterThan(20_000)
    expect(fhir.requests).toHaveLength(3)
  })

  it('retries a dropped connection as a network failure', async () => {
    fhir.inject({ drop: true })
    await expect(createFhirConnector(connectorOptions(fhir.baseUrl).options).capabilities()).resolves.toBeDefined()
    expect(fhir.requests.map((r) => r.status)).toEqual([0, 200])
  })

  it('times out a slow answer (retryable) and succeeds on the next attempt', async () => {
    fhir.inject({ delayMs: 500 })
    const { options, delays } = connectorOptions(fhir.baseUrl, { timeoutMs: 100 })
    const started = Date.now()
    await expect(createFhirConnector(options).conditionalUpdate(task('R-2'), referral('R-2'))).resolves.toMatchObject({ status: 201 })
    expect(Date.now() - started).toBeLessThan(450)
    expect(delays).toHaveLength(1)
  })

  it('reports a timeout when every attempt is too slow', async () => {
    fhir.inject({ delayMs: 300, times: 2 })
    const options = connectorOptions(fhir.baseUrl, { timeoutMs: 80, retry: { attempts: 2, baseDelayMs: 1, maxDelayMs: 1 } }).options
    const error = await failure(createFhirConnector(options).capabilities())
    expect(error.details).toMatchObject({ kind: 'timeout', retryable: true })
    expect(error.message).toBe(`fhir GET ${fhir.baseUrl}/metadata: no answer in time`)
  })

  it('stops at once, not retryable, on shutdown', async () => {
    fhir.inject({ delayMs: 300 })
    const shutdown = new AbortController()
    const call = createFhirConnector(connectorOptions(fhir.baseUrl, { signal: shutdown.signal }).options).capabilities()
    setTimeout(() => shutdown.abort(), 30)
    expect((await failure(call)).details).toMatchObject({ kind: 'aborted', retryable: false })
  })
})

describe('non-retryable failures', () => {
  it('fails an invalid resource fast with the OperationOutcome diagnostics, expression and codes', async () => {
    const error = await failure(createFhirConnector(connectorOptions(fhir.baseUrl).options).conditionalCreate(task('R-3', { status: 'nonsense' as never }), referral('R-3')))
    expect(error.details).toMatchObject({ system: 'fhir', kind: 'http', status: 400, retryable: false })
    expect(error.details.serverMessage).toContain('Task.status')
    expect(error.details.codes?.length).toBeGreaterThan(0)
    expect(error.message).toContain(`fhir POST ${fhir.baseUrl}/Task: HTTP 400`)
    expect(fhir.requests).toHaveLength(1)
    expect(await fhir.count('Task')).toBe(0)
  })

  it('surfaces a wrong token as 401 with the server message, once', async () => {
    const options = connectorOptions(fhir.baseUrl, { bearerToken: 'a-wrong-token-1234' }).options
    const error = await failure(createFhirConnector(options).read('Task', 'x1'))
    expect(error.details).toMatchObject({ kind: 'http', status: 401, retryable: false, codes: ['login'], serverMessage: 'Invalid bearer token' })
    expect(fhir.requests).toHaveLength(1)
  })

  it('surfaces a missing token as 401 too', async () => {
    const options = connectorOptions(fhir.baseUrl, { bearerToken: undefined }).options
    const error = await failure(createFhirConnector(options).search('Task')[Symbol.asyncIterator]().next())
    expect(error.details).toMatchObject({ status: 401, retryable: false })
    expect(error.details.serverMessage).toContain('Missing bearer token')
    expect(fhir.requests.map((r) => r.withAuthorization)).toEqual([false])
  })
})

afterAll(() => {
  expect(seen.length).toBeGreaterThan(0)
  for (const error of seen) {
    const text = `${String(error)}\n${JSON.stringify(error.details)}\n${inspect(error, { depth: Infinity, showHidden: true })}`
    for (const secret of [TOKEN, 'a-wrong-token-1234']) expect(text).not.toContain(secret)
  }
})
