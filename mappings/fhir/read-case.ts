/**
 * Readers for the case side of a bundle: Patient, RelatedPerson, EpisodeOfCare, Consent,
 * Goal and CarePlan back to DHIS2 values by code. Tolerant of foreign resources: what is not
 * ours is skipped.
 */
import type * as fhir4 from 'fhir/r4'
import type { MappingContext } from '../context'
import { mapOf } from '../codes/registry'
import { PLAN_STATUSES, SEXES } from '../codes/case-records'
import { CONSENT_SCOPE_ELEMENTS, type ConsentScopeCode } from '../codes/local-systems'
import { EPISODE_TO_ENROLLMENT, isEventStatus, type EnrollmentStatus, type EventStatus } from '../codes/statuses'
import type { AttributeValues, Values } from '../dhis2/values'
import { codeSystemUri, EXT, SID } from '../identifiers'
import { GOAL_NOT_RECORDED } from './care-plan'
import { boolText, codeIn, codesIn, dateText, extensionOf, identifierIn, put, refOf, timeText } from './read-helpers'

const GENDER_BACK = mapOf(SEXES, 'sex-to-administrative-gender').reverse!
const ACTIVITY_BACK = mapOf(PLAN_STATUSES, 'plan-action-status-to-care-plan-activity-status').reverse!
const CS = {
  caseType: codeSystemUri('case-type'), riskTier: codeSystemUri('risk-tier'), consentGiver: codeSystemUri('consent-giver'),
  consentScope: codeSystemUri('consent-scope'), benchmark: codeSystemUri('benchmark'),
}

/** A code of ours, kept only when the option set has it. */
const option = (ctx: MappingContext, set: string, code: string | undefined) => (code !== undefined && ctx.optionCodes(set).has(code) ? code : undefined)

export const eventStatusOf = (r: { extension?: fhir4.Extension[] }): EventStatus | undefined => {
  const v = extensionOf(r, EXT.eventStatus)?.valueCode
  return isEventStatus(v) ? v : undefined
}

export interface PatientView { trackedEntity?: string; orgUnit?: string; attributes: AttributeValues }

export function readPatient(p: fhir4.Patient, ctx: MappingContext): PatientView {
  const a: AttributeValues = {}
  put(a, 'CPCM_CHILD_CODE', identifierIn(p, SID.childCode))
  put(a, 'CPCM_NATIONAL_ID', identifierIn(p, SID.nationalId))
  const name = p.name?.find((n) => n?.use === 'official') ?? p.name?.[0]
  put(a, 'CPCM_FIRST_NAME', name?.given?.[0])
  put(a, 'CPCM_LAST_NAME', name?.family)
  put(a, 'CPCM_SEX', p.gender !== undefined ? GENDER_BACK[p.gender] ?? undefined : undefined)
  put(a, 'CPCM_DATE_OF_BIRTH', dateText(p.birthDate))
  if (extensionOf(p, EXT.birthDateEstimated)?.valueBoolean === true) a.CPCM_DOB_ESTIMATED = 'true'
  const view: PatientView = { attributes: a }
  const te = identifierIn(p, SID.trackedEntity)
  if (te !== undefined) view.trackedEntity = te
  const ou = p.managingOrganization?.identifier?.system === SID.orgUnit ? p.managingOrganization.identifier.value : undefined
  if (ou !== undefined) view.orgUnit = ou
  return view
}

export function readCaregiver(rp: fhir4.RelatedPerson): AttributeValues {
  const a: AttributeValues = {}
  const name = rp.name?.[0]
  put(a, 'CPCM_CAREGIVER_NAME', name?.text ?? ([...(name?.given ?? []), name?.family].filter(Boolean).join(' ') || undefined))
  put(a, 'CPCM_CAREGIVER_PHONE', rp.telecom?.find((t) => t?.system === 'phone')?.value)
  return a
}

export interface EpisodeView {
  enrollment?: string
  status: EnrollmentStatus
  enrolledAt?: string
  completedAt?: string
  orgUnit?: string
  /** Intake values carried on the episode: case types and risk tier. */
  intake: Values
}

export function readEpisode(e: fhir4.EpisodeOfCare, ctx: MappingContext): EpisodeView {
  const intake: Values = {}
  const types = codesIn(e.type, CS.caseType).filter((c) => ctx.optionCodes('CPCM_CASE_TYPE').has(c))
  put(intake, 'CPCM_INT_CASE_TYPE', types[0])
  put(intake, 'CPCM_INT_CASE_TYPE_2', types[1])
  put(intake, 'CPCM_INT_RISK_TIER', option(ctx, 'CPCM_RISK_TIER', codeIn(e.type, CS.riskTier)))
  const view: EpisodeView = { status: EPISODE_TO_ENROLLMENT[e.status] ?? 'ACTIVE', intake }
  const en = identifierIn(e, SID.enrollment)
  if (en !== undefined) view.enrollment = en
  const start = timeText(e.period?.start, ctx)
  if (start !== undefined) view.enrolledAt = start
  const end = timeText(e.period?.end, ctx)
  if (end !== undefined) view.completedAt = end
  const ou = e.managingOrganization?.identifier?.system === SID.orgUnit ? e.managingOrganization.identifier.value : undefined
  if (ou !== undefined) view.orgUnit = ou
  return view
}

export interface EventView { event?: string; status?: EventStatus; occurredAt?: string; values: Values }

export interface ConsentView extends EventView { episodeRef?: string }

export function readConsent(c: fhir4.Consent, ctx: MappingContext): ConsentView {
  const values: Values = {}
  for (const p of c.provision?.provision ?? []) {
    const scope = codeIn(p?.code, CS.consentScope) as ConsentScopeCode | undefined
    const element = scope !== undefined ? CONSENT_SCOPE_ELEMENTS[scope] : undefined
    if (element !== undefined && (p.type === 'permit' || p.type === 'deny')) values[element] = p.type === 'permit' ? 'true' : 'false'
  }
  const giver = extensionOf(c, EXT.consentGivenBy)?.valueCoding
  put(values, 'CPCM_INT_CONSENT_BY', option(ctx, 'CPCM_CONSENT_GIVER', giver?.system === CS.consentGiver ? giver.code : undefined))
  put(values, 'CPCM_INT_CHILD_ASSENT', boolText(extensionOf(c, EXT.childAssent)?.valueBoolean))
  const view: ConsentView = { values }
  const event = identifierIn(c, SID.event)
  if (event !== undefined) view.event = event
  const status = eventStatusOf(c)
  if (status !== undefined) view.status = status
  const at = timeText(c.dateTime, ctx)
  if (at !== undefined) view.occurredAt = at
  const episode = c.provision?.data?.map((d) => refOf(d?.reference)).find((r) => r !== undefined)
  if (episode !== undefined) view.episodeRef = episode
  return view
}

export function readGoal(g: fhir4.Goal, ctx: MappingContext): EventView {
  const values: Values = {}
  const text = g.description?.text
  if (text !== undefined && text !== GOAL_NOT_RECORDED) values.CPCM_PLAN_GOAL = text
  put(values, 'CPCM_PLAN_BENCHMARK', option(ctx, 'CPCM_BENCHMARK', codeIn(g.category, CS.benchmark)))
  put(values, 'CPCM_PLAN_DUE', dateText(g.target?.find((t) => t?.dueDate !== undefined)?.dueDate))
  const view: EventView = { values }
  const event = identifierIn(g, SID.event)
  if (event !== undefined) view.event = event
  const status = eventStatusOf(g)
  if (status !== undefined) view.status = status
  return view
}

export interface ActivityView { goalRef?: string; occurredAt?: string; values: Values }
export interface CarePlanView { enrollment?: string; episodeRef?: string; activities: ActivityView[] }

export function readCarePlan(cp: fhir4.CarePlan, ctx: MappingContext): CarePlanView {
  const activities: ActivityView[] = []
  for (const a of cp.activity ?? []) {
    const d = a?.detail
    if (!d) continue
    const values: Values = {}
    put(values, 'CPCM_PLAN_ACTION', d.description)
    put(values, 'CPCM_PLAN_RESPONSIBLE', d.performer?.[0]?.display)
    put(values, 'CPCM_PLAN_STATUS', d.status !== undefined ? ACTIVITY_BACK[d.status] ?? undefined : undefined)
    put(values, 'CPCM_PLAN_DUE', dateText(d.scheduledPeriod?.end))
    const view: ActivityView = { values }
    const goal = refOf(d.goal?.[0])
    if (goal !== undefined) view.goalRef = goal
    const at = timeText(d.scheduledPeriod?.start, ctx)
    if (at !== undefined) view.occurredAt = at
    activities.push(view)
  }
  const view: CarePlanView = { activities }
  const en = identifierIn(cp, SID.enrollment)
  if (en !== undefined) view.enrollment = en
  const episode = refOf(cp.supportingInfo?.[0])
  if (episode !== undefined) view.episodeRef = episode
  return view
}
