/**
 * Primero v2 case record and referrals -> DHIS2 tracker JSON (one tracked entity, one case).
 * Where Primero is coarser than CPCM (a status or service several codes map to), the current
 * DHIS2 record, when given, keeps its code; without it the table's default applies. UIDs come
 * from the store's links, then the current record, then are derived from Primero's ids.
 */
import type { MappingContext } from '../context'
import { PRIMERO_TO_ENROLLMENT, type EnrollmentStatus } from '../codes/statuses'
import type { Dhis2DataValue, Dhis2Enrollment, Dhis2Event, Dhis2TrackedEntity } from '../dhis2/types'
import { attributeValues, eventValues, type AttributeValues, type Values } from '../dhis2/values'
import { fromFhirDateTime } from '../time'
import { derivedUid } from '../uuid'
import { fromPrimero, M, primeroRecordIdFor } from './lookups'
import { primeroClosure, progressEvents } from './progress'
import type { PrimeroCaseRecord, PrimeroLinks, PrimeroReferral, PrimeroService } from './types'

export interface FromPrimeroOptions {
  links?: PrimeroLinks
  /** The case as DHIS2 has it now, to keep codes Primero cannot distinguish and fields it does not carry. */
  current?: Dhis2TrackedEntity
}

const UID = /^[A-Za-z][A-Za-z0-9]{10}$/
const text = (b: boolean | undefined) => (b === true ? 'true' : b === false ? 'false' : undefined)
const put = (o: Record<string, string | undefined>, k: string, v: string | undefined) => { if (v !== undefined) o[k] = v }

export function primeroToTrackedEntity(record: PrimeroCaseRecord, ctx: MappingContext, options: FromPrimeroOptions = {}): Dhis2TrackedEntity {
  const c = record.case
  const cur = options.current
  const recordId = c.id ?? c.case_id ?? derivedUid('primero', JSON.stringify(c.case_id_display ?? ''))
  const curEn = (cur?.enrollments ?? []).find((e) => e.enrollment === options.links?.enrollment || primeroRecordIdFor(e.enrollment) === recordId)
  const enrollment = options.links?.enrollment ?? curEn?.enrollment ?? derivedUid('enrollment', recordId)
  const trackedEntity = options.links?.trackedEntity ?? cur?.trackedEntity ?? derivedUid('trackedEntity', recordId)
  const orgUnit = options.links?.orgUnit ?? curEn?.orgUnit ?? cur?.orgUnit
  if (orgUnit === undefined) throw new Error(`Primero case ${recordId}: no org unit to place it in (pass links.orgUnit)`)
  const curAttrs: AttributeValues = cur ? attributeValues(cur, ctx) : {}
  const curEvents = curEn?.events ?? []
  const curValues = (e: Dhis2Event | undefined): Values => (e ? eventValues(e, ctx) : {})

  const a: AttributeValues = {}
  put(a, 'CPCM_SEX', fromPrimero(M.sex, c.sex, curAttrs.CPCM_SEX))
  if (c.date_of_birth !== undefined) a.CPCM_DATE_OF_BIRTH = curAttrs.CPCM_DATE_OF_BIRTH?.slice(0, 10) === c.date_of_birth ? curAttrs.CPCM_DATE_OF_BIRTH : c.date_of_birth
  else if (typeof c.age === 'number' && c.registration_date !== undefined && curAttrs.CPCM_DATE_OF_BIRTH === undefined) {
    // Age only, as DHIS2's AGE value type does: store the estimated date of birth.
    a.CPCM_DATE_OF_BIRTH = `${String(Number(c.registration_date.slice(0, 4)) - c.age).padStart(4, '0')}${c.registration_date.slice(4, 10)}`
    a.CPCM_DOB_ESTIMATED = 'true'
  }
  // TRUE_ONLY: 'true', or an empty value to clear it.
  if (a.CPCM_DOB_ESTIMATED === undefined && c.estimated === true) a.CPCM_DOB_ESTIMATED = 'true'
  else if (a.CPCM_DOB_ESTIMATED === undefined && c.estimated === false && curAttrs.CPCM_DOB_ESTIMATED === 'true') a.CPCM_DOB_ESTIMATED = ''
  put(a, 'CPCM_FIRST_NAME', c.name_first)
  put(a, 'CPCM_LAST_NAME', c.name_last)
  put(a, 'CPCM_NATIONAL_ID', c.national_id_no)

  const curStatus = curEn?.status
  // Closed in Primero without a reason the framework allows: DHIS2 keeps the case open (see progress.ts).
  const closure = primeroClosure(c)
  const status: EnrollmentStatus = c.status === 'closed' && curStatus === 'CANCELLED' ? 'CANCELLED'
    : closure.closed && 'refused' in closure ? curStatus ?? 'ACTIVE'
    : PRIMERO_TO_ENROLLMENT[c.status ?? ''] ?? curStatus ?? 'ACTIVE'
  const registered = c.registration_date
  const enrolledAt = curEn && (registered === undefined || curEn.enrolledAt.slice(0, 10) === registered) ? curEn.enrolledAt : `${registered ?? ''}T00:00:00.000`
  if (registered === undefined && !curEn) throw new Error(`Primero case ${recordId} has no registration_date`)
  const events: Dhis2Event[] = []
  const en: Dhis2Enrollment = {
    enrollment, program: ctx.program.case, trackedEntity, orgUnit, status, enrolledAt, occurredAt: curEn?.occurredAt ?? enrolledAt, events,
  }
  const event = (stage: 'CPCM_INTAKE' | 'CPCM_REFERRAL', uid: string, values: Values, fallbackAt: string | undefined, curEvent?: Dhis2Event) => {
    const dataValues: Dhis2DataValue[] = []
    for (const [code, value] of Object.entries(values)) if (value !== undefined) dataValues.push({ dataElement: ctx.de[code as keyof typeof ctx.de], value })
    const ev: Dhis2Event = { event: uid, program: ctx.program.case, programStage: ctx.stage[stage], enrollment, orgUnit, status: curEvent?.status ?? 'ACTIVE', dataValues }
    const at = fallbackAt ?? curEvent?.occurredAt
    if (at !== undefined) ev.occurredAt = at
    events.push(ev)
  }

  const curIntake = curEvents.find((e) => e.programStage === ctx.stage.CPCM_INTAKE)
  const iv = curValues(curIntake)
  const intake: Values = {}
  const types = (c.protection_concerns ?? [])
    .map((p) => fromPrimero(M.concern, p, [iv.CPCM_INT_CASE_TYPE, iv.CPCM_INT_CASE_TYPE_2].find((t) => t !== undefined && M.concern.forward[t]?.code === p)))
    .filter((t): t is string => t !== undefined)
  const distinct = [...new Set(types)]
  put(intake, 'CPCM_INT_CASE_TYPE', distinct[0])
  put(intake, 'CPCM_INT_CASE_TYPE_2', distinct[1])
  put(intake, 'CPCM_INT_RISK_TIER', fromPrimero(M.risk, c.risk_level, iv.CPCM_INT_RISK_TIER))
  put(intake, 'CPCM_INT_CONSENT_SERVICES', text(c.consent_for_services))
  put(intake, 'CPCM_INT_CONSENT_SHARING', text(c.disclosure_other_orgs))
  put(intake, 'CPCM_INT_CONSENT_BY', fromPrimero(M.giver, c.interview_subject, iv.CPCM_INT_CONSENT_BY))
  if (Object.keys(intake).length > 0 || curIntake) {
    event('CPCM_INTAKE', curIntake?.event ?? derivedUid('intake', enrollment), intake, curIntake ? undefined : enrolledAt, curIntake)
  }

  // Progress: assessment, case plan actions, closure (mappings/primero/progress.ts).
  events.push(...progressEvents(c, ctx, { recordId, enrollment, orgUnit, current: curEvents }))

  for (const s of c.services_section ?? []) {
    const uid = UID.test(s.unique_id) ? s.unique_id : derivedUid('referral', `${recordId}/${s.unique_id}`)
    const curEvent = curEvents.find((e) => e.event === uid)
    const r = record.referrals.find((x) => x.service_record_id === s.unique_id)
    const values = referralValues(s, r, curValues(curEvent), ctx)
    // A service row without a date (Primero does not require one) is dated at registration: DHIS2 needs occurredAt.
    event('CPCM_REFERRAL', uid, values, s.service_response_day_time ? fromFhirDateTime(s.service_response_day_time, ctx.timeZoneOffset) : curEvent ? undefined : enrolledAt, curEvent)
  }

  const attributes = Object.entries(a).filter((e): e is [string, string] => e[1] !== undefined).map(([code, value]) => ({ attribute: ctx.attr[code as keyof typeof ctx.attr], value }))
  return { trackedEntity, trackedEntityType: ctx.trackedEntityType, orgUnit: cur?.orgUnit ?? orgUnit, attributes, enrollments: [en] }
}

function referralValues(s: PrimeroService, r: PrimeroReferral | undefined, cv: Values, ctx: MappingContext): Values {
  const v: Values = {}
  put(v, 'CPCM_REF_SERVICE', fromPrimero(M.service, s.service_type, cv.CPCM_REF_SERVICE))
  put(v, 'CPCM_REF_PROVIDER', s.service_implementing_agency)
  put(v, 'CPCM_REF_PROVIDER_NAME', s.service_provider)
  put(v, 'CPCM_REF_REASON', s.service_referral_notes)
  if (s.service_implemented === 'implemented' || s.service_implemented === 'not_implemented') v.CPCM_REF_ACCESSED = String(s.service_implemented === 'implemented')
  if (s.service_implemented_day_time !== undefined) v.CPCM_REF_ACCESSED_DATE = fromFhirDateTime(s.service_implemented_day_time, ctx.timeZoneOffset).slice(0, 10)
  put(v, 'CPCM_REF_FEEDBACK', s.note_on_referral_from_provider)
  if (r) {
    const success = r.success_status ?? undefined
    // done splits on success_status: successful -> COMPLETED, not_successful -> FAILED.
    const status = r.status !== 'done' ? fromPrimero(M.status, r.status, cv.CPCM_REF_STATUS)
      : success === 'not_successful' || (success === undefined && cv.CPCM_REF_STATUS === 'FAILED') ? 'FAILED' : 'COMPLETED'
    put(v, 'CPCM_REF_STATUS', status)
    put(v, 'CPCM_REF_STATUS_REASON', r.rejected_reason ?? undefined)
    put(v, 'CPCM_REF_EXTERNAL_ID', r.id)
    if (success === 'successful' || success === 'not_successful') v.CPCM_REF_OUTCOME_ACHIEVED = String(success === 'successful')
  } else {
    // No referral in Primero: never sent (draft, or blocked for consent); keep what DHIS2 says.
    put(v, 'CPCM_REF_STATUS', cv.CPCM_REF_STATUS ?? 'DRAFT')
  }
  return v
}
