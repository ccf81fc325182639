/**
 * A child's identifier in a query (a field search such as `national_id_no=`, or `query=`) never
 * reaches an error or a log: the URL shows `<redacted>` in its place, and a server, proxy or network
 * message that echoes it is scrubbed.
 */
import { inspect } from 'node:util'
import { createMemoryLogger } from '../../observability/logger'
import type { ConnectorError } from '../errors'
import { createPrimeroHttp, readJson } from './client'
import { caseListSchema } from './schemas'
import { failureOf, PASSWORD, serve, type Served, USER } from './testing'
import type { PrimeroTransport } from './transport'
import type { PrimeroConnectorOptions } from './types'

const CANARY_NID = '1199880012345678'
const CANARY_NAME = 'Uwimanacanary'
const search = { method: 'GET' as const, path: 'cases', query: { national_id_no: CANARY_NID, query: CANARY_NAME, per: '10', page: '1' }, idempotent: true }

function http(baseUrl: string, extra: Partial<PrimeroConnectorOptions> = {}) {
  const { logger, lines } = createMemoryLogger('trace')
  const client = createPrimeroHttp({
    baseUrl,
    auth: { username: USER, password: PASSWORD },
    timeoutMs: 2000,
    retry: { attempts: 3, baseDelayMs: 5, maxDelayMs: 20, maxRetryAfterMs: 60_000 },
    retryHooks: { sleep: async () => undefined, onRetry: (error, attempt) => logger.warn({ attempt, err: error }, `retrying: ${error.message}`) },
    ...extra,
  })
  return { client, logger, lines }
}

async function searchFails(baseUrl: string, extra: Partial<PrimeroConnectorOptions> = {}) {
  const { client, logger, lines } = http(baseUrl, extra)
  const error = await failureOf(client.call(search, readJson(caseListSchema)))
  logger.error({ err: error }, error.message)
  return { error, lines }
}

function expectNoCanary(error: ConnectorError, lines: string[]): void {
  const printed = [error.message, JSON.stringify(error.details), String(error.stack), inspect(error, { depth: 5 }), ...lines].join('\n')
  expect(printed).not.toContain(CANARY_NID)
  expect(printed).not.toContain(CANARY_NAME)
  expect(error.message).toContain('/api/v2/cases?national_id_no=<redacted>&query=<redacted>&per=10&page=1')
}

describe('Primero connector: query values stay out of errors and logs', () => {
  let served: Served
  beforeAll(async () => {
    served = await serve()
  })
  afterAll(() => served.stop())
  beforeEach(() => served.emulator.faults.clear())

  it('a 500 on a search by national id', async () => {
    served.emulator.faults.inject({ status: 500, times: 5 })
    const { error, lines } = await searchFails(served.baseUrl)
    expect(error.details).toMatchObject({ kind: 'http', status: 500 })
    expect(lines.filter((l) => l.includes('retrying'))).toHaveLength(2)
    expectNoCanary(error, lines)
  })

  it('a timeout', async () => {
    served.emulator.faults.inject({ delayMs: 300, times: 5 })
    const { error, lines } = await searchFails(served.baseUrl, { timeoutMs: 80 })
    expect(error.details.kind).toBe('timeout')
    expectNoCanary(error, lines)
  })

  it('a server and a network layer that echo the query', async () => {
    const echo: PrimeroTransport = async (request) => ({
      response: { status: 500, headers: { 'content-type': 'application/json' }, text: JSON.stringify({ errors: [{ status: 500, resource: request.url, message: `search ${CANARY_NID} for ${CANARY_NAME} failed` }] }) },
    })
    const fromServer = await searchFails('http://primero.test', { transport: echo })
    expect(fromServer.error.details.serverMessage).toContain('search [value] for [value] failed')
    expectNoCanary(fromServer.error, fromServer.lines)

    const reset: PrimeroTransport = async (request) => ({ failure: { code: 'ECONNRESET', message: `socket hang up on ${request.url}` } })
    const fromNetwork = await searchFails('http://primero.test', { transport: reset })
    expect(fromNetwork.error.details.kind).toBe('network')
    expectNoCanary(fromNetwork.error, fromNetwork.lines)
  })
})
