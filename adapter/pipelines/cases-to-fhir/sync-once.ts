/**
 * `cpcm sync --once` for cases: return leases of dead local processes, collect what
 * changed in DHIS2 into the outbox, then deliver until nothing is left to try now.
 */
import type { Dhis2Connector } from '../../connectors/dhis2'
import type { FhirConnector } from '../../connectors/fhir'
import type { Logger } from '../../observability/logger'
import type { AdapterMetrics } from '../../observability/metrics'
import type { Store } from '../../store'
import { releaseOrphanedLeases } from '../outbox/orphans'
import { drainOutbox, type DeliveryCounts, type DeliveryHandler, type ItemOutcome } from '../outbox/worker'
import { CASE_BUNDLE_KIND, collectCases, type CollectCounts, type FhirRecipient } from './collect'
import { caseBundleHandler } from './deliver'

export interface CaseSyncDeps {
  store: Store
  owner: string
  dhis2: Pick<Dhis2Connector, 'exportTrackedEntities' | 'systemInfo'>
  targets: Array<FhirRecipient & { connector: Pick<FhirConnector, 'transaction'> }>
  logger: Logger
  metrics?: AdapterMetrics
  onCollected?: (counts: CollectCounts) => void
  onDelivered?: (outcome: ItemOutcome) => void
  /** Handlers of other flows sharing the outbox (e.g. referrals): a drain without them would dead-letter their items. */
  extraHandlers?: Record<string, DeliveryHandler>
}

export interface CaseSyncOptions {
  toleranceSeconds: number
  batchSize: number
  leaseSeconds: number
  concurrency: number
  signal?: AbortSignal
}

export interface CaseSyncSummary {
  orphansReleased: number
  collected: CollectCounts
  delivered: DeliveryCounts
}

export async function syncCasesOnce(deps: CaseSyncDeps, options: CaseSyncOptions): Promise<CaseSyncSummary> {
  const orphansReleased = await releaseOrphanedLeases(deps.store, await deps.store.leaseOwners())
  if (orphansReleased > 0) deps.logger.info({ orphansReleased }, 'returned work left in flight by a process that stopped')
  const collected = await collectCases(
    { store: deps.store, dhis2: deps.dhis2, recipients: deps.targets, logger: deps.logger, ...(deps.metrics ? { metrics: deps.metrics } : {}), ...(deps.onCollected ? { onPage: deps.onCollected } : {}) },
    { toleranceSeconds: options.toleranceSeconds },
  )
  const delivered = await drainOutbox(
    {
      store: deps.store,
      owner: deps.owner,
      handlers: { ...deps.extraHandlers, [CASE_BUNDLE_KIND]: caseBundleHandler(new Map(deps.targets.map((t) => [t.id, t.connector]))) },
      logger: deps.logger,
      ...(deps.metrics ? { metrics: deps.metrics } : {}),
      ...(deps.onDelivered ? { onItem: deps.onDelivered } : {}),
    },
    { batchSize: options.batchSize, leaseSeconds: options.leaseSeconds, concurrency: options.concurrency, ...(options.signal ? { signal: options.signal } : {}) },
  )
  return { orphansReleased, collected, delivered }
}
