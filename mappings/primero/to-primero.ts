/**
 * DHIS2 case (one enrollment) -> Primero v2 case record and referrals. Identifying fields
 * (names, national ID) only for a recipient allowed identifiers. Age is computed for a
 * reference date the caller passes (no clock here).
 */
import type { MappingContext } from '../context'
import { PRIMERO_CP_MODULE } from '../codes/primero-lookups'
import { PRIMERO_SUCCESS, type ReferralStatusCode } from '../codes/referral-statuses'
import { ENROLLMENT_TO_PRIMERO } from '../codes/statuses'
import type { Dhis2Enrollment, Dhis2TrackedEntity } from '../dhis2/types'
import { attributeValues, eventValues, type Values } from '../dhis2/values'
import { ageInYears, toFhirDate, toFhirDateTime } from '../time'
import { M, primeroRecordIdFor, toPrimero } from './lookups'
import type { PrimeroCase, PrimeroCaseRecord, PrimeroReferral, PrimeroService } from './types'

export interface ToPrimeroOptions {
  /** Reference date (YYYY-MM-DD) for `age`. */
  asOf: string
  /** Which case; default the first active CPCM_CASE enrollment, else the first. */
  enrollment?: string
  /** Primero's id for this case when it already exists there (from the store); default derived from the enrollment. */
  recordId?: string
  /** The Primero user a referral to a provider goes to; default the provider code itself. */
  primeroUserFor?: (providerCode: string) => string | undefined
}

const bool = (v: string | undefined) => (v === 'true' ? true : v === 'false' ? false : undefined)
function set<T extends object, K extends keyof T>(o: T, k: K, v: T[K] | undefined): void { if (v !== undefined) o[k] = v }

export function pickEnrollment(te: Dhis2TrackedEntity, ctx: MappingContext, uid?: string): Dhis2Enrollment {
  const cases = (te.enrollments ?? []).filter((e) => e.program === ctx.program.case && e.deleted !== true)
  const en = uid !== undefined ? cases.find((e) => e.enrollment === uid) : cases.find((e) => e.status === 'ACTIVE') ?? cases[0]
  if (!en) throw new Error(`tracked entity ${te.trackedEntity} has no ${uid !== undefined ? `case ${uid}` : 'case'}`)
  return en
}

export function trackedEntityToPrimero(te: Dhis2TrackedEntity, ctx: MappingContext, options: ToPrimeroOptions): PrimeroCaseRecord {
  const en = pickEnrollment(te, ctx, options.enrollment)
  const a = attributeValues(te, ctx)
  const id = options.recordId ?? primeroRecordIdFor(en.enrollment)
  const c: PrimeroCase = { id, module_id: PRIMERO_CP_MODULE, status: ENROLLMENT_TO_PRIMERO[en.status], registration_date: toFhirDate(en.enrolledAt) }
  set(c, 'sex', toPrimero(M.sex, a.CPCM_SEX))
  if (a.CPCM_DATE_OF_BIRTH !== undefined) {
    c.date_of_birth = toFhirDate(a.CPCM_DATE_OF_BIRTH)
    c.age = ageInYears(a.CPCM_DATE_OF_BIRTH, options.asOf)
  }
  if (a.CPCM_DOB_ESTIMATED === 'true') c.estimated = true
  if (ctx.allowIdentifiers) {
    set(c, 'name_first', a.CPCM_FIRST_NAME)
    set(c, 'name_last', a.CPCM_LAST_NAME)
    const full = [a.CPCM_FIRST_NAME, a.CPCM_LAST_NAME].filter((x) => x !== undefined).join(' ')
    if (full !== '') c.name = full
    set(c, 'national_id_no', a.CPCM_NATIONAL_ID)
  }
  const events = (en.events ?? []).filter((e) => e.deleted !== true)
  const intake = events.find((e) => e.programStage === ctx.stage.CPCM_INTAKE)
  if (intake) {
    const v = eventValues(intake, ctx)
    const concerns = [toPrimero(M.concern, v.CPCM_INT_CASE_TYPE), toPrimero(M.concern, v.CPCM_INT_CASE_TYPE_2)].filter((x): x is string => x !== undefined)
    if (concerns.length > 0) c.protection_concerns = [...new Set(concerns)]
    set(c, 'risk_level', toPrimero(M.risk, v.CPCM_INT_RISK_TIER))
    set(c, 'consent_for_services', bool(v.CPCM_INT_CONSENT_SERVICES))
    set(c, 'disclosure_other_orgs', bool(v.CPCM_INT_CONSENT_SHARING))
    set(c, 'interview_subject', toPrimero(M.giver, v.CPCM_INT_CONSENT_BY))
  }
  const services: PrimeroService[] = []
  const referrals: PrimeroReferral[] = []
  for (const event of events) {
    if (event.programStage !== ctx.stage.CPCM_REFERRAL) continue
    const v = eventValues(event, ctx)
    services.push(service(event.event, event.occurredAt, v, ctx))
    const r = referral(id, event.event, event.occurredAt, v, ctx, options)
    if (r) referrals.push(r)
  }
  if (services.length > 0) c.services_section = services
  return { case: c, referrals }
}

function service(uid: string, occurredAt: string | undefined, v: Values, ctx: MappingContext): PrimeroService {
  const s: PrimeroService = { unique_id: uid, service_response_type: 'service_provision', service_referral: 'external_referral' }
  set(s, 'service_type', toPrimero(M.service, v.CPCM_REF_SERVICE))
  if (occurredAt !== undefined) s.service_response_day_time = toFhirDateTime(occurredAt.length <= 10 ? `${occurredAt}T00:00:00.000` : occurredAt, ctx.timeZoneOffset)
  set(s, 'service_implementing_agency', v.CPCM_REF_PROVIDER)
  set(s, 'service_provider', v.CPCM_REF_PROVIDER_NAME)
  set(s, 'service_referral_notes', v.CPCM_REF_REASON)
  const status = v.CPCM_REF_STATUS
  if (status !== undefined) s.service_status_referred = toPrimero(M.status, status) !== undefined
  const accessed = bool(v.CPCM_REF_ACCESSED)
  if (accessed !== undefined) s.service_implemented = accessed ? 'implemented' : 'not_implemented'
  if (v.CPCM_REF_ACCESSED_DATE !== undefined) s.service_implemented_day_time = toFhirDateTime(`${toFhirDate(v.CPCM_REF_ACCESSED_DATE)}T00:00:00.000`, ctx.timeZoneOffset)
  set(s, 'note_on_referral_from_provider', v.CPCM_REF_FEEDBACK)
  return s
}

function referral(recordId: string, uid: string, occurredAt: string | undefined, v: Values, ctx: MappingContext, options: ToPrimeroOptions): PrimeroReferral | undefined {
  const status = v.CPCM_REF_STATUS as ReferralStatusCode | undefined
  const primeroStatus = toPrimero(M.status, status)
  if (primeroStatus === undefined) return undefined // never sent: no referral exists in Primero
  const r: PrimeroReferral = { type: 'Referral', record_id: recordId, record_type: 'case', status: primeroStatus, service_record_id: uid }
  set(r, 'id', v.CPCM_REF_EXTERNAL_ID)
  const provider = v.CPCM_REF_PROVIDER
  if (provider !== undefined) set(r, 'transitioned_to', options.primeroUserFor ? options.primeroUserFor(provider) : provider)
  set(r, 'notes', v.CPCM_REF_REASON)
  set(r, 'rejected_reason', v.CPCM_REF_STATUS_REASON)
  const outcome = bool(v.CPCM_REF_OUTCOME_ACHIEVED)
  set(r, 'success_status', (status !== undefined ? PRIMERO_SUCCESS[status] : undefined) ?? (outcome === undefined ? undefined : outcome ? 'successful' : 'not_successful'))
  if (occurredAt !== undefined) r.created_at = toFhirDateTime(occurredAt.length <= 10 ? `${occurredAt}T00:00:00.000` : occurredAt, ctx.timeZoneOffset)
  return r
}
