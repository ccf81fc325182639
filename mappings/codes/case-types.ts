/** Case types (framework 3.1, Table 4) and their Primero protection concerns. */
import { PRIMERO_PROTECTION_CONCERNS, primeroSystem } from './primero-lookups'
import { eq, table, to } from './types'

export const CASE_TYPE_CODES = [
  'PHYSICAL_VIOLENCE', 'SEXUAL_VIOLENCE', 'EMOTIONAL_VIOLENCE', 'NEGLECT_ABANDONMENT',
  'LABOUR_EXPLOITATION', 'STREET_CONNECTED', 'HARMFUL_PRACTICES',
] as const
export type CaseTypeCode = (typeof CASE_TYPE_CODES)[number]

/**
 * Case types whose records carry HL7's "sexual assault, abuse, or domestic violence"
 * sensitivity (v3-ActCode SDV) besides restricted confidentiality.
 */
export const SDV_CASE_TYPES: ReadonlySet<string> = new Set<CaseTypeCode>(['PHYSICAL_VIOLENCE', 'SEXUAL_VIOLENCE', 'EMOTIONAL_VIOLENCE'])

export const CASE_TYPES = table<CaseTypeCode>({
  name: 'case-type',
  title: 'CPCM case types',
  description: 'The seven case types enrolled in case management (NCDA framework 3.1, Table 4).',
  optionSet: 'CPCM_CASE_TYPE',
  codes: CASE_TYPE_CODES,
  maps: [{
    name: 'case-type-to-primero-protection-concerns',
    title: 'CPCM case type to Primero protection concern',
    targetSystem: primeroSystem('lookup-protection-concerns'),
    forward: {
      PHYSICAL_VIOLENCE: eq('physical_abuse_violence'),
      SEXUAL_VIOLENCE: eq('sexual_abuse_violence'),
      EMOTIONAL_VIOLENCE: eq('emotional_or_psychological'),
      NEGLECT_ABANDONMENT: to('neglect', 'narrower', 'Primero also has abandonment, unaccompanied and separated; all come back as this type'),
      LABOUR_EXPLOITATION: to('child_labour', 'narrower', 'hazardous_work also comes back as this type'),
      STREET_CONNECTED: to('other', 'wider', 'Primero\'s seed has no street-connected concern'),
      HARMFUL_PRACTICES: to('child_marriage', 'narrower', 'female_genital_mutilation_fgm also comes back as this type'),
    },
    reverse: {
      // Concerns that are not one of the seven case types (disability, documentation...) give no case type.
      ...Object.fromEntries(PRIMERO_PROTECTION_CONCERNS.map((c) => [c, null])),
      physical_abuse_violence: 'PHYSICAL_VIOLENCE',
      sexual_abuse_violence: 'SEXUAL_VIOLENCE', rape: 'SEXUAL_VIOLENCE', sexual_exploitation: 'SEXUAL_VIOLENCE',
      emotional_or_psychological: 'EMOTIONAL_VIOLENCE',
      // Framework 3.1: abandonment and neglect includes unaccompanied and separated children and trafficking.
      neglect: 'NEGLECT_ABANDONMENT', abandonment: 'NEGLECT_ABANDONMENT', unaccompanied: 'NEGLECT_ABANDONMENT',
      separated: 'NEGLECT_ABANDONMENT', slavery_sale_abduction: 'NEGLECT_ABANDONMENT',
      child_labour: 'LABOUR_EXPLOITATION', hazardous_work: 'LABOUR_EXPLOITATION',
      child_marriage: 'HARMFUL_PRACTICES', female_genital_mutilation_fgm: 'HARMFUL_PRACTICES',
    },
  }],
})
