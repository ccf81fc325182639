/**
 * A health encounter event (Isange One Stop Centre or facility) as Encounter, with one
 * Observation or Procedure per finding recorded (findings, evidence collected, PEP, safe-room
 * nights, police case, follow-up date). Procedures carry a yes/no as completed/not-done.
 */
import type * as fhir4 from 'fhir/r4'
import type { MappingContext } from '../context'
import type { Dhis2Event } from '../dhis2/types'
import type { Values } from '../dhis2/values'
import { HEALTH_SERVICES } from '../codes/health-services'
import { HEALTH_FINDING_CODES, HEALTH_FINDING_ROWS } from '../codes/local-systems'
import { mapOf } from '../codes/registry'
import { EVENT_TO_ENCOUNTER } from '../codes/statuses'
import { dataValueId, HL7, logicalRef, SID } from '../identifiers'
import { toFhirDate, toFhirDateTime } from '../time'
import { bool, conditionalEntry, eventStatusExtension, keyed, ref } from './common'

const CLASS = mapOf(HEALTH_SERVICES, 'health-service-to-encounter-class').forward as Readonly<Record<string, { code: string | null }>>
const CLASS_CODINGS = new Map<string, fhir4.Coding>()
function encounterClass(service: string | undefined): fhir4.Coding {
  const code = (service !== undefined && CLASS[service]?.code) || 'AMB'
  let c = CLASS_CODINGS.get(code)
  if (!c) CLASS_CODINGS.set(code, (c = Object.freeze({ system: HL7.actCode, code })))
  return c
}

export function addEncounter(
  entries: fhir4.BundleEntry[], event: Dhis2Event, v: Values, patientUrl: string, episodeUrl: string,
  referralUrls: ReadonlyMap<string, string>, meta: fhir4.Meta, ctx: MappingContext,
): void {
  const { fullUrl, identifier } = keyed('Encounter', SID.event, event.event)
  const identifiers: fhir4.Identifier[] = [identifier]
  if (v.CPCM_HE_EXTERNAL_ID !== undefined) identifiers.push({ system: SID.providerReference, value: v.CPCM_HE_EXTERNAL_ID })
  const service = v.CPCM_HE_SERVICE
  const enc: fhir4.Encounter = {
    resourceType: 'Encounter', meta, identifier: identifiers, extension: eventStatusExtension(event.status),
    status: EVENT_TO_ENCOUNTER[event.status] ?? 'unknown', class: encounterClass(service),
  }
  const type = service !== undefined ? ctx.concept('health-service', service) : undefined
  if (type) enc.type = [type]
  enc.subject = ref(patientUrl)
  enc.episodeOfCare = [ref(episodeUrl)]
  const referral = v.CPCM_HE_REFERRAL_EVENT
  if (referral !== undefined) {
    const url = referralUrls.get(referral)
    enc.basedOn = [url !== undefined ? ref(url) : logicalRef(SID.referral, referral, undefined, 'ServiceRequest')]
  }
  const start = event.occurredAt !== undefined ? toFhirDateTime(event.occurredAt, ctx.timeZoneOffset) : undefined
  if (start !== undefined) enc.period = { start }
  if (v.CPCM_HE_FACILITY !== undefined) enc.serviceProvider = logicalRef(SID.provider, v.CPCM_HE_FACILITY, undefined, 'Organization')
  entries.push(conditionalEntry(enc, SID.event, event.event, fullUrl))

  const encounterRef = ref(fullUrl)
  for (const code of HEALTH_FINDING_CODES) {
    const row = HEALTH_FINDING_ROWS[code]
    const value = v[row.dataElement]
    if (value === undefined) continue
    const id = dataValueId(event.event, ctx.de[row.dataElement as keyof typeof ctx.de])
    const key = keyed(row.resource, SID.dataValue, id)
    const codeCc = ctx.concept('health-finding', code)!
    if (row.resource === 'Procedure') {
      const done = bool(value)
      if (done === undefined) continue
      const proc: fhir4.Procedure = {
        resourceType: 'Procedure', meta, identifier: [key.identifier], status: done ? 'completed' : 'not-done', code: codeCc,
        subject: ref(patientUrl), encounter: encounterRef,
      }
      if (done && start !== undefined) proc.performedDateTime = start
      entries.push(conditionalEntry(proc, SID.dataValue, id, key.fullUrl))
      continue
    }
    const obs: fhir4.Observation = {
      resourceType: 'Observation', meta, identifier: [key.identifier], status: event.status === 'COMPLETED' ? 'final' : 'preliminary',
      code: codeCc, subject: ref(patientUrl), encounter: encounterRef,
    }
    if (start !== undefined) obs.effectiveDateTime = start
    switch (row.kind) {
      case 'boolean': { const b = bool(value); if (b === undefined) continue; obs.valueBoolean = b; break }
      case 'integer': obs.valueInteger = Number(value); break
      case 'date': obs.valueDateTime = toFhirDate(value); break
      default: obs.valueString = value
    }
    entries.push(conditionalEntry(obs, SID.dataValue, id, key.fullUrl))
  }
}
