/**
 * Primero v2 lookup values CPCM exchanges, as seeded by primeroIMS/primero
 * (db/lookups/lookups.rb: lookup-protection-concerns, lookup-risk-level, lookup-service-type,
 * lookup-gender; app/models/referral.rb: referral statuses, success statuses). CPIMS+
 * deployments may add values; the reverse maps send unknown ones to a documented default.
 */
import { codeSystemUri } from '../identifiers'

/** The URI under which CPCM publishes maps to a Primero lookup (Primero has no FHIR URIs). */
export const primeroSystem = (lookup: string) => codeSystemUri(`primero-${lookup}`)

export const PRIMERO_PROTECTION_CONCERNS = [
  'physical_abuse_violence', 'sexual_abuse_violence', 'rape', 'emotional_or_psychological', 'neglect', 'abandonment',
  'child_labour', 'hazardous_work', 'sexual_exploitation', 'slavery_sale_abduction', 'in_conflict_with_the_law',
  'associated_with_armed', 'deprived_of_liberty', 'serious_medical_condition', 'functional_difficulty_seeing',
  'functional_difficulty_hearing', 'functional_difficulty_walking', 'functional_difficulty_remembering',
  'difficulty_with_self_care', 'difficulty_communicating', 'unaccompanied', 'separated', 'orphan', 'psychosocial_distress',
  'mental_disorder', 'substance_abuse', 'belongs_to_marginalised', 'lack_of_documentation_birth_registration',
  'child_marriage', 'female_genital_mutilation_fgm', 'pregnancy_child_parent', 'denial_of_resources_opportunities_or_services',
  'highly_vulnerable_care', 'child_survivor_of_explosive', 'other',
] as const

export const PRIMERO_RISK_LEVELS = ['high', 'medium', 'low'] as const

export const PRIMERO_SERVICE_TYPES = [
  'alternative_care', 'security_e_g_safe_shelter', 'education_formal', 'non_formal_education', 'family_tracing_and_reunification',
  'basic_psychosocial_support', 'focuses_non_specialized_mhpss_care', 'specialized_mhpss_services', 'food', 'non_food_items',
  'cash_assistance', 'livelihoods', 'medical', 'nutrition', 'legal_support', 'documentation', 'services_for_children_with_disabilities',
  'sexual_and_reproductive_health', 'shelter', 'wash', 'durable_solution_in_coordination_with_unhcr', 'relocation', 'other_please_specify',
] as const

export const PRIMERO_GENDERS = ['male', 'female', 'other'] as const

/** Case `status` (lookup-case-status). */
export const PRIMERO_CASE_STATUSES = ['open', 'closed', 'transferred', 'duplicate'] as const

/** Referral (Transition) status; `pending` is older Primero's, still accepted on the way in. */
export const PRIMERO_REFERRAL_STATUSES = ['in_progress', 'accepted', 'rejected', 'done', 'revoked', 'pending'] as const
export type PrimeroReferralStatus = (typeof PRIMERO_REFERRAL_STATUSES)[number]

/** Referral `success_status` when done. */
export const PRIMERO_SUCCESS_STATUSES = ['successful', 'not_successful'] as const
export type PrimeroSuccessStatus = (typeof PRIMERO_SUCCESS_STATUSES)[number]

/** Data confidentiality form, `interview_subject` ("Consent obtained from"). */
export const PRIMERO_INTERVIEW_SUBJECTS = ['individual', 'caregiver', 'other'] as const

/** Services subform `service_implemented` (lookup-service-implemented). */
export const PRIMERO_SERVICE_IMPLEMENTED = ['implemented', 'not_implemented'] as const

/** The case module CPCM's cases live in (Primero's child protection module). */
export const PRIMERO_CP_MODULE = 'primeroModule-cp'
