import { fhirError, type FhirFailure } from './failure'

const request = { method: 'GET', url: 'https://fhir.test/fhir/Task?_count=10' }
const thrown = (error: unknown): FhirFailure => ({ type: 'thrown', error, timedOut: false, aborted: false })
const kitError = (status: number, data: unknown, headers: Record<string, string> = {}) =>
  Object.assign(new Error(`HTTP ${status}`), { response: { status, data }, config: { headers: new Headers(headers) } })
const outcome = (code: string, diagnostics: string) => ({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code, diagnostics }] })

describe('fhirError: one decision per failure', () => {
  it.each([
    ['a refused connection', Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED', message: 'connect ECONNREFUSED' } }), 'ECONNREFUSED: connect ECONNREFUSED'],
    ['a connection lost mid-body', Object.assign(new TypeError('terminated'), { cause: { code: 'UND_ERR_SOCKET', message: 'other side closed' } }), 'UND_ERR_SOCKET: other side closed'],
  ])('%s is a retryable network failure', (_name, error, message) => {
    expect(fhirError(request, thrown(error), []).details).toMatchObject({ kind: 'network', retryable: true, serverMessage: message })
  })

  it.each([
    [500, outcome('exception', 'boom'), true],
    [503, 'Service Unavailable', true],
    [408, outcome('timeout', 'slow'), true],
    [409, outcome('lock', 'row locked'), true],
    [423, outcome('transient', 'try later'), true],
    [400, outcome('invalid', 'bad'), false],
    [404, outcome('not-found', 'gone'), false],
    [409, outcome('conflict', 'version'), false],
    [422, outcome('processing', 'rule'), false],
  ])('HTTP %s %j -> retryable %s', (status, body, retryable) => {
    expect(fhirError(request, thrown(kitError(status, body)), []).details).toMatchObject({ kind: 'http', status, retryable })
  })

  it('keeps Retry-After and the text of a non-FHIR error page', () => {
    const error = fhirError(request, thrown(kitError(502, '<html><h1>Bad gateway</h1></html>', { 'retry-after': '5' })), [])
    expect(error.details).toMatchObject({ retryable: true, retryAfterMs: 5000, serverMessage: 'Bad gateway' })
    expect(error.details.codes).toBeUndefined()
  })

  it('calls a 2xx that is not JSON an invalid response', () => {
    expect(fhirError(request, thrown(kitError(200, 'OK')), []).details).toMatchObject({ kind: 'invalid-response', status: 200, retryable: false, serverMessage: 'not JSON: OK' })
  })

  it('tells a timeout from a shutdown', () => {
    expect(fhirError(request, { type: 'thrown', error: new Error('x'), timedOut: true, aborted: false }, []).details.kind).toBe('timeout')
    expect(fhirError(request, { type: 'thrown', error: new Error('x'), timedOut: true, aborted: true }, []).details.kind).toBe('aborted')
  })
})
