import { valueMetadata, family, te, en, ev } from '../../../tests/emulators/dhis2/fixtures/trackerPayloads'
import { ConnectorError } from '../errors'
import { createDhis2Connector, TrackerImportError } from './index'
import { connectorOptions, type ServedEmulator, servedSeeded } from './testing'

let served: ServedEmulator
beforeEach(async () => {
  served = await servedSeeded('2.42', { asyncJobPendingPolls: 2 })
  expect(served.emulator.importMetadata(valueMetadata).httpStatus).toBe(200)
})
afterEach(() => served.stop())

const connector = (extra = {}) => createDhis2Connector(connectorOptions(served, extra).options)
const BOTH = { importStrategy: 'CREATE_AND_UPDATE', atomicMode: 'ALL' } as const
const code = (value: string) => ({ attributes: [{ attribute: 'teaCode0001', value }] })

async function rejection(call: Promise<unknown>): Promise<TrackerImportError> {
  const error = await call.then(() => undefined, (e: unknown) => e)
  if (!(error instanceof TrackerImportError)) throw new Error(`expected a TrackerImportError, got ${String(error)}`)
  return error
}

describe('synchronous tracker import', () => {
  it('sends async=false with the explicit strategy and atomic mode, and returns the report', async () => {
    const report = await connector().importTracker(family(1), BOTH)
    expect(report).toMatchObject({ status: 'OK', stats: { created: 3, ignored: 0, total: 3 }, errors: [], errorsByUid: {} })
    expect(report.objects).toEqual(
      expect.arrayContaining([
        { trackerType: 'TRACKED_ENTITY', uid: 'teAAAAAAAA1' },
        { trackerType: 'ENROLLMENT', uid: 'enAAAAAAAA1' },
        { trackerType: 'EVENT', uid: 'evAAAAAAAA1' },
      ]),
    )
    const query = served.requests[0]?.url.searchParams
    expect([query?.get('async'), query?.get('importStrategy'), query?.get('atomicMode')]).toEqual(['false', 'CREATE_AND_UPDATE', 'ALL'])
  })

  it('turns status ERROR (409) into a non-retryable error with the codes and the server messages, sent once', async () => {
    await connector().importTracker({ trackedEntities: [te('teCODE00001', code('RW-1'))] }, BOTH)
    served.requests.length = 0
    const error = await rejection(connector().importTracker({ trackedEntities: [te('teCODE00002', code('RW-1'))] }, BOTH))
    expect(error).toBeInstanceOf(ConnectorError)
    expect(error.details).toMatchObject({ kind: 'http', status: 409, retryable: false, codes: ['E1064'] })
    expect(error.details.serverMessage).toContain('E1064 teCODE00002: Non-unique attribute value')
    expect(error.report.errorsByUid.teCODE00002?.[0]?.errorCode).toBe('E1064')
    expect(served.requests).toHaveLength(1)
  })

  it('lists every code of a rejected payload (E1048 invalid uid, E1125 option code)', async () => {
    const payload = { trackedEntities: [te('bad-uid'), te('teSEX000001', { attributes: [{ attribute: 'teaSex00001', value: 'Male' }] })] }
    const error = await rejection(connector().importTracker(payload, BOTH))
    expect(error.details.codes).toEqual(['E1048', 'E1125'])
    expect(Object.keys(error.report.errorsByUid)).toEqual(['bad-uid', 'teSEX000001'])
  })

  it('with atomicMode OBJECT returns a partly successful report: errors per uid, the rest saved', async () => {
    const payload = { trackedEntities: [te('teGOOD00001'), te('bad-uid')] }
    const report = await connector().importTracker(payload, { importStrategy: 'CREATE', atomicMode: 'OBJECT' })
    expect(report.status).toBe('OK')
    expect(report.errorsByUid).toEqual({ 'bad-uid': [expect.objectContaining({ errorCode: 'E1048', trackerType: 'TRACKED_ENTITY' })] })
    expect(report.objects).toEqual([{ trackerType: 'TRACKED_ENTITY', uid: 'teGOOD00001' }])
    expect(served.emulator.tracker.trackedEntities.has('teGOOD00001')).toBe(true)
  })

  it('reports E1030 when a retried CREATE finds its event already there', async () => {
    await connector().importTracker(family(2), BOTH)
    const error = await rejection(connector().importTracker({ events: [ev('evAAAAAAAA2', 'enAAAAAAAA2')] }, { importStrategy: 'CREATE', atomicMode: 'ALL' }))
    expect(error.details.codes).toEqual(['E1030'])
  })
})

describe('asynchronous tracker import (job)', () => {
  it('posts, polls the job until complete, then reads the report', async () => {
    const { options, delays } = connectorOptions(served, { jobPolling: { intervalMs: 250 } })
    const report = await createDhis2Connector(options).importTracker(family(1), { ...BOTH, async: true })
    expect(report).toMatchObject({ status: 'OK', stats: { created: 3 } })
    expect(served.requests.map((r) => `${r.method} ${r.url.pathname}`)).toEqual([
      'POST /api/tracker',
      ...Array(3).fill(`GET /api/tracker/jobs/${served.requests[1]?.url.pathname.split('/').pop()}`),
      `GET /api/tracker/jobs/${served.requests[1]?.url.pathname.split('/').pop()}/report`,
    ])
    expect(served.requests[0]?.url.searchParams.get('async')).toBe('true')
    expect(delays).toEqual([250, 250])
  })

  it('throws the same TrackerImportError when the job report has status ERROR', async () => {
    const error = await rejection(connector().importTracker({ enrollments: [en('enXXXXXXXX1', 'teMissing01')] }, { ...BOTH, async: true }))
    expect(error.details).toMatchObject({ status: 200, retryable: false, codes: ['E1068'] })
  })

  it('stops polling at once on shutdown, as an aborted ConnectorError', async () => {
    const shutdown = new AbortController()
    const options = { ...connectorOptions(served, { signal: shutdown.signal, jobPolling: { intervalMs: 5000 } }).options, retryHooks: {} }
    const call = createDhis2Connector(options).importTracker(family(1), { ...BOTH, async: true })
    setTimeout(() => shutdown.abort(), 100)
    const error = await call.catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ConnectorError)
    expect((error as ConnectorError).details).toMatchObject({ kind: 'aborted', retryable: false })
  })

  it('gives up polling after the configured wait, retryable, naming the job', async () => {
    const options = connectorOptions(served, { jobPolling: { intervalMs: 100, maxWaitMs: 100 } }).options
    const error = await createDhis2Connector(options).importTracker(family(1), { ...BOTH, async: true }).catch((e: ConnectorError) => e)
    expect(error).toBeInstanceOf(ConnectorError)
    expect((error as ConnectorError).details).toMatchObject({ kind: 'timeout', retryable: true })
    expect((error as ConnectorError).details.serverMessage).toMatch(/^tracker job \w+ not finished after 100 ms$/)
  })
})
