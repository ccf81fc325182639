/**
 * Steps 1 to 3: the register of reported incidents. Every concern is recorded here,
 * VENA or not, as an anonymous event: no person record exists until intake, so a
 * concern screened as not VENA never creates one (it is referred to early intervention).
 */
import type { ProgramDef, StageDef } from '../model/defs'
import { CRIME_CASE_TYPES } from './option-sets'
import { anyOf } from './expressions'

export const INCIDENT_STAGE: StageDef = {
  code: 'CPCM_INCIDENT_RECORD',
  name: 'Incident record and screening',
  description: 'Incident report, recording and screening with risk categorisation (tools 1 to 5).',
  steps: [1, 2, 3],
  repeatable: false,
  executionDateLabel: 'Date reported',
  dataElements: [
    { code: 'CPCM_INC_REPORTER_TYPE', name: 'Reporter type', description: 'Who reported the concern.', valueType: 'TEXT', optionSet: 'CPCM_REPORTER_TYPE', compulsory: true },
    { code: 'CPCM_INC_CHANNEL', name: 'Reporting channel', description: 'How the concern reached the CPWO.', valueType: 'TEXT', optionSet: 'CPCM_REPORT_CHANNEL', compulsory: true },
    { code: 'CPCM_INC_INCIDENT_DATE', name: 'Incident date', description: 'When the incident happened, if known.', valueType: 'DATE' },
    { code: 'CPCM_INC_DESCRIPTION', name: 'What happened', description: 'Coded description of the concern. Write no names: identifying details belong in the confidential case file.', valueType: 'LONG_TEXT' },
    { code: 'CPCM_INC_CHILD_AGE', name: 'Child age (years)', shortName: 'Child age', description: 'Age of the child in completed years, as reported.', valueType: 'INTEGER_ZERO_OR_POSITIVE' },
    { code: 'CPCM_INC_CHILD_SEX', name: 'Child sex', description: 'Sex of the child, as reported.', valueType: 'TEXT', optionSet: 'CPCM_SEX' },
    { code: 'CPCM_INC_CASE_TYPE', name: 'Suspected case type', description: 'Case type suspected at reporting (framework 3.1).', valueType: 'TEXT', optionSet: 'CPCM_CASE_TYPE' },
    { code: 'CPCM_INC_SCREENING', name: 'Screening result', description: 'Did violence, exploitation, neglect or abuse (VENA) occur?', valueType: 'TEXT', optionSet: 'CPCM_SCREENING_RESULT' },
    { code: 'CPCM_INC_RISK_TIER', name: 'Risk tier at screening', shortName: 'Screening risk tier', description: 'Risk categorisation of a VENA case (framework 3.7).', valueType: 'TEXT', optionSet: 'CPCM_RISK_TIER' },
    { code: 'CPCM_INC_RESPONSE_DUE', name: 'Response due date', shortName: 'Response due', description: 'Tier 1: the day of reporting. Tier 2: within seven days. Assigned by a programme rule.', valueType: 'DATE', allowFutureDate: true },
    { code: 'CPCM_INC_IMMEDIATE_ACTIONS', name: 'Immediate actions taken', description: 'Tier 1: what was done to remove the immediate danger.', valueType: 'LONG_TEXT' },
    { code: 'CPCM_INC_REPORTED_JUSTICE', name: 'Reported to RIB or police at screening', shortName: 'Screening: reported to RIB/police', description: 'Mandatory for a suspected crime against a child.', valueType: 'BOOLEAN' },
    { code: 'CPCM_INC_EARLY_INTERVENTION', name: 'Early intervention referral', description: 'For a concern that is not VENA: the early intervention service referred to.', valueType: 'TEXT', optionSet: 'CPCM_EARLY_INTERVENTION' },
    { code: 'CPCM_INC_EI_PROVIDER', name: 'Early intervention provider', description: 'Who provides the early intervention service.', valueType: 'TEXT' },
    { code: 'CPCM_INC_CASE_ENROLLMENT', name: 'Case enrolment reference', shortName: 'Case enrolment', description: 'The case (enrolment UID) opened at intake for this concern.', valueType: 'TEXT' },
  ],
}

const crimeType = anyOf('#{inc_case_type}', CRIME_CASE_TYPES)

export const INCIDENT_REGISTER: ProgramDef = {
  code: 'CPCM_INCIDENT',
  name: 'Incident register',
  shortName: 'Incident register',
  description: 'Register of all reported child protection concerns (steps 1 to 3), VENA or not.',
  type: 'WITHOUT_REGISTRATION',
  accessLevel: 'PROTECTED',
  onlyEnrollOnce: false,
  displayIncidentDate: false,
  stages: [INCIDENT_STAGE],
  attributes: [],
  variables: [
    { name: 'inc_screening', source: 'DATAELEMENT_CURRENT_EVENT', dataElement: 'CPCM_INC_SCREENING' },
    { name: 'inc_tier', source: 'DATAELEMENT_CURRENT_EVENT', dataElement: 'CPCM_INC_RISK_TIER' },
    { name: 'inc_case_type', source: 'DATAELEMENT_CURRENT_EVENT', dataElement: 'CPCM_INC_CASE_TYPE' },
    { name: 'inc_child_age', source: 'DATAELEMENT_CURRENT_EVENT', dataElement: 'CPCM_INC_CHILD_AGE' },
    { name: 'inc_reported_justice', source: 'DATAELEMENT_CURRENT_EVENT', dataElement: 'CPCM_INC_REPORTED_JUSTICE' },
  ],
  rules: [
    {
      code: 'CPCM_INC_TIER1_DEADLINE',
      name: 'Tier 1: same-day response',
      description: 'Framework 3.7: a Tier 1 case is reported to the CPWO immediately and answered the same day.',
      priority: 1,
      condition: "#{inc_screening} == 'VENA' && #{inc_tier} == 'TIER1'",
      actions: [
        { type: 'ASSIGN', dataElement: 'CPCM_INC_RESPONSE_DUE', data: 'V{event_date}' },
        { type: 'SHOWWARNING', dataElement: 'CPCM_INC_RISK_TIER', content: 'Tier 1: respond today. Remove the child from immediate danger and report to the CPWO now.' },
        { type: 'SETMANDATORYFIELD', dataElement: 'CPCM_INC_IMMEDIATE_ACTIONS' },
      ],
    },
    {
      code: 'CPCM_INC_TIER2_DEADLINE',
      name: 'Tier 2: assessment within one week',
      description: 'Framework 3.7: the CPWO does the comprehensive assessment within one week.',
      priority: 1,
      condition: "#{inc_screening} == 'VENA' && #{inc_tier} == 'TIER2'",
      actions: [
        { type: 'ASSIGN', dataElement: 'CPCM_INC_RESPONSE_DUE', data: 'd2:addDays(V{event_date}, 7)' },
        { type: 'DISPLAYKEYVALUEPAIR', location: 'indicators', content: 'Assessment due within 7 days of', data: 'V{event_date}' },
      ],
    },
    {
      code: 'CPCM_INC_NOT_VENA',
      name: 'Not VENA: early intervention, no case',
      description: 'Framework 3.1: concerns that are not VENA go to early intervention and are not enrolled.',
      condition: "#{inc_screening} == 'NOT_VENA'",
      actions: [
        { type: 'HIDEFIELD', dataElement: 'CPCM_INC_RISK_TIER' },
        { type: 'HIDEFIELD', dataElement: 'CPCM_INC_RESPONSE_DUE' },
        { type: 'HIDEFIELD', dataElement: 'CPCM_INC_IMMEDIATE_ACTIONS' },
        { type: 'HIDEFIELD', dataElement: 'CPCM_INC_CASE_ENROLLMENT' },
        { type: 'SETMANDATORYFIELD', dataElement: 'CPCM_INC_EARLY_INTERVENTION' },
        { type: 'DISPLAYTEXT', location: 'feedback', content: 'Not a child protection case: refer to early intervention. No case file or person record is created.' },
      ],
    },
    {
      code: 'CPCM_INC_VENA_HIDE_EI',
      name: 'VENA: hide early intervention fields',
      description: 'Early intervention fields only apply to concerns that are not VENA.',
      condition: "#{inc_screening} != 'NOT_VENA'",
      actions: [
        { type: 'HIDEFIELD', dataElement: 'CPCM_INC_EARLY_INTERVENTION' },
        { type: 'HIDEFIELD', dataElement: 'CPCM_INC_EI_PROVIDER' },
      ],
    },
    {
      code: 'CPCM_INC_VENA_NEEDS_TIER',
      name: 'VENA: risk tier required',
      description: 'Every VENA case is categorised Tier 1 or Tier 2 at screening.',
      condition: "#{inc_screening} == 'VENA'",
      actions: [{ type: 'SETMANDATORYFIELD', dataElement: 'CPCM_INC_RISK_TIER' }],
    },
    {
      code: 'CPCM_INC_NOT_TIER1_HIDE_ACTIONS',
      name: 'Hide immediate actions unless Tier 1',
      description: 'Immediate actions are recorded for Tier 1 cases.',
      condition: "#{inc_tier} != 'TIER1'",
      actions: [{ type: 'HIDEFIELD', dataElement: 'CPCM_INC_IMMEDIATE_ACTIONS' }],
    },
    {
      code: 'CPCM_INC_CRIME_REPORT',
      name: 'Suspected crime against a child: report to RIB/police',
      description: 'Under 18 and a case type that implies a crime: reporting to RIB or police is mandatory (Law N°71/2018; source 002).',
      condition: `d2:hasValue(#{inc_child_age}) && #{inc_child_age} < 18 && (${crimeType})`,
      actions: [
        { type: 'SHOWWARNING', dataElement: 'CPCM_INC_REPORTED_JUSTICE', content: 'Suspected crime against a child: reporting to RIB or police is mandatory.' },
        { type: 'SETMANDATORYFIELD', dataElement: 'CPCM_INC_REPORTED_JUSTICE' },
      ],
    },
  ],
}
