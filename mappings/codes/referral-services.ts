/** Referral services: a CPCM category (ServiceRequest.category) and Primero service types. */
import { codeSystemUri } from '../identifiers'
import { primeroSystem } from './primero-lookups'
import { eq, table, to } from './types'

export const REFERRAL_SERVICE_CODES = [
  'MEDICAL', 'FORENSIC', 'PSYCHOSOCIAL', 'MENTAL_HEALTH', 'SAFE_SHELTER', 'POLICE_INVESTIGATION', 'LEGAL_AID', 'PROSECUTION',
  'EDUCATION', 'SOCIAL_PROTECTION', 'ECONOMIC_STRENGTHENING', 'FAMILY_TRACING', 'ALTERNATIVE_CARE', 'DISABILITY_SUPPORT',
  'BIRTH_REGISTRATION', 'OTHER',
] as const
export type ReferralServiceCode = (typeof REFERRAL_SERVICE_CODES)[number]

export const REFERRAL_CATEGORY_CODES = ['HEALTH', 'PSYCHOSOCIAL', 'SAFETY', 'JUSTICE', 'CARE', 'SOCIAL', 'OTHER'] as const
export type ReferralCategoryCode = (typeof REFERRAL_CATEGORY_CODES)[number]

export const REFERRAL_CATEGORIES = table<ReferralCategoryCode>({
  name: 'referral-category',
  title: 'CPCM referral categories',
  description: 'Broad kind of service a referral asks for (ServiceRequest.category).',
  codes: REFERRAL_CATEGORY_CODES,
  displays: {
    HEALTH: 'Health care', PSYCHOSOCIAL: 'Psychosocial and mental health', SAFETY: 'Safety and shelter', JUSTICE: 'Justice and legal',
    CARE: 'Family care and reunification', SOCIAL: 'Social, economic and education support', OTHER: 'Other',
  },
  maps: [],
})

export const REFERRAL_SERVICES = table<ReferralServiceCode>({
  name: 'referral-service',
  title: 'CPCM referral services',
  description: 'Services a child or family is referred for (framework step 7; Isange One Stop Centre services).',
  optionSet: 'CPCM_REFERRAL_SERVICE',
  codes: REFERRAL_SERVICE_CODES,
  maps: [
    {
      name: 'referral-service-to-category',
      title: 'CPCM referral service to referral category',
      targetSystem: codeSystemUri('referral-category'),
      forward: {
        MEDICAL: to('HEALTH', 'subsumes'), FORENSIC: to('HEALTH', 'subsumes'), PSYCHOSOCIAL: to('PSYCHOSOCIAL', 'subsumes'),
        MENTAL_HEALTH: to('PSYCHOSOCIAL', 'subsumes'), SAFE_SHELTER: to('SAFETY', 'subsumes'), POLICE_INVESTIGATION: to('JUSTICE', 'subsumes'),
        LEGAL_AID: to('JUSTICE', 'subsumes'), PROSECUTION: to('JUSTICE', 'subsumes'), EDUCATION: to('SOCIAL', 'subsumes'),
        SOCIAL_PROTECTION: to('SOCIAL', 'subsumes'), ECONOMIC_STRENGTHENING: to('SOCIAL', 'subsumes'), FAMILY_TRACING: to('CARE', 'subsumes'),
        ALTERNATIVE_CARE: to('CARE', 'subsumes'), DISABILITY_SUPPORT: to('SOCIAL', 'subsumes'), BIRTH_REGISTRATION: to('SOCIAL', 'subsumes'),
        OTHER: to('OTHER', 'subsumes'),
      },
    },
    {
      name: 'referral-service-to-primero-service-type',
      title: 'CPCM referral service to Primero service type',
      targetSystem: primeroSystem('lookup-service-type'),
      forward: {
        MEDICAL: eq('medical'),
        FORENSIC: to('medical', 'wider', 'Primero\'s seed has no forensic service'),
        PSYCHOSOCIAL: eq('basic_psychosocial_support'),
        MENTAL_HEALTH: eq('specialized_mhpss_services'),
        SAFE_SHELTER: eq('security_e_g_safe_shelter'),
        POLICE_INVESTIGATION: to('other_please_specify', 'wider', 'Primero\'s seed has no police service'),
        LEGAL_AID: eq('legal_support'),
        PROSECUTION: to('other_please_specify', 'wider', 'Primero\'s seed has no prosecution service'),
        EDUCATION: to('education_formal', 'narrower', 'non_formal_education also comes back as this service'),
        SOCIAL_PROTECTION: to('cash_assistance', 'inexact'),
        ECONOMIC_STRENGTHENING: eq('livelihoods'),
        FAMILY_TRACING: eq('family_tracing_and_reunification'),
        ALTERNATIVE_CARE: eq('alternative_care'),
        DISABILITY_SUPPORT: eq('services_for_children_with_disabilities'),
        BIRTH_REGISTRATION: to('documentation', 'wider'),
        OTHER: eq('other_please_specify'),
      },
      reverse: {
        medical: 'MEDICAL', sexual_and_reproductive_health: 'MEDICAL', nutrition: 'MEDICAL',
        basic_psychosocial_support: 'PSYCHOSOCIAL', focuses_non_specialized_mhpss_care: 'PSYCHOSOCIAL',
        specialized_mhpss_services: 'MENTAL_HEALTH', security_e_g_safe_shelter: 'SAFE_SHELTER', legal_support: 'LEGAL_AID',
        education_formal: 'EDUCATION', non_formal_education: 'EDUCATION', cash_assistance: 'SOCIAL_PROTECTION',
        food: 'SOCIAL_PROTECTION', non_food_items: 'SOCIAL_PROTECTION', livelihoods: 'ECONOMIC_STRENGTHENING',
        family_tracing_and_reunification: 'FAMILY_TRACING', alternative_care: 'ALTERNATIVE_CARE',
        services_for_children_with_disabilities: 'DISABILITY_SUPPORT', documentation: 'BIRTH_REGISTRATION',
        shelter: 'OTHER', wash: 'OTHER', relocation: 'OTHER', durable_solution_in_coordination_with_unhcr: 'OTHER',
        other_please_specify: 'OTHER',
      },
    },
  ],
})
