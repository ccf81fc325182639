import { inspect } from 'node:util'
import type { Task as MedplumTask } from '@medplum/fhirtypes'
import type { Bundle, Task } from 'fhir/r4'
import { type FhirServerHandle, startFhirServer } from '../../../tests/harness/fhir'
import { createFhirConnector } from './index'
import { CHILD_SYSTEM, connectorOptions, failure, patient, REFERRAL_SYSTEM, task, TOKEN } from './testing'

let fhir: FhirServerHandle
beforeAll(async () => {
  fhir = await startFhirServer({ bearerToken: TOKEN })
})
afterEach(() => fhir.reset())
afterAll(() => fhir.stop())
const connector = () => createFhirConnector(connectorOptions(fhir.baseUrl).options)
const referral = (value: string) => ({ system: REFERRAL_SYSTEM, value })

describe('capabilities and read', () => {
  it('reads the CapabilityStatement', async () => {
    const statement = await connector().capabilities()
    expect(statement).toMatchObject({ resourceType: 'CapabilityStatement', fhirVersion: '4.0.1' })
  })

  it('reads a resource by id, and a missing one fails fast with the server message', async () => {
    const [stored] = await fhir.seed([task('R-1') as unknown as MedplumTask])
    const read = await connector().read('Task', stored?.id as string)
    expect(read).toMatchObject({ resourceType: 'Task', id: stored?.id, status: 'requested' })
    const missing = await failure(connector().read('Task', 'no-such-task'))
    expect(missing.details).toMatchObject({ kind: 'http', status: 404, retryable: false, codes: ['not-found'] })
    expect(fhir.requests).toHaveLength(2)
  })

  it('hands back clean objects, without the request (and its token) the client attaches', async () => {
    const { resource } = await connector().conditionalCreate(task('R-2'), referral('R-2'))
    expect(Object.getOwnPropertyNames(resource)).not.toContain('__request')
    expect(inspect(resource, { showHidden: true, depth: Infinity })).not.toContain(TOKEN)
  })
})

describe('conditional writes', () => {
  it('creates once with If-None-Exist: 201, then 200 with the same resource', async () => {
    const first = await connector().conditionalCreate(task('R-10'), referral('R-10'))
    const second = await connector().conditionalCreate(task('R-10'), referral('R-10'))
    expect([first.status, first.created, second.status, second.created]).toEqual([201, true, 200, false])
    expect(second.resource.id).toBe(first.resource.id)
    expect(first.location).toContain(`/Task/${first.resource.id}`)
    expect(await fhir.count('Task', `${REFERRAL_SYSTEM}|R-10`)).toBe(1)
  })

  it('refuses a write keyed on an identifier the resource does not carry, before sending anything', async () => {
    await expect(connector().conditionalCreate(task('R-11'), referral('R-12'))).rejects.toThrow(TypeError)
    await expect(connector().conditionalUpdate(task('R-11'), referral('R-12'))).rejects.toThrow('does not carry the identifier')
    expect(fhir.requests).toHaveLength(0)
  })

  it('updates by identifier: creates when absent, updates when present', async () => {
    const created = await connector().conditionalUpdate(task('R-20'), referral('R-20'))
    const updated = await connector().conditionalUpdate(task('R-20', { status: 'accepted' }), referral('R-20'))
    expect([created.status, updated.status]).toEqual([201, 200])
    expect(updated.resource).toMatchObject({ id: created.resource.id, status: 'accepted' })
    expect(fhir.requests.map((r) => `${r.method} ${decodeURIComponent(r.url)}`)).toEqual([
      `PUT /fhir/Task?identifier=${REFERRAL_SYSTEM}|R-20`,
      `PUT /fhir/Task?identifier=${REFERRAL_SYSTEM}|R-20`,
    ])
  })

  it('honours If-Match: the current version passes, a stale one fails fast with 412', async () => {
    const created = await connector().conditionalUpdate(task('R-30'), referral('R-30'))
    const version = created.resource.meta?.versionId as string
    const updated = await connector().conditionalUpdate(task('R-30', { status: 'accepted' }), referral('R-30'), { ifMatch: version })
    expect(updated.status).toBe(200)
    const stale = await failure(connector().conditionalUpdate(task('R-30', { status: 'rejected' }), referral('R-30'), { ifMatch: version }))
    expect(stale.details).toMatchObject({ kind: 'http', status: 412, retryable: false, codes: ['conflict'] })
    expect(stale.details.serverMessage).toContain('Version conflict')
  })
})

describe('transactions', () => {
  const PATIENT = 'urn:uuid:7c1d0c1e-1f0a-4c7e-9a55-000000000001'
  const referralBundle = (code: string, value: string): Bundle => ({
    resourceType: 'Bundle',
    type: 'transaction',
    entry: [
      { fullUrl: PATIENT, resource: patient(code), request: { method: 'POST', url: 'Patient', ifNoneExist: `identifier=${CHILD_SYSTEM}|${code}` } },
      { resource: task(value, { for: { reference: PATIENT } }), request: { method: 'PUT', url: `Task?identifier=${REFERRAL_SYSTEM}|${value}` } },
    ],
  })

  it('returns the response Bundle with each entry status; replaying it changes nothing', async () => {
    const first = await connector().transaction(referralBundle('C-1', 'R-40'))
    expect(first.bundle.type).toBe('transaction-response')
    expect(first.entries.map((e) => e.status)).toEqual([201, 201])
    expect(first.entries[0]?.location).toMatch(/Patient\//)
    const again = await connector().transaction(referralBundle('C-1', 'R-40'))
    expect(again.entries.map((e) => e.status)).toEqual([200, 200])
    expect([await fhir.count('Patient'), await fhir.count('Task')]).toEqual([1, 1])
    const [stored] = (await fhir.list('Task')) as unknown as Task[]
    expect(stored?.for?.reference).toMatch(/^Patient\//)
  })

  it('sends a bundle far over the 64 KiB keepalive cap', async () => {
    const note = 'x'.repeat(1000)
    const bundle: Bundle = {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: Array.from({ length: 150 }, (_, i) => ({
        resource: task(`R-big-${i}`, { note: [{ text: note }] }),
        request: { method: 'POST' as const, url: 'Task', ifNoneExist: `identifier=${REFERRAL_SYSTEM}|R-big-${i}` },
      })),
    }
    expect(JSON.stringify(bundle).length).toBeGreaterThan(150_000)
    const result = await connector().transaction(bundle)
    expect(result.entries.every((e) => e.status === 201)).toBe(true)
    expect(await fhir.count('Task')).toBe(150)
  })

  it('fails the whole (atomic) transaction fast, naming the faulty entry', async () => {
    const bundle = referralBundle('C-2', 'R-41')
    const faulty = bundle.entry?.[1]?.resource as unknown as { status: string }
    faulty.status = 'not-a-status'
    const error = await failure(connector().transaction(bundle))
    expect(error.details).toMatchObject({ kind: 'http', status: 400, retryable: false })
    expect(error.details.serverMessage).toContain('Bundle.entry[1]')
    expect(await fhir.count('Patient')).toBe(0)
  })
})
