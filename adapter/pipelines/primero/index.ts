/** The exchange with CPIMS+/Primero: cases Primero -> DHIS2, referrals DHIS2 -> Primero, conflicts, duplicates. */
export { casesCursorName, collectPrimeroCases, PRIMERO_CASE_KIND, type CaseCollectCounts } from './cases-collect'
export { deliverPrimeroCases, type CaseDeliverCounts, type Placement } from './deliver-cases'
export { collectPrimeroReferrals, PRIMERO_REFERRAL_KIND, primeroReferralHandler, referralsCursorName } from './referrals'
export { syncPrimeroOnce, type PrimeroSyncDeps, type PrimeroSyncOptions, type PrimeroSyncSummary } from './sync-once'
export { collectPrimeroTransfers, PRIMERO_TRANSFER_KIND, primeroTransferHandler, transfersCursorName } from './transfers'
