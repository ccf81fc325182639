import { canSearch, canCapture } from './access'
import { parseQueryDate, timestampMillis } from './clock'
import type { MetadataStore } from './metadataStore'
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

/** `order=field:asc|desc`; default newest first (internal id descending). */
export function sortItems<T extends { seq: number }>(items: T[], url: URL): T[] {
  const [field, direction] = (url.searchParams.get('order') ?? '').split(':')
  const sign = direction?.toLowerCase() === 'asc' ? 1 : -1
  return [...items].sort((a, b) => {
    if (field) {
      const va = String((a as unknown as JsonObject)[field] ?? '')
      const vb = String((b as unknown as JsonObject)[field] ?? '')
      if (va !== vb) return va < vb ? -sign : sign
    }
    return b.seq - a.seq
  })
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
