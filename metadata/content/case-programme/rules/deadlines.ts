/** Framework 3.7: Tier 1 same day, Tier 2 within one week of recording; plan actions by their due date. */
import type { RuleDef } from '../../../model/defs'

export const DEADLINE_RULES: RuleDef[] = [
  {
    code: 'CPCM_CASE_TIER1_DEADLINE',
    name: 'Tier 1: assessment the same day',
    description: 'A Tier 1 case is answered the day it is recorded.',
    priority: 1,
    condition: "#{tier} == 'TIER1'",
    actions: [
      { type: 'ASSIGN', dataElement: 'CPCM_INT_ASSESSMENT_DUE', data: 'V{incident_date}' },
      { type: 'DISPLAYKEYVALUEPAIR', location: 'indicators', content: 'Tier 1: respond today. Recorded on', data: 'V{incident_date}' },
    ],
  },
  {
    code: 'CPCM_CASE_TIER2_DEADLINE',
    name: 'Tier 2: assessment within seven days',
    description: 'A Tier 2 case is assessed within one week of recording.',
    priority: 1,
    condition: "#{tier} == 'TIER2'",
    actions: [
      { type: 'ASSIGN', dataElement: 'CPCM_INT_ASSESSMENT_DUE', data: 'd2:addDays(V{incident_date}, 7)' },
      { type: 'DISPLAYKEYVALUEPAIR', location: 'indicators', content: 'Tier 2: assessment due by', data: 'd2:addDays(V{incident_date}, 7)' },
    ],
  },
  {
    code: 'CPCM_CASE_TIER1_WARNING',
    name: 'Tier 1: immediate action',
    description: 'Shown on intake so the caseworker acts today.',
    stage: 'CPCM_INTAKE',
    condition: "#{int_tier} == 'TIER1'",
    actions: [
      { type: 'SHOWWARNING', dataElement: 'CPCM_INT_RISK_TIER', content: 'Tier 1: same-day response. Remove the child from danger and arrange medical and forensic care now if needed.' },
    ],
  },
  {
    code: 'CPCM_CASE_ASSESSMENT_OVERDUE',
    name: 'Assessment overdue',
    description: 'No completed assessment after the tier deadline.',
    condition:
      "!#{assessment_completed} && ((#{tier} == 'TIER1' && d2:daysBetween(V{incident_date}, V{current_date}) > 0) || (#{tier} == 'TIER2' && d2:daysBetween(V{incident_date}, V{current_date}) > 7))",
    actions: [{ type: 'DISPLAYTEXT', location: 'indicators', content: 'Assessment overdue: the risk tier deadline has passed.' }],
  },
  {
    code: 'CPCM_PLAN_ACTION_OVERDUE',
    name: 'Case plan action overdue',
    description: 'An action past its due date that is neither done nor cancelled.',
    stage: 'CPCM_CASE_PLAN',
    condition:
      "d2:hasValue(#{plan_due}) && #{plan_status} != 'DONE' && #{plan_status} != 'CANCELLED' && d2:daysBetween(#{plan_due}, V{current_date}) > 0",
    actions: [{ type: 'SHOWWARNING', dataElement: 'CPCM_PLAN_DUE', content: 'This action is overdue: update its status or revise the plan.' }],
  },
]
