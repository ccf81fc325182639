/**
 * Every FHIR failure becomes a ConnectorError here, and only here. Retryable: 5xx, 429, 408,
 * timeouts, lost connections, and OperationOutcome issue codes transient/throttled/timeout/lock
 * whatever the status; any other 4xx fails fast with the server's diagnostics. The bearer token
 * never reaches a message: URLs are redacted, the token is scrubbed from what the server said, and
 * fhir-kit-client's error object is not kept.
 */
import { ConnectorError, isRetryableStatus, parseRetryAfter, redactUrl } from '../errors'
import { summarizeOutcome } from './outcome'

export interface RequestInfo {
  method: string
  url: string
}

export type FhirFailure =
  /** What a fhir-kit-client call threw: an error status, an unparsable body, an abort, a lost connection. */
  | { type: 'thrown'; error: unknown; timedOut: boolean; aborted: boolean }
  /** A 2xx answer that breaks the contract. */
  | { type: 'invalid'; status: number; problem: string }
  /** A paging link (of the page at the request URL) to another origin: not followed, the token stays home. */
  | { type: 'foreign-link'; origin: string }

interface KitError {
  response?: { status?: unknown; data?: unknown }
  config?: { headers?: unknown }
}

export function fhirError(request: RequestInfo, failure: FhirFailure, secrets: readonly string[]): ConnectorError {
  const scrub = (text: string) => secrets.reduce((t, secret) => (secret.length >= 4 ? t.split(secret).join('***') : t), text)
  const base = { system: 'fhir' as const, method: request.method, url: scrub(redactUrl(request.url)) }
  const said = (message: string | undefined) => (message ? { serverMessage: scrub(message) } : {})

  switch (failure.type) {
    case 'invalid':
      return new ConnectorError({ ...base, kind: 'invalid-response', status: failure.status, retryable: false, ...said(failure.problem) })
    case 'foreign-link':
      return new ConnectorError({
        ...base,
        kind: 'invalid-response',
        retryable: false,
        serverMessage: `the next page is on another origin (${failure.origin}): not followed, so the token is not sent there`,
      })
    case 'thrown': {
      if (failure.aborted) return new ConnectorError({ ...base, kind: 'aborted', retryable: false })
      if (failure.timedOut) return new ConnectorError({ ...base, kind: 'timeout', retryable: true })
      const error = failure.error as KitError
      const status = typeof error?.response?.status === 'number' ? error.response.status : undefined
      if (status === undefined) {
        // Checked by name: the error may come from another realm (Jest's sandbox, undici's own).
        if (isFetchFailure(failure.error)) {
          const cause = (failure.error as { cause?: { code?: unknown; message?: unknown } }).cause
          const detail = [cause?.code, cause?.message].filter((p): p is string => typeof p === 'string').join(': ')
          return new ConnectorError({ ...base, kind: 'network', retryable: true, ...said(detail || 'fetch failed') })
        }
        // Anything else thrown inside the call: in practice a JSON body that is not an object (`null`,
        // `42`), which fhir-kit-client cannot decorate.
        return new ConnectorError({ ...base, kind: 'invalid-response', retryable: false, ...said(errorMessage(failure.error)) })
      }
      const data = error.response?.data
      if (status >= 200 && status < 300)
        return new ConnectorError({ ...base, kind: 'invalid-response', status, retryable: false, ...said(`not JSON: ${snippet(data)}`) })
      const outcome = summarizeOutcome(data)
      const retryAfterMs = parseRetryAfter(header(error.config?.headers, 'retry-after'))
      return new ConnectorError({
        ...base,
        kind: 'http',
        status,
        retryable: isRetryableStatus(status) || (outcome?.transient ?? false),
        ...(outcome?.codes.length ? { codes: outcome.codes } : {}),
        ...said(outcome ? outcome.message : snippet(data) || undefined),
        ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
      })
    }
  }
}

/** fhir-kit-client puts the response headers (a Headers object) under `config.headers`. */
function header(headers: unknown, name: string): string | undefined {
  const get = (headers as { get?: unknown } | undefined)?.get
  return typeof get === 'function' ? ((get.call(headers, name) as string | null) ?? undefined) : undefined
}

const isFetchFailure = (error: unknown) => {
  const { name, message } = (error ?? {}) as { name?: unknown; message?: unknown }
  // undici: `fetch failed` before an answer, `terminated` when the connection dies mid-body.
  return name === 'TypeError' && (message === 'fetch failed' || message === 'terminated')
}

function snippet(data: unknown): string {
  const text = typeof data === 'string' ? data : data === undefined ? '' : JSON.stringify(data)
  return text.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 200)
}

const errorMessage = (error: unknown) => {
  const message = (error as { message?: unknown } | null)?.message
  return typeof message === 'string' ? message : String(error)
}
