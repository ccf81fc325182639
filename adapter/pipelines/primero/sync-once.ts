/**
 * One Primero pass (`cpcm primero sync --once`): return leases of stopped local processes; list the
 * Primero cases changed since the cursor into the outbox; upsert them into DHIS2 (and bring back the
 * state of referrals we sent); then the DHIS2 referrals to CSOs on Primero, queued and delivered under
 * consent. A Primero outage while listing ends the listing (the cursor stays at the last page queued)
 * but what is already queued is still delivered; the summary says so and the next pass resumes.
 */
import { ConnectorError } from '../../connectors/errors'
import type { Dhis2Connector } from '../../connectors/dhis2'
import type { PrimeroConnector } from '../../connectors/primero'
import type { MappingContext } from '../../../mappings/context'
import type { Logger } from '../../observability/logger'
import type { Store } from '../../store'
import { releaseOrphanedLeases } from '../outbox/orphans'
import { drainOutbox, type DeliveryCounts, type ItemOutcome } from '../outbox/worker'
import { collectPrimeroCases, type CaseCollectCounts } from './cases-collect'
import { deliverPrimeroCases, type CaseDeliverCounts, type CaseOutcome, type Placement } from './deliver-cases'
import { collectPrimeroReferrals, PRIMERO_REFERRAL_KIND, primeroReferralHandler, type ReferralCollectCounts, type ReferralOutcomes } from './referrals'
import { collectPrimeroTransfers, PRIMERO_TRANSFER_KIND, primeroTransferHandler, type TransferCollectCounts, type TransferOutcomes } from './transfers'

export interface PrimeroSyncDeps {
  store: Store
  owner: string
  primero: PrimeroConnector
  dhis2: Dhis2Connector
  mapping: MappingContext
  identified: MappingContext
  placement: Placement
  providers: Readonly<Record<string, string>>
  logger: Logger
  onListed?: (counts: CaseCollectCounts) => void
  onCase?: (outcome: CaseOutcome) => void
  onReferral?: (outcome: ItemOutcome) => void
}

export interface PrimeroSyncOptions {
  modules: readonly string[]
  toleranceSeconds: number
  batchSize: number
  leaseSeconds: number
  concurrency: number
  signal?: AbortSignal
}

export interface PrimeroSyncSummary {
  orphansReleased: number
  listed: CaseCollectCounts
  /** Why listing Primero stopped early (one line, no data), if it did. */
  listingError?: string
  cases: CaseDeliverCounts
  referralsCollected: ReferralCollectCounts
  referralsCollectError?: string
  referrals: DeliveryCounts & ReferralOutcomes
  transfersCollected: TransferCollectCounts
  transfersCollectError?: string
  /** Referrals and transfers share one delivery: its counts are in `referrals`; these are the transfers' own. */
  transfers: TransferOutcomes
}

const message = (error: unknown) => (error instanceof ConnectorError ? error.message : error instanceof Error ? error.message : String(error))

export async function syncPrimeroOnce(deps: PrimeroSyncDeps, options: PrimeroSyncOptions): Promise<PrimeroSyncSummary> {
  const orphansReleased = await releaseOrphanedLeases(deps.store, await deps.store.leaseOwners())
  let listed: CaseCollectCounts = { fetched: 0, queued: 0, unchanged: 0, pages: 0, cursor: null }
  let listingError: string | undefined
  try {
    listed = await collectPrimeroCases(
      { store: deps.store, primero: deps.primero, logger: deps.logger, onPage: (c) => { listed = c; deps.onListed?.(c) } },
      { modules: options.modules },
    )
  } catch (error) {
    if (!(error instanceof ConnectorError)) throw error
    listingError = message(error)
    deps.logger.warn({ cursor: listed.cursor }, `listing Primero stopped: ${listingError}`)
  }
  const cases = await deliverPrimeroCases(
    { store: deps.store, owner: deps.owner, dhis2: deps.dhis2, primero: deps.primero, mapping: deps.mapping, placement: deps.placement, logger: deps.logger, ...(deps.onCase ? { onItem: deps.onCase } : {}) },
    { batchSize: Math.max(options.batchSize, 100), leaseSeconds: options.leaseSeconds, ...(options.signal ? { signal: options.signal } : {}) },
  )
  const referralDeps = { store: deps.store, dhis2: deps.dhis2, primero: deps.primero, mapping: deps.mapping, identified: deps.identified, providers: deps.providers, logger: deps.logger }
  let referralsCollected: ReferralCollectCounts = { eventsRead: 0, queued: 0, unchanged: 0 }
  let referralsCollectError: string | undefined
  try {
    referralsCollected = await collectPrimeroReferrals(referralDeps, { toleranceSeconds: options.toleranceSeconds })
  } catch (error) {
    if (!(error instanceof ConnectorError)) throw error
    referralsCollectError = message(error)
  }
  let transfersCollected: TransferCollectCounts = { eventsRead: 0, queued: 0, unchanged: 0 }
  let transfersCollectError: string | undefined
  try {
    transfersCollected = await collectPrimeroTransfers(referralDeps, { toleranceSeconds: options.toleranceSeconds })
  } catch (error) {
    if (!(error instanceof ConnectorError)) throw error
    transfersCollectError = message(error)
  }
  const outcomes: ReferralOutcomes = { sent: 0, blocked: 0 }
  const transfers: TransferOutcomes = { sent: 0, blocked: 0 }
  const handlers = { [PRIMERO_REFERRAL_KIND]: primeroReferralHandler(referralDeps, outcomes), [PRIMERO_TRANSFER_KIND]: primeroTransferHandler(referralDeps, transfers) }
  const delivered = await drainOutbox(
    { store: deps.store, owner: deps.owner, handlers, logger: deps.logger, ...(deps.onReferral ? { onItem: deps.onReferral } : {}) },
    { batchSize: options.batchSize, leaseSeconds: options.leaseSeconds, concurrency: options.concurrency, ...(options.signal ? { signal: options.signal } : {}) },
  )
  return {
    orphansReleased, listed, ...(listingError ? { listingError } : {}), cases, referralsCollected,
    ...(referralsCollectError ? { referralsCollectError } : {}), referrals: { ...delivered, ...outcomes },
    transfersCollected, ...(transfersCollectError ? { transfersCollectError } : {}), transfers,
  }
}
