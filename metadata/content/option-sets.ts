/**
 * Option sets. Codes are the stable contract with the app, the adapter's maps
 * (FHIR code systems, Primero lookups) and the NCDA aggregates: rename a label freely,
 * never a code.
 */
import type { OptionSetDef } from '../model/defs'

export const SEX: OptionSetDef = {
  code: 'CPCM_SEX',
  name: 'Sex',
  options: [
    ['FEMALE', 'Female'],
    ['MALE', 'Male'],
  ],
}

/** Framework 3.1, Table 4: the seven case types enrolled in case management. */
export const CASE_TYPE: OptionSetDef = {
  code: 'CPCM_CASE_TYPE',
  name: 'Case type',
  options: [
    ['PHYSICAL_VIOLENCE', 'Physical violence/abuse'],
    ['SEXUAL_VIOLENCE', 'Sexual violence/abuse'],
    ['EMOTIONAL_VIOLENCE', 'Emotional violence/abuse'],
    ['NEGLECT_ABANDONMENT', 'Abandonment and neglect'],
    ['LABOUR_EXPLOITATION', 'Child labour and exploitation'],
    ['STREET_CONNECTED', 'Children connected to the streets'],
    ['HARMFUL_PRACTICES', 'Harmful practices'],
  ],
}

/** Case types that imply a crime against a child: reporting to RIB/police is mandatory. */
export const CRIME_CASE_TYPES = ['PHYSICAL_VIOLENCE', 'SEXUAL_VIOLENCE', 'LABOUR_EXPLOITATION', 'HARMFUL_PRACTICES'] as const

/** Framework 3.7, Table 2. */
export const RISK_TIER: OptionSetDef = {
  code: 'CPCM_RISK_TIER',
  name: 'Risk tier',
  options: [
    ['TIER1', 'Tier 1 high risk: same-day response'],
    ['TIER2', 'Tier 2 high risk: assessment within one week'],
  ],
}

export const SCREENING_RESULT: OptionSetDef = {
  code: 'CPCM_SCREENING_RESULT',
  name: 'Screening result',
  options: [
    ['VENA', 'VENA occurred: enrol in case management'],
    ['NOT_VENA', 'Not VENA: refer to early intervention'],
    ['PENDING', 'Verification pending'],
  ],
}

export const REPORTER_TYPE: OptionSetDef = {
  code: 'CPCM_REPORTER_TYPE',
  name: 'Reporter type',
  options: [
    ['CHILD', 'The child'],
    ['CAREGIVER', 'Parent or caregiver'],
    ['IZU', 'IZU (Inshuti z\'Umuryango)'],
    ['TEACHER', 'Teacher or school staff'],
    ['HEALTH_WORKER', 'Health worker'],
    ['POLICE_RIB', 'Police or RIB'],
    ['LOCAL_LEADER', 'Local leader'],
    ['CSO_STAFF', 'CSO staff'],
    ['COMMUNITY_MEMBER', 'Community member'],
    ['ANONYMOUS', 'Anonymous'],
    ['OTHER', 'Other'],
  ],
}

export const REPORT_CHANNEL: OptionSetDef = {
  code: 'CPCM_REPORT_CHANNEL',
  name: 'Reporting channel',
  options: [
    ['HOTLINE_116', '116 child helpline (RIB)'],
    ['HOTLINE_3512', '3512 Isange hotline'],
    ['HOTLINE_112', '112 police emergency'],
    ['IZU', 'IZU'],
    ['SCHOOL', 'School'],
    ['HEALTH_FACILITY', 'Health facility'],
    ['ISANGE', 'Isange One Stop Centre'],
    ['POLICE_RIB', 'Police or RIB station'],
    ['LOCAL_AUTHORITY', 'Local authority (cell, sector)'],
    ['CSO', 'Civil society organisation'],
    ['WALK_IN', 'Walk-in to the CPWO'],
    ['OTHER', 'Other'],
  ],
}

/** Framework 3.1: early interventions for concerns that are not VENA cases. */
export const EARLY_INTERVENTION: OptionSetDef = {
  code: 'CPCM_EARLY_INTERVENTION',
  name: 'Early intervention service',
  options: [
    ['SOCIAL_PROTECTION', 'Social protection (Ubudehe, VUP, Ejo heza)'],
    ['ECONOMIC_SUPPORT', 'Household economic support'],
    ['SUBSTANCE_ABUSE', 'Substance abuse support'],
    ['COMMUNITY_SUPPORT', 'Community support mechanisms'],
    ['HOME_VISITS', 'Home visits and counselling'],
    ['PARENTING', 'Positive parenting support'],
    ['NONE_NEEDED', 'No service needed'],
  ],
}

export const REFERRAL_SERVICE: OptionSetDef = {
  code: 'CPCM_REFERRAL_SERVICE',
  name: 'Referral service',
  options: [
    ['MEDICAL', 'Medical care'],
    ['FORENSIC', 'Forensic examination and evidence'],
    ['PSYCHOSOCIAL', 'Psychosocial support'],
    ['MENTAL_HEALTH', 'Mental health care'],
    ['SAFE_SHELTER', 'Safe room or shelter'],
    ['POLICE_INVESTIGATION', 'Police/RIB investigation'],
    ['LEGAL_AID', 'Legal aid'],
    ['PROSECUTION', 'Prosecution (NPPA)'],
    ['EDUCATION', 'Education support'],
    ['SOCIAL_PROTECTION', 'Social protection'],
    ['ECONOMIC_STRENGTHENING', 'Economic strengthening'],
    ['FAMILY_TRACING', 'Family tracing and reunification'],
    ['ALTERNATIVE_CARE', 'Alternative care'],
    ['DISABILITY_SUPPORT', 'Disability and assistive support'],
    ['BIRTH_REGISTRATION', 'Birth registration and documents'],
    ['OTHER', 'Other service'],
  ],
}

/**
 * Referral status. Mirrors FHIR Task status and Primero referral states so the
 * adapter's maps are total; BLOCKED_NO_CONSENT is ours (nothing was sent).
 */
export const REFERRAL_STATUS: OptionSetDef = {
  code: 'CPCM_REFERRAL_STATUS',
  name: 'Referral status',
  options: [
    ['DRAFT', 'Draft: not sent'],
    ['REQUESTED', 'Requested'],
    ['BLOCKED_NO_CONSENT', 'Blocked: no consent for this provider'],
    ['ACCEPTED', 'Accepted by provider'],
    ['REJECTED', 'Rejected by provider'],
    ['IN_PROGRESS', 'In progress'],
    ['ON_HOLD', 'On hold'],
    ['COMPLETED', 'Completed (accessed, outcome achieved, feedback received)'],
    ['FAILED', 'Failed'],
    ['CANCELLED', 'Cancelled'],
  ],
}

export const CLOSURE_REASON: OptionSetDef = {
  code: 'CPCM_CLOSURE_REASON',
  name: 'Closure reason',
  options: [
    ['BENCHMARKS_MET', 'Case plan goals and all benchmarks achieved'],
    ['TRANSFERRED', 'Transferred to another jurisdiction or agency'],
    ['AGED_OUT', 'Child turned 18 (continued under adult services)'],
    ['CHILD_DECEASED', 'Child deceased'],
    ['LOST_CONTACT', 'Child and family cannot be traced'],
    ['CONSENT_WITHDRAWN', 'Family withdrew consent'],
    ['OPENED_IN_ERROR', 'Opened in error or duplicate'],
  ],
}

export const BENCHMARK_ANSWER: OptionSetDef = {
  code: 'CPCM_BENCHMARK_ANSWER',
  name: 'Benchmark answer',
  options: [
    ['MET', 'Met'],
    ['PARTLY_MET', 'Partly met'],
    ['NOT_MET', 'Not met'],
    ['NOT_APPLICABLE', 'Not applicable to this case'],
  ],
}

/** Framework 3.8: the seven benchmarks, used to link case plan actions to what they serve. */
export const BENCHMARK: OptionSetDef = {
  code: 'CPCM_BENCHMARK',
  name: 'Benchmark',
  options: [
    ['B1_GOALS', '1. Case plan goals achieved'],
    ['B2_NO_VIOLENCE', '2. No one in the household experiences VENA'],
    ['B3_MITIGATION', '3. Mitigation measures in place'],
    ['B4_SAFE_CARE', '4. Safe shelter and permanent care'],
    ['B5_JUSTICE', '5. Reported and justice process concluded'],
    ['B6_COPING', '6. Child shows confidence, coping and hope'],
    ['B7_SAFE_PERSON', '7. Knows a safe person and place; assistive support'],
  ],
}

/** Table 5: the administrative levels of Rwanda. */
export const ADMIN_LEVEL: OptionSetDef = {
  code: 'CPCM_ADMIN_LEVEL',
  name: 'Administrative level',
  options: [
    ['COUNTRY', 'Country'],
    ['PROVINCE', 'Province or City of Kigali'],
    ['DISTRICT', 'District (akarere)'],
    ['SECTOR', 'Sector (umurenge)'],
    ['CELL', 'Cell (akagari)'],
    ['VILLAGE', 'Village (umudugudu)'],
  ],
}

export const CONSENT_GIVER: OptionSetDef = {
  code: 'CPCM_CONSENT_GIVER',
  name: 'Consent given by',
  options: [
    ['PARENT', 'Parent'],
    ['CAREGIVER', 'Caregiver or guardian'],
    ['SELF', 'The person themself (18 or over)'],
    ['CPWO_BEST_INTEREST', 'CPWO in the child\'s best interest'],
  ],
}

export const AGENCY_TYPE: OptionSetDef = {
  code: 'CPCM_AGENCY_TYPE',
  name: 'Lead agency type',
  options: [
    ['CPWO', 'District CPWO'],
    ['CSO', 'Delegated CSO'],
  ],
}

export const PLAN_ACTION_STATUS: OptionSetDef = {
  code: 'CPCM_PLAN_ACTION_STATUS',
  name: 'Case plan action status',
  options: [
    ['NOT_STARTED', 'Not started'],
    ['IN_PROGRESS', 'In progress'],
    ['DONE', 'Done'],
    ['CANCELLED', 'No longer needed'],
  ],
}

export const CONFERENCE_TYPE: OptionSetDef = {
  code: 'CPCM_CONFERENCE_TYPE',
  name: 'Case conference type',
  options: [
    ['FAMILY', 'Family case conference'],
    ['INTERNAL', 'Internal case conference'],
    ['INTER_AGENCY', 'Inter-agency case conference'],
  ],
}

export const HEALTH_SERVICE: OptionSetDef = {
  code: 'CPCM_HEALTH_SERVICE',
  name: 'Isange service',
  options: [
    ['RECEPTION', 'Social worker reception'],
    ['MEDICAL_CARE', 'Medical care'],
    ['FORENSIC_EXAM', 'Forensic evidence collection'],
    ['PSYCHOSOCIAL', 'Psychosocial care'],
    ['POLICE_INVESTIGATION', 'Police investigation'],
    ['SAFE_ROOM', 'Safe room stay'],
    ['FOLLOW_UP', 'Follow-up and reintegration'],
  ],
}

export const VISIT_TYPE: OptionSetDef = {
  code: 'CPCM_VISIT_TYPE',
  name: 'Monitoring visit type',
  options: [
    ['HOME', 'Home visit'],
    ['SCHOOL', 'School visit'],
    ['OFFICE', 'Office visit'],
    ['PHONE', 'Phone call'],
  ],
}

export const VISITOR_ROLE: OptionSetDef = {
  code: 'CPCM_VISITOR_ROLE',
  name: 'Visit made by',
  options: [
    ['CPWO', 'CPWO'],
    ['CSO', 'CSO caseworker'],
    ['IZU', 'IZU'],
  ],
}

export const PROGRESS: OptionSetDef = {
  code: 'CPCM_PROGRESS',
  name: 'Progress towards benchmarks',
  options: [
    ['IMPROVED', 'Progress made'],
    ['NO_CHANGE', 'No change'],
    ['WORSENED', 'Worse'],
  ],
}

export const REVIEW_DECISION: OptionSetDef = {
  code: 'CPCM_REVIEW_DECISION',
  name: 'Case review decision',
  options: [
    ['CONTINUE', 'Continue the plan'],
    ['REVISE_PLAN', 'Revise the case plan'],
    ['REASSESS', 'Reassess the case'],
    ['CLOSE', 'Proceed to closure'],
  ],
}

export const RESPONDENT: OptionSetDef = {
  code: 'CPCM_RESPONDENT',
  name: 'Respondent',
  options: [
    ['CHILD', 'Child'],
    ['CAREGIVER', 'Caregiver'],
  ],
}

export const SATISFACTION: OptionSetDef = {
  code: 'CPCM_SATISFACTION',
  name: 'Satisfaction',
  options: [
    ['VERY_SATISFIED', 'Very satisfied'],
    ['SATISFIED', 'Satisfied'],
    ['NEUTRAL', 'Neither satisfied nor dissatisfied'],
    ['DISSATISFIED', 'Dissatisfied'],
    ['VERY_DISSATISFIED', 'Very dissatisfied'],
  ],
}

export const WELLBEING_CHANGE: OptionSetDef = {
  code: 'CPCM_WELLBEING_CHANGE',
  name: 'Change in wellbeing',
  options: [
    ['INCREASED', 'Wellbeing increased'],
    ['SAME', 'About the same'],
    ['DECREASED', 'Wellbeing decreased'],
  ],
}

export const NATIONALITY_STATUS: OptionSetDef = {
  code: 'CPCM_NATIONALITY_STATUS',
  name: 'Nationality or refugee status',
  options: [
    ['RWANDAN', 'Rwandan national'],
    ['REFUGEE', 'Refugee'],
    ['ASYLUM_SEEKER', 'Asylum seeker'],
    ['RETURNEE', 'Returnee'],
    ['OTHER_NATIONALITY', 'Other nationality'],
    ['STATELESS', 'Stateless or undocumented'],
  ],
}

export const DISABILITY: OptionSetDef = {
  code: 'CPCM_DISABILITY',
  name: 'Disability',
  options: [
    ['NONE', 'No disability'],
    ['PHYSICAL', 'Physical'],
    ['VISUAL', 'Visual'],
    ['HEARING', 'Hearing'],
    ['INTELLECTUAL', 'Intellectual'],
    ['PSYCHOSOCIAL', 'Psychosocial'],
    ['MULTIPLE', 'Multiple'],
    ['UNKNOWN', 'Not known'],
  ],
}

export const ALL_OPTION_SETS: OptionSetDef[] = [
  SEX, CASE_TYPE, RISK_TIER, SCREENING_RESULT, REPORTER_TYPE, REPORT_CHANNEL, EARLY_INTERVENTION,
  REFERRAL_SERVICE, REFERRAL_STATUS, CLOSURE_REASON, BENCHMARK_ANSWER, BENCHMARK, ADMIN_LEVEL,
  CONSENT_GIVER, AGENCY_TYPE, PLAN_ACTION_STATUS, CONFERENCE_TYPE, HEALTH_SERVICE, VISIT_TYPE,
  VISITOR_ROLE, PROGRESS, REVIEW_DECISION, RESPONDENT, SATISFACTION, WELLBEING_CHANGE,
  NATIONALITY_STATUS, DISABILITY,
]
