/**
 * What a facility sends back, as changes to the DHIS2 referral event and as health encounter
 * events. Pure: the pipeline fetches, these decide.
 *
 * The framework's rule (DOMAIN.md, Referrals): a referral is complete only when the child accessed
 * the service, the service achieved its outcome, and the provider gave feedback. So COMPLETED is
 * decided here from those three values, whatever the facility's Task status says; a Task marked
 * completed without them leaves the referral open (IN_PROGRESS), flagged for follow-up, with a
 * status reason naming what is missing.
 */
import type * as fhir4 from 'fhir/r4'
import type { MappingContext } from '../context'
import type { ReferralStatusCode } from '../codes/referral-statuses'
import type { EventStatus } from '../codes/statuses'
import type { Values } from '../dhis2/values'
import { mapOf } from '../codes/registry'
import { REFERRAL_STATUSES } from '../codes/referral-statuses'
import { dateText, put } from './read-helpers'
import { readEncounter, readFinding, readTask } from './read-services'

/** A change a facility reports about one referral. */
export interface ReferralPatch {
  /** Data values reported (accessed, outcome, feedback...), by code. */
  values: Values
  /** The facility's status for the referral (from Task.status / businessStatus). */
  facilityStatus?: ReferralStatusCode
  /** Why, as the facility said (Task.statusReason). */
  facilityReason?: string
}

const TASK_BACK = mapOf(REFERRAL_STATUSES, 'referral-status-to-task-status').reverse as Readonly<Record<string, ReferralStatusCode>>
const TASK_FORWARD = mapOf(REFERRAL_STATUSES, 'referral-status-to-task-status').forward as Readonly<Record<string, { code: string | null }>>

const FEEDBACK_ELEMENTS = new Set([
  'CPCM_REF_ACCESSED', 'CPCM_REF_ACCESSED_DATE', 'CPCM_REF_OUTCOME_ACHIEVED', 'CPCM_REF_FEEDBACK_RECEIVED', 'CPCM_REF_FEEDBACK_DATE',
  'CPCM_REF_FEEDBACK', 'CPCM_REF_EXTERNAL_ID',
])

/** A facility's Task: its status and outputs. Inputs (our consent flags) are ours and ignored. */
export function taskPatch(task: fhir4.Task, ctx: MappingContext): ReferralPatch {
  const view = readTask(task, ctx)
  const values: Values = {}
  for (const [code, value] of Object.entries(view.values)) if (FEEDBACK_ELEMENTS.has(code)) put(values, code, value)
  // The facility's own id for the Task, as it sent it.
  if (values.CPCM_REF_EXTERNAL_ID === undefined && typeof task.id === 'string') values.CPCM_REF_EXTERNAL_ID = task.id
  const patch: ReferralPatch = { values }
  // Task.status is what the facility moves; businessStatus (our code) counts only while it agrees with it.
  const business = view.referralStatus
  const status = business !== undefined && TASK_FORWARD[business]?.code === task.status ? business : TASK_BACK[task.status]
  if (status !== undefined) patch.facilityStatus = status
  const reason = task.statusReason?.text
  if (typeof reason === 'string' && reason.trim() !== '') patch.facilityReason = reason.trim()
  return patch
}

/** A Communication (written feedback): feedback received, its text and date. */
export function communicationPatch(c: fhir4.Communication): ReferralPatch | undefined {
  if (c.status !== 'completed') return undefined
  const text = (c.payload ?? []).map((p) => p.contentString).filter((t): t is string => typeof t === 'string' && t.trim() !== '').join('\n')
  const values: Values = { CPCM_REF_FEEDBACK_RECEIVED: 'true' }
  put(values, 'CPCM_REF_FEEDBACK', text || undefined)
  put(values, 'CPCM_REF_FEEDBACK_DATE', dateText(c.sent ?? c.received))
  return { values }
}

/** A DocumentReference (a written report): feedback received, its description and date. */
export function documentPatch(d: fhir4.DocumentReference): ReferralPatch | undefined {
  if (d.status !== 'current') return undefined
  const values: Values = { CPCM_REF_FEEDBACK_RECEIVED: 'true' }
  put(values, 'CPCM_REF_FEEDBACK', d.description)
  put(values, 'CPCM_REF_FEEDBACK_DATE', dateText(d.date))
  return { values }
}

const ATTENDED = new Set(['arrived', 'triaged', 'in-progress', 'onleave', 'finished'])

/** An Encounter for the referral: the child accessed the service (and when). */
export function encounterPatch(e: fhir4.Encounter): ReferralPatch | undefined {
  if (!ATTENDED.has(e.status)) return undefined
  const values: Values = { CPCM_REF_ACCESSED: 'true' }
  put(values, 'CPCM_REF_ACCESSED_DATE', dateText(e.period?.start))
  return { values }
}

export interface ReferralUpdate {
  /** Data values to write (only those that change). */
  values: Values
  /** The referral status after the change. */
  status: ReferralStatusCode
  /** True when the referral needs a person's attention (followUp on the event). */
  flag: boolean
  /** Nothing to write: the event already says all this. */
  unchanged: boolean
}

const CLOSED_BY_US: ReadonlySet<string> = new Set(['CANCELLED', 'BLOCKED_NO_CONSENT', 'DRAFT'])

export const COMPLETED_WITHOUT_CONDITIONS = 'The provider marked the referral completed, but'

/** Which of the three completion conditions are missing, in words. */
export function missingConditions(v: Values): string[] {
  const missing: string[] = []
  if (v.CPCM_REF_ACCESSED !== 'true') missing.push('the child accessing the service is not confirmed')
  if (v.CPCM_REF_OUTCOME_ACHIEVED !== 'true') missing.push('the outcome is not reported as achieved')
  if (v.CPCM_REF_FEEDBACK_RECEIVED !== 'true') missing.push('no feedback was received')
  return missing
}

/**
 * The referral event's values after a patch: what to write, the status, and the flag.
 * `current` are the event's values now (by code), `currentFlag` its followUp.
 */
export function decideReferralUpdate(current: Values, patch: ReferralPatch, currentFlag = false): ReferralUpdate {
  const merged: Values = { ...current }
  for (const [code, value] of Object.entries(patch.values)) if (value !== undefined) merged[code] = value
  const now = (current.CPCM_REF_STATUS ?? 'REQUESTED') as ReferralStatusCode
  let status: ReferralStatusCode = now
  let reason = current.CPCM_REF_STATUS_REASON
  let flag = currentFlag
  const complete = missingConditions(merged).length === 0
  if (CLOSED_BY_US.has(now) || now === 'COMPLETED') {
    // Our decisions (cancelled, blocked) and a completed referral stay as they are.
  } else if (complete) {
    status = 'COMPLETED'
    if (reason?.startsWith(COMPLETED_WITHOUT_CONDITIONS)) reason = undefined
    flag = false
  } else if (patch.facilityStatus === 'COMPLETED') {
    status = 'IN_PROGRESS'
    reason = `${COMPLETED_WITHOUT_CONDITIONS} ${missingConditions(merged).join('; ')}: the referral stays open until all three hold`
    flag = true
  } else if (patch.facilityStatus !== undefined && patch.facilityStatus !== 'DRAFT' && patch.facilityStatus !== 'BLOCKED_NO_CONSENT') {
    status = patch.facilityStatus
    if (patch.facilityReason !== undefined) reason = patch.facilityReason
  }
  merged.CPCM_REF_STATUS = status
  if (reason === undefined) delete merged.CPCM_REF_STATUS_REASON
  else merged.CPCM_REF_STATUS_REASON = reason
  const values: Values = {}
  const codes = new Set([...Object.keys(merged), ...Object.keys(current)])
  for (const code of codes) if (merged[code] !== current[code]) values[code] = merged[code] ?? ''
  return { values, status, flag, unchanged: Object.keys(values).length === 0 && flag === currentFlag }
}

export interface HealthEncounterView {
  status: EventStatus
  occurredAt?: string
  values: Values
}

/**
 * A facility's Encounter and its findings (Observation/Procedure coded in our health-finding
 * system) as a health encounter event's values. `facility` is the provider code; `referralEvent`
 * the referral it answers, when known.
 */
export function encounterToHealthEvent(
  enc: fhir4.Encounter, findings: Array<fhir4.Observation | fhir4.Procedure>, ctx: MappingContext, link: { facility: string; referralEvent?: string },
): HealthEncounterView {
  const view = readEncounter(enc, ctx)
  const values: Values = { ...view.values }
  values.CPCM_HE_FACILITY = link.facility
  if (link.referralEvent !== undefined) values.CPCM_HE_REFERRAL_EVENT = link.referralEvent
  if (values.CPCM_HE_EXTERNAL_ID === undefined && typeof enc.id === 'string') values.CPCM_HE_EXTERNAL_ID = enc.id
  for (const f of findings) {
    const finding = readFinding(f)
    if (finding) values[finding.dataElement] = finding.value
  }
  const out: HealthEncounterView = { status: view.status ?? (enc.status === 'finished' ? 'COMPLETED' : 'ACTIVE'), values }
  if (view.occurredAt !== undefined) out.occurredAt = view.occurredAt
  return out
}
