import { inspect } from 'node:util'
import { ConnectorError } from '../errors'
import { createDhis2Connector } from './index'
import { connectorOptions, PASSWORD, type ServedEmulator, servedSeeded, TOKEN } from './testing'

let served: ServedEmulator
beforeAll(async () => {
  served = await servedSeeded('2.41')
})
afterAll(() => served.stop())
beforeEach(() => {
  served.requests.length = 0
  served.emulator.faults.clear()
})

/** Every error a test saw, checked at the end for credentials. */
const seen: unknown[] = []
async function failure(call: Promise<unknown>): Promise<ConnectorError> {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  )
  seen.push(error)
  if (!(error instanceof ConnectorError)) throw new Error(`expected a ConnectorError, got ${inspect(error)}`)
  return error
}

describe('systemInfo and authentication', () => {
  it('reads the version, time zone and zone-less server date with a personal access token', async () => {
    const info = await createDhis2Connector(connectorOptions(served).options).systemInfo()
    expect(info).toMatchObject({ version: '2.41.0', serverTimeZoneId: 'Etc/UTC' })
    expect(info.serverDate).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}$/)
    expect(served.requests[0]?.headers.authorization).toBe(`ApiToken ${TOKEN}`)
  })

  it('works with Basic credentials too', async () => {
    const options = connectorOptions(served, { auth: { username: 'admin', password: PASSWORD } }).options
    await expect(createDhis2Connector(options).systemInfo()).resolves.toMatchObject({ version: '2.41.0' })
    expect(served.requests[0]?.headers.authorization).toMatch(/^Basic /)
  })

  it('surfaces a wrong token as 401 with the server message, once, without retrying', async () => {
    const error = await failure(createDhis2Connector(connectorOptions(served, { auth: { token: 'd2pat_wrongTOKEN999' } }).options).systemInfo())
    expect(error.details).toMatchObject({ system: 'dhis2', kind: 'http', status: 401, retryable: false, serverMessage: 'The API token does not exist' })
    expect(error.message).toBe(`dhis2 GET ${served.baseUrl}/api/system/info: HTTP 401: The API token does not exist`)
    expect(served.requests).toHaveLength(1)
  })

  it('surfaces a wrong password as 401, not retried', async () => {
    const error = await failure(createDhis2Connector(connectorOptions(served, { auth: { username: 'admin', password: 'wrong-password' } }).options).systemInfo())
    expect(error.details).toMatchObject({ status: 401, retryable: false, serverMessage: 'Unauthorized' })
    expect(served.requests).toHaveLength(1)
  })
})

describe('retries', () => {
  it('retries a 503, waiting at least its Retry-After, then succeeds', async () => {
    served.emulator.faults.unavailable(2, 1)
    const { options, delays } = connectorOptions(served)
    await expect(createDhis2Connector(options).systemInfo()).resolves.toMatchObject({ version: '2.41.0' })
    expect(served.requests).toHaveLength(3)
    expect(delays).toHaveLength(2)
    expect(delays.every((ms) => ms >= 1000)).toBe(true)
  })

  it('gives up after the policy attempts with the last error, retryable, carrying Retry-After', async () => {
    served.emulator.faults.rateLimited(5, 7)
    const error = await failure(createDhis2Connector(connectorOptions(served).options).systemInfo())
    expect(error.details).toMatchObject({ kind: 'http', status: 429, retryable: true, retryAfterMs: 7000, serverMessage: 'Too many requests' })
    expect(served.requests).toHaveLength(3)
  })

  it('retries a dropped connection as a network failure', async () => {
    served.emulator.faults.inject({ networkError: true })
    await expect(createDhis2Connector(connectorOptions(served).options).systemInfo()).resolves.toBeDefined()
    expect(served.requests).toHaveLength(2)
  })
})

describe('timeouts and shutdown', () => {
  it('turns a slow answer into a retryable timeout, then succeeds on the next attempt', async () => {
    served.emulator.faults.inject({ delayMs: 400 })
    const { options, delays } = connectorOptions(served, { timeoutMs: 100 })
    const started = Date.now()
    await expect(createDhis2Connector(options).systemInfo()).resolves.toBeDefined()
    expect(Date.now() - started).toBeLessThan(400)
    expect(delays).toHaveLength(1)
  })

  it('reports a timeout as such when every attempt is too slow', async () => {
    served.emulator.faults.inject({ delayMs: 300, times: 2 })
    const options = connectorOptions(served, { timeoutMs: 80, retry: { attempts: 2, baseDelayMs: 1, maxDelayMs: 1 } }).options
    const error = await failure(createDhis2Connector(options).systemInfo())
    expect(error.details).toMatchObject({ kind: 'timeout', retryable: true })
    expect(error.message).toBe(`dhis2 GET ${served.baseUrl}/api/system/info: no answer in time`)
  })

  it('stops at once, not retryable, when the connector is shut down', async () => {
    served.emulator.faults.inject({ delayMs: 300 })
    const shutdown = new AbortController()
    const call = createDhis2Connector(connectorOptions(served, { signal: shutdown.signal }).options).systemInfo()
    setTimeout(() => shutdown.abort(), 30)
    expect((await failure(call)).details).toMatchObject({ kind: 'aborted', retryable: false })
  })
})

afterAll(() => {
  expect(seen.length).toBeGreaterThan(0)
  for (const error of seen) {
    const text = `${String(error)}\n${JSON.stringify((error as ConnectorError).details)}\n${inspect(error, { depth: Infinity, showHidden: true })}`
    for (const secret of [TOKEN, PASSWORD, Buffer.from(`admin:${PASSWORD}`).toString('base64'), 'd2pat_wrongTOKEN999', 'wrong-password'])
      expect(text).not.toContain(secret)
  }
})
