/**
 * One referral pass: DHIS2 referrals -> outbox (collect.ts), every facility polled for feedback
 * (a facility that cannot be reached is reported and skipped: the others are polled), then the
 * outbox drained with the referral, feedback and any other handlers given (one outbox serves
 * every flow: a drain without a kind's handler would dead-letter its items).
 */
import type { Dhis2Connector } from '../../connectors/dhis2'
import type { FhirConnector } from '../../connectors/fhir'
import type { MappingContext } from '../../../mappings/context'
import type { Logger } from '../../observability/logger'
import type { AdapterMetrics } from '../../observability/metrics'
import type { Store } from '../../store'
import { releaseOrphanedLeases } from '../outbox/orphans'
import { drainOutbox, type DeliveryCounts, type DeliveryHandler, type ItemOutcome } from '../outbox/worker'
import { feedbackHandler } from '../referral-feedback/apply'
import { FEEDBACK_KIND } from '../referral-feedback/ingest'
import { pollFacility, type PollCounts } from '../referral-feedback/poll'
import { collectReferrals, REFERRAL_KIND, type FacilityRecipient, type ReferralCollectCounts } from './collect'
import { referralHandler, TargetBreaker } from './deliver'

export type FacilityRuntime = FacilityRecipient & { connector: FhirConnector }

export interface ReferralPassDeps {
  store: Store
  owner: string
  dhis2: Dhis2Connector
  mapping: MappingContext
  facilities: FacilityRuntime[]
  logger: Logger
  metrics?: AdapterMetrics
  /** Handlers of other flows sharing the outbox (e.g. case bundles). */
  extraHandlers?: Record<string, DeliveryHandler>
  onDelivered?: (outcome: ItemOutcome) => void
}

export interface ReferralPassOptions {
  toleranceSeconds: number
  batchSize: number
  leaseSeconds: number
  concurrency: number
  /** false: deliver only (push already queued the feedback). */
  poll?: boolean
  collect?: boolean
  signal?: AbortSignal
}

export type FacilityPoll = PollCounts | { error: string }

export interface ReferralPassSummary {
  orphansReleased: number
  outbound: ReferralCollectCounts | undefined
  polled: Record<string, FacilityPoll>
  delivered: DeliveryCounts
}

/** The handlers for referral and feedback items (a breaker per call: per pass). */
export function referralHandlers(deps: Pick<ReferralPassDeps, 'store' | 'dhis2' | 'mapping' | 'facilities'>): Record<string, DeliveryHandler> {
  return {
    [REFERRAL_KIND]: referralHandler({ store: deps.store, connectors: new Map(deps.facilities.map((f) => [f.id, f.connector])), breaker: new TargetBreaker() }),
    [FEEDBACK_KIND]: feedbackHandler({ dhis2: deps.dhis2, mapping: deps.mapping }),
  }
}

export async function runReferralPass(deps: ReferralPassDeps, options: ReferralPassOptions): Promise<ReferralPassSummary> {
  const orphansReleased = await releaseOrphanedLeases(deps.store, await deps.store.leaseOwners())
  const outbound = options.collect === false ? undefined : await collectReferrals(
    { store: deps.store, dhis2: deps.dhis2, facilities: deps.facilities, mapping: deps.mapping, logger: deps.logger },
    { toleranceSeconds: options.toleranceSeconds },
  )
  const polled: Record<string, FacilityPoll> = {}
  if (options.poll !== false) {
    await Promise.all(deps.facilities.map(async (f) => {
      try {
        polled[f.id] = await pollFacility(
          { store: deps.store, mapping: deps.mapping, connector: f.connector, logger: deps.logger },
          { id: f.id, provider: f.providers[0]!, ...(f.ownerReference ? { ownerReference: f.ownerReference } : {}) },
        )
      } catch (error) {
        // One facility down must not hold up the others: reported, and polled again next pass.
        const reason = error instanceof Error ? error.message : String(error)
        polled[f.id] = { error: reason }
        deps.logger.warn({ facility: f.id }, `feedback poll failed: ${reason}`)
      }
    }))
  }
  const delivered = await drainOutbox(
    {
      store: deps.store, owner: deps.owner, logger: deps.logger,
      handlers: { ...deps.extraHandlers, ...referralHandlers(deps) },
      ...(deps.metrics ? { metrics: deps.metrics } : {}),
      ...(deps.onDelivered ? { onItem: deps.onDelivered } : {}),
    },
    { batchSize: options.batchSize, leaseSeconds: options.leaseSeconds, concurrency: options.concurrency, ...(options.signal ? { signal: options.signal } : {}) },
  )
  return { orphansReleased, outbound, polled, delivered }
}
