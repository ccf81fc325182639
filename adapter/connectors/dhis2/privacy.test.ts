/**
 * A child's identifier searched for in a filter (tracked entity lookup by national id) never
 * reaches an error or a log: not in the URL shown, not echoed by the server, not in a network error.
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { inspect } from 'node:util'
import { createMemoryLogger } from '../../observability/logger'
import { ConnectorError } from '../errors'
import { createDhis2Connector } from './index'
import { collect, connectorOptions, type ServedEmulator, servedSeeded } from './testing'

const CANARY_NID = '1199880012345678'
const ATTRIBUTE = 'AtNatId0001'
const PROGRAM = 'IpHINAT79UW'
const lookup = { program: PROGRAM, ouMode: 'ALL' as const, fields: 'trackedEntity', params: { filter: `${ATTRIBUTE}:eq:${CANARY_NID}` } }

/** Runs the lookup with a memory logger on the retry hook (as the commands log retries). */
async function lookupFails(baseUrl: string, extra: Parameters<typeof connectorOptions>[1] = {}) {
  const { logger, lines } = createMemoryLogger('trace')
  const { options } = connectorOptions({ baseUrl }, extra)
  options.retryHooks = { ...options.retryHooks, onRetry: (error, attempt, delayMs) => logger.warn({ attempt, delayMs, err: error }, `retrying: ${error.message}`) }
  const error = await collect(createDhis2Connector(options).exportTrackedEntities(lookup)).then(
    () => undefined,
    (e: unknown) => e,
  )
  if (!(error instanceof ConnectorError)) throw new Error(`expected a ConnectorError, got ${inspect(error)}`)
  logger.error({ err: error }, error.message)
  return { error, lines }
}

function expectNoCanary(error: ConnectorError, lines: string[]): void {
  const printed = [error.message, JSON.stringify(error.details), String(error.stack), inspect(error, { depth: 5 }), ...lines].join('\n')
  expect(printed).not.toContain(CANARY_NID)
  // The parameter names stay, so the message still says what was asked.
  expect(error.message).toContain('filter=<redacted>')
  expect(error.message).toContain(`program=${PROGRAM}`)
  expect(error.message).toContain('/api/tracker/trackedEntities?')
}

describe('DHIS2 connector: query values of filters stay out of errors and logs', () => {
  let served: ServedEmulator
  beforeAll(async () => {
    served = await servedSeeded('2.41')
  })
  afterAll(() => served.stop())
  beforeEach(() => served.emulator.faults.clear())

  it('a 500 on a lookup by national id: the error and the retry logs show filter=<redacted>', async () => {
    served.emulator.faults.inject({ status: 500, times: 5, path: /trackedEntities/ })
    const { error, lines } = await lookupFails(served.baseUrl)
    expect(error.details).toMatchObject({ kind: 'http', status: 500 })
    expect(lines.filter((l) => l.includes('retrying')).length).toBe(2)
    expectNoCanary(error, lines)
  })

  it('a timeout on the same lookup: no canary either', async () => {
    served.emulator.faults.inject({ delayMs: 400, times: 5, path: /trackedEntities/ })
    const { error, lines } = await lookupFails(served.baseUrl, { timeoutMs: 100 })
    expect(error.details.kind).toBe('timeout')
    expectNoCanary(error, lines)
  })

  it('a dropped connection: no canary in the network error or its cause', async () => {
    served.emulator.faults.inject({ networkError: true, times: 5, path: /trackedEntities/ })
    const { error, lines } = await lookupFails(served.baseUrl)
    expect(error.details.kind).toBe('network')
    expectNoCanary(error, lines)
  })

  describe('a server that echoes the query in its error message', () => {
    let server: Server
    let baseUrl: string
    beforeAll(async () => {
      server = createServer((request, response) => {
        const url = new URL(request.url ?? '/', 'http://x')
        if (url.pathname.endsWith('/system/info')) {
          response.writeHead(200, { 'content-type': 'application/json' })
          return void response.end(JSON.stringify({ version: '2.41.0', serverTimeZoneId: 'Etc/UTC', serverDate: '2026-01-01T00:00:00.000' }))
        }
        response.writeHead(500, { 'content-type': 'application/json' })
        // DHIS2 quotes the failing query in devMessage; the value also in pieces.
        response.end(JSON.stringify({ httpStatus: 'Internal Server Error', httpStatusCode: 500, status: 'ERROR',
          message: `Query failed for filter ${url.searchParams.get('filter')}`, devMessage: `value ${url.searchParams.get('filter')?.split(':')[2]} at ${request.url}` }))
      })
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
      baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    })
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

    it('scrubs the value from what the server said, keeping the rest of its message', async () => {
      const { error, lines } = await lookupFails(baseUrl)
      expect(error.details.serverMessage).toContain('Query failed for filter')
      expectNoCanary(error, lines)
    })
  })
})
