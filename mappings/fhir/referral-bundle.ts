/**
 * One referral for one facility, the minimum it needs: Patient (pseudonymous unless the context
 * allows identifiers), a Consent for this referral and this provider, the ServiceRequest, the Task
 * (owner the facility), and a Provenance. Unlike the case bundle (to-fhir.ts) it carries nothing
 * else from the case: no episode, plan, other referrals or encounters.
 *
 * The Task is created once (`POST` with `ifNoneExist`) and never overwritten from here: after that
 * it belongs to the facility, which moves its status and writes its outputs. Everything in the
 * bundle comes from what the caseworker decides (service, provider, reason, consent, the child's
 * demographics, the tier), never from feedback or timestamps, so writing feedback into DHIS2 does
 * not make a new bundle, and the same input gives the same bytes.
 */
import type * as fhir4 from 'fhir/r4'
import type { MappingContext } from '../context'
import { SDV_CASE_TYPES } from '../codes/case-types'
import type { Dhis2Enrollment, Dhis2Event, Dhis2TrackedEntity } from '../dhis2/types'
import { attributeValues, eventValues, type Values } from '../dhis2/values'
import { fullUrlFor, HL7, logicalRef, SID } from '../identifiers'
import { toFhirDateTime, toFhirInstant } from '../time'
import { CONSENT_ACTION_DISCLOSE, CONSENT_CATEGORY, CONSENT_POLICY_OPTIN, CONSENT_SCOPE_PRIVACY, conditionalEntry, keyed, META_R, META_R_SDV, ref } from './common'
import { addPatient } from './patient'
import { addReferral } from './referral'

/** Data elements of a referral event that go to the facility (the caseworker's decisions). */
export const OUTBOUND_REFERRAL_ELEMENTS = [
  'CPCM_REF_SERVICE', 'CPCM_REF_PROVIDER', 'CPCM_REF_PROVIDER_NAME', 'CPCM_REF_REASON', 'CPCM_REF_CONSENT', 'CPCM_REF_SHARE_IDENTITY',
] as const

export interface ReferralBundleInput {
  trackedEntity: Dhis2TrackedEntity
  enrollment: Dhis2Enrollment
  referral: Dhis2Event
  /** Literal Task.owner reference on the facility's server (`Organization/…`), if it has one. */
  ownerReference?: string
}

const RECIPIENT: fhir4.CodeableConcept = Object.freeze({
  coding: [Object.freeze({ system: 'http://terminology.hl7.org/CodeSystem/v3-ParticipationType', code: 'IRCP', display: 'information recipient' })],
}) as fhir4.CodeableConcept

/** The latest risk tier of a case: the latest assessment's, else intake's. */
export function caseTier(enrollment: Dhis2Enrollment, ctx: MappingContext): string | undefined {
  let tier: string | undefined
  let at = ''
  let intake: string | undefined
  for (const e of enrollment.events ?? []) {
    if (e.deleted === true) continue
    if (e.programStage === ctx.stage.CPCM_ASSESSMENT) {
      const v = eventValues(e, ctx).CPCM_ASM_RISK_TIER
      if (v !== undefined && (e.occurredAt ?? '') >= at) { tier = v; at = e.occurredAt ?? '' }
    } else if (e.programStage === ctx.stage.CPCM_INTAKE && intake === undefined) intake = eventValues(e, ctx).CPCM_INT_RISK_TIER
  }
  return tier ?? intake
}

function securityMeta(enrollment: Dhis2Enrollment, ctx: MappingContext): fhir4.Meta {
  const intake = (enrollment.events ?? []).find((e) => e.programStage === ctx.stage.CPCM_INTAKE && e.deleted !== true)
  const v = intake ? eventValues(intake, ctx) : {}
  return SDV_CASE_TYPES.has(v.CPCM_INT_CASE_TYPE ?? '') || SDV_CASE_TYPES.has(v.CPCM_INT_CASE_TYPE_2 ?? '') ? META_R_SDV : META_R
}

/**
 * The Consent for one referral to one provider: permit to disclose to that provider (actor IRCP)
 * the data of this ServiceRequest; `inactive` once consent is withdrawn. Keyed on the referral.
 */
export function referralConsent(
  referral: Dhis2Event, provider: string, status: 'active' | 'inactive', patient: fhir4.Reference, request: fhir4.Reference,
  meta: fhir4.Meta, ctx: MappingContext,
): fhir4.BundleEntry {
  const { fullUrl, identifier } = keyed('Consent', SID.referral, referral.event)
  const consent: fhir4.Consent = {
    resourceType: 'Consent', meta, identifier: [identifier], status, scope: CONSENT_SCOPE_PRIVACY, category: CONSENT_CATEGORY, patient,
  }
  if (referral.occurredAt !== undefined) consent.dateTime = toFhirDateTime(referral.occurredAt, ctx.timeZoneOffset)
  consent.policyRule = CONSENT_POLICY_OPTIN
  consent.provision = {
    type: status === 'active' ? 'permit' : 'deny',
    actor: [{ role: RECIPIENT, reference: logicalRef(SID.provider, provider, undefined, 'Organization') }],
    action: CONSENT_ACTION_DISCLOSE,
    data: [{ meaning: 'related', reference: request }],
  }
  return conditionalEntry(consent, SID.referral, referral.event, fullUrl)
}

/** The transaction for a facility; `resourceTypes` for the disclosure log. */
export function referralToBundle(input: ReferralBundleInput, ctx: MappingContext): { bundle: fhir4.Bundle; resourceTypes: string[] } {
  const { trackedEntity: te, enrollment, referral } = input
  const all = eventValues(referral, ctx)
  const provider = all.CPCM_REF_PROVIDER
  if (provider === undefined) throw new Error(`referral ${referral.event} names no provider`)
  const values: Values = { CPCM_REF_STATUS: 'REQUESTED' }
  for (const code of OUTBOUND_REFERRAL_ELEMENTS) if (all[code] !== undefined) values[code] = all[code]
  const meta = securityMeta(enrollment, ctx)
  const entries: fhir4.BundleEntry[] = []
  const patientUrl = addPatient(entries, te, attributeValues(te, ctx), ctx)
  // Stable inputs only: no updatedAt (Task.lastModified), a fixed event status.
  const stable: Dhis2Event = { ...referral, status: 'ACTIVE' }
  delete stable.updatedAt
  const episodeUrl = fullUrlFor('EpisodeOfCare', SID.enrollment, enrollment.enrollment)
  const srUrl = addReferral(entries, stable, values, caseTier(enrollment, ctx), patientUrl, episodeUrl, meta, ctx)
  const sr = entries.at(-2)!.resource as fhir4.ServiceRequest
  delete sr.supportingInfo // the episode is not sent
  const taskEntry = entries.at(-1)!
  const task = taskEntry.resource as fhir4.Task
  if (input.ownerReference !== undefined && task.owner) task.owner = { ...task.owner, reference: input.ownerReference }
  taskEntry.request = { method: 'POST', url: 'Task', ifNoneExist: `identifier=${SID.referral}|${referral.event}` }
  entries.push(referralConsent(referral, provider, 'active', ref(patientUrl), ref(srUrl), meta, ctx))

  const recorded = toFhirInstant(referral.occurredAt ?? referral.createdAt ?? enrollment.enrolledAt, ctx.timeZoneOffset)
  const provenanceUrl = fullUrlFor('Provenance', SID.referral, `${provider}|${referral.event}`)
  const id = provenanceUrl.slice('urn:uuid:'.length)
  const provenance: fhir4.Provenance = {
    resourceType: 'Provenance', id, target: entries.map((e) => ({ reference: e.fullUrl! })), recorded,
    agent: [{
      type: { coding: [{ system: HL7.provenanceParticipant, code: 'assembler', display: 'Assembler' }] },
      who: { identifier: { system: SID.software, value: ctx.software }, display: ctx.software },
    }],
    entity: [{ role: 'source', what: { identifier: { system: SID.referral, value: referral.event }, display: 'DHIS2 referral event' } }],
  }
  entries.push({ fullUrl: provenanceUrl, resource: provenance, request: { method: 'PUT', url: `Provenance/${id}` } })
  const resourceTypes = [...new Set(entries.map((e) => e.resource!.resourceType))].sort()
  return { bundle: { resourceType: 'Bundle', type: 'transaction', entry: entries }, resourceTypes }
}

/**
 * Consent withdrawn: only the Consent, now inactive, pointing at the Patient and the ServiceRequest
 * by our identifiers (nothing else about the child is sent again).
 */
export function consentWithdrawalBundle(input: ReferralBundleInput, ctx: MappingContext): fhir4.Bundle {
  const provider = eventValues(input.referral, ctx).CPCM_REF_PROVIDER ?? 'unknown'
  const patient = logicalRef(SID.trackedEntity, input.trackedEntity.trackedEntity, undefined, 'Patient')
  const request = logicalRef(SID.referral, input.referral.event, undefined, 'ServiceRequest')
  const entry = referralConsent(input.referral, provider, 'inactive', patient, request, securityMeta(input.enrollment, ctx), ctx)
  return { resourceType: 'Bundle', type: 'transaction', entry: [entry] }
}
