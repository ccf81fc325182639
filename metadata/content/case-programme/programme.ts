/**
 * The child protection case management programme: one enrolment is one case, a
 * child with several cases keeps one tracked entity. Protected access: users outside
 * the owning org unit must break the glass (with a reason, audited) to open a case.
 */
import type { ProgramDef } from '../../model/defs'
import { CASE_PROGRAMME_ATTRIBUTES } from '../attributes'
import { ASSESSMENT, CASE_PLAN, CONFERENCE } from './assessment-and-planning'
import { CASE_NOTE, CLIENT_FEEDBACK, CLOSURE, TRANSFER } from './closure-and-records'
import { MONITORING, REVIEW } from './follow-up'
import { INTAKE } from './intake'
import { CLOSURE_RULES } from './rules/closure'
import { DEADLINE_RULES } from './rules/deadlines'
import { FORM_RULES } from './rules/forms'
import { JUSTICE_RULES } from './rules/justice'
import { REFERRAL_RULES } from './rules/referrals'
import { HEALTH_ENCOUNTER, REFERRAL } from './services'
import { CASE_VARIABLES } from './variables'

export const CASE_STAGES = [
  INTAKE, ASSESSMENT, CASE_PLAN, CONFERENCE, REFERRAL, HEALTH_ENCOUNTER,
  MONITORING, REVIEW, CLOSURE, TRANSFER, CASE_NOTE, CLIENT_FEEDBACK,
]

export const CASE_PROGRAMME: ProgramDef = {
  code: 'CPCM_CASE',
  name: 'Child protection case management',
  shortName: 'Child protection cases',
  description: 'NCDA National Child Protection Case Management Framework, steps 4 to 9: intake to closure.',
  type: 'WITH_REGISTRATION',
  accessLevel: 'PROTECTED',
  trackedEntityType: 'CPCM_PERSON',
  onlyEnrollOnce: false,
  displayIncidentDate: true,
  enrollmentDateLabel: 'Intake date',
  incidentDateLabel: 'Date the concern was recorded',
  stages: CASE_STAGES,
  attributes: CASE_PROGRAMME_ATTRIBUTES,
  variables: CASE_VARIABLES,
  rules: [...DEADLINE_RULES, ...JUSTICE_RULES, ...REFERRAL_RULES, ...CLOSURE_RULES, ...FORM_RULES],
}
