import { ID_SEARCH_FIELDS, SHORT_FIELDS, SYSTEM_FIELDS } from './fields'
import { ApiError, compactDeep, errorResponse } from './http'
import type { CaseRow, JsonObject } from './types'

/**
 * `GET /api/v2/cases` as Primero's Record#index + SearchFilterService + PhoneticSearchService do it:
 * - `page` (default 1), `per` (default 20). `metadata` echoes the `per` actually used. Above `maxPer`
 *   (1000) the emulator clamps: Primero's docs state a maximum of 1000 but the Pagination concern we
 *   read does not enforce it, so an adapter must page by `metadata.total`, never assume `per` was honoured.
 * - `order_by` (default `created_at`) and `order` (default `desc`; anything but asc/desc means asc) sort on
 *   `data->order_by`; missing values sort last ascending, first descending (PostgreSQL NULLs). Equal sort
 *   keys are ordered by `id` here; PostgreSQL gives no such guarantee, so ties can shift between pages.
 * - `fields`: comma-separated names, or `short`; `id` is always present. `id_search=true` implies `short`.
 * - `query`: case-insensitive prefix match on the id fields (`case_id`, `short_id`, `case_id_display`...).
 * - Any other parameter named after a known field filters (DestringifyService with lists and ranges):
 *   `a,b` any of; `from..to` inclusive range, `from..` open-ended (dates compare by day when the bound is a
 *   date, by instant when it is a date-time; numbers numerically); `true`/`false` booleans; digits
 *   integers; else equality (array fields: contains). Unknown parameters are ignored, as Primero does.
 *   A range without a lower bound (`..to`) builds no filter object in Primero's SearchFilterService
 *   (it needs `from` to be a date or a number) and the search then fails: the emulator answers the 500
 *   that code path produces, so an adapter always sends a lower bound (`1970-01-01T00:00:00Z..to`).
 * Not emulated: phonetic search (`phonetic=true`), user/agency/group query scopes (every user sees every
 * case), `or`/`not` filters, location hierarchy filters, `record_state` defaults of the web UI.
 */
const EXCLUDED = new Set(['format', 'controller', 'action', 'page', 'per', 'order', 'order_by', 'fields', 'id_search', 'query', 'phonetic', 'total', 'query_scope'])
const DATE = /^\d{4}-\d{2}-\d{2}$/
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/

type Scalar = string | number | boolean | { date: string } | { time: number }
type Filter = (data: JsonObject) => boolean

function destringify(text: string): Scalar | undefined {
  if (text === '') return undefined
  if (DATE.test(text)) return { date: text }
  if (DATE_TIME.test(text) && !Number.isNaN(Date.parse(text))) return { time: Date.parse(text) }
  if (text === 'true' || text === 'false') return text === 'true'
  if (/^\d+$/.test(text)) return Number(text)
  return text
}

/** A stored value made comparable with a parsed bound (day for dates, epoch ms for times). */
function comparable(stored: unknown, bound: Scalar): number | string | boolean | undefined {
  if (typeof bound === 'object') {
    if (typeof stored !== 'string' || Number.isNaN(Date.parse(stored))) return undefined
    return 'date' in bound ? stored.slice(0, 10) : Date.parse(stored)
  }
  return typeof stored === typeof bound ? (stored as number | string | boolean) : undefined
}
const key = (bound: Scalar): number | string | boolean => (typeof bound === 'object' ? ('date' in bound ? bound.date : bound.time) : bound)

function equals(stored: unknown, value: Scalar): boolean {
  if (Array.isArray(stored)) return stored.some((s) => equals(s, value))
  const c = comparable(stored, value)
  return c !== undefined && c === key(value)
}

function buildFilter(field: string, text: string, resource: string): Filter | undefined {
  if (text.includes(',')) {
    const values = text.split(',').map(destringify).filter((v): v is Scalar => v !== undefined)
    return (data) => values.some((v) => equals(data[field], v))
  }
  if (text.includes('..')) {
    const [fromText = '', toText = ''] = text.split('..')
    const from = destringify(fromText)
    const to = destringify(toText)
    const ranged = from !== undefined && (typeof from === 'number' || typeof from === 'object')
    if (!ranged) {
      throw new ApiError(errorResponse(500, resource, "undefined method `not_filter' for nil:NilClass"))
    }
    return (data) => {
      const low = comparable(data[field], from)
      if (low === undefined || low < key(from)) return false
      if (to === undefined) return true
      const high = comparable(data[field], to)
      return high !== undefined && high <= key(to)
    }
  }
  const value = destringify(text)
  return value === undefined ? undefined : (data) => equals(data[field], value)
}

function compare(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b
  return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0
}

/** `api/v2/records/_record`: `id` first, then the selected, non-null fields; hidden names masked. */
export function renderCase(row: CaseRow, selected?: readonly string[]): JsonObject {
  const data = compactDeep(row.data) as JsonObject
  const picked: JsonObject = { id: row.id }
  for (const [k, v] of Object.entries(data)) if (!selected || selected.includes(k)) picked[k] = v
  if (row.data.hidden_name === true && 'name' in picked) picked.name = '*******'
  return picked
}

export interface ListOptions {
  writable: Record<string, unknown>
  maxPer: number
  resource: string
}

export function listCases(rows: Iterable<CaseRow>, params: URLSearchParams, options: ListOptions): JsonObject {
  const known = new Set([...Object.keys(options.writable), ...SYSTEM_FIELDS])
  const filters: Filter[] = []
  for (const [name, text] of params) {
    if (EXCLUDED.has(name) || !known.has(name)) continue
    const filter = buildFilter(name, text, options.resource)
    if (filter) filters.push(filter)
  }
  const query = params.get('query')?.toLowerCase()
  let matched = [...rows].filter((row) => filters.every((f) => f(row.data)))
  if (query) matched = matched.filter((row) => ID_SEARCH_FIELDS.some((f) => String(row.data[f] ?? '').toLowerCase().startsWith(query)))

  const orderBy = params.get('order_by') || 'created_at'
  const direction = (params.get('order') || 'desc') === 'desc' ? -1 : 1
  const value = (row: CaseRow) => (orderBy === 'id' ? row.id : row.data[orderBy])
  const isNull = (v: unknown) => v === undefined || v === null
  matched.sort((a, b) => {
    const [va, vb] = [value(a), value(b)]
    if (isNull(va) && isNull(vb)) return compare(a.id, b.id)
    if (isNull(va) || isNull(vb)) return isNull(va) ? direction : -direction // NULLS LAST asc, FIRST desc
    return compare(va, vb) * direction || compare(a.id, b.id)
  })

  const toInt = (name: string, fallback: number) => (params.has(name) ? Number.parseInt(params.get(name) ?? '', 10) || 0 : fallback)
  const page = Math.max(1, toInt('page', 1))
  const per = Math.min(Math.max(0, toInt('per', 20)), options.maxPer)
  const fieldsParam = params.has('id_search') ? 'short' : params.get('fields')
  const selected = !fieldsParam ? undefined : fieldsParam === 'short' ? SHORT_FIELDS : fieldsParam.split(',').map((f) => f.trim())
  const data = matched.slice((page - 1) * per, page * per).map((row) => renderCase(row, selected))
  return { data, metadata: { total: matched.length, per, page } }
}
