import { INVALID_CREDENTIALS } from '../../../tests/emulators/primero'
import { connect, expectClean, failureOf, PASSWORD, serve, type Served, USER } from './testing'

describe('Primero connector: authentication', () => {
  let now = Date.parse('2026-01-05T08:00:00.000Z')
  let served: Served
  let caseId: string
  beforeAll(async () => {
    served = await serve({ clock: () => new Date(now) })
    caseId = String(served.emulator.seedCases(1)[0]?.id)
  })
  afterAll(() => served.stop())
  beforeEach(() => served.emulator.clearRequestLog())
  const logins = () => served.emulator.countRequests({ method: 'POST', path: '/api/v2/tokens' })

  it('token scheme: one login shared by concurrent requests, then bearer tokens', async () => {
    const { connector } = connect(served.baseUrl, { auth: { username: USER, password: PASSWORD, scheme: 'token' } })
    const cases = await Promise.all([connector.getCase(caseId), connector.getCase(caseId), connector.listReferrals(caseId)])
    expect(cases[0].id).toBe(caseId)
    expect(logins()).toBe(1)
    expect(served.emulator.requests.filter((r) => r.path !== '/api/v2/tokens').map((r) => [r.status, r.user])).toEqual([
      [200, 'primero'],
      [200, 'primero'],
      [200, 'primero'],
    ])
  })

  it('token scheme: logs in again once when the token has expired', async () => {
    const { connector } = connect(served.baseUrl, { auth: { username: USER, password: PASSWORD, scheme: 'token' } })
    await connector.getCase(caseId)
    now += 61 * 60 * 1000
    expect((await connector.getCase(caseId)).id).toBe(caseId)
    expect(served.emulator.requests.map((r) => [r.method, r.path.replace(caseId, ':id'), r.status])).toEqual([
      ['POST', '/api/v2/tokens', 200],
      ['GET', '/api/v2/cases/:id', 200],
      ['GET', '/api/v2/cases/:id', 401],
      ['POST', '/api/v2/tokens', 200],
      ['GET', '/api/v2/cases/:id', 200],
    ])
  })

  it('token scheme: a refused login is a non-retryable 401 with the server message, and is tried again next time', async () => {
    const wrong = 'not-the-CANARY-password'
    const { connector } = connect(served.baseUrl, { auth: { username: USER, password: wrong, scheme: 'token' } })
    const error = await failureOf(connector.getCase(caseId))
    expect(error.details).toMatchObject({ status: 401, retryable: false, codes: ['unauthorized'], serverMessage: INVALID_CREDENTIALS, url: `${served.baseUrl}/api/v2/tokens` })
    expectClean(error, [wrong])
    await failureOf(connector.getCase(caseId))
    expect(logins()).toBe(2)
    expect(served.emulator.countRequests({ path: '/api/v2/cases' })).toBe(0)
  })

  it('a fixed bearer token is sent as is and never printed when refused', async () => {
    const token = served.emulator.tokenFor('primero_cp')
    expect((await connect(served.baseUrl, { auth: { token } }).connector.getCase(caseId)).id).toBe(caseId)
    expect(served.emulator.requests[0]?.user).toBe('primero_cp')
    const forged = `${token.slice(0, -4)}AAAA`
    const error = await failureOf(connect(served.baseUrl, { auth: { token: forged } }).connector.getCase(caseId))
    expect(error.details).toMatchObject({ status: 401, retryable: false, serverMessage: 'Signature verification failed' })
    expectClean(error, [forged, token])
  })

  it('refuses configurations that would leak or misroute credentials', () => {
    expect(() => connect('https://primero:secret@cpims.test')).toThrow('must not carry credentials')
    expect(() => connect('https://cpims.test/api/v2')).toThrow('without /api/v2')
    expect(() => connect('ftp://cpims.test')).toThrow('http(s)')
    expect(() => connect(served.baseUrl, { auth: { username: USER, password: '' } })).toThrow('password')
    expect(() => connect(served.baseUrl, { timeoutMs: 0 })).toThrow('timeoutMs')
  })
})
