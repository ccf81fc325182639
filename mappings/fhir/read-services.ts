/**
 * Readers for the service side: ServiceRequest and Task (a referral and where it stands) and
 * Encounter, Observation, Procedure (a health encounter and its findings). They read our own
 * bundles and what facilities send back, e.g. a Task they updated, and ignore the rest.
 */
import type * as fhir4 from 'fhir/r4'
import type { MappingContext } from '../context'
import { HEALTH_FINDING_CODES, HEALTH_FINDING_ROWS, REFERRAL_PARAMETER_CODES, REFERRAL_PARAMETER_ROWS, type ValueKind } from '../codes/local-systems'
import { mapOf } from '../codes/registry'
import { REFERRAL_STATUSES, type ReferralStatusCode } from '../codes/referral-statuses'
import { ENCOUNTER_TO_EVENT } from '../codes/statuses'
import type { Values } from '../dhis2/values'
import { codeSystemUri, SID } from '../identifiers'
import { boolText, codeIn, dateText, identifierIn, put, refOf, timeText } from './read-helpers'
import { eventStatusOf, type EventView } from './read-case'

const TASK_BACK = mapOf(REFERRAL_STATUSES, 'referral-status-to-task-status').reverse!
const CS = {
  service: codeSystemUri('referral-service'), status: codeSystemUri('referral-status'), parameter: codeSystemUri('referral-parameter'),
  health: codeSystemUri('health-service'), finding: codeSystemUri('health-finding'),
}
const option = (ctx: MappingContext, set: string, code: string | undefined) => (code !== undefined && ctx.optionCodes(set).has(code) ? code : undefined)

/** A provider code from a logical reference in our service directory. */
const providerOf = (r: fhir4.Reference | undefined) => (r?.identifier?.system === SID.provider ? r.identifier.value : undefined)

export interface ServiceRequestView extends EventView { episodeRef?: string }

export function readServiceRequest(sr: fhir4.ServiceRequest, ctx: MappingContext): ServiceRequestView {
  const values: Values = {}
  put(values, 'CPCM_REF_SERVICE', option(ctx, 'CPCM_REFERRAL_SERVICE', codeIn(sr.code, CS.service)))
  const performer = sr.performer?.find((p) => providerOf(p) !== undefined)
  put(values, 'CPCM_REF_PROVIDER', providerOf(performer))
  put(values, 'CPCM_REF_PROVIDER_NAME', performer?.display)
  put(values, 'CPCM_REF_REASON', sr.reasonCode?.find((r) => typeof r?.text === 'string')?.text)
  const view: ServiceRequestView = { values }
  const event = identifierIn(sr, SID.referral)
  if (event !== undefined) view.event = event
  const status = eventStatusOf(sr)
  if (status !== undefined) view.status = status
  const at = timeText(sr.authoredOn, ctx)
  if (at !== undefined) view.occurredAt = at
  const episode = sr.supportingInfo?.map(refOf).find((r) => r !== undefined)
  if (episode !== undefined) view.episodeRef = episode
  return view
}

function parameterText(p: { valueBoolean?: boolean; valueDate?: string; valueDateTime?: string; valueInteger?: number; valueString?: string }, kind: ValueKind) {
  switch (kind) {
    case 'boolean': return boolText(p.valueBoolean)
    case 'date': return dateText(p.valueDate ?? p.valueDateTime)
    case 'integer': return typeof p.valueInteger === 'number' ? String(p.valueInteger) : undefined
    default: return typeof p.valueString === 'string' ? p.valueString : undefined
  }
}

export interface TaskView {
  /** The referral event (our referral identifier), when the Task is ours. */
  event?: string
  /** The focus reference (our ServiceRequest). */
  focusRef?: string
  /** Our status: businessStatus when it carries our code, else from Task.status. */
  referralStatus?: ReferralStatusCode
  values: Values
}

export function readTask(task: fhir4.Task, ctx: MappingContext): TaskView {
  const values: Values = {}
  const ours = option(ctx, 'CPCM_REFERRAL_STATUS', codeIn(task.businessStatus, CS.status)) as ReferralStatusCode | undefined
  const status = ours ?? (task.status !== undefined ? TASK_BACK[task.status] ?? undefined : undefined)
  put(values, 'CPCM_REF_STATUS', status)
  put(values, 'CPCM_REF_STATUS_REASON', task.statusReason?.text)
  put(values, 'CPCM_REF_EXTERNAL_ID', identifierIn(task, SID.providerReference))
  for (const p of [...(task.input ?? []), ...(task.output ?? [])]) {
    const code = codeIn(p?.type, CS.parameter) as (typeof REFERRAL_PARAMETER_CODES)[number] | undefined
    const row = code !== undefined ? REFERRAL_PARAMETER_ROWS[code] : undefined
    if (row) put(values, row.dataElement, parameterText(p, row.kind))
  }
  const view: TaskView = { values }
  if (status !== undefined) view.referralStatus = status
  const event = identifierIn(task, SID.referral)
  if (event !== undefined) view.event = event
  const focus = refOf(task.focus)
  if (focus !== undefined) view.focusRef = focus
  return view
}

export interface EncounterView extends EventView { episodeRef?: string; basedOnRef?: string }

export function readEncounter(enc: fhir4.Encounter, ctx: MappingContext): EncounterView {
  const values: Values = {}
  put(values, 'CPCM_HE_SERVICE', option(ctx, 'CPCM_HEALTH_SERVICE', codeIn(enc.type, CS.health)))
  put(values, 'CPCM_HE_FACILITY', providerOf(enc.serviceProvider))
  put(values, 'CPCM_HE_EXTERNAL_ID', identifierIn(enc, SID.providerReference))
  const basedOn = enc.basedOn?.[0]
  put(values, 'CPCM_HE_REFERRAL_EVENT', basedOn?.identifier?.system === SID.referral ? basedOn.identifier.value : undefined)
  const view: EncounterView = { values }
  const event = identifierIn(enc, SID.event)
  if (event !== undefined) view.event = event
  const status = eventStatusOf(enc) ?? (enc.status !== undefined ? ENCOUNTER_TO_EVENT[enc.status] : undefined)
  if (status !== undefined) view.status = status
  const at = timeText(enc.period?.start, ctx)
  if (at !== undefined) view.occurredAt = at
  const episode = refOf(enc.episodeOfCare?.[0])
  if (episode !== undefined) view.episodeRef = episode
  const based = refOf(basedOn)
  if (based !== undefined) view.basedOnRef = based
  return view
}

export interface FindingView { encounterRef?: string; dataElement: string; value: string }

/** One Observation or Procedure of ours back to a data value, or undefined. */
export function readFinding(r: fhir4.Observation | fhir4.Procedure): FindingView | undefined {
  const code = codeIn(r.code, CS.finding) as (typeof HEALTH_FINDING_CODES)[number] | undefined
  const row = code !== undefined ? HEALTH_FINDING_ROWS[code] : undefined
  if (!row || row.resource !== r.resourceType) return undefined
  let value: string | undefined
  if (r.resourceType === 'Procedure') value = r.status === 'completed' ? 'true' : r.status === 'not-done' ? 'false' : undefined
  else value = parameterText({ ...r, valueDate: r.valueDateTime }, row.kind)
  if (value === undefined) return undefined
  const view: FindingView = { dataElement: row.dataElement, value }
  const enc = refOf(r.encounter)
  if (enc !== undefined) view.encounterRef = enc
  return view
}
