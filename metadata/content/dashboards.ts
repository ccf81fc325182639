/** The national M&E dashboard: aggregate indicators by district and period, never a name. */
import type { DashboardDef, VisualizationDef } from '../model/defs'
import { CASE_TYPE, CLOSURE_REASON } from './option-sets'
import { DISTRICT_LEVEL } from './org-unit-levels'

const pi = (key: string) => ({ programIndicator: `CPCM_PI_${key}` })
const ratio = (key: string) => ({ indicator: `CPCM_IND_${key}` })

export const VISUALIZATIONS: VisualizationDef[] = [
  {
    code: 'CPCM_VIS_KEY_INDICATORS',
    name: 'Case management indicators by district',
    description: 'The ten indicators of the framework (7.4), this year, by district.',
    type: 'PIVOT_TABLE',
    data: [
      pi('ENROLLED'), ratio('ASSESSED_PCT'), ratio('PLAN_UP_TO_DATE_PCT'), ratio('FILES_STANDARD_PCT'), pi('CHILDREN_REFERRED'),
      pi('REFERRALS_COMPLETED'), ratio('REFERRALS_COMPLETED_PCT'), ratio('PROGRESSING_PCT'), pi('CLOSED'), ratio('SATISFIED_PCT'), ratio('WELLBEING_UP_PCT'),
    ],
    columns: ['dx'], rows: ['ou'], filters: ['pe'],
    relativePeriods: ['thisYear'], organisationUnitLevels: [DISTRICT_LEVEL],
  },
  {
    code: 'CPCM_VIS_ENROLLED_BY_TYPE',
    name: 'Cases enrolled by case type',
    description: 'Cases enrolled in the last four quarters, by case type.',
    type: 'STACKED_COLUMN',
    data: CASE_TYPE.options.map(([code]) => pi(`ENROLLED_CT_${code}`)),
    columns: ['dx'], rows: ['pe'], filters: ['ou'],
    relativePeriods: ['last4Quarters'], organisationUnitLevels: [],
  },
  {
    code: 'CPCM_VIS_REFERRALS',
    name: 'Referrals made and completed',
    description: 'Referrals sent and referrals completed (accessed, outcome, feedback), last four quarters.',
    type: 'COLUMN',
    data: [pi('REFERRALS_MADE'), pi('REFERRALS_COMPLETED')],
    columns: ['dx'], rows: ['pe'], filters: ['ou'],
    relativePeriods: ['last4Quarters'], organisationUnitLevels: [],
  },
  {
    code: 'CPCM_VIS_CLOSURES',
    name: 'Cases resolved by reason',
    description: 'Closures this year by reason of resolution.',
    type: 'PIE',
    data: CLOSURE_REASON.options.map(([code]) => pi(`CLOSED_CR_${code}`)),
    columns: ['dx'], rows: [], filters: ['pe', 'ou'],
    relativePeriods: ['thisYear'], organisationUnitLevels: [],
  },
  {
    code: 'CPCM_VIS_CONCERNS',
    name: 'Concerns reported and screened',
    description: 'Concerns recorded, not VENA, Tier 1 and Tier 2, by month.',
    type: 'COLUMN',
    data: [pi('CONCERNS'), pi('CONCERNS_NOT_VENA'), pi('CONCERNS_TIER1'), pi('CONCERNS_TIER2')],
    columns: ['dx'], rows: ['pe'], filters: ['ou'],
    relativePeriods: ['last12Months'], organisationUnitLevels: [],
  },
]

export const DASHBOARDS: DashboardDef[] = [
  {
    code: 'CPCM_DASH_NATIONAL',
    name: 'National M&E',
    description: 'National child protection case management indicators for NCDA, MIGEPROF and M&E staff.',
    items: [
      { text: 'Aggregate figures from the child protection case management programme. No child can be identified from this dashboard.' },
      ...VISUALIZATIONS.map((v) => ({ visualization: v.code })),
    ],
  },
]
