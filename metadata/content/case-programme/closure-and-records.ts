/** Step 9 and the records kept throughout: closure, transfer, case notes, client feedback. */
import type { StageDef } from '../../model/defs'

export const CLOSURE: StageDef = {
  code: 'CPCM_CLOSURE',
  name: 'Case closure',
  description: 'Closure when plan goals and all benchmarks are achieved, or for an exceptional reason with supervisor approval (tool 15).',
  steps: [9],
  repeatable: false,
  executionDateLabel: 'Closure date',
  dataElements: [
    { code: 'CPCM_CLO_REASON', name: 'Closure reason', description: 'Why the case is closed.', valueType: 'TEXT', optionSet: 'CPCM_CLOSURE_REASON', compulsory: true },
    { code: 'CPCM_CLO_JUSTIFICATION', name: 'Justification for closing without all benchmarks', shortName: 'Exception justification', description: 'Required for every reason other than benchmarks achieved.', valueType: 'LONG_TEXT' },
    { code: 'CPCM_CLO_SUMMARY', name: 'Closure summary', description: 'What was achieved; the safe person and place the child knows; how to re-open contact.', valueType: 'LONG_TEXT' },
    { code: 'CPCM_CLO_APPROVED', name: 'Closure approved by supervisor', shortName: 'Closure approved', description: 'A supervisor approved the closure.', valueType: 'BOOLEAN', compulsory: true },
    { code: 'CPCM_CLO_APPROVER', name: 'Approving supervisor', description: 'The supervisor who approved.', valueType: 'USERNAME' },
  ],
}

export const TRANSFER: StageDef = {
  code: 'CPCM_TRANSFER',
  name: 'Transfer',
  description: 'Transfer of the case file to another caseworker, agency or jurisdiction; one person accountable at a time (tool 16).',
  steps: [4, 9],
  repeatable: true,
  executionDateLabel: 'Transfer date',
  dataElements: [
    { code: 'CPCM_TRF_RECEIVING_AGENCY', name: 'Receiving agency', description: 'The agency or office receiving the case.', valueType: 'TEXT', compulsory: true },
    { code: 'CPCM_TRF_RECEIVING_LEVEL', name: 'Receiving administrative level', shortName: 'Receiving level', description: 'The level of the receiving office.', valueType: 'TEXT', optionSet: 'CPCM_ADMIN_LEVEL' },
    { code: 'CPCM_TRF_RECEIVING_ORGUNIT', name: 'Receiving organisation unit', shortName: 'Receiving org unit', description: 'Where the case will be owned after transfer.', valueType: 'ORGANISATION_UNIT' },
    { code: 'CPCM_TRF_RECEIVING_WORKER', name: 'Receiving caseworker', description: 'The caseworker accountable after transfer.', valueType: 'USERNAME' },
    { code: 'CPCM_TRF_REASON', name: 'Transfer reason', description: 'Why the case is transferred.', valueType: 'LONG_TEXT', compulsory: true },
    { code: 'CPCM_TRF_CONSENT', name: 'Consent to transfer', description: 'The child and family agree to the transfer.', valueType: 'BOOLEAN', compulsory: true },
    { code: 'CPCM_TRF_PERMANENT', name: 'Permanent transfer', description: 'No: the file is lent and must come back.', valueType: 'BOOLEAN', compulsory: true },
    { code: 'CPCM_TRF_RETURN_DATE', name: 'File return date', shortName: 'Return date', description: 'When a lent file is due back.', valueType: 'DATE', allowFutureDate: true },
    { code: 'CPCM_TRF_STATUS', name: 'Transfer status', description: 'Where the transfer stands: REQUESTED sends it to a CSO on CPIMS+/Primero; its answer comes back here.', valueType: 'TEXT', optionSet: 'CPCM_REFERRAL_STATUS' },
    { code: 'CPCM_TRF_STATUS_REASON', name: 'Transfer status reason', shortName: 'Transfer status reason', description: 'Why the transfer was blocked or rejected.', valueType: 'LONG_TEXT' },
    { code: 'CPCM_TRF_EXTERNAL_ID', name: 'Transfer id in the receiving system', shortName: 'Transfer external id', description: 'The transfer\'s id in CPIMS+/Primero.', valueType: 'TEXT' },
  ],
}

export const CASE_NOTE: StageDef = {
  code: 'CPCM_CASE_NOTE',
  name: 'Case note',
  description: 'Running notes on the case (tool 17).',
  steps: [4, 5, 6, 7, 8, 9],
  repeatable: true,
  executionDateLabel: 'Note date',
  dataElements: [
    { code: 'CPCM_NOTE_TEXT', name: 'Note', description: 'The case note.', valueType: 'LONG_TEXT', compulsory: true },
  ],
}

export const CLIENT_FEEDBACK: StageDef = {
  code: 'CPCM_CLIENT_FEEDBACK',
  name: 'Client feedback',
  description: 'Satisfaction with case management and change in wellbeing, from the child or caregiver (tool 18).',
  steps: [8, 9],
  repeatable: true,
  executionDateLabel: 'Feedback date',
  dataElements: [
    { code: 'CPCM_FB_RESPONDENT', name: 'Respondent', description: 'Child or caregiver.', valueType: 'TEXT', optionSet: 'CPCM_RESPONDENT', compulsory: true },
    { code: 'CPCM_FB_SATISFACTION', name: 'Satisfaction with case management', shortName: 'Satisfaction', description: 'How satisfied the respondent is.', valueType: 'TEXT', optionSet: 'CPCM_SATISFACTION', compulsory: true },
    { code: 'CPCM_FB_WELLBEING', name: 'Change in wellbeing', description: 'Asked of the child, as suits age and capacity.', valueType: 'TEXT', optionSet: 'CPCM_WELLBEING_CHANGE' },
    { code: 'CPCM_FB_COMMENTS', name: 'Comments', description: 'What the respondent wants the service to know.', valueType: 'LONG_TEXT' },
  ],
}
