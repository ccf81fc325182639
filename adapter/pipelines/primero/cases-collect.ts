/**
 * Primero -> outbox: the cases changed since the cursor (`last_updated_at=<cursor>..`, ascending,
 * every page, the configured modules), each queued as one item keyed by its Primero id, and the
 * cursor moved to the page's last `last_updated_at` in the same transaction as the page's items.
 * So an outage mid-listing (503 past its retries, or the server gone) leaves the cursor at the last
 * page durably queued, and the next run resumes there. Primero's ranges include their lower bound:
 * the cases at the cursor instant come again and are found unchanged in the outbox (same payload),
 * so re-running changes nothing; an edited case has a new `last_updated_at`, so a new payload and a
 * new delivery. Nothing is mapped here: the delivery reads DHIS2 first (deliver-cases.ts).
 */
import type { ListedCase, PrimeroConnector } from '../../connectors/primero'
import type { Logger } from '../../observability/logger'
import type { OutboxInput, Store } from '../../store'

export const PRIMERO_CASE_KIND = 'primero-case'
export const DHIS2_TARGET = 'dhis2'

export const casesCursorName = (modules: readonly string[]) => `primero:cases:${[...modules].sort().join(',')}`
export const caseItemKey = (primeroId: string) => `dhis2:primero-case:${primeroId}`

/** What is queued: the case as Primero listed it. */
export interface PrimeroCasePayload {
  case: ListedCase
}

export interface CaseCollectCounts {
  fetched: number
  queued: number
  unchanged: number
  pages: number
  /** The cursor after the run (null: nothing fetched yet, ever). */
  cursor: string | null
}

export interface CaseCollectDeps {
  store: Store
  primero: Pick<PrimeroConnector, 'listCases'>
  logger: Logger
  onPage?: (counts: CaseCollectCounts) => void
}

export interface CaseCollectOptions {
  modules: readonly string[]
  /** Stop after this many pages (tests); default all. */
  maxPages?: number
}

export async function collectPrimeroCases(deps: CaseCollectDeps, options: CaseCollectOptions): Promise<CaseCollectCounts> {
  const name = casesCursorName(options.modules)
  const from = await deps.store.cursors.get(name)
  const counts: CaseCollectCounts = { fetched: 0, queued: 0, unchanged: 0, pages: 0, cursor: from }
  const pages = deps.primero.listCases({ ...(from ? { lastUpdatedFrom: from } : {}), moduleIds: options.modules })
  for await (const page of pages) {
    counts.pages++
    const last = page.items[page.items.length - 1]
    if (last) {
      const items: OutboxInput[] = page.items.map((c) => ({ key: caseItemKey(c.id), kind: PRIMERO_CASE_KIND, target: DHIS2_TARGET, payload: { case: c } satisfies PrimeroCasePayload }))
      // The page's work and the cursor past it commit together: the cursor never runs ahead of the outbox.
      const results = await deps.store.transaction(async (tx) => {
        const r = await tx.enqueue(items)
        await tx.cursors.set(name, last.last_updated_at)
        return r
      })
      counts.fetched += page.items.length
      for (const r of results) r.outcome === 'unchanged' ? counts.unchanged++ : counts.queued++
      counts.cursor = last.last_updated_at
    }
    deps.onPage?.(counts)
    if (options.maxPages !== undefined && counts.pages >= options.maxPages) break
  }
  deps.logger.debug({ fetched: counts.fetched, queued: counts.queued, pages: counts.pages }, 'primero cases listed')
  return counts
}
