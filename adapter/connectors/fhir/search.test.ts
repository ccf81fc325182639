import type { Task as MedplumTask } from '@medplum/fhirtypes'
import { type FhirServerHandle, startFhirServer } from '../../../tests/harness/fhir'
import { createFhirConnector } from './index'
import { connectorOptions, pagesOf, task, TOKEN } from './testing'

let fhir: FhirServerHandle
beforeAll(async () => {
  fhir = await startFhirServer({ bearerToken: TOKEN })
  await fhir.seed(Array.from({ length: 250 }, (_, i) => task(`R-${i}`) as unknown as MedplumTask))
})
afterEach(() => {
  fhir.clearRequests()
  fhir.clearFaults()
})
afterAll(() => fhir.stop())

describe('search', () => {
  it('pages through 250 Tasks with _count=100 by next links on the same host', async () => {
    const pages = await pagesOf(createFhirConnector(connectorOptions(fhir.baseUrl).options).search('Task', { _count: 100 }))
    expect(pages.map((p) => p.resources.length)).toEqual([100, 100, 50])
    expect(pages.every((p) => p.total === 250)).toBe(true)
    expect(new Set(pages.flatMap((p) => p.resources.map((t) => t.id))).size).toBe(250)
    expect(pages[0]?.resources[0]).toMatchObject({ resourceType: 'Task', status: 'requested' })
    expect(fhir.requests.map((r) => r.url)).toEqual(['/fhir/Task?_count=100', '/fhir/Task?_count=100&_offset=100', '/fhir/Task?_count=100&_offset=200'])
    expect(fhir.requests.every((r) => r.withAuthorization)).toBe(true)
  })

  it('retries one page that failed, and carries on', async () => {
    fhir.inject({ status: 503, retryAfter: 1, times: 1, path: 'Task', method: 'GET' })
    fhir.inject({ status: 503, retryAfter: 1, times: 1, path: 'Task', method: 'GET' })
    const { options, delays } = connectorOptions(fhir.baseUrl)
    const pages = await pagesOf(createFhirConnector(options).search('Task', { _count: 200 }))
    expect(pages.map((p) => p.resources.length)).toEqual([200, 50])
    expect(fhir.requests.map((r) => r.status)).toEqual([503, 503, 200, 200])
    expect(delays).toHaveLength(2)
  })

  it('yields one empty page for a search with no match', async () => {
    const pages = await pagesOf(createFhirConnector(connectorOptions(fhir.baseUrl).options).search('Task', { identifier: 'urn:none|x' }))
    expect(pages.map((p) => [p.resources.length, p.total])).toEqual([[0, 0]])
  })

  it('fails an unknown search parameter fast (400) instead of silently matching everything', async () => {
    const error = await createFhirConnector(connectorOptions(fhir.baseUrl).options).search('Task', { identfier: 'x' })[Symbol.asyncIterator]().next().catch((e: unknown) => e)
    expect(error).toMatchObject({ details: { kind: 'http', status: 400, retryable: false } })
  })
})
