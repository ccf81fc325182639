/** Referrals to facilities: collect (DHIS2 -> outbox, under consent), deliver (outbox -> facility), the pass that runs both with feedback. */
export { collectReferrals, REFERRAL_KIND, referralCursor, referralKey, type FacilityRecipient, type ReferralCollectCounts, type ReferralPayload } from './collect'
export { referralHandler, TargetBreaker } from './deliver'
export { referralHandlers, runReferralPass, type FacilityRuntime, type ReferralPassDeps, type ReferralPassSummary } from './run'
