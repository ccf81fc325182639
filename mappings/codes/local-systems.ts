/**
 * CPCM-only code systems (no DHIS2 option set): consent scopes, referral task parameters and
 * health encounter findings. The parameter and finding tables also say which data element
 * each code carries, so the FHIR map reads them as data rather than code.
 */
import { HL7 } from '../identifiers'
import { table } from './types'

export const CONSENT_SCOPE_CODES = ['SERVICES', 'SHARING'] as const
export type ConsentScopeCode = (typeof CONSENT_SCOPE_CODES)[number]

export const CONSENT_SCOPES = table<ConsentScopeCode>({
  name: 'consent-scope',
  title: 'CPCM consent scopes',
  description: 'What the child and family consented to at intake (Consent.provision.provision.code).',
  codes: CONSENT_SCOPE_CODES,
  displays: { SERVICES: 'Consent to case management services', SHARING: 'Consent to share information with service providers' },
  standard: { SHARING: [{ system: HL7.actCode, code: 'IDSCL', display: 'information disclosure' }] },
  maps: [],
})
/** Which intake data element each consent scope reads. */
export const CONSENT_SCOPE_ELEMENTS: Readonly<Record<ConsentScopeCode, string>> = {
  SERVICES: 'CPCM_INT_CONSENT_SERVICES', SHARING: 'CPCM_INT_CONSENT_SHARING',
}

export type ValueKind = 'boolean' | 'date' | 'string' | 'integer'

export interface ParameterRow { dataElement: string; kind: ValueKind; direction: 'input' | 'output' }

export const REFERRAL_PARAMETER_CODES = [
  'CONSENT', 'SHARE_IDENTITY', 'SERVICE_ACCESSED', 'SERVICE_ACCESSED_DATE', 'OUTCOME_ACHIEVED', 'FEEDBACK_RECEIVED', 'FEEDBACK_DATE', 'FEEDBACK',
] as const
export type ReferralParameterCode = (typeof REFERRAL_PARAMETER_CODES)[number]

export const REFERRAL_PARAMETERS = table<ReferralParameterCode>({
  name: 'referral-parameter',
  title: 'CPCM referral task inputs and outputs',
  description: 'Task.input (consent given for this referral) and Task.output (the three completion conditions and the provider\'s feedback).',
  codes: REFERRAL_PARAMETER_CODES,
  displays: {
    CONSENT: 'Consent for this referral', SHARE_IDENTITY: 'Consent to share name and contacts with this provider',
    SERVICE_ACCESSED: 'Child or family accessed the service', SERVICE_ACCESSED_DATE: 'Date service accessed',
    OUTCOME_ACHIEVED: 'Intended outcome achieved', FEEDBACK_RECEIVED: 'Feedback received from provider',
    FEEDBACK_DATE: 'Feedback date', FEEDBACK: 'Provider feedback',
  },
  maps: [],
})
export const REFERRAL_PARAMETER_ROWS: Readonly<Record<ReferralParameterCode, ParameterRow>> = {
  CONSENT: { dataElement: 'CPCM_REF_CONSENT', kind: 'boolean', direction: 'input' },
  SHARE_IDENTITY: { dataElement: 'CPCM_REF_SHARE_IDENTITY', kind: 'boolean', direction: 'input' },
  SERVICE_ACCESSED: { dataElement: 'CPCM_REF_ACCESSED', kind: 'boolean', direction: 'output' },
  SERVICE_ACCESSED_DATE: { dataElement: 'CPCM_REF_ACCESSED_DATE', kind: 'date', direction: 'output' },
  OUTCOME_ACHIEVED: { dataElement: 'CPCM_REF_OUTCOME_ACHIEVED', kind: 'boolean', direction: 'output' },
  FEEDBACK_RECEIVED: { dataElement: 'CPCM_REF_FEEDBACK_RECEIVED', kind: 'boolean', direction: 'output' },
  FEEDBACK_DATE: { dataElement: 'CPCM_REF_FEEDBACK_DATE', kind: 'date', direction: 'output' },
  FEEDBACK: { dataElement: 'CPCM_REF_FEEDBACK', kind: 'string', direction: 'output' },
}

export interface FindingRow { dataElement: string; kind: ValueKind; resource: 'Observation' | 'Procedure' }

export const HEALTH_FINDING_CODES = ['FINDINGS', 'FORENSIC_EVIDENCE', 'PEP', 'SAFE_ROOM_NIGHTS', 'POLICE_CASE', 'FOLLOW_UP'] as const
export type HealthFindingCode = (typeof HEALTH_FINDING_CODES)[number]

export const HEALTH_FINDINGS = table<HealthFindingCode>({
  name: 'health-finding',
  title: 'CPCM health encounter findings',
  description: 'What an Isange or health facility encounter found or did (Observation.code, Procedure.code).',
  codes: HEALTH_FINDING_CODES,
  displays: {
    FINDINGS: 'Findings and care given', FORENSIC_EVIDENCE: 'Forensic evidence collection', PEP: 'Post-exposure prophylaxis',
    SAFE_ROOM_NIGHTS: 'Nights in the safe room', POLICE_CASE: 'Police case opened', FOLLOW_UP: 'Follow-up date',
  },
  maps: [],
})
/** Procedures carry a boolean as status completed (true) or not-done (false). */
export const HEALTH_FINDING_ROWS: Readonly<Record<HealthFindingCode, FindingRow>> = {
  FINDINGS: { dataElement: 'CPCM_HE_FINDINGS', kind: 'string', resource: 'Observation' },
  FORENSIC_EVIDENCE: { dataElement: 'CPCM_HE_EVIDENCE_COLLECTED', kind: 'boolean', resource: 'Procedure' },
  PEP: { dataElement: 'CPCM_HE_PEP', kind: 'boolean', resource: 'Procedure' },
  SAFE_ROOM_NIGHTS: { dataElement: 'CPCM_HE_SAFE_ROOM_NIGHTS', kind: 'integer', resource: 'Observation' },
  POLICE_CASE: { dataElement: 'CPCM_HE_POLICE_CASE', kind: 'boolean', resource: 'Observation' },
  FOLLOW_UP: { dataElement: 'CPCM_HE_FOLLOW_UP', kind: 'date', resource: 'Observation' },
}
