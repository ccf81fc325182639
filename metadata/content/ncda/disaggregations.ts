/**
 * The disaggregations the framework asks for (7.4): sex and age group, case type,
 * and reason for closure. Each becomes a DHIS2 category combination in the NCDA data
 * set and a filter on the programme indicators that feed it. Geography comes from
 * the org unit hierarchy itself.
 */
import type { CategoryComboDef, CategoryDef } from '../../model/defs'
import { CASE_TYPE, CLOSURE_REASON } from '../option-sets'
import { anyOf } from '../expressions'

export type DisaggregationKey = 'SEX_AGE' | 'CASE_TYPE' | 'CLOSURE_REASON'

/** Age in completed years at the reference date, from the AGE attribute. */
const age = (at: string) => `d2:yearsBetween(A{CPCM_DATE_OF_BIRTH}, ${at})`

export const AGE_GROUPS = [
  { code: 'AGE_0_4', name: '0-4 years', short: '0-4', from: 0, to: 5 },
  { code: 'AGE_5_9', name: '5-9 years', short: '5-9', from: 5, to: 10 },
  { code: 'AGE_10_14', name: '10-14 years', short: '10-14', from: 10, to: 15 },
  { code: 'AGE_15_17', name: '15-17 years', short: '15-17', from: 15, to: 18 },
  { code: 'AGE_18_PLUS', name: '18 years and over', short: '18+', from: 18, to: undefined },
] as const

const SEXES = [
  { code: 'FEMALE', name: 'Female', short: 'F' },
  { code: 'MALE', name: 'Male', short: 'M' },
] as const

/** DHIS2 short names stop at 50 characters: cells carry a short label too. */
const SHORT_LABEL: Record<string, string> = {
  PHYSICAL_VIOLENCE: 'Physical', SEXUAL_VIOLENCE: 'Sexual', EMOTIONAL_VIOLENCE: 'Emotional', NEGLECT_ABANDONMENT: 'Neglect',
  LABOUR_EXPLOITATION: 'Labour', STREET_CONNECTED: 'Street', HARMFUL_PRACTICES: 'Harmful practice',
  BENCHMARKS_MET: 'Benchmarks met', TRANSFERRED: 'Transferred', AGED_OUT: 'Aged out', CHILD_DECEASED: 'Deceased',
  LOST_CONTACT: 'Lost contact', CONSENT_WITHDRAWN: 'Consent withdrawn', OPENED_IN_ERROR: 'In error',
}
export const shortLabel = (optionCode: string) => {
  const label = SHORT_LABEL[optionCode]
  if (!label) throw new Error(`no short label for ${optionCode}`)
  return label
}

export const CATEGORIES: CategoryDef[] = [
  { code: 'CPCM_CAT_SEX', name: 'Sex', shortName: 'Sex', options: SEXES.map((s) => [`CPCM_CO_${s.code}`, s.name] as const) },
  { code: 'CPCM_CAT_AGE_GROUP', name: 'Age group', shortName: 'Age group', options: AGE_GROUPS.map((a) => [`CPCM_CO_${a.code}`, a.name] as const) },
  { code: 'CPCM_CAT_CASE_TYPE', name: 'Case type', shortName: 'Case type', options: CASE_TYPE.options.map(([code, name]) => [`CPCM_CO_CT_${code}`, name] as const) },
  { code: 'CPCM_CAT_CLOSURE_REASON', name: 'Closure reason', shortName: 'Closure reason', options: CLOSURE_REASON.options.map(([code, name]) => [`CPCM_CO_CR_${code}`, name] as const) },
]

/** Short names of category options: the option's name, or its short label when the name is too long. */
export const categoryOptionShortName = (code: string, name: string) => {
  const option = code.replace(/^CPCM_CO_(CT_|CR_)?/, '')
  return name.length > 40 ? shortLabel(option) : name
}

export const CATEGORY_COMBOS: Record<DisaggregationKey, CategoryComboDef> = {
  SEX_AGE: { code: 'CPCM_CC_SEX_AGE', name: 'Sex and age group', categories: ['CPCM_CAT_SEX', 'CPCM_CAT_AGE_GROUP'] },
  CASE_TYPE: { code: 'CPCM_CC_CASE_TYPE', name: 'Case type', categories: ['CPCM_CAT_CASE_TYPE'] },
  CLOSURE_REASON: { code: 'CPCM_CC_CLOSURE_REASON', name: 'Closure reason', categories: ['CPCM_CAT_CLOSURE_REASON'] },
}

/** One cell of a disaggregation: its category options and the filter that selects it. */
export interface Cell {
  /** Stable key, also the suffix of the cell's codes. */
  key: string
  label: string
  shortLabel: string
  categoryOptions: string[]
  filter: string
}

export interface CellContext {
  /** Where the case type is read: the intake for enrolment indicators, a copy on the event for event indicators. */
  caseTypeItem: string
  /** The date the age is computed at. */
  ageAt: string
}

export function cells(key: DisaggregationKey, context: CellContext): Cell[] {
  switch (key) {
    case 'SEX_AGE':
      return SEXES.flatMap((sex) =>
        AGE_GROUPS.map((group) => ({
          key: `${sex.code}_${group.code}`,
          label: `${sex.name} ${group.name}`,
          shortLabel: `${sex.short} ${group.short}`,
          categoryOptions: [`CPCM_CO_${sex.code}`, `CPCM_CO_${group.code}`],
          filter:
            `A{CPCM_SEX} == '${sex.code}' && ${age(context.ageAt)} >= ${group.from}` +
            (group.to === undefined ? '' : ` && ${age(context.ageAt)} < ${group.to}`),
        })),
      )
    case 'CASE_TYPE':
      return CASE_TYPE.options.map(([code, name]) => ({
        key: `CT_${code}`,
        label: name,
        shortLabel: shortLabel(code),
        categoryOptions: [`CPCM_CO_CT_${code}`],
        filter: anyOf(context.caseTypeItem, [code]),
      }))
    case 'CLOSURE_REASON':
      return CLOSURE_REASON.options.map(([code, name]) => ({
        key: `CR_${code}`,
        label: name,
        shortLabel: shortLabel(code),
        categoryOptions: [`CPCM_CO_CR_${code}`],
        filter: anyOf('#{CPCM_CLOSURE.CPCM_CLO_REASON}', [code]),
      }))
  }
}

/** The code of the category option combination a cell is. */
export const cocCode = (cellKey: string) => `CPCM_COC_${cellKey}`
