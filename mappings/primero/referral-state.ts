/**
 * A referral CPCM sent to a CSO on Primero, as Primero now has it -> the values of its DHIS2 referral
 * event (by data element code). Primero's `done` splits on `success_status` (COMPLETED or FAILED);
 * `rejected` carries the CSO's reason; `revoked` is CANCELLED. The current event's status code is
 * kept when Primero's state maps to it (accepted <- ACCEPTED, IN_PROGRESS, ON_HOLD).
 */
import type { MappingContext } from '../context'
import type { Dhis2Event } from '../dhis2/types'
import { eventValues } from '../dhis2/values'
import { fromPrimero, M } from './lookups'

export interface PrimeroTransitionState {
  id: string
  status: string
  rejected_reason?: string | null
  rejection_note?: string | null
  success_status?: string | null
  reason_not_successful?: string | null
  data?: unknown
  [field: string]: unknown
}

export function referralStateValues(t: PrimeroTransitionState, current: Dhis2Event | undefined, ctx: MappingContext): Record<string, string> {
  const cv = current ? eventValues(current, ctx) : {}
  const data = (typeof t.data === 'object' && t.data !== null ? t.data : {}) as Record<string, unknown>
  const text = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v : undefined)
  const success = text(t.success_status) ?? text(data.success_status)
  const out: Record<string, string> = { CPCM_REF_EXTERNAL_ID: t.id }
  const status = t.status === 'done' ? (success === 'not_successful' ? 'FAILED' : 'COMPLETED') : fromPrimero(M.status, t.status, cv.CPCM_REF_STATUS)
  if (status) out.CPCM_REF_STATUS = status
  const reason = t.status === 'rejected' ? text(t.rejected_reason) : t.status === 'done' && success === 'not_successful' ? text(t.reason_not_successful) ?? text(data.reason_not_successful) : undefined
  if (reason) out.CPCM_REF_STATUS_REASON = reason
  if (success === 'successful' || success === 'not_successful') out.CPCM_REF_OUTCOME_ACHIEVED = String(success === 'successful')
  const note = text(t.rejection_note)
  if (note && t.status === 'done') out.CPCM_REF_FEEDBACK = note
  return out
}
