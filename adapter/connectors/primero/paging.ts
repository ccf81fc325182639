/**
 * `GET /api/v2/cases` by `last_updated_at` ascending, every page of it.
 *
 * Pages are followed by their last timestamp, not by page number: after a page, the next request asks
 * for `last_updated_at=<last timestamp seen>..` from page 1 again, and the items already yielded at
 * that boundary timestamp are skipped. With page numbers, a case updated while the listing runs moves
 * from an early page to the end and every later case shifts one place down, so the case at the next
 * page boundary is never seen, and a cursor taken from what was seen then passes it for good. Here
 * nothing can be skipped: whatever changes moves past the boundary and comes later (a case updated
 * during the listing can come twice, in both versions). When a whole page shares the boundary
 * timestamp the next page of the same query is asked instead (page numbers only within one instant).
 * Each request ends the listing when its items reach its `metadata.total`; pages shorter than
 * `metadata.per` are harmless (the next request starts from their last item), while a page with more
 * items than `per` or than the total, items out of order or out of range, or an empty page before the
 * total is reached fail as `invalid-response` with the code `paging`.
 * Primero's ranges include both ends and need a lower bound (`..to` alone answers 500), so one is always
 * sent: 1970-01-01T00:00:00Z when the caller has no cursor. The caller dedupes against its cursor.
 */
import { type Fail, type PrimeroHttp, readJson } from './client'
import type { PrimeroResponse } from './failure'
import { type CaseList, caseListSchema } from './schemas'
import type { CasePage, ListCasesQuery, ListedCase } from './types'

export const EPOCH = '1970-01-01T00:00:00Z'
export const MAX_PER = 1000

const DAY = /^\d{4}-\d{2}-\d{2}$/
const instant = (value: string): number => Date.parse(value)
/** The last instant a bound covers: Primero compares date-only bounds by day. */
const upperInstant = (to: string): number => (DAY.test(to) ? instant(to) + 86_399_999 : instant(to))
const key = (item: ListedCase) => `${item.id}@${instant(item.last_updated_at)}`

export function listCasesOperation(http: PrimeroHttp, per: number) {
  return async function* listCases(query: ListCasesQuery = {}): AsyncGenerator<CasePage, void, undefined> {
    const to = query.lastUpdatedTo
    const filters = staticFilters(query)
    let from = query.lastUpdatedFrom ?? EPOCH
    let page = 1
    /** Items already yielded whose timestamp is `from`: the next request includes them again. */
    let atBoundary = new Set<string>()
    let total: number | undefined
    let sequence = 1
    for (;;) {
      const request = {
        method: 'GET' as const,
        path: 'cases',
        query: { ...filters, last_updated_at: `${from}..${to ?? ''}`, order_by: 'last_updated_at', order: 'asc', per: String(per), page: String(page) },
        idempotent: true,
      }
      const [askedFrom, askedPage] = [from, page]
      const list = await http.call(request, (response, fail) => checked(readJson(caseListSchema)(response, fail), { from: askedFrom, to, page: askedPage }, response, fail))
      const { data, metadata } = list
      const fresh = data.filter((item) => !atBoundary.has(key(item)))
      total ??= metadata.total
      if (fresh.length > 0 || sequence === 1) yield { items: fresh, page: sequence++, total }
      if ((page - 1) * metadata.per + data.length >= metadata.total) return

      const last = data[data.length - 1] as ListedCase // checked() refuses an empty page here
      if (instant(last.last_updated_at) === instant(from)) {
        page++ // the whole page shares the boundary instant: go on within it
        for (const item of data) atBoundary.add(key(item))
      } else {
        from = last.last_updated_at
        page = 1
        atBoundary = new Set(data.filter((item) => instant(item.last_updated_at) === instant(from)).map(key))
      }
    }
  }
}

interface Asked {
  from: string
  to: string | undefined
  page: number
}

/** The page is what was asked for, or the listing cannot go on safely. */
function checked(list: CaseList, asked: Asked, response: PrimeroResponse, fail: Fail): CaseList {
  const { data, metadata } = list
  const broken = (problem: string) => fail({ type: 'invalid', response, problem, codes: ['paging'] })
  if (metadata.page !== asked.page) throw broken(`asked for page ${asked.page}, metadata.page is ${metadata.page}`)
  if (data.length > metadata.per) throw broken(`${data.length} cases on a page of metadata.per ${metadata.per}`)
  const before = (asked.page - 1) * metadata.per
  if (before + data.length > metadata.total) throw broken(`${before + data.length} cases by page ${asked.page}, metadata.total is ${metadata.total}`)
  if (data.length === 0 && before < metadata.total) throw broken(`page ${asked.page} is empty, metadata.total is ${metadata.total}`)
  let previous = instant(asked.from)
  const limit = asked.to === undefined ? Infinity : upperInstant(asked.to)
  for (const [i, item] of data.entries()) {
    const at = instant(item.last_updated_at)
    if (at < previous) throw broken(`data[${i}].last_updated_at is ${i === 0 ? 'before the range asked for' : 'out of ascending order'}`)
    if (at > limit) throw broken(`data[${i}].last_updated_at is after the range asked for`)
    previous = at
  }
  return list
}

function staticFilters(query: ListCasesQuery): Record<string, string | undefined> {
  for (const [name, value] of [['lastUpdatedFrom', query.lastUpdatedFrom], ['lastUpdatedTo', query.lastUpdatedTo]] as const)
    if (value !== undefined && Number.isNaN(instant(value))) throw new TypeError(`Primero listCases: ${name} is not an ISO 8601 date or date-time`)
  if (query.lastUpdatedFrom && query.lastUpdatedTo && instant(query.lastUpdatedFrom) > upperInstant(query.lastUpdatedTo))
    throw new TypeError('Primero listCases: lastUpdatedFrom is after lastUpdatedTo')
  const status = typeof query.status === 'string' ? [query.status] : query.status
  return {
    module_id: anyOf('moduleIds', query.moduleIds),
    status: anyOf('status', status),
    fields: query.fields ? [...new Set(['id', 'last_updated_at', ...query.fields])].join(',') : undefined,
  }
}

/** `a,b` means any of; an empty list would mean "no filter" to Primero, so it is refused. */
function anyOf(name: string, values: readonly string[] | undefined): string | undefined {
  if (values === undefined) return undefined
  if (values.length === 0 || values.some((v) => typeof v !== 'string' || v === '' || v.includes(',')))
    throw new TypeError(`Primero listCases: ${name} must list non-empty values without commas (leave it out for no filter)`)
  return values.join(',')
}
