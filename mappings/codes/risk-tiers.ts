/** Risk tiers (framework 3.7, Table 2): FHIR request priority and Primero risk level. */
import { HL7 } from '../identifiers'
import { primeroSystem } from './primero-lookups'
import { eq, table, to } from './types'

export const RISK_TIER_CODES = ['TIER1', 'TIER2'] as const
export type RiskTierCode = (typeof RISK_TIER_CODES)[number]

export const RISK_TIERS = table<RiskTierCode>({
  name: 'risk-tier',
  title: 'CPCM risk tiers',
  description: 'Tier 1: immediate threat, same-day response. Tier 2: incident occurred, assessment within one week (framework 3.7).',
  optionSet: 'CPCM_RISK_TIER',
  codes: RISK_TIER_CODES,
  maps: [
    {
      name: 'risk-tier-to-request-priority',
      title: 'CPCM risk tier to FHIR request priority',
      targetSystem: HL7.requestPriority,
      forward: { TIER1: to('stat', 'equivalent', 'same-day response'), TIER2: to('urgent', 'inexact', 'within one week') },
      reverse: { stat: 'TIER1', asap: 'TIER1', urgent: 'TIER2', routine: 'TIER2' },
    },
    {
      name: 'risk-tier-to-primero-risk-level',
      title: 'CPCM risk tier to Primero risk level',
      targetSystem: primeroSystem('lookup-risk-level'),
      forward: { TIER1: eq('high'), TIER2: to('medium', 'inexact') },
      // A low-risk Primero case is not a CPCM case; if one arrives it is handled as the lower tier.
      reverse: { high: 'TIER1', medium: 'TIER2', low: 'TIER2' },
    },
  ],
})
