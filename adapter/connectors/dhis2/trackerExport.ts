/**
 * Tracker exports as async iterators of pages, for every envelope DHIS2 has used: 2.40
 * `instances` + flat paging, 2.41 entity-named arrays + `pager` (and the flat fields), 2.42
 * `pager` only, without totals. Paging ends with the first page shorter than the page size, which
 * works in every version without asking the server to count (`totalPages=true` is costly).
 */
import { type Dhis2Http, parseWith } from './http'
import { pageSchema } from './schemas'
import { subtractSeconds } from './timestamps'
import type { Dhis2Page, TrackerExportQuery } from './types'

export type ExportKind = 'trackedEntities' | 'enrollments' | 'events'

export const DEFAULT_TOLERANCE_SECONDS = 60

/** Parameters the iterator owns: a caller's value would break paging. */
const RESERVED = ['page', 'pageSize', 'paging', 'skipPaging', 'totalPages']

/** Before 2.41 (`ouMode`, `orgUnit`); 2.41 renamed them (`orgUnitMode`, `orgUnits`) and 2.42 dropped the old names. */
export function isLegacyVersion(version: string): boolean {
  const match = /^(\d+)\.(\d+)/.exec(version.trim())
  if (!match) return false
  const [major, minor] = [Number(match[1]), Number(match[2])]
  return major < 2 || (major === 2 && minor < 41)
}

export function exportQuery(kind: ExportKind, legacy: boolean, query: TrackerExportQuery): Record<string, string | undefined> {
  const extra = Object.fromEntries(Object.entries(query.params ?? {}).filter(([name]) => !RESERVED.includes(name)))
  // Events keep a single `orgUnit` in every version.
  const orgUnitParam = legacy || kind === 'events' ? 'orgUnit' : 'orgUnits'
  const tolerance = query.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS
  return {
    ...extra,
    program: query.program,
    [orgUnitParam]: query.orgUnit,
    [legacy ? 'ouMode' : 'orgUnitMode']: query.ouMode,
    updatedAfter: query.updatedAfter === undefined ? undefined : subtractSeconds(query.updatedAfter, tolerance),
    updatedBefore: query.updatedBefore,
    order: query.order,
    fields: query.fields,
    includeDeleted: query.includeDeleted === undefined ? undefined : String(query.includeDeleted),
  }
}

export async function* exportPages(
  http: Dhis2Http,
  kind: ExportKind,
  query: TrackerExportQuery,
  pageSize: number,
  legacy: () => Promise<boolean>,
): AsyncGenerator<Dhis2Page, void, undefined> {
  const params = exportQuery(kind, await legacy(), query)
  const schema = pageSchema(kind)
  for (let page = 1; ; page++) {
    const result = await http.call({ method: 'GET', path: `tracker/${kind}`, query: { ...params, page, pageSize } }, (response, fail): Dhis2Page => {
      if (response.status < 200 || response.status >= 300) throw fail({ type: 'status', response })
      const body = parseWith(schema, response, fail)
      const { items } = body
      const served = body.page ?? page
      const size = body.pageSize ?? pageSize
      // A server that ignores the paging parameters would make this loop forever.
      if (served !== page) throw fail({ type: 'invalid', response, problem: `asked for page ${page}, the server answered page ${served}` })
      if (items.length > size) throw fail({ type: 'invalid', response, problem: `${items.length} items on a page of ${size}` })
      return { items, page, pageSize: size, ...(body.total !== undefined ? { total: body.total } : {}) }
    })
    if (result.items.length > 0) yield result
    if (result.items.length < result.pageSize) return
  }
}
