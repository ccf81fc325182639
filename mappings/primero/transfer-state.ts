/**
 * Transfers of a case from DHIS2 to a CSO on Primero (a CPCM_TRANSFER event). Pure: no clock, no I/O.
 *
 * Consent: the same rule as referrals (Primero's referral rule: child protection needs
 * `disclosure_other_orgs` and `consent_for_services`, GBV `consent_for_services`), read from the
 * intake, plus the transfer's own CPCM_TRF_CONSENT (the child and family agree; the framework's
 * rule for a transfer). Primero's Transfer model asks less (child protection: `disclosure_other_orgs`
 * only), so Primero never refuses for consent what we send.
 *
 * State: Primero v2 transfers are `in_progress` when made, then `accepted` (the recipient becomes the
 * case's owner) or `rejected` (with `rejected_reason`); `revoked` when withdrawn. `done` belongs to
 * referrals, but is read as COMPLETED if a Primero sends it. The DHIS2 transfer event's status uses the
 * referral status codes (CPCM_REFERRAL_STATUS).
 */
import type { MappingContext } from '../context'
import type { Dhis2Event } from '../dhis2/types'
import { eventValues } from '../dhis2/values'
import { primeroReferralConsentMissing } from './exchange'
import type { PrimeroTransitionState } from './referral-state'

/** The consent missing for a transfer (empty: allowed). */
export function primeroTransferConsentMissing(
  moduleId: string, intake: { consent_for_services?: boolean; disclosure_other_orgs?: boolean }, transferConsent: boolean,
): string[] {
  const missing = primeroReferralConsentMissing(moduleId, intake)
  if (!transferConsent) missing.push('CPCM_TRF_CONSENT')
  return missing
}

/** Primero transfer status -> CPCM_TRF_STATUS (a CPCM_REFERRAL_STATUS code). */
export const PRIMERO_TRANSFER_STATUS: Readonly<Record<string, string>> = {
  in_progress: 'REQUESTED',
  accepted: 'ACCEPTED',
  rejected: 'REJECTED',
  done: 'COMPLETED',
  revoked: 'CANCELLED',
}

/** A transfer as Primero now has it -> the values of its DHIS2 transfer event (by data element code). */
export function transferStateValues(t: PrimeroTransitionState, current: Dhis2Event | undefined, ctx: MappingContext): Record<string, string> {
  const cv = current ? eventValues(current, ctx) : {}
  const out: Record<string, string> = { CPCM_TRF_EXTERNAL_ID: t.id }
  const status = PRIMERO_TRANSFER_STATUS[t.status]
  // Still waiting: a CPWO's IN_PROGRESS or ON_HOLD note on a pending transfer is kept.
  if (status) out.CPCM_TRF_STATUS = status === 'REQUESTED' && (cv.CPCM_TRF_STATUS === 'IN_PROGRESS' || cv.CPCM_TRF_STATUS === 'ON_HOLD') ? cv.CPCM_TRF_STATUS : status
  const reason = typeof t.rejected_reason === 'string' && t.rejected_reason.trim() !== '' ? t.rejected_reason : undefined
  if (t.status === 'rejected' && reason) out.CPCM_TRF_STATUS_REASON = reason
  return out
}
