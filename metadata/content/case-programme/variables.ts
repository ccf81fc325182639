/**
 * Programme rule variables. Names are what rule expressions use; `int_`, `ref_`...
 * read the event being edited, the others the newest value anywhere in the case.
 */
import type { VariableDef } from '../../model/defs'
import { BENCHMARKS, benchmarkCode } from './follow-up'

const current = (name: string, dataElement: string): VariableDef => ({ name, source: 'DATAELEMENT_CURRENT_EVENT', dataElement })
const newest = (name: string, dataElement: string): VariableDef => ({ name, source: 'DATAELEMENT_NEWEST_EVENT_PROGRAM', dataElement })
const newestInStage = (name: string, stage: string, dataElement: string): VariableDef => ({
  name, source: 'DATAELEMENT_NEWEST_EVENT_PROGRAM_STAGE', stage, dataElement,
})

export const CASE_VARIABLES: VariableDef[] = [
  { name: 'dob', source: 'TEI_ATTRIBUTE', attribute: 'CPCM_DATE_OF_BIRTH' },
  { name: 'sex', source: 'TEI_ATTRIBUTE', attribute: 'CPCM_SEX' },
  newest('case_type', 'CPCM_INT_CASE_TYPE'),
  newest('tier', 'CPCM_INT_RISK_TIER'),
  newest('consent_sharing', 'CPCM_INT_CONSENT_SHARING'),
  newest('reported_justice', 'CPCM_INT_REPORTED_JUSTICE'),
  newestInStage('assessment_completed', 'CPCM_ASSESSMENT', 'CPCM_ASM_COMPLETED'),
  newestInStage('any_ref_service', 'CPCM_REFERRAL', 'CPCM_REF_SERVICE'),
  newestInStage('any_transfer_agency', 'CPCM_TRANSFER', 'CPCM_TRF_RECEIVING_AGENCY'),
  current('int_case_type', 'CPCM_INT_CASE_TYPE'),
  current('int_case_type_2', 'CPCM_INT_CASE_TYPE_2'),
  current('int_tier', 'CPCM_INT_RISK_TIER'),
  current('int_agency', 'CPCM_INT_AGENCY_TYPE'),
  current('int_reported_justice', 'CPCM_INT_REPORTED_JUSTICE'),
  current('plan_status', 'CPCM_PLAN_STATUS'),
  current('plan_due', 'CPCM_PLAN_DUE'),
  current('conf_type', 'CPCM_CONF_TYPE'),
  current('conf_confidentiality', 'CPCM_CONF_CONFIDENTIALITY'),
  current('ref_status', 'CPCM_REF_STATUS'),
  current('ref_consent', 'CPCM_REF_CONSENT'),
  current('ref_accessed', 'CPCM_REF_ACCESSED'),
  current('ref_outcome', 'CPCM_REF_OUTCOME_ACHIEVED'),
  current('ref_feedback', 'CPCM_REF_FEEDBACK_RECEIVED'),
  current('he_service', 'CPCM_HE_SERVICE'),
  current('mon_child_safe', 'CPCM_MON_CHILD_SAFE'),
  current('rev_decision', 'CPCM_REV_DECISION'),
  current('rev_file_audited', 'CPCM_REV_FILE_AUDITED'),
  ...BENCHMARKS.map(({ n }) => current(`rev_b${n}`, benchmarkCode(n))),
  ...BENCHMARKS.map(({ n }) => newestInStage(`last_b${n}`, 'CPCM_REVIEW', benchmarkCode(n))),
  current('clo_reason', 'CPCM_CLO_REASON'),
  current('clo_approved', 'CPCM_CLO_APPROVED'),
  current('trf_consent', 'CPCM_TRF_CONSENT'),
  current('trf_permanent', 'CPCM_TRF_PERMANENT'),
  current('fb_respondent', 'CPCM_FB_RESPONDENT'),
]
