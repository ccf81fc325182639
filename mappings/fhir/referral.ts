/**
 * A referral event as ServiceRequest (what is asked, of whom, how urgently) and Task (where it
 * stands: status, our exact status in businessStatus, consent inputs, completion outputs).
 */
import type * as fhir4 from 'fhir/r4'
import type { MappingContext } from '../context'
import type { Dhis2Event } from '../dhis2/types'
import type { Values } from '../dhis2/values'
import { mapOf } from '../codes/registry'
import { REFERRAL_PARAMETER_CODES, REFERRAL_PARAMETER_ROWS, type ValueKind } from '../codes/local-systems'
import { REFERRAL_SERVICES } from '../codes/referral-services'
import { REFERRAL_STATUSES } from '../codes/referral-statuses'
import { RISK_TIERS } from '../codes/risk-tiers'
import { logicalRef, SID } from '../identifiers'
import { toFhirDate, toFhirDateTime } from '../time'
import { bool, conditionalEntry, eventStatusExtension, keyed, ref, TASK_FULFILL } from './common'

type Forward = Readonly<Record<string, { code: string | null }>>
const TASK_STATUS = mapOf(REFERRAL_STATUSES, 'referral-status-to-task-status').forward as Forward
const REQUEST_STATUS = mapOf(REFERRAL_STATUSES, 'referral-status-to-request-status').forward as Forward
const CATEGORY = mapOf(REFERRAL_SERVICES, 'referral-service-to-category').forward as Forward
const PRIORITY = mapOf(RISK_TIERS, 'risk-tier-to-request-priority').forward as Forward

type TaskParameter = fhir4.TaskInput & fhir4.TaskOutput

function parameter(type: fhir4.CodeableConcept, kind: ValueKind, value: string): TaskParameter | undefined {
  switch (kind) {
    case 'boolean': { const b = bool(value); return b === undefined ? undefined : { type, valueBoolean: b } }
    case 'date': return { type, valueDate: toFhirDate(value) }
    case 'integer': return { type, valueInteger: Number(value) }
    default: return { type, valueString: value }
  }
}

export function addReferral(
  entries: fhir4.BundleEntry[], event: Dhis2Event, v: Values, tier: string | undefined, patientUrl: string, episodeUrl: string,
  meta: fhir4.Meta, ctx: MappingContext,
): string {
  const sr = keyed('ServiceRequest', SID.referral, event.event)
  const status = v.CPCM_REF_STATUS
  const authoredOn = event.occurredAt !== undefined ? toFhirDateTime(event.occurredAt, ctx.timeZoneOffset) : undefined
  const priority = tier !== undefined ? (PRIORITY[tier]?.code as fhir4.ServiceRequest['priority'] | undefined) : undefined
  const provider = v.CPCM_REF_PROVIDER !== undefined ? logicalRef(SID.provider, v.CPCM_REF_PROVIDER, v.CPCM_REF_PROVIDER_NAME, 'Organization') : undefined

  const request: fhir4.ServiceRequest = {
    resourceType: 'ServiceRequest', meta, identifier: [sr.identifier], extension: eventStatusExtension(event.status),
    status: ((status !== undefined && REQUEST_STATUS[status]?.code) || 'unknown') as fhir4.ServiceRequest['status'],
    intent: 'order', subject: ref(patientUrl),
  }
  const service = v.CPCM_REF_SERVICE
  const category = service !== undefined ? CATEGORY[service]?.code : undefined
  const categoryCc = category ? ctx.concept('referral-category', category) : undefined
  if (categoryCc) request.category = [categoryCc]
  if (priority) request.priority = priority
  const serviceCc = service !== undefined ? ctx.concept('referral-service', service) : undefined
  if (serviceCc) request.code = serviceCc
  if (authoredOn !== undefined) request.authoredOn = authoredOn
  if (provider) request.performer = [provider]
  if (v.CPCM_REF_REASON !== undefined) request.reasonCode = [{ text: v.CPCM_REF_REASON }]
  request.supportingInfo = [ref(episodeUrl)]
  entries.push(conditionalEntry(request, SID.referral, event.event, sr.fullUrl))

  const task = keyed('Task', SID.referral, event.event)
  const identifiers: fhir4.Identifier[] = [task.identifier]
  if (v.CPCM_REF_EXTERNAL_ID !== undefined) identifiers.push({ system: SID.providerReference, value: v.CPCM_REF_EXTERNAL_ID })
  const t: fhir4.Task = {
    resourceType: 'Task', meta, identifier: identifiers,
    status: ((status !== undefined && TASK_STATUS[status]?.code) || 'draft') as fhir4.Task['status'], intent: 'order',
  }
  const statusCc = status !== undefined ? ctx.concept('referral-status', status) : undefined
  if (statusCc) t.businessStatus = statusCc
  if (v.CPCM_REF_STATUS_REASON !== undefined) t.statusReason = { text: v.CPCM_REF_STATUS_REASON }
  if (priority) t.priority = priority
  t.code = TASK_FULFILL
  t.focus = ref(sr.fullUrl)
  t.for = ref(patientUrl)
  if (authoredOn !== undefined) t.authoredOn = authoredOn
  if (event.updatedAt !== undefined) t.lastModified = toFhirDateTime(event.updatedAt, ctx.timeZoneOffset)
  if (provider) t.owner = provider
  const input: TaskParameter[] = []
  const output: TaskParameter[] = []
  for (const code of REFERRAL_PARAMETER_CODES) {
    const row = REFERRAL_PARAMETER_ROWS[code]
    const value = v[row.dataElement]
    if (value === undefined) continue
    const p = parameter(ctx.concept('referral-parameter', code)!, row.kind, value)
    if (p) (row.direction === 'input' ? input : output).push(p)
  }
  if (input.length > 0) t.input = input
  if (output.length > 0) t.output = output
  entries.push(conditionalEntry(t, SID.referral, event.event, task.fullUrl))
  return sr.fullUrl
}
