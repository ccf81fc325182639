/**
 * Referral statuses: FHIR Task status (exact both ways through Task.businessStatus, which
 * carries our code), ServiceRequest status, and Primero referral status (lossy: the way back
 * keeps the current DHIS2 code when it maps to the same Primero state).
 */
import { HL7 } from '../identifiers'
import { primeroSystem } from './primero-lookups'
import { eq, table, to } from './types'

export const REFERRAL_STATUS_CODES = [
  'DRAFT', 'REQUESTED', 'BLOCKED_NO_CONSENT', 'ACCEPTED', 'REJECTED', 'IN_PROGRESS', 'ON_HOLD', 'COMPLETED', 'FAILED', 'CANCELLED',
] as const
export type ReferralStatusCode = (typeof REFERRAL_STATUS_CODES)[number]

const NOT_SENT = 'never sent: nothing exists at the provider'

export const REFERRAL_STATUSES = table<ReferralStatusCode>({
  name: 'referral-status',
  title: 'CPCM referral statuses',
  description: 'Where a referral stands, until the child accessed the service, the outcome was achieved and feedback came back.',
  optionSet: 'CPCM_REFERRAL_STATUS',
  codes: REFERRAL_STATUS_CODES,
  maps: [
    {
      name: 'referral-status-to-task-status',
      title: 'CPCM referral status to FHIR Task status',
      targetSystem: HL7.taskStatus,
      forward: {
        DRAFT: eq('draft'), REQUESTED: eq('requested'),
        BLOCKED_NO_CONSENT: to('draft', 'narrower', 'not ready: no consent for this provider; businessStatus says why'),
        ACCEPTED: eq('accepted'), REJECTED: eq('rejected'), IN_PROGRESS: eq('in-progress'), ON_HOLD: eq('on-hold'),
        COMPLETED: eq('completed'), FAILED: eq('failed'), CANCELLED: eq('cancelled'),
      },
      reverse: {
        draft: 'DRAFT', requested: 'REQUESTED', received: 'REQUESTED', accepted: 'ACCEPTED', ready: 'ACCEPTED', rejected: 'REJECTED',
        'in-progress': 'IN_PROGRESS', 'on-hold': 'ON_HOLD', completed: 'COMPLETED', failed: 'FAILED', cancelled: 'CANCELLED',
        'entered-in-error': 'CANCELLED',
      },
    },
    {
      name: 'referral-status-to-request-status',
      title: 'CPCM referral status to FHIR ServiceRequest status',
      targetSystem: HL7.requestStatus,
      forward: {
        DRAFT: eq('draft'), REQUESTED: to('active', 'wider'), BLOCKED_NO_CONSENT: to('on-hold', 'wider', 'waits for consent'),
        ACCEPTED: to('active', 'wider'), REJECTED: to('revoked', 'wider'), IN_PROGRESS: to('active', 'wider'), ON_HOLD: eq('on-hold'),
        COMPLETED: eq('completed'), FAILED: to('revoked', 'wider'), CANCELLED: to('revoked', 'wider'),
      },
    },
    {
      name: 'referral-status-to-primero-referral-status',
      title: 'CPCM referral status to Primero referral (transition) status',
      targetSystem: primeroSystem('referral-status'),
      forward: {
        DRAFT: to(null, 'unmatched', NOT_SENT), BLOCKED_NO_CONSENT: to(null, 'unmatched', NOT_SENT),
        REQUESTED: eq('in_progress'), ACCEPTED: eq('accepted'), IN_PROGRESS: to('accepted', 'wider'), ON_HOLD: to('accepted', 'wider'),
        REJECTED: eq('rejected'), COMPLETED: to('done', 'wider', 'with success_status successful'),
        FAILED: to('done', 'wider', 'with success_status not_successful'), CANCELLED: eq('revoked'),
      },
      reverse: { in_progress: 'REQUESTED', pending: 'REQUESTED', accepted: 'ACCEPTED', rejected: 'REJECTED', done: 'COMPLETED', revoked: 'CANCELLED' },
    },
  ],
})

/** Primero `success_status` for the codes that map to `done`. */
export const PRIMERO_SUCCESS: Partial<Record<ReferralStatusCode, 'successful' | 'not_successful'>> = {
  COMPLETED: 'successful', FAILED: 'not_successful',
}
