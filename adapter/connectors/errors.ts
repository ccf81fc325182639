/**
 * One error type for every connector, decided in one place from what happened:
 * the pipelines ask only "retry or not, and when", and print the server's own message.
 */
export type ExternalSystem = 'dhis2' | 'fhir' | 'primero'

export type FailureKind =
  /** No answer: refused, reset, DNS, TLS. */
  | 'network'
  | 'timeout'
  /** The server answered with an error status. */
  | 'http'
  /** The server answered 2xx but the body is not what its contract says. */
  | 'invalid-response'
  /** The request was aborted by us (shutdown). */
  | 'aborted'

export interface ConnectorErrorDetails {
  system: ExternalSystem
  kind: FailureKind
  method: string
  /** Without credentials or query secrets. */
  url: string
  status?: number
  /** What the server said, e.g. an OperationOutcome diagnostics or a DHIS2 import report message. */
  serverMessage?: string
  /** Server-specific error codes, e.g. DHIS2 E1064 or FHIR issue codes. */
  codes?: string[]
  retryable: boolean
  /** From Retry-After, when the server sent one. */
  retryAfterMs?: number
  cause?: unknown
}

export class ConnectorError extends Error {
  readonly details: ConnectorErrorDetails

  constructor(details: ConnectorErrorDetails) {
    // Servers quote offending values in their messages (DHIS2: "Value `Uwase` is not..."):
    // those may be a child's name, so they never enter an error, a log or a dead letter.
    const safe = details.serverMessage === undefined ? details : { ...details, serverMessage: redactQuotedValues(details.serverMessage) }
    super(describe(safe), safe.cause === undefined ? undefined : { cause: safe.cause })
    this.name = 'ConnectorError'
    this.details = safe
  }

  get retryable(): boolean {
    return this.details.retryable
  }
}

function describe(d: ConnectorErrorDetails): string {
  const where = `${d.system} ${d.method} ${d.url}`
  const codes = d.codes?.length ? ` [${d.codes.join(', ')}]` : ''
  switch (d.kind) {
    case 'network':
      return `${where}: cannot reach the server${d.serverMessage ? ` (${d.serverMessage})` : ''}`
    case 'timeout':
      return `${where}: no answer in time`
    case 'aborted':
      return `${where}: aborted`
    case 'invalid-response':
      return `${where}: unexpected response: ${d.serverMessage ?? 'does not match the API contract'}`
    case 'http':
      return `${where}: HTTP ${d.status}${codes}${d.serverMessage ? `: ${d.serverMessage}` : ''}`
  }
}

/** 5xx, 429 and 408 are worth retrying; other 4xx mean the request itself is wrong. */
export const isRetryableStatus = (status: number) => status >= 500 || status === 429 || status === 408

/** Retry-After is seconds or an HTTP date; anything else is ignored. */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined
  const trimmed = value.trim()
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000
  const at = Date.parse(trimmed)
  return Number.isNaN(at) ? undefined : Math.max(0, at - now)
}

/**
 * Replaces quoted values in a server message with [value], keeping DHIS2 UIDs, error
 * codes and short technical words, which say where the problem is without saying who.
 */
export function redactQuotedValues(message: string): string {
  return message.replace(/(`|"|'|\u2018|\u201c)([^`"'\u2019\u201d]{1,500}?)(`|"|'|\u2019|\u201d)/g, (whole, open: string, inner: string, close: string) =>
    /^[A-Za-z][A-Za-z0-9]{10}$/.test(inner) || /^[A-Z][A-Z0-9_]*$/.test(inner) || /^[a-z][a-zA-Z]*(\.[a-zA-Z]+)*$/.test(inner) ? whole : `${open}[value]${close}`,
  )
}

/** Removes credentials from a URL for messages and logs. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url)
    if (u.password) u.password = '***'
    for (const key of [...u.searchParams.keys()]) if (/token|password|secret|key/i.test(key)) u.searchParams.set(key, '***')
    return u.toString()
  } catch {
    return url.replace(/\/\/[^@/]*@/, '//***@')
  }
}
