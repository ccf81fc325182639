/**
 * One case (enrollment) as EpisodeOfCare, typed by case type(s) and intake risk tier, and the
 * intake's consent as Consent: services and sharing as nested provisions, who consented and
 * the child's assent as extensions (R4 has no element for either).
 */
import type * as fhir4 from 'fhir/r4'
import type { MappingContext } from '../context'
import type { Dhis2Enrollment, Dhis2Event } from '../dhis2/types'
import type { Values } from '../dhis2/values'
import { ENROLLMENT_TO_EPISODE } from '../codes/statuses'
import { CONSENT_SCOPE_CODES, CONSENT_SCOPE_ELEMENTS } from '../codes/local-systems'
import { EXT, logicalRef, SID } from '../identifiers'
import { toFhirDateTime } from '../time'
import {
  bool, CONSENT_ACTION_DISCLOSE, CONSENT_CATEGORY, CONSENT_POLICY_OPTIN, CONSENT_SCOPE_PRIVACY, conditionalEntry,
  eventStatusExtension, keyed, ref,
} from './common'

export function addEpisode(
  entries: fhir4.BundleEntry[], en: Dhis2Enrollment, intake: Values | undefined, patientUrl: string, meta: fhir4.Meta, ctx: MappingContext,
): string {
  const { fullUrl, identifier } = keyed('EpisodeOfCare', SID.enrollment, en.enrollment)
  const episode: fhir4.EpisodeOfCare = {
    resourceType: 'EpisodeOfCare', meta, identifier: [identifier], status: ENROLLMENT_TO_EPISODE[en.status] ?? 'active', patient: ref(patientUrl),
  }
  if (intake) {
    const type: fhir4.CodeableConcept[] = []
    const t1 = intake.CPCM_INT_CASE_TYPE !== undefined ? ctx.concept('case-type', intake.CPCM_INT_CASE_TYPE) : undefined
    const t2 = intake.CPCM_INT_CASE_TYPE_2 !== undefined ? ctx.concept('case-type', intake.CPCM_INT_CASE_TYPE_2) : undefined
    const tier = intake.CPCM_INT_RISK_TIER !== undefined ? ctx.concept('risk-tier', intake.CPCM_INT_RISK_TIER) : undefined
    if (t1) type.push(t1)
    if (t2) type.push(t2)
    if (tier) type.push(tier)
    if (type.length > 0) episode.type = type
  }
  episode.managingOrganization = logicalRef(SID.orgUnit, en.orgUnit, undefined, 'Organization')
  const period: fhir4.Period = { start: toFhirDateTime(en.enrolledAt, ctx.timeZoneOffset) }
  if (en.completedAt !== undefined && en.status !== 'ACTIVE') period.end = toFhirDateTime(en.completedAt, ctx.timeZoneOffset)
  episode.period = period
  entries.push(conditionalEntry(episode, SID.enrollment, en.enrollment, fullUrl))
  return fullUrl
}

export function addConsent(
  entries: fhir4.BundleEntry[], intake: Dhis2Event, v: Values, patientUrl: string, episodeUrl: string, meta: fhir4.Meta, ctx: MappingContext,
): void {
  const { fullUrl, identifier } = keyed('Consent', SID.event, intake.event)
  const services = bool(v.CPCM_INT_CONSENT_SERVICES)
  const consent: fhir4.Consent = {
    resourceType: 'Consent', meta, identifier: [identifier],
    status: services === true ? 'active' : services === false ? 'rejected' : 'proposed',
    scope: CONSENT_SCOPE_PRIVACY, category: CONSENT_CATEGORY, patient: ref(patientUrl),
  }
  const extension: fhir4.Extension[] = [...eventStatusExtension(intake.status)]
  const giver = v.CPCM_INT_CONSENT_BY !== undefined ? ctx.coding('consent-giver', v.CPCM_INT_CONSENT_BY) : undefined
  if (giver) extension.push({ url: EXT.consentGivenBy, valueCoding: giver })
  const assent = bool(v.CPCM_INT_CHILD_ASSENT)
  if (assent !== undefined) extension.push({ url: EXT.childAssent, valueBoolean: assent })
  consent.extension = extension
  if (intake.occurredAt !== undefined) consent.dateTime = toFhirDateTime(intake.occurredAt, ctx.timeZoneOffset)
  consent.policyRule = CONSENT_POLICY_OPTIN
  const nested: fhir4.ConsentProvision[] = []
  for (const scope of CONSENT_SCOPE_CODES) {
    const given = bool(v[CONSENT_SCOPE_ELEMENTS[scope]])
    if (given === undefined) continue
    const p: fhir4.ConsentProvision = { type: given ? 'permit' : 'deny', code: [ctx.concept('consent-scope', scope)!] }
    if (scope === 'SHARING') p.action = CONSENT_ACTION_DISCLOSE
    nested.push(p)
  }
  // The consent governs the case's data: the episode and whatever refers to it.
  const provision: fhir4.ConsentProvision = { type: services === false ? 'deny' : 'permit', data: [{ meaning: 'related', reference: ref(episodeUrl) }] }
  if (nested.length > 0) provision.provision = nested
  consent.provision = provision
  entries.push(conditionalEntry(consent, SID.event, intake.event, fullUrl))
}
