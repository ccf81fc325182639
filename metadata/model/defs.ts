/**
 * The package's source language: plain objects that name everything by code.
 * The build (metadata/build) turns them into DHIS2 JSON with derived UIDs.
 * Expressions in indicators may name objects by code (`#{CPCM_STAGE.CPCM_DE}`,
 * `A{CPCM_ATTR}`, `I{CPCM_PI}`, `PS_EVENTDATE:CPCM_STAGE`); the build resolves them.
 */
import type { RuleActionType, RuleVariableSource, ValueType } from './dhis2'

export type OptionList = ReadonlyArray<readonly [code: string, name: string]>

export interface OptionSetDef {
  code: string
  name: string
  options: OptionList
}

export interface DataElementDef {
  code: string
  name: string
  shortName?: string
  formName?: string
  description: string
  valueType: ValueType
  optionSet?: string
}

export interface StageDataElementDef extends DataElementDef {
  compulsory?: boolean
  allowFutureDate?: boolean
}

/** The nine steps of the framework's case management process (section 5). */
export type CaseStep = 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9

export interface StageDef {
  code: string
  name: string
  description: string
  /** The framework steps this stage records (a stage may serve several, e.g. review serves step 8). */
  steps: CaseStep[]
  repeatable: boolean
  executionDateLabel: string
  dataElements: StageDataElementDef[]
  sections?: Array<{ code: string; name: string; dataElements: string[] }>
}

export interface AttributeDef {
  code: string
  name: string
  shortName?: string
  formName?: string
  description: string
  valueType: ValueType
  optionSet?: string
  confidential?: boolean
  unique?: boolean
  generated?: boolean
  pattern?: string
}

export interface ProgramAttributeDef {
  attribute: string
  mandatory: boolean
  displayInList: boolean
  searchable: boolean
  allowFutureDate?: boolean
}

export interface VariableDef {
  name: string
  source: RuleVariableSource
  dataElement?: string
  attribute?: string
  stage?: string
  valueType?: ValueType
}

export interface ActionDef {
  type: RuleActionType
  content?: string
  data?: string
  location?: 'feedback' | 'indicators'
  dataElement?: string
  attribute?: string
  stage?: string
  section?: string
}

export interface RuleDef {
  code: string
  name: string
  description: string
  stage?: string
  priority?: number
  condition: string
  actions: ActionDef[]
}

export interface ProgramDef {
  code: string
  name: string
  shortName: string
  description: string
  type: 'WITH_REGISTRATION' | 'WITHOUT_REGISTRATION'
  accessLevel: 'OPEN' | 'AUDITED' | 'PROTECTED' | 'CLOSED'
  trackedEntityType?: string
  onlyEnrollOnce: boolean
  displayIncidentDate: boolean
  enrollmentDateLabel?: string
  incidentDateLabel?: string
  stages: StageDef[]
  attributes: ProgramAttributeDef[]
  variables: VariableDef[]
  rules: RuleDef[]
}

export interface ProgramIndicatorDef {
  code: string
  name: string
  shortName: string
  description: string
  program: string
  analyticsType: 'ENROLLMENT' | 'EVENT'
  expression: string
  filter?: string
  aggregationType?: 'SUM' | 'COUNT' | 'AVERAGE'
  /** Category option combo (by code) this value feeds in the NCDA data set. */
  aggregateExportCategoryOptionCombo?: string
}

export interface IndicatorDef {
  code: string
  name: string
  shortName: string
  description: string
  type: 'PERCENT' | 'NUMBER'
  numerator: string
  numeratorDescription: string
  denominator: string
  denominatorDescription: string
}

export interface CategoryDef {
  code: string
  name: string
  shortName: string
  options: OptionList
}

export interface CategoryComboDef {
  code: string
  name: string
  categories: string[]
}

export interface AggregateDataElementDef {
  code: string
  name: string
  shortName: string
  description: string
  categoryCombo?: string
}

export interface DataSetDef {
  code: string
  name: string
  shortName: string
  description: string
  periodType: 'Monthly' | 'Quarterly'
  dataElements: string[]
  indicators: string[]
}

export interface UserRoleDef {
  code: string
  name: string
  description: string
  authorities: string[]
}

export type Dimension = 'dx' | 'pe' | 'ou'

export interface VisualizationDef {
  code: string
  name: string
  description: string
  type: 'PIVOT_TABLE' | 'COLUMN' | 'BAR' | 'LINE' | 'PIE' | 'STACKED_COLUMN'
  data: Array<{ programIndicator: string } | { indicator: string }>
  columns: Dimension[]
  rows: Dimension[]
  filters: Dimension[]
  relativePeriods: string[]
  organisationUnitLevels: number[]
}

export interface DashboardDef {
  code: string
  name: string
  description: string
  items: Array<{ visualization: string } | { text: string }>
}
