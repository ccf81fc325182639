/**
 * The fixed URIs of everything the product mints or links. They are a public contract with
 * every FHIR partner: never change one, add new ones. `sid/` holds identifier systems,
 * `CodeSystem/` and `ConceptMap/` the terminology in `codes/`, `StructureDefinition/` the few
 * extensions the FHIR map needs where R4 has no element.
 */
import { URL_NAMESPACE, uuidBytes, uuidV5 } from './uuid'

export const CPCM_BASE = 'https://ncda.gov.rw/fhir/cpcm/'
const SID_BASE = `${CPCM_BASE}sid/`

/** Identifier systems (Identifier.system). The value is the identifier named by the comment. */
export const SID = {
  /** The pseudonymous child code (attribute CPCM_CHILD_CODE), shared by all cases of one child. */
  childCode: `${SID_BASE}child-code`,
  /** DHIS2 tracked entity UID (the child). */
  trackedEntity: `${SID_BASE}dhis2-tracked-entity`,
  /** DHIS2 enrollment UID in CPCM_CASE: one case. */
  enrollment: `${SID_BASE}dhis2-enrollment`,
  /** DHIS2 event UID. */
  event: `${SID_BASE}dhis2-event`,
  /** One DHIS2 data value: `<event UID>.<data element UID>`. */
  dataValue: `${SID_BASE}dhis2-data-value`,
  /** DHIS2 organisation unit UID. */
  orgUnit: `${SID_BASE}dhis2-org-unit`,
  /** The referral number CPCM mints: the DHIS2 event UID of the CPCM_REFERRAL event. */
  referral: `${SID_BASE}referral`,
  /** The caregiver of a child: value is the child's tracked entity UID. */
  caregiver: `${SID_BASE}caregiver`,
  /** A provider or facility code in the CPCM service directory (CPCM_REF_PROVIDER, CPCM_HE_FACILITY). */
  provider: `${SID_BASE}provider`,
  /** An identifier assigned by the provider (CPCM_REF_EXTERNAL_ID, CPCM_HE_EXTERNAL_ID), as they sent it. */
  providerReference: `${SID_BASE}provider-reference`,
  /** Primero v2 `case_id` (long id). */
  primeroCaseId: `${SID_BASE}primero-case-id`,
  /** Primero v2 `case_id_display` (short id shown to users). */
  primeroCaseIdDisplay: `${SID_BASE}primero-case-id-display`,
  /** Primero v2 record `id` (UUID in the API path). */
  primeroRecordId: `${SID_BASE}primero-record-id`,
  /** National ID (NIDA) or birth registration number: identifying, sent only when allowed. */
  nationalId: `${SID_BASE}national-id`,
  /** Software that writes on CPCM's behalf (Provenance agent). */
  software: `${SID_BASE}software`,
} as const

export type SidName = keyof typeof SID

export const codeSystemUri = (name: string) => `${CPCM_BASE}CodeSystem/${name}`
export const conceptMapUri = (name: string) => `${CPCM_BASE}ConceptMap/${name}`
export const extensionUri = (name: string) => `${CPCM_BASE}StructureDefinition/${name}`

/** Extensions used where FHIR R4 has no element for a CPCM value. */
export const EXT = {
  /** Patient: valueBoolean, the date of birth is estimated (CPCM_DOB_ESTIMATED). */
  birthDateEstimated: extensionUri('birth-date-estimated'),
  /** Consent: valueCoding in consent-giver, who gave consent (CPCM_INT_CONSENT_BY). */
  consentGivenBy: extensionUri('consent-given-by'),
  /** Consent: valueBoolean, the child's assent (CPCM_INT_CHILD_ASSENT). */
  childAssent: extensionUri('child-assent'),
  /** Any resource made from one DHIS2 event: valueCode, the event's status (ACTIVE, COMPLETED...). */
  eventStatus: extensionUri('dhis2-event-status'),
} as const

/** Standard terminology this product uses. */
export const HL7 = {
  confidentiality: 'http://terminology.hl7.org/CodeSystem/v3-Confidentiality',
  actCode: 'http://terminology.hl7.org/CodeSystem/v3-ActCode',
  taskCode: 'http://hl7.org/fhir/CodeSystem/task-code',
  consentScope: 'http://terminology.hl7.org/CodeSystem/consentscope',
  consentAction: 'http://terminology.hl7.org/CodeSystem/consentaction',
  loinc: 'http://loinc.org',
  provenanceParticipant: 'http://terminology.hl7.org/CodeSystem/provenance-participant-type',
  taskStatus: 'http://hl7.org/fhir/task-status',
  requestStatus: 'http://hl7.org/fhir/request-status',
  requestPriority: 'http://hl7.org/fhir/request-priority',
  goalStatus: 'http://hl7.org/fhir/goal-status',
  carePlanActivityStatus: 'http://hl7.org/fhir/care-plan-activity-status',
  encounterStatus: 'http://hl7.org/fhir/encounter-status',
  episodeStatus: 'http://hl7.org/fhir/episode-of-care-status',
  gender: 'http://hl7.org/fhir/administrative-gender',
} as const

/** Namespace of every fullUrl UUID: v5 of the CPCM base URL in RFC 4122's URL namespace. */
const FULL_URL_NAMESPACE = uuidBytes(uuidV5(URL_NAMESPACE, CPCM_BASE))

const namespaces = new Map<string, Map<string, Uint8Array>>()
/** The UUID namespace of one (resource type, identifier system): v5 of `<type>|<system>` in the CPCM namespace. */
function namespaceOf(resourceType: string, system: string): Uint8Array {
  let bySystem = namespaces.get(resourceType)
  if (!bySystem) namespaces.set(resourceType, (bySystem = new Map()))
  let ns = bySystem.get(system)
  if (!ns) bySystem.set(system, (ns = uuidBytes(uuidV5(FULL_URL_NAMESPACE, `${resourceType}|${system}`))))
  return ns
}

/**
 * The `urn:uuid:` fullUrl of a resource in a transaction: UUID v5 of the identifier value in
 * the namespace of (type, system), so one resource always gets the same fullUrl, the same
 * input the same bytes, and anyone can recompute it.
 */
export const fullUrlFor = (resourceType: string, system: string, value: string) =>
  `urn:uuid:${uuidV5(namespaceOf(resourceType, system), value)}`

const PLAIN = /^[A-Za-z0-9._-]+$/

/** `Type?identifier=<system>|<value>`, the conditional write every entry uses. */
export const conditionalUrl = (resourceType: string, system: string, value: string) =>
  `${resourceType}?identifier=${system}|${PLAIN.test(value) ? value : encodeURIComponent(value)}`

/** A logical reference to something CPCM identifies but does not send (a provider, an org unit). */
export const logicalRef = (system: string, value: string, display?: string, type?: string) => {
  const ref: { identifier: { system: string; value: string }; display?: string; type?: string } = { identifier: { system, value } }
  if (type !== undefined) ref.type = type
  if (display !== undefined) ref.display = display
  return ref
}

/** The identifier of one data value of an event. */
export const dataValueId = (event: string, dataElement: string) => `${event}.${dataElement}`
