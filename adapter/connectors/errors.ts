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

/**
 * Query parameters whose values are paging, selection or technical switches, never about a person:
 * they stay readable in messages. Every other value (`filter`, `query`, `attribute`, a Primero
 * field search such as `national_id_no`...) may hold a child's identifier or name.
 */
export const TECHNICAL_QUERY_PARAMS: ReadonlySet<string> = new Set([
  // paging and shape
  'page', 'pageSize', 'paging', 'skipPaging', 'totalPages', 'per', 'fields', 'order', 'order_by', 'includeDeleted',
  // DHIS2 tracker selection and import switches (UIDs and enums)
  'program', 'programStage', 'trackedEntityType', 'trackedEntities', 'enrollments', 'events', 'orgUnit', 'orgUnits', 'ouMode', 'orgUnitMode', 'updatedAfter', 'updatedBefore',
  'async', 'importMode', 'importStrategy', 'atomicMode', 'dryRun', 'reportMode', 'validationMode', 'skipRuleEngine', 'skipSideEffects',
  // Primero listing
  'module_id', 'status', 'last_updated_at', 'record_state', 'id_search',
])

export const REDACTED_VALUE = '<redacted>'

/**
 * A URL as it may appear in an error or a log: no credentials, the path and every parameter name
 * kept, and the value of any parameter not in `technical` replaced by `<redacted>`
 * (`…/trackedEntities?program=IpHINAT79UW&filter=<redacted>`).
 */
export function describeUrl(url: string, technical: ReadonlySet<string> = TECHNICAL_QUERY_PARAMS): string {
  let u: URL
  try {
    u = new URL(url)
  } catch {
    return '[unparseable url]'
  }
  const query = [...u.searchParams.entries()]
    .map(([name, value]) => `${encodeURIComponent(name)}=${technical.has(name) && !/token|password|secret|key/i.test(name) ? encodeURIComponent(value) : REDACTED_VALUE}`)
    .join('&')
  return `${u.protocol}//${u.host}${u.pathname}${query ? `?${query}` : ''}`
}

/**
 * The values of a request's query that `describeUrl` hides, and their pieces (`attr:eq:<id>` gives
 * `<id>` too), so a server or transport message that echoes them can be scrubbed as well.
 */
export function sensitiveQueryValues(query: Record<string, unknown> | undefined, technical: ReadonlySet<string> = TECHNICAL_QUERY_PARAMS): string[] {
  const values = new Set<string>()
  for (const [name, raw] of Object.entries(query ?? {})) {
    if (raw === undefined || raw === null || technical.has(name)) continue
    const value = String(raw)
    if (value.trim().length >= 3) values.add(value.trim())
    for (const piece of value.split(/[:;,[\]\s]+/)) if (piece.length >= 3 && !/^(eq|ne|in|like|ilike|sw|ew|gt|ge|lt|le|null|nnull|!in|!eq)$/i.test(piece)) values.add(piece)
  }
  return [...values].sort((a, b) => b.length - a.length)
}

/** Replaces each of `values` in a text by `<redacted>`. */
export const scrubValues = (text: string, values: readonly string[]): string => values.reduce((t, v) => t.split(v).join(REDACTED_VALUE), text)
