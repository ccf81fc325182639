/** Step 7: referrals (two-way, with consent) and the Isange health encounters they lead to. */
import type { StageDef } from '../../model/defs'

export const REFERRAL: StageDef = {
  code: 'CPCM_REFERRAL',
  name: 'Referral',
  description: 'A referral to a service provider with consent, followed until the child accessed the service, the outcome was achieved and feedback came back (tool 12).',
  steps: [7],
  repeatable: true,
  executionDateLabel: 'Referral date',
  sections: [
    { code: 'CPCM_REF_SEC_REQUEST', name: 'Request', dataElements: ['CPCM_REF_SERVICE', 'CPCM_REF_PROVIDER', 'CPCM_REF_PROVIDER_NAME', 'CPCM_REF_REASON', 'CPCM_REF_CONSENT', 'CPCM_REF_SHARE_IDENTITY'] },
    { code: 'CPCM_REF_SEC_STATUS', name: 'Status', dataElements: ['CPCM_REF_STATUS', 'CPCM_REF_STATUS_REASON', 'CPCM_REF_EXTERNAL_ID', 'CPCM_REF_CASE_TYPE'] },
    { code: 'CPCM_REF_SEC_FEEDBACK', name: 'Completion and feedback', dataElements: ['CPCM_REF_ACCESSED', 'CPCM_REF_ACCESSED_DATE', 'CPCM_REF_OUTCOME_ACHIEVED', 'CPCM_REF_FEEDBACK_RECEIVED', 'CPCM_REF_FEEDBACK_DATE', 'CPCM_REF_FEEDBACK'] },
  ],
  dataElements: [
    { code: 'CPCM_REF_SERVICE', name: 'Service', description: 'The service the child or family is referred for.', valueType: 'TEXT', optionSet: 'CPCM_REFERRAL_SERVICE', compulsory: true },
    { code: 'CPCM_REF_PROVIDER', name: 'Receiving provider code', shortName: 'Provider code', description: 'Code of the receiving provider in the service directory (a FHIR-connected facility, a Primero agency, or another provider).', valueType: 'TEXT', compulsory: true },
    { code: 'CPCM_REF_PROVIDER_NAME', name: 'Receiving provider', description: 'Name of the receiving provider.', valueType: 'TEXT' },
    { code: 'CPCM_REF_REASON', name: 'Reason for referral', shortName: 'Referral reason', description: 'What the provider needs to know to act; no more than necessary.', valueType: 'LONG_TEXT' },
    { code: 'CPCM_REF_CONSENT', name: 'Consent for this referral', shortName: 'Referral consent', description: 'The child and family consent to this referral and to sharing what it needs with this provider.', valueType: 'BOOLEAN', compulsory: true },
    { code: 'CPCM_REF_SHARE_IDENTITY', name: 'Consent to share name and contacts with this provider', shortName: 'Share identity', description: 'Only when the service requires it (e.g. a forensic examination).', valueType: 'BOOLEAN' },
    { code: 'CPCM_REF_STATUS', name: 'Referral status', description: 'Where the referral stands.', valueType: 'TEXT', optionSet: 'CPCM_REFERRAL_STATUS', compulsory: true },
    { code: 'CPCM_REF_STATUS_REASON', name: 'Status reason', description: 'Why the referral was blocked, rejected, put on hold, failed or cancelled; or what is missing.', valueType: 'LONG_TEXT' },
    { code: 'CPCM_REF_CASE_TYPE', name: 'Case type of the referred case', shortName: 'Referral case type', description: 'Copied from intake by a programme rule so referral indicators can be disaggregated by case type.', valueType: 'TEXT', optionSet: 'CPCM_CASE_TYPE' },
    { code: 'CPCM_REF_EXTERNAL_ID', name: 'Provider reference', description: 'The referral\'s identifier at the provider (FHIR Task or Primero referral); written by the adapter.', valueType: 'TEXT' },
    { code: 'CPCM_REF_ACCESSED', name: 'Child or family accessed the service', shortName: 'Service accessed', description: 'Completion condition (a).', valueType: 'BOOLEAN' },
    { code: 'CPCM_REF_ACCESSED_DATE', name: 'Date service accessed', shortName: 'Accessed on', description: 'When the service was first accessed.', valueType: 'DATE' },
    { code: 'CPCM_REF_OUTCOME_ACHIEVED', name: 'Intended outcome achieved', shortName: 'Outcome achieved', description: 'Completion condition (b).', valueType: 'BOOLEAN' },
    { code: 'CPCM_REF_FEEDBACK_RECEIVED', name: 'Feedback received from provider', shortName: 'Feedback received', description: 'Completion condition (c): written feedback on actions, results and further actions.', valueType: 'BOOLEAN' },
    { code: 'CPCM_REF_FEEDBACK_DATE', name: 'Feedback date', description: 'When the feedback was received.', valueType: 'DATE' },
    { code: 'CPCM_REF_FEEDBACK', name: 'Provider feedback', description: 'Actions taken, results and further actions, as written by the provider.', valueType: 'LONG_TEXT' },
  ],
}

export const HEALTH_ENCOUNTER: StageDef = {
  code: 'CPCM_HEALTH_ENCOUNTER',
  name: 'Health encounter',
  description: 'A service received at an Isange One Stop Centre or health facility, usually reported over FHIR.',
  steps: [7],
  repeatable: true,
  executionDateLabel: 'Encounter date',
  dataElements: [
    { code: 'CPCM_HE_SERVICE', name: 'Isange service', description: 'Which Isange service the child received.', valueType: 'TEXT', optionSet: 'CPCM_HEALTH_SERVICE', compulsory: true },
    { code: 'CPCM_HE_FACILITY', name: 'Facility code', description: 'Code of the facility that provided the service.', valueType: 'TEXT' },
    { code: 'CPCM_HE_FINDINGS', name: 'Findings', description: 'Coded findings and care given, without names.', valueType: 'LONG_TEXT' },
    { code: 'CPCM_HE_EVIDENCE_COLLECTED', name: 'Forensic evidence collected', shortName: 'Evidence collected', description: 'With consent, for a forensic examination.', valueType: 'BOOLEAN' },
    { code: 'CPCM_HE_PEP', name: 'Post-exposure prophylaxis given', shortName: 'PEP given', description: 'Medical care after sexual violence.', valueType: 'BOOLEAN' },
    { code: 'CPCM_HE_SAFE_ROOM_NIGHTS', name: 'Nights in the safe room', shortName: 'Safe room nights', description: 'Length of the safe-room stay.', valueType: 'INTEGER_ZERO_OR_POSITIVE' },
    { code: 'CPCM_HE_POLICE_CASE', name: 'Police case opened', description: 'A police investigation file was opened.', valueType: 'BOOLEAN' },
    { code: 'CPCM_HE_FOLLOW_UP', name: 'Follow-up date', description: 'Next appointment, if any.', valueType: 'DATE', allowFutureDate: true },
    { code: 'CPCM_HE_EXTERNAL_ID', name: 'Encounter reference', description: 'The encounter\'s identifier at the facility (FHIR Encounter); written by the adapter.', valueType: 'TEXT' },
    { code: 'CPCM_HE_REFERRAL_EVENT', name: 'Referral reference', description: 'The referral event this encounter answers, when there is one.', valueType: 'TEXT' },
  ],
}
