/** Step 4: intake. Opens the case (one enrolment), records consent and allocates it. */
import type { StageDef } from '../../model/defs'

export const INTAKE: StageDef = {
  code: 'CPCM_INTAKE',
  name: 'Intake',
  description: 'Intake form, assent and consent, confidentiality agreement and allocation (tools 6 to 8).',
  steps: [4],
  repeatable: false,
  executionDateLabel: 'Intake date',
  dataElements: [
    { code: 'CPCM_INT_INCIDENT_EVENT', name: 'Incident record reference', shortName: 'Incident reference', description: 'The incident register event this case came from.', valueType: 'TEXT' },
    { code: 'CPCM_INT_CASE_TYPE', name: 'Case type', description: 'Main case type (framework 3.1).', valueType: 'TEXT', optionSet: 'CPCM_CASE_TYPE', compulsory: true },
    { code: 'CPCM_INT_CASE_TYPE_2', name: 'Additional case type', description: 'A second case type, when the child experienced more than one.', valueType: 'TEXT', optionSet: 'CPCM_CASE_TYPE' },
    { code: 'CPCM_INT_RISK_TIER', name: 'Risk tier', description: 'Tier 1 or Tier 2 (framework 3.7).', valueType: 'TEXT', optionSet: 'CPCM_RISK_TIER', compulsory: true },
    { code: 'CPCM_INT_ASSESSMENT_DUE', name: 'Assessment due date', shortName: 'Assessment due', description: 'Tier 1: the same day. Tier 2: within seven days. Assigned by a programme rule.', valueType: 'DATE', allowFutureDate: true },
    { code: 'CPCM_INT_CONSENT_SERVICES', name: 'Consent to case management services', shortName: 'Consent to services', description: 'The child and family agree to receive case management.', valueType: 'BOOLEAN', compulsory: true },
    { code: 'CPCM_INT_CONSENT_SHARING', name: 'Consent to share information with service providers', shortName: 'Consent to share', description: 'Information may be shared with providers on a need-to-know basis for referrals.', valueType: 'BOOLEAN', compulsory: true },
    { code: 'CPCM_INT_CONSENT_BY', name: 'Consent given by', description: 'Who gave consent.', valueType: 'TEXT', optionSet: 'CPCM_CONSENT_GIVER' },
    { code: 'CPCM_INT_CHILD_ASSENT', name: 'Child assent', description: 'The child agrees, as suits their age and capacity.', valueType: 'BOOLEAN' },
    { code: 'CPCM_INT_CONFIDENTIALITY', name: 'Confidentiality agreement explained and signed', shortName: 'Confidentiality agreement', description: 'Tool 8.', valueType: 'TRUE_ONLY' },
    { code: 'CPCM_INT_AGENCY_TYPE', name: 'Lead agency', description: 'The district CPWO or a delegated CSO.', valueType: 'TEXT', optionSet: 'CPCM_AGENCY_TYPE', compulsory: true },
    { code: 'CPCM_INT_CSO_NAME', name: 'Delegated CSO', description: 'The civil society organisation the case is delegated to.', valueType: 'TEXT' },
    { code: 'CPCM_INT_CASEWORKER', name: 'Allocated caseworker', description: 'The caseworker accountable for the case.', valueType: 'USERNAME', compulsory: true },
    { code: 'CPCM_INT_REPORTED_JUSTICE', name: 'Reported to RIB or police', shortName: 'Reported to RIB/police', description: 'Mandatory for a suspected crime against a child.', valueType: 'BOOLEAN' },
    { code: 'CPCM_INT_JUSTICE_REFERENCE', name: 'RIB or police case reference', shortName: 'Justice reference', description: 'Reference of the report at RIB or police.', valueType: 'TEXT' },
  ],
}
