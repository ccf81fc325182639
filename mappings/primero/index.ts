export type { PrimeroCase, PrimeroCaseRecord, PrimeroLinks, PrimeroReferral, PrimeroService } from './types'
export {
  parsePrimeroCase, parsePrimeroReferrals, primeroCaseSchema, primeroErrorsSchema, primeroMany, primeroOne, primeroReferralSchema,
  primeroServiceSchema, primeroTokenErrorSchema,
} from './schemas'
export { pickEnrollment, trackedEntityToPrimero } from './to-primero'
export type { ToPrimeroOptions } from './to-primero'
export { primeroToTrackedEntity } from './from-primero'
export type { FromPrimeroOptions } from './from-primero'
export { fromPrimero, primeroRecordIdFor, toPrimero } from './lookups'
export { primeroIdentifiers, primeroIdsOf } from './ids'
export type { PrimeroIds } from './ids'
export {
  childCodeFor, exchangedValues, fieldCode, PRIMERO_ATTRIBUTE_RULES, PRIMERO_CHILD_CODE_FIELD, PRIMERO_DATA_ELEMENT_RULES, PRIMERO_ENROLLMENT_RULES,
  PRIMERO_DATED_STAGES, PRIMERO_EVENT_RULES, PRIMERO_GBV_MODULE, primeroReferralConsentMissing, ruleFor,
} from './exchange'
export type { FieldOwner, FieldRule } from './exchange'
export { referralStateValues } from './referral-state'
export type { PrimeroTransitionState } from './referral-state'
export { PRIMERO_TRANSFER_STATUS, primeroTransferConsentMissing, transferStateValues } from './transfer-state'
export {
  CLOSURE_REASON_TO_PRIMERO, PRIMERO_CASE_PLAN_FIELDS, PRIMERO_CLOSURE_REASONS, PRIMERO_PLAN_SUCCESS, PRIMERO_PROGRESS_FIELDS, primeroClosure, progressEvents,
  progressToPrimero,
} from './progress'
export type { ClosureDecision, ProgressInput } from './progress'
