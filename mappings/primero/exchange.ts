/**
 * Rules of the two-way exchange with Primero, as data: which system owns which field (who wins when
 * a field was edited on both sides since the last sync), which fields identify the child, Primero's
 * own consent rule for referrals, the Primero field that may carry our child code, and the child
 * code CPCM gives a child first known from Primero. Pure: no clock, no I/O.
 *
 * Ownership: an edit made on one side only always flows to the other. When both sides changed a
 * field to different values (a true conflict), the owner's value is kept in DHIS2; with `shared`
 * nobody wins and DHIS2 keeps its value until a person decides. Either way the conflict is recorded
 * with both values, so neither is lost.
 */
import type { MappingContext } from '../context'
import type { Dhis2TrackedEntity } from '../dhis2/types'
import { attributeValues, eventValues } from '../dhis2/values'
import { sha1 } from '../uuid'

export type FieldOwner = 'primero' | 'dhis2' | 'shared'

export interface FieldRule {
  owner: FieldOwner
  /** Identifies the child: never printed by the CLI, never logged. */
  identifying?: boolean
  why: string
}

/** Tracked entity attributes exchanged with Primero. */
export const PRIMERO_ATTRIBUTE_RULES: Readonly<Record<string, FieldRule>> = {
  CPCM_FIRST_NAME: { owner: 'shared', identifying: true, why: 'either caseworker may correct a name; a disagreement needs a person' },
  CPCM_LAST_NAME: { owner: 'shared', identifying: true, why: 'as the first name' },
  CPCM_NATIONAL_ID: { owner: 'shared', identifying: true, why: 'matches the child across systems: a disagreement needs a person' },
  CPCM_SEX: { owner: 'shared', why: 'a disagreement needs a person' },
  CPCM_DATE_OF_BIRTH: { owner: 'shared', why: 'a disagreement needs a person' },
  CPCM_DOB_ESTIMATED: { owner: 'shared', why: 'follows the date of birth' },
}

/** Enrollment fields. */
export const PRIMERO_ENROLLMENT_RULES: Readonly<Record<string, FieldRule>> = {
  'enrollment.status': { owner: 'dhis2', why: 'closure is approved by the CPWO and supervisor (framework step 9)' },
}

/** Data elements, by stage. */
export const PRIMERO_DATA_ELEMENT_RULES: Readonly<Record<string, FieldRule>> = {
  // Screening and risk categorisation are the CPWO's (framework steps 3-4).
  CPCM_INT_CASE_TYPE: { owner: 'dhis2', why: 'screening is the CPWO\'s' },
  CPCM_INT_CASE_TYPE_2: { owner: 'dhis2', why: 'screening is the CPWO\'s' },
  CPCM_INT_RISK_TIER: { owner: 'dhis2', why: 'risk categorisation is the CPWO\'s' },
  CPCM_INT_CONSENT_SERVICES: { owner: 'shared', why: 'consent may be recorded or withdrawn on either side' },
  CPCM_INT_CONSENT_SHARING: { owner: 'shared', why: 'consent may be recorded or withdrawn on either side' },
  CPCM_INT_CONSENT_BY: { owner: 'shared', why: 'follows the consent' },
  // Services delivered by the CSO and the provider's feedback are reported from Primero.
  CPCM_REF_SERVICE: { owner: 'primero', why: 'the CSO records the services it arranges' },
  CPCM_REF_PROVIDER: { owner: 'primero', why: 'the CSO records the services it arranges' },
  CPCM_REF_PROVIDER_NAME: { owner: 'primero', why: 'the CSO records the services it arranges' },
  CPCM_REF_REASON: { owner: 'primero', why: 'the CSO records the services it arranges' },
  CPCM_REF_STATUS: { owner: 'primero', why: 'the referral\'s state is decided where it is handled' },
  CPCM_REF_STATUS_REASON: { owner: 'primero', why: 'with the state' },
  CPCM_REF_EXTERNAL_ID: { owner: 'primero', why: 'Primero\'s id' },
  CPCM_REF_ACCESSED: { owner: 'primero', why: 'reported by the provider' },
  CPCM_REF_ACCESSED_DATE: { owner: 'primero', why: 'reported by the provider' },
  CPCM_REF_OUTCOME_ACHIEVED: { owner: 'primero', why: 'reported by the provider' },
  CPCM_REF_FEEDBACK: { owner: 'primero', why: 'reported by the provider' },
  // Progress of a delegated case (framework steps 5-6) is recorded where the work is done: the CSO's Primero.
  CPCM_ASM_COMPLETED: { owner: 'primero', why: 'the CSO caseworker assesses the cases delegated to it' },
  CPCM_PLAN_GOAL: { owner: 'primero', why: 'the CSO caseworker makes the case plan' },
  CPCM_PLAN_ACTION: { owner: 'primero', why: 'the CSO caseworker makes the case plan' },
  CPCM_PLAN_RESPONSIBLE: { owner: 'primero', why: 'the CSO caseworker makes the case plan' },
  CPCM_PLAN_DUE: { owner: 'primero', why: 'the CSO caseworker makes the case plan' },
  CPCM_PLAN_STATUS: { owner: 'primero', why: 'the CSO caseworker follows the actions it implements' },
  // Closure (step 9) is approved by the CPWO and a supervisor: DHIS2 keeps its reason and approval.
  CPCM_CLO_REASON: { owner: 'dhis2', why: 'closure is approved by the CPWO and supervisor (framework step 9)' },
  CPCM_CLO_APPROVED: { owner: 'dhis2', why: 'closure is approved by the CPWO and supervisor (framework step 9)' },
}

/** Progress stages whose event date is exchanged (`<event>.occurredAt`). */
export const PRIMERO_DATED_STAGES = ['CPCM_ASSESSMENT', 'CPCM_CASE_PLAN', 'CPCM_CLOSURE'] as const

/** Event fields other than data values. */
export const PRIMERO_EVENT_RULES: Readonly<Record<string, FieldRule>> = {
  occurredAt: { owner: 'primero', why: 'the dates of assessment, case plan and closure are recorded where the work is done' },
}

/** The rule for a field key as `exchangedValues` names it (`CPCM_SEX`, `enrollment.status`, `<event>.CPCM_REF_STATUS`). */
export function ruleFor(field: string): FieldRule {
  const code = field.includes('.') && !field.startsWith('enrollment.') ? field.slice(field.indexOf('.') + 1) : field
  return PRIMERO_ATTRIBUTE_RULES[code] ?? PRIMERO_ENROLLMENT_RULES[code] ?? PRIMERO_DATA_ELEMENT_RULES[code] ?? PRIMERO_EVENT_RULES[code] ?? { owner: 'shared', why: 'not declared: nobody wins' }
}

/** The field key's metadata code (`<event>.CPCM_REF_STATUS` -> CPCM_REF_STATUS). */
export const fieldCode = (field: string) => (field.includes('.') && !field.startsWith('enrollment.') ? field.slice(field.indexOf('.') + 1) : field)

/**
 * The exchanged fields of one case as flat `key -> value` ('' for no value): attributes by code,
 * `enrollment.status`, intake data elements by code, other events' data elements as `<event uid>.<code>`,
 * and the date of progress events (assessment, case plan, closure) as `<event uid>.occurredAt`.
 * Only fields with a rule are included; `events` limits the events read (default all of the case).
 */
export function exchangedValues(te: Dhis2TrackedEntity, enrollment: string, ctx: MappingContext, events?: ReadonlySet<string>): Record<string, string> {
  const out: Record<string, string> = {}
  const attrs = attributeValues(te, ctx)
  for (const code of Object.keys(PRIMERO_ATTRIBUTE_RULES)) if (attrs[code] !== undefined) out[code] = attrs[code] as string
  const en = (te.enrollments ?? []).find((e) => e.enrollment === enrollment)
  if (!en) return out
  out['enrollment.status'] = en.status
  for (const ev of en.events ?? []) {
    if (ev.deleted === true || (events && !events.has(ev.event))) continue
    const values = eventValues(ev, ctx)
    const intake = ev.programStage === ctx.stage.CPCM_INTAKE
    if (PRIMERO_DATED_STAGES.some((stage) => ctx.stage[stage] === ev.programStage)) out[`${ev.event}.occurredAt`] = ev.occurredAt?.slice(0, 10) ?? ''
    for (const [code, value] of Object.entries(values)) {
      if (value === undefined || !PRIMERO_DATA_ELEMENT_RULES[code]) continue
      out[intake ? code : `${ev.event}.${code}`] = value
    }
  }
  return out
}

/**
 * Primero's consent rule for a referral (Transition model, as the emulator and Primero check it):
 * GBV needs `consent_for_services`; other modules `disclosure_other_orgs` and `consent_for_services`.
 * Returns the fields missing (empty: allowed).
 */
export function primeroReferralConsentMissing(moduleId: string, consent: { consent_for_services?: boolean; disclosure_other_orgs?: boolean }): string[] {
  const missing: string[] = []
  if (moduleId !== PRIMERO_GBV_MODULE && consent.disclosure_other_orgs !== true) missing.push('disclosure_other_orgs')
  if (consent.consent_for_services !== true) missing.push('consent_for_services')
  return missing
}

export const PRIMERO_GBV_MODULE = 'primeromodule-gbv'

/** A Primero case field a CPIMS+ configuration may add to hold CPCM's child code (matched like a national id). */
export const PRIMERO_CHILD_CODE_FIELD = 'cpcm_child_code'

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'

/**
 * The child code of a child first known from Primero, in the CPCM_CHILD_CODE pattern
 * (`ORG_UNIT_CODE-XX####`): derived from Primero's record id (never from the name), so a replay gives
 * the same code; `attempt` > 0 gives another one when a code is taken.
 */
export function childCodeFor(orgUnitCode: string, primeroRecordId: string, attempt = 0): string {
  const h = sha1(`cpcm-child-code|${primeroRecordId}|${attempt}`)
  const n = (i: number) => h[i]! % 256
  const letters = `${LETTERS[n(0) % 26]}${LETTERS[n(1) % 26]}`
  const digits = String(((n(2) << 16) | (n(3) << 8) | n(4)) % 10_000).padStart(4, '0')
  return `${orgUnitCode}-${letters}${digits}`
}
