/**
 * Pieces every FHIR builder shares: the transaction entry (conditional PUT on our identifier,
 * deterministic fullUrl), security labels and small frozen values reused across bundles.
 * Shared objects are frozen: a caller that edits a bundle must copy what it edits.
 */
import type * as fhir4 from 'fhir/r4'
import type { EventStatus } from '../codes/statuses'
import { conditionalUrl, EXT, fullUrlFor, HL7 } from '../identifiers'

const freeze = <T>(o: T): T => {
  if (o && typeof o === 'object') {
    for (const v of Object.values(o)) freeze(v)
    Object.freeze(o)
  }
  return o
}

const RESTRICTED: fhir4.Coding = { system: HL7.confidentiality, code: 'R', display: 'restricted' }
const SDV: fhir4.Coding = { system: HL7.actCode, code: 'SDV', display: 'sexual assault, abuse, or domestic violence information sensitivity' }

/** meta with v3-Confidentiality R: every resource about a child in case management. */
export const META_R: fhir4.Meta = freeze({ security: [RESTRICTED] })
/** meta with R and SDV: resources of a violence case. */
export const META_R_SDV: fhir4.Meta = freeze({ security: [RESTRICTED, SDV] })

const EVENT_STATUS_EXT = new Map<string, fhir4.Extension[]>()
/** The dhis2-event-status extension array for a status (frozen, shared). */
export function eventStatusExtension(status: EventStatus): fhir4.Extension[] {
  let ext = EVENT_STATUS_EXT.get(status)
  if (!ext) EVENT_STATUS_EXT.set(status, (ext = freeze([{ url: EXT.eventStatus, valueCode: status }])))
  return ext
}

export const TASK_FULFILL: fhir4.CodeableConcept = freeze({ coding: [{ system: HL7.taskCode, code: 'fulfill', display: 'Fulfill the focal request' }] })
export const CONSENT_SCOPE_PRIVACY: fhir4.CodeableConcept = freeze({ coding: [{ system: HL7.consentScope, code: 'patient-privacy', display: 'Privacy Consent' }] })
export const CONSENT_CATEGORY: fhir4.CodeableConcept[] = freeze([{ coding: [{ system: HL7.loinc, code: '59284-0', display: 'Patient Consent' }] }])
export const CONSENT_POLICY_OPTIN: fhir4.CodeableConcept = freeze({ coding: [{ system: HL7.actCode, code: 'OPTIN', display: 'opt-in' }] })
export const CONSENT_ACTION_DISCLOSE: fhir4.CodeableConcept[] = freeze([{ coding: [{ system: HL7.consentAction, code: 'disclose', display: 'Disclose' }] }])
export const CAREGIVER_RELATIONSHIP: fhir4.CodeableConcept[] = freeze([{ text: 'Caregiver' }])

/** A transaction entry: conditional PUT on the resource's key identifier. */
export function conditionalEntry(resource: fhir4.FhirResource, system: string, value: string, fullUrl: string): fhir4.BundleEntry {
  return { fullUrl, resource, request: { method: 'PUT', url: conditionalUrl(resource.resourceType, system, value) } }
}

/** fullUrl and Identifier of a resource keyed on one of our identifiers. */
export function keyed(resourceType: string, system: string, value: string) {
  return { fullUrl: fullUrlFor(resourceType, system, value), identifier: { system, value } }
}

export const ref = (fullUrl: string): fhir4.Reference => ({ reference: fullUrl })

/** FHIR boolean from a DHIS2 BOOLEAN/TRUE_ONLY value; undefined when absent or not a boolean. */
export const bool = (v: string | undefined): boolean | undefined => (v === 'true' ? true : v === 'false' ? false : undefined)
