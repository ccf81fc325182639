/** Steps 5 and 6: assessment, case plan actions and case conferences. */
import type { StageDef } from '../../model/defs'

export const ASSESSMENT: StageDef = {
  code: 'CPCM_ASSESSMENT',
  name: 'Assessment',
  description: 'Comprehensive assessment of the incident, the child\'s and family\'s strengths and needs (tool 9). Repeated at reassessment.',
  steps: [5],
  repeatable: true,
  executionDateLabel: 'Assessment date',
  dataElements: [
    { code: 'CPCM_ASM_SAFETY', name: 'Safety concerns', description: 'Current threats to the child\'s safety.', valueType: 'LONG_TEXT' },
    { code: 'CPCM_ASM_STRENGTHS', name: 'Strengths', description: 'Strengths of the child, family and community.', valueType: 'LONG_TEXT' },
    { code: 'CPCM_ASM_NEEDS', name: 'Needs', description: 'Needs identified, by domain.', valueType: 'LONG_TEXT' },
    { code: 'CPCM_ASM_RISK_TIER', name: 'Risk tier after assessment', shortName: 'Assessed risk tier', description: 'Risk tier as re-categorised by the assessment.', valueType: 'TEXT', optionSet: 'CPCM_RISK_TIER' },
    { code: 'CPCM_ASM_COMPLETED', name: 'Assessment completed', description: 'All sections of the assessment are done.', valueType: 'TRUE_ONLY' },
  ],
}

export const CASE_PLAN: StageDef = {
  code: 'CPCM_CASE_PLAN',
  name: 'Case plan action',
  description: 'One event per action of the case plan: measurable goal, action, who is responsible and by when (tool 10).',
  steps: [6, 7],
  repeatable: true,
  executionDateLabel: 'Date planned',
  dataElements: [
    { code: 'CPCM_PLAN_GOAL', name: 'Goal', description: 'The measurable goal this action serves.', valueType: 'TEXT', compulsory: true },
    { code: 'CPCM_PLAN_BENCHMARK', name: 'Benchmark served', description: 'Which of the seven benchmarks the goal works towards.', valueType: 'TEXT', optionSet: 'CPCM_BENCHMARK' },
    { code: 'CPCM_PLAN_ACTION', name: 'Action', description: 'What will be done.', valueType: 'LONG_TEXT', compulsory: true },
    { code: 'CPCM_PLAN_RESPONSIBLE', name: 'Responsible', description: 'Who is responsible (role or organisation).', valueType: 'TEXT', compulsory: true },
    { code: 'CPCM_PLAN_DUE', name: 'Due date', description: 'By when.', valueType: 'DATE', allowFutureDate: true, compulsory: true },
    { code: 'CPCM_PLAN_STATUS', name: 'Action status', description: 'Progress of the action.', valueType: 'TEXT', optionSet: 'CPCM_PLAN_ACTION_STATUS', compulsory: true },
  ],
}

export const CONFERENCE: StageDef = {
  code: 'CPCM_CONFERENCE',
  name: 'Case conference',
  description: 'Family, internal or inter-agency case conference, at any step (tool 11).',
  steps: [6],
  repeatable: true,
  executionDateLabel: 'Conference date',
  dataElements: [
    { code: 'CPCM_CONF_TYPE', name: 'Conference type', description: 'Family, internal or inter-agency.', valueType: 'TEXT', optionSet: 'CPCM_CONFERENCE_TYPE', compulsory: true },
    { code: 'CPCM_CONF_PARTICIPANTS', name: 'Participating agencies and roles', shortName: 'Participants', description: 'Roles and agencies present (no names of the child).', valueType: 'LONG_TEXT' },
    { code: 'CPCM_CONF_CHILD_PARTICIPATED', name: 'Child or caregiver participated', shortName: 'Child participated', description: 'The child or caregiver took part and gave their views.', valueType: 'BOOLEAN' },
    { code: 'CPCM_CONF_CONFIDENTIALITY', name: 'Confidentiality agreement signed by participants', shortName: 'Confidentiality signed', description: 'Required before confidential information is shared.', valueType: 'TRUE_ONLY' },
    { code: 'CPCM_CONF_DECISIONS', name: 'Decisions and agreed actions', shortName: 'Decisions', description: 'What was decided and who does what.', valueType: 'LONG_TEXT' },
  ],
}
