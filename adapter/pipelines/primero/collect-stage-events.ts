/**
 * Referral and transfer events bound for Primero are collected the same way: the stage's events
 * changed since the cursor (every page), each turned into at most one outbox item by `select`,
 * queued page by page; then the cursor moves to the server time read before the export, so an
 * event changed during the run is read again next time (its item is then `unchanged`).
 */
import type { Dhis2Event } from '../../../mappings/dhis2'
import { eventValues, type Values } from '../../../mappings/dhis2/values'
import type { OutboxInput } from '../../store'
import type { ReferralDeps } from './referrals'

export interface StageCollectCounts {
  eventsRead: number
  queued: number
  unchanged: number
}

export type StageEvent = Dhis2Event & { enrollment: string; trackedEntity?: string }

export async function collectStageEvents(
  deps: Pick<ReferralDeps, 'store' | 'dhis2' | 'mapping'>,
  options: { stage: string; cursor: string; toleranceSeconds: number },
  select: (event: StageEvent, values: Values) => Promise<OutboxInput | undefined>,
): Promise<StageCollectCounts> {
  const counts: StageCollectCounts = { eventsRead: 0, queued: 0, unchanged: 0 }
  const since = await deps.store.cursors.get(options.cursor)
  const { serverDate } = await deps.dhis2.systemInfo()
  const pages = deps.dhis2.exportEvents({
    program: deps.mapping.program.case, ouMode: 'ALL', ...(since ? { updatedAfter: since } : {}), toleranceSeconds: options.toleranceSeconds,
    fields: '*', params: { programStage: options.stage },
  })
  for await (const page of pages) {
    const items: OutboxInput[] = []
    for (const raw of page.items) {
      counts.eventsRead++
      const ev = raw as unknown as Dhis2Event & { enrollment?: string; trackedEntity?: string }
      if (ev.deleted === true || !ev.enrollment || !Array.isArray(ev.dataValues)) continue
      const item = await select(ev as StageEvent, eventValues(ev, deps.mapping))
      if (item) items.push(item)
    }
    const results = items.length > 0 ? await deps.store.enqueue(items) : []
    for (const r of results) r.outcome === 'unchanged' ? counts.unchanged++ : counts.queued++
  }
  await deps.store.cursors.set(options.cursor, serverDate)
  return counts
}
