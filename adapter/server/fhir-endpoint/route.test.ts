/**
 * The inbound endpoint refuses what is not valid FHIR R4 with a 400 OperationOutcome naming the
 * elements (never their values) and writes nothing: a pushed Task, and a resource read back from the
 * partner's server for an id-only notification. (Acceptance over HTTP with `cpcm serve`:
 * tests/e2e/referrals-push.e2e.test.ts.)
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createMappingContext } from '../../../mappings/context'
import { SID } from '../../../mappings/identifiers'
import { cpcmPackage } from '../../../tests/fixtures/package-lookup'
import { createMemoryLogger } from '../../observability/logger'
import type { Store } from '../../store'
import { BACKENDS, useTestStores } from '../../store/test/backends'
import { createFhirEndpoint } from './route'

jest.setTimeout(60_000)

const TOKEN = 'isange-inbound-token-0001'
const FACILITY = 'http://127.0.0.1:1/fhir'

describe.each(BACKENDS)('$name: /fhir refuses invalid FHIR R4', (backend) => {
  const db = useTestStores(backend)
  let store: Store
  let server: Server
  let base: string
  const facilityServer = new Map<string, unknown>()

  beforeEach(async () => {
    store = await db.store()
    await store.referrals.mark({ facility: 'isange', referralEvent: 'REFevent001', enrollment: 'ENRenroll01', trackedEntity: 'TEtracked01', childCode: 'CP-0001', state: 'sent' })
    const endpoint = createFhirEndpoint({
      store, mapping: createMappingContext(cpcmPackage()), logger: createMemoryLogger('warn').logger,
      partners: [{
        id: 'isange', provider: 'ISANGE-KACYIRU', token: TOKEN, baseUrl: FACILITY,
        connector: {
          read: async (type: string, id: string) => facilityServer.get(`${type}/${id}`) ?? Promise.reject(new Error('HTTP 404')),
          // eslint-disable-next-line @typescript-eslint/require-await
          search: async function* () {
            yield { resources: [], included: [] }
          },
        } as never,
      }],
    })
    server = createServer((req, res) => void endpoint(req, res))
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/fhir`
  })
  afterEach(async () => {
    await new Promise((resolve) => server.close(resolve))
  })

  const push = async (path: string, method: string, body: unknown) => {
    const res = await fetch(`${base}${path}`, { method, headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/fhir+json' }, body: JSON.stringify(body) })
    return { status: res.status, body: (await res.json()) as { issue: Array<{ code: string; expression?: string[]; diagnostics: string }> } }
  }
  const nothingQueued = async () => expect((await store.status()).outbox).toMatchObject({ pending: 0, in_flight: 0, done: 0, dead: 0 })
  const task = { resourceType: 'Task', id: 'REFevent001', status: 'accepted', intent: 'order', identifier: [{ system: SID.referral, value: 'REFevent001' }] }

  it('a Task with a wrong status code or a bad element type: 400 naming the element, nothing queued', async () => {
    expect((await push('/Task/REFevent001', 'PUT', task)).status).toBe(200)
    const before = (await store.status()).outbox.pending

    const wrongCode = await push('/Task/REFevent001', 'PUT', { ...task, status: 'done-and-dusted' })
    expect(wrongCode.status).toBe(400)
    expect(wrongCode.body.issue).toEqual([expect.objectContaining({ code: 'code-invalid', expression: ['Task.status'] })])
    const badType = await push('/Task', 'POST', { ...task, executionPeriod: { start: 'Mukamana' } })
    expect(badType.status).toBe(400)
    expect(badType.body.issue).toEqual([expect.objectContaining({ code: 'structure', expression: ['Task.executionPeriod.start'] })])
    expect(JSON.stringify([wrongCode.body, badType.body])).not.toMatch(/done-and-dusted|Mukamana/)
    expect((await store.status()).outbox.pending).toBe(before)
  })

  it('an id-only notification whose resource, read back from the partner, is not valid R4: 400, nothing queued', async () => {
    facilityServer.set('Encounter/enc-9', {
      resourceType: 'Encounter', id: 'enc-9', status: 'finished', class: { code: 'AMB' }, period: { start: 'Tuesday' },
      basedOn: [{ identifier: { system: SID.referral, value: 'REFevent001' } }],
    })
    const notification = {
      resourceType: 'Bundle', type: 'history',
      entry: [{ fullUrl: `${FACILITY}/Encounter/enc-9`, request: { method: 'PUT', url: 'Encounter/enc-9' }, response: { status: '200' } }],
    }
    const r = await push('', 'POST', notification)
    expect(r.status).toBe(400)
    expect(r.body.issue).toEqual([expect.objectContaining({ expression: ['Encounter.period.start'], diagnostics: expect.stringContaining('read back for Bundle.entry[0].fullUrl') })])
    expect(JSON.stringify(r.body)).not.toContain('Tuesday')
    await nothingQueued()
  })
})
