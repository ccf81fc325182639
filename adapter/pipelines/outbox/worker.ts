/**
 * Delivers outbox items: claim under a lease, hand each to the handler for its kind, then
 * complete it (with its attempt, disclosure records and referral marks, in one statement) or
 * fail it (the store schedules the retry or dead-letters it). On shutdown, delivered items are
 * completed and unfinished ones go back to the outbox for the next run.
 *
 * Store work per item is kept small (the FHIR server's time is what a delivery should cost):
 * - Group commit: items delivered close together are completed together by one `completeMany`
 *   statement (each item's row, attempt and disclosures as `complete` would write them, guarded
 *   by the lease). A group is written when it reaches `group.maxSize`, when `group.maxDelayMs` has
 *   passed since its first item, or when the lanes run out of work. A crash before that statement
 *   commits leaves the group's items in flight: their leases expire and they are delivered again,
 *   which the conditional writes make harmless, and completed then (the disclosure logged once,
 *   by the completion that marks the item done).
 * - The next claim is made while the last items of the current one are being delivered.
 * A failed group is written again item by item, so one item's problem (say, a disclosure that is
 * not codes) fails that item alone.
 */
import { ConnectorError } from '../../connectors/errors'
import type { Logger } from '../../observability/logger'
import type { AdapterMetrics } from '../../observability/metrics'
import type { CompleteResult, Completion, DisclosureInput, OutboxItem, ReferralMark, Store } from '../../store'

export interface Delivered {
  httpStatus?: number
  /** Logged in the same statement that marks the item done. */
  disclosures?: Array<Omit<DisclosureInput, 'outboxId'>>
  /** Referral states this delivery established: written with the completion (see `Completion.referrals`). */
  referrals?: ReferralMark[]
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
  /** Group commit of completions: default up to `batchSize` items, written at most 250 ms after the first. */
  group?: { maxSize?: number; maxDelayMs?: number }
}

export type ItemOutcome = 'done' | 'retry' | 'dead' | 'lease_lost' | 'released'

export interface DeliveryCounts {
  done: number
  retry: number
  dead: number
  leaseLost: number
  released: number
}

interface Finished {
  item: OutboxItem
  started: Date
  delivered: Delivered
}

const toCompletion = (f: Finished): Completion => ({
  id: f.item.id,
  startedAt: f.started,
  ...(f.delivered.httpStatus ? { httpStatus: f.delivered.httpStatus } : {}),
  ...(f.delivered.disclosures?.length ? { disclosures: f.delivered.disclosures } : {}),
  ...(f.delivered.referrals?.length ? { referrals: f.delivered.referrals } : {}),
})

/** Completions written together; each caller gets its item's result, or the error that item alone met. */
export class CompletionGroup {
  #pending: Array<{ finished: Finished; resolve: (result: CompleteResult | Error) => void }> = []
  #timer: NodeJS.Timeout | undefined
  #writing: Promise<void> = Promise.resolve()

  constructor(
    private readonly store: Pick<Store, 'completeMany'>,
    private readonly owner: string,
    private readonly maxSize: number,
    private readonly maxDelayMs: number,
  ) {}

  add(finished: Finished): Promise<CompleteResult | Error> {
    return new Promise((resolve) => {
      this.#pending.push({ finished, resolve })
      if (this.#pending.length >= this.maxSize) void this.flush()
      else this.#timer ??= setTimeout(() => void this.flush(), this.maxDelayMs)
    })
  }

  /** Writes what is pending (after any write in progress); resolves once all of it is written. Never rejects. */
  flush(): Promise<void> {
    clearTimeout(this.#timer)
    this.#timer = undefined
    const group = this.#pending.splice(0)
    if (group.length > 0) this.#writing = this.#writing.then(() => this.#write(group))
    return this.#writing
  }

  async #write(group: Array<{ finished: Finished; resolve: (result: CompleteResult | Error) => void }>): Promise<void> {
    try {
      const results = await this.store.completeMany(this.owner, group.map((g) => toCompletion(g.finished)))
      group.forEach((g, i) => g.resolve(results[i] ?? 'lease_lost'))
      return
    } catch {
      // Written again one by one below: an item that cannot be completed fails alone.
    }
    for (const g of group) {
      try {
        const [result] = await this.store.completeMany(this.owner, [toCompletion(g.finished)])
        g.resolve(result ?? 'lease_lost')
      } catch (error) {
        g.resolve(error instanceof Error ? error : new Error(String(error)))
      }
    }
  }
}

/** The item is not done: schedule its retry or dead-letter it, with the reason. */
async function failed(deps: WorkerDeps, item: OutboxItem, started: Date, error: unknown): Promise<ItemOutcome> {
  const connector = error instanceof ConnectorError ? error : undefined
  // A bug is not the server's fault and will not heal by retrying: dead-letter it with a pointer to the log.
  const message = connector ? connector.message : `internal error: ${(error as Error).message}`
  if (!connector) deps.logger.error({ err: error, outboxId: item.id, kind: item.kind }, 'delivery failed with an internal error')
  const failure = { error: message, retryable: connector?.retryable ?? false, startedAt: started, ...(connector?.details.status ? { httpStatus: connector.details.status } : {}) }
  const result = await deps.store.fail(item.id, deps.owner, failure)
  // fail() records the attempt of a retry or a dead letter; a lease lost meanwhile is recorded here.
  if (result.outcome === 'lease_lost') {
    await deps.store.recordAttempt({ outboxId: item.id, owner: deps.owner, startedAt: started, outcome: 'lease_lost', error: message, ...(failure.httpStatus ? { httpStatus: failure.httpStatus } : {}) })
  }
  if (result.outcome === 'dead') deps.logger.warn({ outboxId: item.id, key: item.key, target: item.target }, `dead letter: ${message}`)
  return result.outcome
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
  const group = new CompletionGroup(deps.store, deps.owner, Math.max(1, options.group?.maxSize ?? options.batchSize), options.group?.maxDelayMs ?? 250)
  // Only the kinds this drain can deliver: another flow's items wait for that flow's drain
  // (claiming them here would dead-letter them for want of a handler).
  const kinds = Object.keys(deps.handlers)
  const settling: Array<Promise<void>> = []
  let failure: { error: unknown } | undefined

  const deliver = async (item: OutboxItem): Promise<void> => {
    const started = new Date()
    const stopTimer = deps.metrics?.deliverySeconds.startTimer({ target: item.target })
    let delivered: Delivered
    try {
      const handler = deps.handlers[item.kind]
      if (!handler) throw new Error(`no delivery handler for kind ${item.kind}`)
      delivered = await handler(item, signal)
    } catch (error) {
      try {
        tally(signal.aborted ? 'released' : await failed(deps, item, started, error), item.target)
      } finally {
        stopTimer?.()
      }
      return
    }
    // Not awaited: the lane goes on to its next item while the group is written.
    settling.push(group.add({ item, started, delivered }).then(async (result) => {
      if (result instanceof Error) {
        // The facility has what the handler sent: keep its referral states even though the item is not done.
        for (const mark of delivered.referrals ?? []) await deps.store.referrals.mark(mark).catch(() => undefined)
        tally(await failed(deps, item, started, result), item.target)
      } else {
        tally(result, item.target)
      }
    }).catch((error: unknown) => {
      failure ??= { error }
    }).finally(() => stopTimer?.()))
  }

  for (;;) {
    const queue: OutboxItem[] = []
    let claiming: Promise<void> | undefined
    let exhausted = false
    let taken = 0
    const refill = (): Promise<void> | undefined => {
      if (claiming || exhausted || signal.aborted) return claiming
      claiming = deps.store.claim(options.batchSize, deps.owner, options.leaseSeconds, kinds).then((batch) => {
        if (batch.length === 0) exhausted = true
        queue.push(...batch)
      }, (error: unknown) => {
        exhausted = true
        failure ??= { error }
      }).finally(() => {
        claiming = undefined
      })
      return claiming
    }
    const lane = async () => {
      while (!signal.aborted && !failure) {
        // The next claim is made while the last items of this one are delivered.
        if (queue.length <= options.concurrency) void refill()
        const item = queue.shift()
        if (item) {
          taken++
          await deliver(item)
          continue
        }
        void group.flush() // nothing to deliver now: write what was delivered
        if (!claiming) return
        await claiming
      }
    }
    await Promise.all(Array.from({ length: Math.max(1, options.concurrency) }, lane))
    if (claiming) await claiming
    await group.flush()
    await Promise.all(settling.splice(0))
    if (failure) {
      // Claimed ahead but never started: given back now rather than when their leases expire.
      if (queue.length > 0) await deps.store.release(deps.owner, queue.map((i) => i.id)).catch(() => undefined)
      throw failure.error
    }
    // Stopping: what was claimed ahead but never started is given back below.
    if (taken === 0 || signal.aborted) break
    // Another claim: completions just written may have let newer versions of their keys through,
    // and a quick retry may be due.
  }
  if (signal.aborted) counts.released += await deps.store.release(deps.owner)
  return counts
}
