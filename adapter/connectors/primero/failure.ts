/**
 * Every Primero failure becomes a ConnectorError here, and only here: no answer, an error status
 * (ErrorService `errors[]` or Devise `{error}` bodies), and answers that break the contract.
 * Nothing identifying leaves: the URL is redacted (credentials, and query values that are not technical:
 * `national_id_no=<redacted>`), credentials and every value the request carried
 * are scrubbed from what the server said, bodies that are not Primero's JSON are described (type,
 * size), never quoted, and the HTTP library's error (which holds headers and body) is not kept.
 */
import { ConnectorError, describeUrl, isRetryableStatus, parseRetryAfter } from '../errors'
import { deviseErrorSchema, type ErrorEntry, errorsBodySchema } from './schemas'
import type { TransportFailure } from './transport'

/** An answer, parsed once. The raw text is not kept: it may hold names. */
export interface PrimeroResponse {
  status: number
  /** Lower-case names. */
  headers: Record<string, string>
  /** `json`: `body` holds the parsed JSON; `text`: not JSON; `empty`: no body. */
  kind: 'json' | 'text' | 'empty'
  body?: unknown
  length: number
}

export interface RequestInfo {
  method: string
  url: string
  /** False when sending the request twice may do its work twice (a create without a client id). */
  idempotent: boolean
}

export type PrimeroFailure =
  | { type: 'transport'; failure: TransportFailure; timedOut: boolean; aborted: boolean }
  | { type: 'status'; response: PrimeroResponse }
  | { type: 'invalid'; problem: string; response?: PrimeroResponse; codes?: string[] }

/** Replaces secrets and sent values in a text. */
export type Scrub = (text: string) => string

/** Connection failures that happen before anything reached the server. */
const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH'])
/** Statuses that say the request was not processed (Primero's 503 is raised before any work). */
const NOT_PROCESSED = new Set([429, 503])
const STATUS_CODES: Record<number, string> = { 400: 'bad-request', 401: 'unauthorized', 403: 'forbidden', 404: 'not-found', 409: 'conflict', 422: 'validation', 429: 'rate-limited', 503: 'unavailable' }
const MAX_MESSAGE = 500

export function primeroError(request: RequestInfo, failure: PrimeroFailure, scrub: Scrub): ConnectorError {
  const base = { system: 'primero' as const, method: request.method, url: describeUrl(request.url) }
  const said = (message: string | undefined) => (message ? { serverMessage: clip(scrub(message)) } : {})
  const codes = (list: string[]) => (list.length ? { codes: list } : {})

  switch (failure.type) {
    case 'transport': {
      if (failure.aborted) return new ConnectorError({ ...base, kind: 'aborted', retryable: false })
      const { code, message } = failure.failure
      const unknown = !request.idempotent && !(code && NOT_SENT.has(code)) ? ['outcome-unknown'] : []
      if (failure.timedOut) return new ConnectorError({ ...base, kind: 'timeout', retryable: true, ...codes(unknown) })
      return new ConnectorError({
        ...base,
        kind: 'network',
        retryable: true,
        ...codes([...(code ? [code] : []), ...unknown]),
        ...said(message),
        cause: { code, message: scrub(message ?? '') },
      })
    }
    case 'invalid':
      return new ConnectorError({
        ...base,
        kind: 'invalid-response',
        retryable: false,
        ...(failure.response ? { status: failure.response.status } : {}),
        ...codes(failure.codes ?? []),
        ...said(failure.problem),
      })
    case 'status': {
      const { status, headers } = failure.response
      const retryable = isRetryableStatus(status)
      const retryAfterMs = parseRetryAfter(headers['retry-after'])
      const list = [STATUS_CODES[status] ?? (status >= 500 ? 'server-error' : `http-${status}`)]
      if (retryable && !request.idempotent && !NOT_PROCESSED.has(status)) list.push('outcome-unknown')
      return new ConnectorError({
        ...base,
        kind: 'http',
        status,
        retryable,
        codes: list,
        ...said(statusMessage(failure.response)),
        ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
      })
    }
  }
}

/** A one-line, value-free summary of an error answer. */
export function statusMessage(response: PrimeroResponse): string | undefined {
  if (response.status >= 300 && response.status < 400) return `redirected to ${response.headers.location ? describeUrl(response.headers.location) : '?'}`
  if (response.kind === 'empty') return undefined
  if (response.kind === 'text') return describeBody(response)
  const errors = errorsBodySchema.safeParse(response.body)
  if (errors.success) return errors.data.errors.map(describeEntry).filter(Boolean).join('; ') || undefined
  const devise = deviseErrorSchema.safeParse(response.body)
  if (devise.success) return devise.data.error
  return `JSON without an errors list (${response.length} bytes)`
}

/** What a body that is not Primero's JSON looked like, without a word of it. */
export const describeBody = (response: PrimeroResponse) =>
  `not JSON: ${response.headers['content-type']?.split(';')[0] ?? 'no content-type'}, ${response.length} bytes`

const FIELD = /^[A-Za-z_][\w.]*$/

/**
 * `detail` + `message` of one entry: validation entries name the field (or list JSON pointers) and the
 * rule broken; other `detail`s are left out, since they may echo the request.
 */
function describeEntry(entry: ErrorEntry): string {
  const message = messages(entry.message)
  const { detail } = entry
  if (Array.isArray(detail) && detail.every((d) => typeof d === 'string')) {
    const fields = detail.map((pointer) => pointer.replace(/^\//, '').replace(/\//g, '.'))
    return `${fields.join(', ')}: ${message || 'invalid'}`
  }
  if (typeof detail === 'string' && FIELD.test(detail) && (entry.status ?? entry.code) === 422) return `${detail}: ${message || 'invalid'}`
  return message
}

function messages(message: unknown): string {
  if (typeof message === 'string') return message
  if (Array.isArray(message)) return message.filter((m): m is string => typeof m === 'string').join(', ')
  return ''
}

const clip = (text: string) => (text.length > MAX_MESSAGE ? `${text.slice(0, MAX_MESSAGE)}...` : text)

/**
 * A scrubber for server messages: credentials, and every value the request body carried, as whole
 * words; the values of fields named like `*name*` also word by word (a name may come back in pieces);
 * and the `hidden` query values (see `sensitiveQueryValues`).
 */
export function scrubberFor(secrets: readonly string[], body: unknown, hidden: readonly string[] = []): Scrub {
  const values = new Set<string>(hidden)
  const visit = (value: unknown, nameLike: boolean): void => {
    if (typeof value === 'string') {
      if (value.trim().length >= 3) values.add(value.trim())
      if (nameLike) for (const word of value.split(/[\s,;:()"'`]+/)) if (word.length >= 3) values.add(word)
    } else if (Array.isArray(value)) value.forEach((v) => visit(v, nameLike))
    else if (typeof value === 'object' && value !== null) for (const [k, v] of Object.entries(value)) visit(v, nameLike || /name/i.test(k))
  }
  visit(body, false)
  const credentials = secrets.filter((s) => s.length >= 4)
  const escaped = [...values].sort((a, b) => b.length - a.length).map((v) => v.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
  const sent = escaped.length ? new RegExp(`(?<![\\p{L}\\p{N}_])(?:${escaped.join('|')})(?![\\p{L}\\p{N}_])`, 'gu') : undefined
  return (text) => {
    const out = credentials.reduce((t, secret) => t.split(secret).join('***'), text)
    return sent ? out.replace(sent, '[value]') : out
  }
}
