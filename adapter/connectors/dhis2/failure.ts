/**
 * Every DHIS2 failure becomes a ConnectorError here, and only here: transport problems, error
 * statuses (WebMessage or import report bodies), contract violations and rejected imports.
 * Credentials never reach a message: the URL is redacted, known secrets are scrubbed from what
 * the server said, and the HTTP library's error (which holds the request headers) is not kept.
 * Nor does a child's identifier: query values that are not technical (a `filter` on the national
 * id, say) are shown as `<redacted>` in the URL and scrubbed from what the server or the network said.
 */
import { ConnectorError, type ConnectorErrorDetails, describeUrl, isRetryableStatus, parseRetryAfter, scrubValues } from '../errors'
import { problemsIn } from './reports'
import { webMessageSchema } from './schemas'
import type { TrackerImportReport } from './types'

export interface Dhis2Response {
  status: number
  /** Lower-case names. */
  headers: Record<string, string>
  /** Parsed JSON, or the raw text when the body is not JSON. */
  body: unknown
}

export interface RequestInfo {
  method: string
  /** The URL sent; shown only through `describeUrl`. */
  url: string
  /** Query values that must not be shown (see `sensitiveQueryValues`). */
  hidden?: readonly string[]
}

export type Dhis2Failure =
  | { type: 'transport'; error: unknown; timedOut: boolean; aborted: boolean }
  | { type: 'status'; response: Dhis2Response }
  | { type: 'invalid'; response: Dhis2Response; problem: string }
  | { type: 'rejected'; response: Dhis2Response; report: TrackerImportReport }
  | { type: 'job-timeout'; jobId: string; waitedMs: number }

/** A tracker import answered with status ERROR; `report` holds every error, keyed by uid too. */
export class TrackerImportError extends ConnectorError {
  constructor(
    details: ConnectorErrorDetails,
    readonly report: TrackerImportReport,
  ) {
    super(details)
    this.name = 'TrackerImportError'
  }
}

const MAX_LISTED = 5

export function dhis2Error(request: RequestInfo, failure: Dhis2Failure, secrets: readonly string[]): ConnectorError {
  const scrub = (text: string) => scrubValues(secrets.reduce((t, secret) => (secret.length >= 4 ? t.split(secret).join('***') : t), text), request.hidden ?? [])
  const base = { system: 'dhis2' as const, method: request.method, url: scrub(describeUrl(request.url)) }
  const said = (message: string | undefined) => (message ? { serverMessage: scrub(message) } : {})

  switch (failure.type) {
    case 'transport': {
      if (failure.aborted) return new ConnectorError({ ...base, kind: 'aborted', retryable: false })
      if (failure.timedOut) return new ConnectorError({ ...base, kind: 'timeout', retryable: true })
      const { code, message } = errorFacts(failure.error)
      return new ConnectorError({ ...base, kind: 'network', retryable: true, ...said([code, message].filter(Boolean).join(': ')), cause: { code, message: scrub(message ?? '') } })
    }
    case 'job-timeout':
      return new ConnectorError({ ...base, kind: 'timeout', retryable: true, serverMessage: `tracker job ${failure.jobId} not finished after ${failure.waitedMs} ms` })
    case 'invalid':
      return new ConnectorError({ ...base, kind: 'invalid-response', status: failure.response.status, retryable: false, ...said(failure.problem) })
    case 'rejected': {
      const { errors } = failure.report
      const listed = errors.slice(0, MAX_LISTED).map((e) => `${e.errorCode}${e.uid ? ` ${e.uid}` : ''}: ${e.message}`)
      const more = errors.length > MAX_LISTED ? ` (and ${errors.length - MAX_LISTED} more)` : ''
      const details: ConnectorErrorDetails = {
        ...base,
        kind: 'http',
        status: failure.response.status,
        retryable: false,
        codes: unique(errors.map((e) => e.errorCode)),
        ...said(`import rejected, status ERROR: ${listed.join('; ') || 'no error reports'}${more}`),
      }
      return new TrackerImportError(details, failure.report)
    }
    case 'status': {
      const { status, headers, body } = failure.response
      const retryAfterMs = parseRetryAfter(headers['retry-after'])
      const { message, codes } = statusMessage(status, headers, body)
      return new ConnectorError({
        ...base,
        kind: 'http',
        status,
        retryable: isRetryableStatus(status),
        ...(codes.length ? { codes } : {}),
        ...said(message),
        ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
      })
    }
  }
}

function statusMessage(status: number, headers: Record<string, string>, body: unknown): { message?: string; codes: string[] } {
  if (status >= 300 && status < 400)
    return { message: `redirected to ${headers.location ? describeUrl(headers.location) : '?'}: DHIS2 sends API clients to its login page when it does not accept the credentials`, codes: [] }
  if (typeof body === 'string') return { message: snippet(body) || undefined, codes: [] }
  const web = webMessageSchema.safeParse(body)
  const problems = problemsIn(body)
  const parts = [
    web.success ? web.data.message : undefined,
    web.success && web.data.devMessage !== web.data.message ? web.data.devMessage : undefined,
    ...problems.slice(0, MAX_LISTED).map((p) => `${p.code}${p.uid ? ` ${p.uid}` : ''}: ${p.message}`),
  ].filter((p): p is string => Boolean(p))
  const codes = unique([...(web.success && web.data.errorCode ? [web.data.errorCode] : []), ...problems.map((p) => p.code)])
  return { message: parts.length ? parts.join('; ') : undefined, codes }
}

/** An HTML error page from a proxy, reduced to its text. */
const snippet = (text: string) => text.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 200)

const unique = (values: string[]) => [...new Set(values)]

function errorFacts(error: unknown): { code?: string; message?: string } {
  if (typeof error !== 'object' || error === null) return { message: String(error) }
  const { code, message } = error as { code?: unknown; message?: unknown }
  return { ...(typeof code === 'string' ? { code } : {}), ...(typeof message === 'string' ? { message } : {}) }
}
