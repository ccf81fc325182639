/**
 * The framework's ten M&E indicators (7.4) as measures computed from tracker data.
 * Each measure is a programme indicator; a measure with disaggregations also feeds
 * NCDA aggregate data elements, one programme indicator per cell.
 * Counts only: nothing here can identify a child.
 */
import type { DisaggregationKey } from './disaggregations'

export interface Measure {
  key: string
  /** The framework indicator (7.4) this measure serves. */
  indicator: number
  name: string
  shortName: string
  description: string
  program: 'CPCM_CASE' | 'CPCM_INCIDENT'
  analyticsType: 'ENROLLMENT' | 'EVENT'
  expression: string
  filter?: string
  disaggregations: DisaggregationKey[]
  /** Where an event measure reads the case type (a copy made by a programme rule). */
  caseTypeItem?: string
  /** Reported to NCDA in the aggregate data set. */
  toNcda: boolean
}

const REFERRAL_SENT = "d2:hasValue(#{CPCM_REFERRAL.CPCM_REF_STATUS}) && #{CPCM_REFERRAL.CPCM_REF_STATUS} != 'DRAFT' && #{CPCM_REFERRAL.CPCM_REF_STATUS} != 'BLOCKED_NO_CONSENT'"

export const MEASURES: Measure[] = [
  {
    key: 'ENROLLED', indicator: 1, name: 'Cases enrolled', shortName: 'Cases enrolled',
    description: 'Cases enrolled in case management (intake) in the period.',
    program: 'CPCM_CASE', analyticsType: 'ENROLLMENT', expression: 'V{enrollment_count}',
    disaggregations: ['SEX_AGE', 'CASE_TYPE'], toNcda: true,
  },
  {
    key: 'ASSESSED', indicator: 2, name: 'Enrolled cases with a completed assessment', shortName: 'Cases assessed',
    description: 'Cases enrolled in the period whose assessment is completed.',
    program: 'CPCM_CASE', analyticsType: 'ENROLLMENT', expression: 'V{enrollment_count}',
    filter: 'd2:hasValue(#{CPCM_ASSESSMENT.CPCM_ASM_COMPLETED})',
    disaggregations: ['CASE_TYPE'], toNcda: true,
  },
  {
    key: 'ACTIVE', indicator: 3, name: 'Open cases', shortName: 'Open cases',
    description: 'Cases open (active) at the end of the period: the denominator of an up-to-date case plan.',
    program: 'CPCM_CASE', analyticsType: 'ENROLLMENT', expression: 'V{enrollment_count}',
    filter: "V{enrollment_status} == 'ACTIVE'",
    disaggregations: ['CASE_TYPE'], toNcda: true,
  },
  {
    key: 'PLAN_UP_TO_DATE', indicator: 3, name: 'Open cases with an up-to-date case plan', shortName: 'Case plan up to date',
    description: 'Open cases whose case plan was updated in the 90 days before the end of the period.',
    program: 'CPCM_CASE', analyticsType: 'ENROLLMENT', expression: 'V{enrollment_count}',
    filter: "V{enrollment_status} == 'ACTIVE' && d2:hasValue(#{CPCM_CASE_PLAN.CPCM_PLAN_GOAL}) && d2:daysBetween(PS_EVENTDATE:CPCM_CASE_PLAN, V{analytics_period_end}) <= 90",
    disaggregations: ['CASE_TYPE'], toNcda: true,
  },
  {
    key: 'FILES_AUDITED', indicator: 4, name: 'Case files audited', shortName: 'Case files audited',
    description: 'Case reviews in the period where the supervisor sampled the file for audit.',
    program: 'CPCM_CASE', analyticsType: 'EVENT', expression: 'V{event_count}',
    filter: 'd2:hasValue(#{CPCM_REVIEW.CPCM_REV_FILE_AUDITED})',
    disaggregations: [], toNcda: true,
  },
  {
    key: 'FILES_STANDARD', indicator: 4, name: 'Audited case files meeting national standards', shortName: 'Files meeting standards',
    description: 'Audited case files that meet the national standards.',
    program: 'CPCM_CASE', analyticsType: 'EVENT', expression: 'V{event_count}',
    filter: 'd2:hasValue(#{CPCM_REVIEW.CPCM_REV_FILE_AUDITED}) && #{CPCM_REVIEW.CPCM_REV_FILE_STANDARD} == 1',
    disaggregations: [], toNcda: true,
  },
  {
    key: 'CHILDREN_REFERRED', indicator: 5, name: 'Children referred for support services', shortName: 'Children referred',
    description: 'Distinct children with a referral sent in the period.',
    program: 'CPCM_CASE', analyticsType: 'EVENT', expression: 'V{tei_count}', filter: REFERRAL_SENT,
    disaggregations: ['SEX_AGE'], toNcda: true,
  },
  {
    key: 'REFERRALS_MADE', indicator: 6, name: 'Referrals made', shortName: 'Referrals made',
    description: 'Referrals sent in the period (drafts and referrals blocked for want of consent excluded).',
    program: 'CPCM_CASE', analyticsType: 'EVENT', expression: 'V{event_count}', filter: REFERRAL_SENT,
    caseTypeItem: '#{CPCM_REFERRAL.CPCM_REF_CASE_TYPE}',
    disaggregations: ['CASE_TYPE'], toNcda: true,
  },
  {
    key: 'REFERRALS_COMPLETED', indicator: 6, name: 'Referrals completed', shortName: 'Referrals completed',
    description: 'Referrals made in the period that are complete: service accessed, outcome achieved and feedback received.',
    program: 'CPCM_CASE', analyticsType: 'EVENT', expression: 'V{event_count}',
    filter: "#{CPCM_REFERRAL.CPCM_REF_STATUS} == 'COMPLETED' && #{CPCM_REFERRAL.CPCM_REF_ACCESSED} == 1 && #{CPCM_REFERRAL.CPCM_REF_OUTCOME_ACHIEVED} == 1 && #{CPCM_REFERRAL.CPCM_REF_FEEDBACK_RECEIVED} == 1",
    caseTypeItem: '#{CPCM_REFERRAL.CPCM_REF_CASE_TYPE}',
    disaggregations: ['CASE_TYPE'], toNcda: true,
  },
  {
    key: 'REVIEWED', indicator: 7, name: 'Cases reviewed', shortName: 'Cases reviewed',
    description: 'Case reviews held in the period.',
    program: 'CPCM_CASE', analyticsType: 'EVENT', expression: 'V{event_count}',
    filter: 'd2:hasValue(#{CPCM_REVIEW.CPCM_REV_PROGRESS})',
    caseTypeItem: '#{CPCM_REVIEW.CPCM_REV_CASE_TYPE}',
    disaggregations: ['CASE_TYPE'], toNcda: true,
  },
  {
    key: 'PROGRESSING', indicator: 7, name: 'Reviewed cases showing progress towards the benchmarks', shortName: 'Cases progressing',
    description: 'Case reviews in the period that found progress towards the benchmarks.',
    program: 'CPCM_CASE', analyticsType: 'EVENT', expression: 'V{event_count}',
    filter: "#{CPCM_REVIEW.CPCM_REV_PROGRESS} == 'IMPROVED'",
    caseTypeItem: '#{CPCM_REVIEW.CPCM_REV_CASE_TYPE}',
    disaggregations: ['CASE_TYPE'], toNcda: true,
  },
  {
    key: 'CLOSED', indicator: 8, name: 'Cases resolved', shortName: 'Cases resolved',
    description: 'Cases closed in the period, by reason of closure.',
    program: 'CPCM_CASE', analyticsType: 'EVENT', expression: 'V{event_count}',
    filter: 'd2:hasValue(#{CPCM_CLOSURE.CPCM_CLO_REASON})',
    disaggregations: ['CLOSURE_REASON'], toNcda: true,
  },
  {
    key: 'FEEDBACK_GIVEN', indicator: 9, name: 'Children or caregivers giving feedback', shortName: 'Feedback respondents',
    description: 'Client feedback forms completed in the period.',
    program: 'CPCM_CASE', analyticsType: 'EVENT', expression: 'V{event_count}',
    filter: 'd2:hasValue(#{CPCM_CLIENT_FEEDBACK.CPCM_FB_SATISFACTION})',
    disaggregations: [], toNcda: true,
  },
  {
    key: 'SATISFIED', indicator: 9, name: 'Children or caregivers satisfied with case management', shortName: 'Clients satisfied',
    description: 'Feedback respondents satisfied or very satisfied.',
    program: 'CPCM_CASE', analyticsType: 'EVENT', expression: 'V{event_count}',
    filter: "#{CPCM_CLIENT_FEEDBACK.CPCM_FB_SATISFACTION} == 'SATISFIED' || #{CPCM_CLIENT_FEEDBACK.CPCM_FB_SATISFACTION} == 'VERY_SATISFIED'",
    disaggregations: [], toNcda: true,
  },
  {
    key: 'WELLBEING_ASKED', indicator: 10, name: 'Children asked about their wellbeing', shortName: 'Wellbeing respondents',
    description: 'Children who answered the wellbeing question in the period.',
    program: 'CPCM_CASE', analyticsType: 'EVENT', expression: 'V{event_count}',
    filter: "#{CPCM_CLIENT_FEEDBACK.CPCM_FB_RESPONDENT} == 'CHILD' && d2:hasValue(#{CPCM_CLIENT_FEEDBACK.CPCM_FB_WELLBEING})",
    disaggregations: [], toNcda: true,
  },
  {
    key: 'WELLBEING_UP', indicator: 10, name: 'Children reporting increased wellbeing', shortName: 'Wellbeing increased',
    description: 'Children who report increased wellbeing.',
    program: 'CPCM_CASE', analyticsType: 'EVENT', expression: 'V{event_count}',
    filter: "#{CPCM_CLIENT_FEEDBACK.CPCM_FB_RESPONDENT} == 'CHILD' && #{CPCM_CLIENT_FEEDBACK.CPCM_FB_WELLBEING} == 'INCREASED'",
    disaggregations: [], toNcda: true,
  },
  // Steps 1 to 3, from the incident register: not among the ten, but what a district watches daily.
  {
    key: 'CONCERNS', indicator: 0, name: 'Concerns reported', shortName: 'Concerns reported',
    description: 'All concerns recorded in the incident register.',
    program: 'CPCM_INCIDENT', analyticsType: 'EVENT', expression: 'V{event_count}', disaggregations: [], toNcda: false,
  },
  {
    key: 'CONCERNS_NOT_VENA', indicator: 0, name: 'Concerns screened as not VENA', shortName: 'Concerns not VENA',
    description: 'Concerns referred to early intervention.',
    program: 'CPCM_INCIDENT', analyticsType: 'EVENT', expression: 'V{event_count}',
    filter: "#{CPCM_INCIDENT_RECORD.CPCM_INC_SCREENING} == 'NOT_VENA'", disaggregations: [], toNcda: false,
  },
  {
    key: 'CONCERNS_TIER1', indicator: 0, name: 'Tier 1 concerns', shortName: 'Tier 1 concerns',
    description: 'VENA concerns categorised Tier 1.',
    program: 'CPCM_INCIDENT', analyticsType: 'EVENT', expression: 'V{event_count}',
    filter: "#{CPCM_INCIDENT_RECORD.CPCM_INC_SCREENING} == 'VENA' && #{CPCM_INCIDENT_RECORD.CPCM_INC_RISK_TIER} == 'TIER1'", disaggregations: [], toNcda: false,
  },
  {
    key: 'CONCERNS_TIER2', indicator: 0, name: 'Tier 2 concerns', shortName: 'Tier 2 concerns',
    description: 'VENA concerns categorised Tier 2.',
    program: 'CPCM_INCIDENT', analyticsType: 'EVENT', expression: 'V{event_count}',
    filter: "#{CPCM_INCIDENT_RECORD.CPCM_INC_SCREENING} == 'VENA' && #{CPCM_INCIDENT_RECORD.CPCM_INC_RISK_TIER} == 'TIER2'", disaggregations: [], toNcda: false,
  },
]

/** The percentages of 7.4, as DHIS2 indicators over two measures. */
export const RATIOS = [
  { key: 'ASSESSED_PCT', indicator: 2, name: 'Enrolled cases with a completed assessment (%)', shortName: 'Cases assessed (%)', numerator: 'ASSESSED', denominator: 'ENROLLED' },
  { key: 'PLAN_UP_TO_DATE_PCT', indicator: 3, name: 'Open cases with an up-to-date case plan (%)', shortName: 'Case plan up to date (%)', numerator: 'PLAN_UP_TO_DATE', denominator: 'ACTIVE' },
  { key: 'FILES_STANDARD_PCT', indicator: 4, name: 'Sampled case files meeting national standards (%)', shortName: 'Files meeting standards (%)', numerator: 'FILES_STANDARD', denominator: 'FILES_AUDITED' },
  { key: 'REFERRALS_COMPLETED_PCT', indicator: 6, name: 'Referrals completed (%)', shortName: 'Referrals completed (%)', numerator: 'REFERRALS_COMPLETED', denominator: 'REFERRALS_MADE' },
  { key: 'PROGRESSING_PCT', indicator: 7, name: 'Reviewed cases showing progress towards the benchmarks (%)', shortName: 'Cases progressing (%)', numerator: 'PROGRESSING', denominator: 'REVIEWED' },
  { key: 'SATISFIED_PCT', indicator: 9, name: 'Children or caregivers satisfied with case management (%)', shortName: 'Clients satisfied (%)', numerator: 'SATISFIED', denominator: 'FEEDBACK_GIVEN' },
  { key: 'WELLBEING_UP_PCT', indicator: 10, name: 'Children reporting increased wellbeing (%)', shortName: 'Wellbeing increased (%)', numerator: 'WELLBEING_UP', denominator: 'WELLBEING_ASKED' },
] as const
