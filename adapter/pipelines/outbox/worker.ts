/**
 * Delivers outbox items: claim a batch under a lease, hand each to the handler for its
 * kind, then complete it (with its disclosure records, in one transaction) or fail it
 * (the store schedules the retry or dead-letters it). On shutdown, unfinished items
 * go back to the outbox for the next run.
 */
import { ConnectorError } from '../../connectors/errors'
import type { Logger } from '../../observability/logger'
import type { AdapterMetrics } from '../../observability/metrics'
import type { DisclosureInput, OutboxItem, Store } from '../../store'

export interface Delivered {
  httpStatus?: number
  /** Logged in the same transaction that marks the item done. */
  disclosures?: Array<Omit<DisclosureInput, 'outboxId'>>
}

export type DeliveryHandler = (item: OutboxItem, signal: AbortSignal) => Promise<Delivered>

export interface WorkerDeps {
  store: Store
  owner: string
  handlers: Record<string, DeliveryHandler>
  logger: Logger
  metrics?: AdapterMetrics
  onItem?: (outcome: ItemOutcome) => void
}

export interface WorkerOptions {
  batchSize: number
  leaseSeconds: number
  /** Items delivered at once. */
  concurrency: number
  signal?: AbortSignal
}

export type ItemOutcome = 'done' | 'retry' | 'dead' | 'lease_lost' | 'released'

export interface DeliveryCounts {
  done: number
  retry: number
  dead: number
  leaseLost: number
  released: number
}

async function deliverOne(deps: WorkerDeps, item: OutboxItem, signal: AbortSignal): Promise<ItemOutcome> {
  const started = new Date()
  const stopTimer = deps.metrics?.deliverySeconds.startTimer({ target: item.target })
  const handler = deps.handlers[item.kind]
  try {
    if (!handler) throw new Error(`no delivery handler for kind ${item.kind}`)
    const delivered = await handler(item, signal)
    const result = await deps.store.transaction(async (tx) => {
      const r = await tx.complete(item.id, deps.owner, delivered.httpStatus)
      if (r === 'done') for (const d of delivered.disclosures ?? []) await tx.disclosures.record({ ...d, outboxId: item.id })
      return r
    })
    const outcome: ItemOutcome = result === 'done' ? 'done' : 'lease_lost'
    await deps.store.recordAttempt({ outboxId: item.id, owner: deps.owner, startedAt: started, outcome, ...(delivered.httpStatus ? { httpStatus: delivered.httpStatus } : {}) })
    return outcome
  } catch (error) {
    if (signal.aborted) return 'released'
    const connector = error instanceof ConnectorError ? error : undefined
    // A bug is not the server's fault and will not heal by retrying: dead-letter it with a pointer to the log.
    const message = connector ? connector.message : `internal error: ${(error as Error).message}`
    if (!connector) deps.logger.error({ err: error, outboxId: item.id, kind: item.kind }, 'delivery failed with an internal error')
    const failure = { error: message, retryable: connector?.retryable ?? false, ...(connector?.details.status ? { httpStatus: connector.details.status } : {}) }
    const result = await deps.store.fail(item.id, deps.owner, failure)
    const outcome: ItemOutcome = result.outcome === 'lease_lost' ? 'lease_lost' : result.outcome
    await deps.store.recordAttempt({ outboxId: item.id, owner: deps.owner, startedAt: started, outcome, error: message, ...(failure.httpStatus ? { httpStatus: failure.httpStatus } : {}) })
    if (outcome === 'dead') deps.logger.warn({ outboxId: item.id, key: item.key, target: item.target }, `dead letter: ${message}`)
    return outcome
  } finally {
    stopTimer?.()
  }
}

/** Delivers until nothing is claimable (everything done, dead, or waiting for its retry time). */
export async function drainOutbox(deps: WorkerDeps, options: WorkerOptions): Promise<DeliveryCounts> {
  const counts: DeliveryCounts = { done: 0, retry: 0, dead: 0, leaseLost: 0, released: 0 }
  const signal = options.signal ?? new AbortController().signal
  const tally = (outcome: ItemOutcome, target: string) => {
    if (outcome === 'lease_lost') counts.leaseLost++
    else counts[outcome]++
    deps.metrics?.deliveries.inc({ target, outcome })
    deps.onItem?.(outcome)
  }
  while (!signal.aborted) {
    // Only the kinds this drain can deliver: another flow's items wait for that flow's drain
    // (claiming them here would dead-letter them for want of a handler).
    const batch = await deps.store.claim(options.batchSize, deps.owner, options.leaseSeconds, Object.keys(deps.handlers))
    if (batch.length === 0) break
    let next = 0
    const lane = async () => {
      while (next < batch.length) {
        const item = batch[next++]!
        if (signal.aborted) return
        tally(await deliverOne(deps, item, signal), item.target)
      }
    }
    await Promise.all(Array.from({ length: Math.min(options.concurrency, batch.length) }, lane))
  }
  if (signal.aborted) counts.released += await deps.store.release(deps.owner)
  return counts
}
