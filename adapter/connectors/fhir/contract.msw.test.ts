/**
 * Answers that break the FHIR contract, paging links that leave the server, and the published R4
 * OperationOutcome samples, served by msw (fhir-kit-client uses fetch, which msw intercepts).
 */
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { http, HttpResponse } from 'msw'
import { setupServer } from 'msw/node'
import { createKitClient, loadKit } from './client'
import { createFhirConnector, summarizeOutcome, tokenValue } from './index'
import { connectorOptions, failure, pagesOf, task, TOKEN } from './testing'

const BASE = 'https://fhir.test/fhir'
const server = setupServer()
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
afterEach(() => server.resetHandlers())
afterAll(() => server.close())

const calls: { url: string; authorization: string | null }[] = []
beforeEach(() => {
  calls.length = 0
})
const answer = (method: 'get' | 'post' | 'put', url: string, reply: (request: Request) => Response) =>
  server.use(
    http[method](url, ({ request }) => {
      calls.push({ url: request.url, authorization: request.headers.get('authorization') })
      return reply(request)
    }),
  )
const connector = () => createFhirConnector(connectorOptions(BASE).options)
const searchset = (entries: unknown[], next?: string) =>
  HttpResponse.json({ resourceType: 'Bundle', type: 'searchset', entry: entries, link: next ? [{ relation: 'next', url: next }] : [] })
const taskEntry = (id: string) => ({ resource: { ...task(id), id }, search: { mode: 'match' } })

describe('paging links', () => {
  it('does not follow a next link to another origin, and never sends the token there', async () => {
    answer('get', `${BASE}/Task`, () => searchset([taskEntry('t1')], 'https://elsewhere.test/fhir/Task?page=2'))
    answer('get', 'https://elsewhere.test/fhir/Task', () => searchset([]))
    const pages: unknown[] = []
    const error = await failure((async () => { for await (const page of connector().search('Task')) pages.push(page) })())
    expect(pages).toHaveLength(1)
    expect(error.details).toMatchObject({ kind: 'invalid-response', retryable: false })
    expect(error.details.serverMessage).toContain('another origin (https://elsewhere.test)')
    expect(calls.map((c) => c.url)).toEqual([`${BASE}/Task`])
  })

  it('never sends the token to another origin, even when the client is asked to go there', async () => {
    answer('get', 'https://elsewhere.test/fhir/Task', () => searchset([]))
    answer('get', `${BASE}/Task`, () => searchset([]))
    const client = createKitClient(await loadKit(), BASE, TOKEN)
    await client.request('https://elsewhere.test/fhir/Task')
    await client.request(`${BASE}/Task`)
    expect(calls.map((c) => c.authorization)).toEqual([null, `Bearer ${TOKEN}`])
  })

  it('follows a relative next link on the base URL', async () => {
    answer('get', `${BASE}/Task`, ({ url }) =>
      new URL(url).searchParams.get('page') === '2' ? searchset([taskEntry('t2')]) : searchset([taskEntry('t1')], 'Task?page=2'),
    )
    const pages = await pagesOf(connector().search('Task'))
    expect(pages.map((p) => p.resources.map((r) => r.id))).toEqual([['t1'], ['t2']])
    expect(calls.every((c) => c.authorization === `Bearer ${TOKEN}`)).toBe(true)
  })

  it('stops a server that links back to a page already read', async () => {
    answer('get', `${BASE}/Task`, () => searchset([taskEntry('t1')], `${BASE}/Task?page=1`))
    const error = await failure(pagesOf(connector().search('Task')))
    expect(error.details.serverMessage).toBe('the next link points to a page already read')
    expect(calls).toHaveLength(2)
  })

  it('separates matches from included resources and outcomes', async () => {
    answer('get', `${BASE}/Task`, () =>
      searchset([
        taskEntry('t1'),
        { resource: { resourceType: 'Patient', id: 'p1' }, search: { mode: 'include' } },
        { resource: { resourceType: 'OperationOutcome', issue: [] }, search: { mode: 'outcome' } },
      ]),
    )
    const [page] = await pagesOf(connector().search('Task', { _include: 'Task:patient' }))
    expect(page?.resources.map((r) => r.id)).toEqual(['t1'])
    expect(page?.included.map((r) => r.resourceType)).toEqual(['Patient'])
  })
})

describe('malformed answers are rejected, once, as invalid responses', () => {
  it.each([
    ['a Bundle that is not a searchset', { resourceType: 'Bundle', type: 'collection' }, 'type: expected searchset, got collection'],
    ['a body that is not a Bundle', { resourceType: 'Task', id: 'x' }, 'resourceType: expected Bundle; type: Invalid input: expected string, received undefined'],
    ['a Bundle without type', { resourceType: 'Bundle', entry: [] }, 'type: Invalid input: expected string, received undefined'],
    ['a match of another type', { resourceType: 'Bundle', type: 'searchset', entry: [{ resource: { resourceType: 'Patient' }, search: { mode: 'match' } }] }, 'entry.0.resource: a Patient matched a Task search'],
  ])('%s', async (_name, body, problem) => {
    answer('get', `${BASE}/Task`, () => HttpResponse.json(body))
    const error = await failure(pagesOf(connector().search('Task')))
    expect(error.details).toMatchObject({ kind: 'invalid-response', status: 200, retryable: false, serverMessage: problem })
    expect(calls).toHaveLength(1)
  })

  it('a 200 that is not JSON', async () => {
    answer('get', `${BASE}/metadata`, () => HttpResponse.text('<html>maintenance</html>'))
    const error = await failure(connector().capabilities())
    expect(error.details).toMatchObject({ kind: 'invalid-response', status: 200, serverMessage: 'not JSON: maintenance' })
  })

  it('a JSON answer that is not an object', async () => {
    answer('get', `${BASE}/Task/t1`, () => HttpResponse.json(null))
    expect((await failure(connector().read('Task', 't1'))).details).toMatchObject({ kind: 'invalid-response', retryable: false })
  })

  it('a transaction response that does not answer every entry', async () => {
    answer('post', `${BASE}/`, () => HttpResponse.json({ resourceType: 'Bundle', type: 'transaction-response', entry: [{ response: { status: '201 Created' } }] }))
    const bundle = { resourceType: 'Bundle' as const, type: 'transaction' as const, entry: [{ resource: task('R-1'), request: { method: 'POST' as const, url: 'Task' } }, { resource: task('R-2'), request: { method: 'POST' as const, url: 'Task' } }] }
    expect((await failure(connector().transaction(bundle))).details.serverMessage).toBe('1 response entries for 2 requests')
  })
})

describe('error answers', () => {
  it('retries a 4xx whose OperationOutcome says the resource is locked', async () => {
    let n = 0
    answer('put', `${BASE}/Task`, () =>
      ++n === 1
        ? HttpResponse.json({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'lock', diagnostics: 'row locked' }] }, { status: 409 })
        : HttpResponse.json({ ...task('R-1'), id: 't1' }, { status: 200 }),
    )
    await expect(connector().conditionalUpdate(task('R-1'), { system: task('R-1').identifier?.[0]?.system as string, value: 'R-1' })).resolves.toMatchObject({ status: 200 })
    expect(calls).toHaveLength(2)
  })

  it('scrubs a token the server echoes back', async () => {
    answer('get', `${BASE}/metadata`, () =>
      HttpResponse.json({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'security', diagnostics: `token ${TOKEN} rejected` }] }, { status: 403 }),
    )
    const error = await failure(connector().capabilities())
    expect(error.details).toMatchObject({ status: 403, retryable: false, serverMessage: 'token *** rejected', codes: ['security'] })
  })

  it('escapes token search values', () => {
    expect(tokenValue({ system: 'urn:x', value: 'a,b|c$d\\e' })).toBe('urn:x|a\\,b\\|c\\$d\\\\e')
  })
})

const REFERENCE = path.resolve(__dirname, '../../../../shared/reference/fhir-r4')
const withReference = existsSync(REFERENCE) ? describe : describe.skip
withReference('published OperationOutcomes', () => {
  const sample = (file: string) => JSON.parse(readFileSync(path.join(REFERENCE, file), 'utf8')) as unknown
  it('reads text, diagnostics and expression', () => {
    expect(summarizeOutcome(sample('operationoutcome-example.json'))).toEqual({
      message: 'The code "W" is not known and not legal in this context (Acme.Interop.FHIRProcessors.Patient.processGender line 2453) (at Patient.gender)',
      codes: ['code-invalid'],
      transient: false,
    })
  })
  it.each(['operationoutcome-example-validationfail.json', 'operationoutcome-example-allok.json'])('%s', (file) => {
    const summary = summarizeOutcome(sample(file))
    expect(summary?.codes.length).toBeGreaterThan(0)
    expect(summary?.message).toBeTruthy()
  })
})
