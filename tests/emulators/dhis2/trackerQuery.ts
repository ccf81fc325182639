import { canSearch, canCapture } from './access'
import { parseQueryDate, timestampMillis } from './clock'
import type { MetadataStore } from './metadataStore'
import { isValidUid } from './uid'
import type { Dhis2Version, JsonObject, ResolvedUser } from './types'
import { isSuperUser } from './types'

/**
 * Shared pieces of the export endpoints: UID lists, org unit modes, time windows, ordering, attribute
 * filters, paging and the version-specific envelopes:
 * - 2.40: `{page, pageSize, total?, instances}`
 * - 2.41: `{pager: {page, pageSize, total?, pageCount?, prevPage?, nextPage?}, page, pageSize, total?, pageCount?, <entity>}`
 *   (flat fields deprecated)
 * - 2.42: `{pager: {...}, <entity>}`; total/pageCount only with `totalPages=true` (also in 2.40/2.41).
 */
export const list = (url: URL, ...names: string[]): string[] =>
  names.flatMap((n) => url.searchParams.getAll(n).flatMap((v) => v.split(/[,;]/))).map((v) => v.trim()).filter((v) => v !== '')

export class QueryError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message)
  }
}

/**
 * The org unit predicate for `orgUnit(s)` + `orgUnitMode`; ACCESSIBLE when neither is given. ALL needs
 * the superuser here (DHIS2 also accepts the search-in-all-org-units authority); results stay within
 * the user's search scope.
 */
export function orgUnitPredicate(meta: MetadataStore, user: ResolvedUser, url: URL): (orgUnit: string) => boolean {
  const selected = list(url, 'orgUnits', 'orgUnit')
  const mode = (url.searchParams.get('orgUnitMode') ?? url.searchParams.get('ouMode') ?? (selected.length ? 'SELECTED' : 'ACCESSIBLE')).toUpperCase()
  const visible = (ou: string) => canSearch(meta, user, ou)
  switch (mode) {
    case 'ALL':
      if (!isSuperUser(user)) throw new QueryError(403, 'Current user is not authorized to query across all organisation units')
      return () => true
    case 'ACCESSIBLE':
      return visible
    case 'CAPTURE':
      return (ou) => canCapture(meta, user, ou)
    case 'SELECTED':
    case 'CHILDREN':
    case 'DESCENDANTS': {
      if (selected.length === 0) throw new QueryError(400, `At least one org unit is required for orgUnitMode: ${mode}`)
      const roots = new Set(selected)
      if (mode === 'CHILDREN') for (const ou of selected) meta.children(ou).forEach((c) => roots.add(c))
      return (ou) => visible(ou) && (mode === 'DESCENDANTS' ? meta.inScope(ou, [...roots]) : roots.has(ou))
    }
    default:
      throw new QueryError(400, `Value ${mode} is not valid for parameter orgUnitMode.`)
  }
}

/** `updatedAfter` / `updatedBefore` (and any other `<field>After/Before` pair) on a zone-less timestamp. */
export function windowPredicate(url: URL, param: string): (timestamp: string | undefined) => boolean {
  const after = parseQueryDate(url.searchParams.get(`${param}After`))
  const before = parseQueryDate(url.searchParams.get(`${param}Before`))
  return (ts) => {
    if (after === undefined && before === undefined) return true
    if (ts === undefined) return false
    const t = timestampMillis(ts)
    return (after === undefined || t >= after) && (before === undefined || t <= before)
  }
}

/**
 * `order=<field|uid>[:asc|desc][,...]`, as dhis2-core's tracker exporters read it (2.41+):
 * - criteria are comma-separated and apply in the order given; the direction is case-insensitive
 *   and defaults to `asc`; `field` is case-sensitive; each field or UID at most once;
 * - allowed fields per endpoint are the `ORDERABLE_FIELDS` of dhis2-core's Event/Enrollment/
 *   TrackedEntityMapper (listed below); events also take data element and tracked entity attribute
 *   UIDs, tracked entities attribute UIDs, enrollments (and relationships) fields only;
 * - data element values sort as SQL `cast(value as numeric)` for numeric value types and
 *   `lower(value)` otherwise (so ISO dates sort chronologically); attribute values sort as their
 *   raw text (also numeric ones: "10" before "9"); text compares with an en-US collation
 *   (approximating PostgreSQL's `en_US.UTF-8`);
 * - no `NULLS FIRST/LAST` is given, so PostgreSQL's default applies: a missing value sorts after
 *   every value ascending and before every value descending;
 * - ties, and the whole list when `order` is absent, go by internal id descending (newest first).
 * The 400 messages are RequestParamsValidator's / the OperationParamsMappers'.
 */
export type OrderEndpoint = 'trackedEntities' | 'enrollments' | 'events' | 'relationships'

export interface OrderCriterion {
  field: string
  direction: 'asc' | 'desc'
}

export const ORDERABLE_FIELDS: Record<OrderEndpoint, readonly string[]> = {
  events: [
    'assignedUser', 'assignedUserDisplayName', 'attributeOptionCombo', 'completedAt', 'completedBy', 'createdAt',
    'createdAtClient', 'createdBy', 'deleted', 'enrolledAt', 'enrollment', 'enrollmentStatus', 'event', 'followUp',
    // deprecated in 2.41, still accepted (EventMapper.ORDERABLE_FIELDS)
    'followup',
    'occurredAt', 'orgUnit', 'program', 'programStage', 'scheduledAt', 'status', 'storedBy', 'trackedEntity',
    'updatedAt', 'updatedAtClient', 'updatedBy',
  ],
  enrollments: ['completedAt', 'createdAt', 'createdAtClient', 'enrolledAt', 'updatedAt', 'updatedAtClient'],
  trackedEntities: ['createdAt', 'createdAtClient', 'enrolledAt', 'inactive', 'trackedEntity', 'updatedAt', 'updatedAtClient'],
  relationships: ['createdAt', 'createdAtClient'],
}

/** What a UID in `order` may stand for, per endpoint (RequestParamsValidator's `uidMeaning`). */
const UID_MEANING: Partial<Record<OrderEndpoint, string>> = { events: 'data element and attribute', trackedEntities: 'attribute' }

const FORMAT_HINT = "Valid formats are 'field:direction' or 'field'. Valid directions are 'asc' or 'desc'. Direction defaults to 'asc'."

/** Parses and validates `order` for an endpoint; 400 (QueryError) as DHIS2 answers. */
export function parseOrder(url: URL, endpoint: OrderEndpoint): OrderCriterion[] {
  const parts = url.searchParams
    .getAll('order')
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter((v) => v !== '')
  const criteria = parts.map((part): OrderCriterion => {
    const props = part.split(':')
    if (props.length > 2) throw new QueryError(400, `Invalid order property: '${part}'. ${FORMAT_HINT}`)
    const field = (props[0] ?? '').trim()
    if (field === '') throw new QueryError(400, `Missing field name in order property: '${part}'. ${FORMAT_HINT}`)
    const direction = (props[1] ?? 'asc').trim().toLowerCase()
    if (direction !== 'asc' && direction !== 'desc') throw new QueryError(400, `'${props[1]?.trim()}' is not a valid sort direction. ${FORMAT_HINT}`)
    return { field, direction }
  })
  if (criteria.length === 0) return criteria

  const supported = ORDERABLE_FIELDS[endpoint]
  const meaning = UID_MEANING[endpoint]
  const sorted = [...supported].sort().join(', ')
  const suffix = meaning
    ? `Supported are ${meaning} UIDs and fields '${sorted}'. All of which can at most be specified once.`
    : `Supported fields are '${sorted}'. All of which can at most be specified once.`
  const invalid = [...new Set(criteria.map((c) => c.field))].filter((f) => !supported.includes(f) && !(meaning && isValidUid(f)))
  if (invalid.length) throw new QueryError(400, `order parameter is invalid. Cannot order by '${invalid.join(', ')}'. ${suffix}`)
  const seen = new Set<string>()
  const repeated = new Set(criteria.map((c) => c.field).filter((f) => (seen.has(f) ? true : (seen.add(f), false))))
  if (repeated.size) throw new QueryError(400, `order parameter is invalid. '${[...repeated].join(', ')}' are repeated. ${suffix}`)
  return criteria
}

/** A sort key: a number, text, boolean, or null/undefined when the item has no value. */
export type SortKey = string | number | boolean | null | undefined

const NUMERIC_VALUE_TYPES = new Set(['NUMBER', 'UNIT_INTERVAL', 'PERCENTAGE', 'INTEGER', 'INTEGER_POSITIVE', 'INTEGER_NEGATIVE', 'INTEGER_ZERO_OR_POSITIVE'])

/** A data element value as JdbcEventStore orders it: numeric value types as numbers, others lower-cased text. */
export function dataValueKey(valueType: string | undefined, value: string | undefined): SortKey {
  if (value === undefined || value === '') return null
  if (valueType && NUMERIC_VALUE_TYPES.has(valueType)) {
    const n = Number(value)
    return Number.isNaN(n) ? null : n
  }
  return value.toLowerCase()
}

const collator = new Intl.Collator('en-US')
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}(T[\d:.]+)?$/

function compareKeys(a: SortKey, b: SortKey): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b)
  const sa = String(a)
  const sb = String(b)
  // timestamp columns compare as timestamps; zone-less ISO text orders chronologically code unit by code unit
  if (TIMESTAMP.test(sa) && TIMESTAMP.test(sb)) return sa < sb ? -1 : sa > sb ? 1 : 0
  return collator.compare(sa, sb)
}

const missing = (k: SortKey) => k === null || k === undefined || k === ''

/**
 * Sorts by the criteria, each read through `keyOf`, then by internal id descending. Missing values
 * come last ascending and first descending (PostgreSQL's default NULLS LAST / NULLS FIRST).
 */
export function sortByOrder<T extends { seq: number }>(items: T[], criteria: OrderCriterion[], keyOf: (item: T, field: string) => SortKey): T[] {
  const keyed = items.map((item) => ({ item, keys: criteria.map((c) => keyOf(item, c.field)) }))
  keyed.sort((x, y) => {
    for (let i = 0; i < criteria.length; i++) {
      const sign = criteria[i]!.direction === 'asc' ? 1 : -1
      const a = x.keys[i]
      const b = y.keys[i]
      const am = missing(a)
      const bm = missing(b)
      if (am && bm) continue
      // NULL is larger than any value in PostgreSQL
      if (am || bm) return (am ? 1 : -1) * sign
      const c = compareKeys(a, b)
      if (c !== 0) return c * sign
    }
    return y.item.seq - x.item.seq
  })
  return keyed.map((k) => k.item)
}

/** `filter=<uid>:<op>:<value>[:<op>:<value>]` on attribute or data values (EQ, NE, LIKE, SW, EW, IN, GT, GE, LT, LE, NULL, !NULL). */
export function valueFilters(url: URL): ((values: Map<string, { value: string }>) => boolean)[] {
  return url.searchParams.getAll('filter').map((filter) => {
    const [id = '', ...rest] = filter.split(':')
    const tests: ((v: string | undefined) => boolean)[] = []
    for (let i = 0; i < rest.length; ) {
      const op = (rest[i] ?? '').toUpperCase()
      if (op === 'NULL' || op === '!NULL') {
        tests.push((v) => (op === 'NULL' ? v === undefined : v !== undefined))
        i += 1
        continue
      }
      const arg = rest[i + 1] ?? ''
      i += 2
      const num = (v: string) => (Number.isNaN(Number(v)) || Number.isNaN(Number(arg)) ? [v, arg] : [Number(v), Number(arg)])
      tests.push((v) => {
        if (v === undefined) return false
        const [a, b] = num(v) as [string | number, string | number]
        const lower = v.toLowerCase()
        const larg = arg.toLowerCase()
        switch (op) {
          case 'EQ': return lower === larg
          case 'NE': case 'NEQ': return lower !== larg
          case 'LIKE': return lower.includes(larg)
          case 'SW': return lower.startsWith(larg)
          case 'EW': return lower.endsWith(larg)
          case 'IN': return larg.split(';').includes(lower)
          case 'GT': return a > b
          case 'GE': return a >= b
          case 'LT': return a < b
          case 'LE': return a <= b
          default: throw new QueryError(400, `Query operator is not supported: ${op}`)
        }
      })
    }
    return (values) => tests.every((t) => t(values.get(id)?.value))
  })
}

export const entityKey = { trackedEntities: 'trackedEntities', enrollments: 'enrollments', events: 'events', relationships: 'relationships' } as const

/** Pages and wraps rendered items in the version's envelope. */
export function envelope(version: Dhis2Version, url: URL, key: keyof typeof entityKey, items: unknown[]): JsonObject {
  const arrayKey = version === '2.40' ? 'instances' : key
  if (url.searchParams.get('paging') === 'false' || url.searchParams.get('skipPaging') === 'true') return { [arrayKey]: items }
  const page = Math.max(1, Number.parseInt(url.searchParams.get('page') ?? '1', 10) || 1)
  const pageSize = Math.max(1, Number.parseInt(url.searchParams.get('pageSize') ?? '50', 10) || 50)
  const slice = items.slice((page - 1) * pageSize, page * pageSize)
  const withTotals = url.searchParams.get('totalPages') === 'true'
  const totals = withTotals ? { total: items.length, pageCount: Math.ceil(items.length / pageSize) } : {}
  if (version === '2.40') return { page, pageSize, ...(withTotals ? { total: items.length } : {}), instances: slice }
  const link = (p: number) => {
    const next = new URL(url)
    next.searchParams.set('page', String(p))
    return next.toString()
  }
  const pager = {
    page,
    pageSize,
    ...totals,
    ...(page > 1 ? { prevPage: link(page - 1) } : {}),
    ...(items.length > page * pageSize ? { nextPage: link(page + 1) } : {}),
  }
  if (version === '2.41') return { pager, page, pageSize, ...totals, [key]: slice }
  return { pager, [key]: slice }
}
