/**
 * Answers the emulator never gives (broken envelopes, non-JSON bodies, inconsistent pages, values
 * echoed in error messages), served by msw; everything else goes to the emulator core.
 */
import { http, HttpResponse } from 'msw'
import { setupServer } from 'msw/node'
import { createPrimeroEmulator, MODULE_CP, primeroHandlers } from '../../../tests/emulators/primero'
import { tickingClock } from '../../../tests/emulators/primero/fixtures/api'
import { collect, connect, expectClean, failureOf } from './testing'

const BASE = 'https://cpims.test'
const emulator = createPrimeroEmulator({ clock: tickingClock() })
const seeded = emulator.seedCases(2500, { module_id: MODULE_CP, consent_for_services: true, disclosure_other_orgs: true })
const caseId = String(seeded[0]?.id)
const server = setupServer(...primeroHandlers(emulator, BASE))
const connector = () => connect(BASE).connector
const listed = (i: number) => ({ id: String(seeded[i]?.id), name: seeded[i]?.name, last_updated_at: String(seeded[i]?.last_updated_at) })
const page = (data: unknown[], metadata: object = { total: data.length, per: 1000, page: 1 }) => HttpResponse.json({ data, metadata })
const onList = (reply: () => Response) => server.use(http.get(`${BASE}/api/v2/cases`, reply))
let hits = 0
const counted = (reply: Response) => () => (hits++, reply.clone())

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
afterEach(() => {
  server.resetHandlers()
  hits = 0
})
afterAll(() => server.close())

describe('answers that break the contract are rejected, not retried, and name no value', () => {
  it('a case list without metadata', async () => {
    onList(counted(HttpResponse.json({ data: [listed(0)] })))
    const error = await failureOf(collect(connector().listCases()))
    expect(error.details).toMatchObject({ kind: 'invalid-response', status: 200, retryable: false })
    expect(error.details.serverMessage).toBe('metadata: Invalid input: expected object, received undefined')
    expect(hits).toBe(1)
    expectClean(error)
  })

  it('a case without an id', async () => {
    server.use(http.get(`${BASE}/api/v2/cases/:id`, () => HttpResponse.json({ data: { name: 'CANARY Ineza Uwase', last_updated_at: '2026-01-05T08:00:00.000Z' } })))
    const error = await failureOf(connector().getCase(caseId))
    expect(error.details).toMatchObject({ kind: 'invalid-response', serverMessage: 'data.id: Invalid input: expected string, received undefined' })
    expectClean(error)
  })

  it('a body that is not JSON, described by type and size only', async () => {
    server.use(http.get(`${BASE}/api/v2/cases/:id`, () => new HttpResponse('<html><p>CANARY Ineza Uwase</p></html>', { status: 200, headers: { 'content-type': 'text/html; charset=utf-8' } })))
    const error = await failureOf(connector().getCase(caseId))
    expect(error.details).toMatchObject({ kind: 'invalid-response', serverMessage: 'not JSON: text/html, 38 bytes' })
    expectClean(error)
  })

  it('a referral with a status outside the five, or of another case', async () => {
    const referral = { id: 'r1', type: 'Referral', status: 'completed', record_id: caseId, notes: 'CANARY Ineza' }
    server.use(http.get(`${BASE}/api/v2/cases/:id/referrals`, () => HttpResponse.json({ data: [referral] })))
    const error = await failureOf(connector().listReferrals(caseId))
    expect(error.details.serverMessage).toMatch(/^data\[0\]\.status: Invalid option/)
    expectClean(error)
    server.use(http.get(`${BASE}/api/v2/cases/:id/referrals`, () => HttpResponse.json({ data: [{ ...referral, status: 'accepted', record_id: String(seeded[1]?.id) }] })))
    expect((await failureOf(connector().listReferrals(caseId))).details.serverMessage).toBe('a transition of another case')
  })
})

describe('paging guards', () => {
  it('pages shorter than per lose nothing: the next request starts from the last case seen', async () => {
    server.use(
      http.get(`${BASE}/api/v2/cases`, async ({ request }) => {
        const url = new URL(request.url)
        const reply = await emulator.handle({ method: 'GET', url, headers: { authorization: request.headers.get('authorization') ?? '' } })
        const body = reply.body as { data: unknown[]; metadata: object }
        return HttpResponse.json({ ...body, data: body.data.slice(0, 600) })
      }),
    )
    const { items, sizes } = await collect(connector().listCases())
    expect(new Set(items.map((c) => c.id)).size).toBe(2500)
    expect(items).toHaveLength(2500)
    expect(sizes).toEqual([600, 599, 599, 599, 103])
  })

  it('more cases than metadata.total or per', async () => {
    onList(() => page([listed(0), listed(1), listed(2)], { total: 2, per: 1000, page: 1 }))
    const error = await failureOf(collect(connector().listCases()))
    expect(error.details).toMatchObject({ kind: 'invalid-response', codes: ['paging'], retryable: false, serverMessage: '3 cases by page 1, metadata.total is 2' })
    onList(() => page([listed(0), listed(1)], { total: 10, per: 1, page: 1 }))
    expect((await failureOf(collect(connector().listCases()))).details.serverMessage).toBe('2 cases on a page of metadata.per 1')
  })

  it('an empty page before metadata.total is reached, another page than asked, cases out of order', async () => {
    onList(() => page([], { total: 5, per: 1000, page: 1 }))
    expect((await failureOf(collect(connector().listCases()))).details.serverMessage).toBe('page 1 is empty, metadata.total is 5')
    onList(() => page([listed(0)], { total: 1, per: 1000, page: 2 }))
    expect((await failureOf(collect(connector().listCases()))).details.serverMessage).toBe('asked for page 1, metadata.page is 2')
    onList(() => page([listed(1), listed(0)]))
    const error = await failureOf(collect(connector().listCases()))
    expect(error.details.serverMessage).toBe('data[1].last_updated_at is out of ascending order')
    expectClean(error)
  })
})

describe('error answers that could echo a child', () => {
  it('a 500 that echoes a name the request carried, quoted or not, prints it as [value]', async () => {
    server.use(
      http.post(`${BASE}/api/v2/cases`, () =>
        HttpResponse.json({ errors: [{ status: 500, resource: '/api/v2/cases', message: 'PG::StringDataRightTruncation: value too long: CANARY Ineza Uwase, "Keza"' }] }, { status: 500 }),
      ),
    )
    const error = await failureOf(connector().createCase({ name: 'CANARY Ineza Uwase', name_nickname: 'Keza' }, { id: 'b3222e84-a5d7-4692-a643-1ab3d41f17d6' }))
    expect(error.details).toMatchObject({ status: 500, retryable: true, codes: ['server-error'] })
    expect(error.details.serverMessage).toBe('PG::StringDataRightTruncation: value too long: [value], "[value]"')
    expectClean(error)
  })

  it('a proxy HTML error page is described, not quoted, and retried', async () => {
    server.use(http.get(`${BASE}/api/v2/cases/:id`, counted(new HttpResponse('<h1>502</h1><pre>CANARY Ineza</pre>', { status: 502, headers: { 'content-type': 'text/html' } }))))
    const error = await failureOf(connector().getCase(caseId))
    expect(error.details).toMatchObject({ status: 502, retryable: true, serverMessage: 'not JSON: text/html, 35 bytes' })
    expect(hits).toBe(3)
    expectClean(error)
  })

  it('a 422 detail that is not a field name is left out', async () => {
    server.use(http.patch(`${BASE}/api/v2/cases/:id`, () => HttpResponse.json({ errors: [{ status: 422, resource: '/x', detail: 'CANARY Ineza is not valid', message: ['is invalid'] }] }, { status: 422 })))
    const error = await failureOf(connector().updateCase(caseId, { age: 3 }))
    expect(error.details).toMatchObject({ status: 422, codes: ['validation'], serverMessage: 'is invalid' })
    expectClean(error)
  })
})
