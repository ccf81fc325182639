/**
 * Answers that break the DHIS2 contract, served by msw in front of the emulator, and the published
 * DHIS2 payloads read through the connector's parsers (skipped without ../shared/reference).
 */
import { http, HttpResponse } from 'msw'
import { setupServer } from 'msw/node'
import { createDhis2Emulator, dhis2Handlers } from '../../../tests/emulators/dhis2'
import { describeWithReference, sample } from '../../../tests/emulators/dhis2/fixtures/referenceSamples'
import { ConnectorError } from '../errors'
import { dhis2Error } from './failure'
import { createDhis2Connector } from './index'
import { toTrackerReport } from './reports'
import { jobAddedSchema, jobNotificationsSchema, pageSchema, systemInfoSchema, trackerReportSchema } from './schemas'
import { TOKEN, USERS } from './testing'

const BASE = 'https://dhis2.test/dhis'
const emulator = createDhis2Emulator({ version: '2.42', users: USERS })
const server = setupServer(...dhis2Handlers(emulator, BASE))
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
afterEach(() => server.resetHandlers())
afterAll(() => server.close())

let calls = 0
const serve = (method: 'get' | 'post', path: string, reply: () => Response) =>
  server.use(
    http[method](`${BASE}/api/${path}`, () => {
      calls++
      return reply()
    }),
  )
beforeEach(() => {
  calls = 0
})

const connector = () =>
  createDhis2Connector({ baseUrl: BASE, auth: { token: TOKEN }, timeoutMs: 2000, version: '2.42', retryHooks: { sleep: async () => undefined } })
const failure = async (call: Promise<unknown>) => {
  const error = await call.then(() => undefined, (e: unknown) => e)
  if (!(error instanceof ConnectorError)) throw new Error(`expected a ConnectorError, got ${String(error)}`)
  return error
}
const first = async (pages: AsyncIterable<unknown>) => {
  for await (const page of pages) return page
  return undefined
}

describe('malformed answers are rejected, once, as invalid responses', () => {
  it('a page without its items array', async () => {
    serve('get', 'tracker/trackedEntities', () => HttpResponse.json({ pager: { page: 1, pageSize: 500 } }))
    const error = await failure(first(connector().exportTrackedEntities({ program: 'IpHINAT79UW' })))
    expect(error.details).toMatchObject({ kind: 'invalid-response', status: 200, retryable: false })
    expect(error.details.serverMessage).toBe('instances: no items: neither `trackedEntities` nor `instances`')
    expect(calls).toBe(1)
  })

  it('a server that keeps answering page 1', async () => {
    serve('get', 'tracker/events', () => HttpResponse.json({ pager: { page: 1, pageSize: 1 }, events: [{ event: 'evAAAAAAAA1' }] }))
    const pages = connector().exportEvents({ program: 'IpHINAT79UW' })
    const error = await failure((async () => { for await (const _ of pages); })())
    expect(error.details.serverMessage).toBe('asked for page 2, the server answered page 1')
  })

  it('an import report without status', async () => {
    serve('post', 'tracker', () => HttpResponse.json({ stats: { created: 1, updated: 0, deleted: 0, ignored: 0, total: 1 } }))
    const error = await failure(connector().importTracker({}, { importStrategy: 'CREATE', atomicMode: 'ALL' }))
    expect(error.details).toMatchObject({ kind: 'invalid-response', retryable: false })
    expect(error.details.serverMessage).toContain('status')
    expect(calls).toBe(1)
  })

  it('an HTML page where JSON was due', async () => {
    serve('get', 'system/info', () => HttpResponse.text('<html><body>Login</body></html>', { headers: { 'content-type': 'text/html' } }))
    const error = await failure(connector().systemInfo())
    expect(error.details).toMatchObject({ kind: 'invalid-response', serverMessage: 'not JSON: <html><body>Login</body></html>' })
  })
})

describe('error answers', () => {
  it('does not follow a redirect to the login page, and says why', async () => {
    serve('get', 'system/info', () => new HttpResponse(null, { status: 302, headers: { location: `${BASE}/dhis-web-commons/security/login.action` } }))
    const error = await failure(connector().systemInfo())
    expect(error.details).toMatchObject({ kind: 'http', status: 302, retryable: false })
    expect(error.details.serverMessage).toContain('login page')
    expect(calls).toBe(1)
  })

  it('reads an async job on the configured server, whatever host its location names', async () => {
    serve('post', 'tracker', () => HttpResponse.json({ httpStatus: 'OK', httpStatusCode: 200, status: 'OK', message: 'Tracker job added', response: { id: 'job00000001', location: 'https://elsewhere.test/api/tracker/jobs/job00000001' } }))
    serve('get', 'tracker/jobs/job00000001', () => HttpResponse.json([{ message: 'Import complete with status OK', completed: true }]))
    serve('get', 'tracker/jobs/job00000001/report', () => HttpResponse.json({ status: 'OK', stats: { created: 0, updated: 0, deleted: 0, ignored: 0, total: 0 } }))
    // onUnhandledRequest: 'error' would fail any request to elsewhere.test.
    await expect(connector().importTracker({}, { importStrategy: 'CREATE_AND_UPDATE', atomicMode: 'ALL', async: true })).resolves.toMatchObject({ status: 'OK' })
    expect(calls).toBe(3)
  })

  it('scrubs a credential the server echoes back', async () => {
    serve('get', 'system/info', () => HttpResponse.json({ httpStatusCode: 400, status: 'ERROR', message: `bad header ApiToken ${TOKEN}` }, { status: 400 }))
    const error = await failure(connector().systemInfo())
    expect(error.details.serverMessage).toBe('bad header ApiToken ***')
    expect(error.message).not.toContain(TOKEN)
  })
})

describeWithReference('published DHIS2 payloads through the parsers', () => {
  it('system info', () => {
    expect(systemInfoSchema.parse(sample('metadata/sdk_system_info.json'))).toMatchObject({ version: '2.41.0', serverTimeZoneId: 'Etc/UTC' })
  })

  it.each([
    ['tracker/sdk_trackedentities_lt_v41.json', 'trackedEntities', 2],
    ['tracker/docs-2.41_trackedentities-page.json', 'trackedEntities', 1],
    ['tracker/sdk_trackedentities_ge_v41.json', 'trackedEntities', undefined],
    ['tracker/docs-2.40_enrollments-instances-page.json', 'enrollments', 1],
    ['tracker/docs-2.41_enrollments-page.json', 'enrollments', undefined],
    ['tracker/docs-2.41_events-page.json', 'events', undefined],
    ['tracker/sdk_events_ge_v41.json', 'events', 2],
    ['tracker/sdk_events_lt_v41.json', 'events', undefined],
  ])('%s pages', (file, entity, count) => {
    const page = pageSchema(entity).parse(sample(file))
    expect(page.page).toBe(1)
    expect(page.pageSize).toBeGreaterThan(0)
    expect(page.items.length).toBe(count ?? page.items.length)
  })

  it.each([
    ['tracker/docs-2.41_import-report-ok.json', 'OK', []],
    ['tracker/sdk_event-ok-new.json', 'OK', []],
    ['tracker/sdk_event-conflict-new.json', 'ERROR', ['E1029']],
    ['tracker/sdk_tei-with-enrollment-error-new.json', 'ERROR', ['E1041']],
  ])('%s import reports', (file, status, codes) => {
    const report = toTrackerReport(trackerReportSchema.parse(sample(file)))
    expect(report.status).toBe(status)
    expect(report.errors.map((e) => e.errorCode)).toEqual(codes)
    for (const error of report.errors) expect(report.errorsByUid[error.uid as string]).toContain(error)
  })

  it('async job answers and notifications', () => {
    expect(jobAddedSchema.parse(sample('tracker/docs-2.41_import-async-job-added.json')).response.id).toBe('cHh2OCTJvRw')
    expect(jobAddedSchema.parse(sample('tracker/sdk_job_response.json')).response.id).toBe('LkXBUdIgbe3')
    expect(jobNotificationsSchema.parse(sample('tracker/sdk_job_response_completed.json')).some((n) => n.completed)).toBe(true)
    expect(jobNotificationsSchema.parse(sample('tracker/docs-2.41_import-job-notifications.json')).length).toBeGreaterThan(0)
  })

  it.each([
    ['tracker/docs-2.42_idscheme-422-error.json', 422, [], 'to the metadata.; Following metadata listed using their UIDs'],
    ['tracker/sdk_glass_v42_not_found.json', 404, ['E1005'], 'TrackedEntity with id PgmUFEQYZdt could not be found.'],
    ['tracker/sdk_glass_protected_tei_failure_403.json', 403, ['E1006'], 'OWNERSHIP_ACCESS_DENIED'],
  ])('%s WebMessage errors', (file, status, codes, message) => {
    const error = dhis2Error({ method: 'GET', url: `${BASE}/api/x` }, { type: 'status', response: { status, headers: {}, body: sample(file) } }, [])
    expect(error.details).toMatchObject({ kind: 'http', status, retryable: false })
    expect(error.details.codes ?? []).toEqual(codes)
    expect(error.details.serverMessage).toContain(message)
  })
})
