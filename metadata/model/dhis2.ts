/**
 * The subset of DHIS2's /api/metadata JSON that this package emits.
 * Field names are DHIS2's own, so the compiled package is importable as is.
 */
export interface Ref {
  id: string
}

export type ValueType =
  | 'TEXT'
  | 'LONG_TEXT'
  | 'BOOLEAN'
  | 'TRUE_ONLY'
  | 'DATE'
  | 'DATETIME'
  | 'AGE'
  | 'INTEGER'
  | 'INTEGER_POSITIVE'
  | 'INTEGER_ZERO_OR_POSITIVE'
  | 'NUMBER'
  | 'PERCENTAGE'
  | 'PHONE_NUMBER'
  | 'USERNAME'
  | 'ORGANISATION_UNIT'

export interface Sharing {
  owner?: string
  external: boolean
  public: string
  users: Record<string, never>
  userGroups: Record<string, { id: string; access: string }>
}

export interface Identifiable {
  id: string
  code: string
  name: string
}

export interface Named extends Identifiable {
  shortName: string
  description?: string
}

export interface Option extends Identifiable {
  sortOrder: number
  optionSet: Ref
}

export interface OptionSet extends Identifiable {
  valueType: ValueType
  version: number
  options: Ref[]
  sharing: Sharing
}

export interface DataElement extends Named {
  formName?: string
  valueType: ValueType
  domainType: 'TRACKER' | 'AGGREGATE'
  aggregationType: 'NONE' | 'SUM' | 'COUNT' | 'AVERAGE'
  zeroIsSignificant: boolean
  optionSet?: Ref
  categoryCombo?: Ref
  sharing: Sharing
}

export interface TrackedEntityAttribute extends Named {
  formName?: string
  valueType: ValueType
  aggregationType: 'NONE'
  unique: boolean
  orgunitScope: boolean
  generated: boolean
  pattern?: string
  confidential: boolean
  inherit: boolean
  optionSet?: Ref
  sharing: Sharing
}

export interface TrackedEntityType extends Named {
  allowAuditLog: boolean
  featureType: 'NONE'
  minAttributesRequiredToSearch: number
  maxTeiCountToReturn: number
  trackedEntityTypeAttributes: Array<{
    id: string
    trackedEntityAttribute: Ref
    displayInList: boolean
    mandatory: boolean
    searchable: boolean
  }>
  sharing: Sharing
}

export interface ProgramStageDataElement {
  id: string
  programStage: Ref
  dataElement: Ref
  compulsory: boolean
  allowFutureDate: boolean
  displayInReports: boolean
  sortOrder: number
}

export interface ProgramStageSection extends Identifiable {
  programStage: Ref
  sortOrder: number
  dataElements: Ref[]
}

export interface ProgramStage extends Identifiable {
  description: string
  program: Ref
  sortOrder: number
  repeatable: boolean
  minDaysFromStart: number
  generatedByEnrollmentDate: boolean
  autoGenerateEvent: boolean
  openAfterEnrollment: boolean
  validationStrategy: 'ON_COMPLETE' | 'ON_UPDATE_AND_INSERT'
  featureType: 'NONE'
  executionDateLabel?: string
  programStageDataElements: ProgramStageDataElement[]
  programStageSections: Ref[]
  sharing: Sharing
}

export interface ProgramTrackedEntityAttribute {
  id: string
  program: Ref
  trackedEntityAttribute: Ref
  mandatory: boolean
  displayInList: boolean
  searchable: boolean
  allowFutureDate: boolean
  sortOrder: number
}

export interface Program extends Named {
  programType: 'WITH_REGISTRATION' | 'WITHOUT_REGISTRATION'
  accessLevel: 'OPEN' | 'AUDITED' | 'PROTECTED' | 'CLOSED'
  trackedEntityType?: Ref
  onlyEnrollOnce: boolean
  displayIncidentDate: boolean
  enrollmentDateLabel?: string
  incidentDateLabel?: string
  selectEnrollmentDatesInFuture: boolean
  selectIncidentDatesInFuture: boolean
  ignoreOverdueEvents: boolean
  featureType: 'NONE'
  minAttributesRequiredToSearch: number
  programStages: Ref[]
  programTrackedEntityAttributes: ProgramTrackedEntityAttribute[]
  programRuleVariables: Ref[]
  organisationUnits: Ref[]
  sharing: Sharing
}

export type RuleVariableSource =
  | 'DATAELEMENT_CURRENT_EVENT'
  | 'DATAELEMENT_NEWEST_EVENT_PROGRAM'
  | 'DATAELEMENT_NEWEST_EVENT_PROGRAM_STAGE'
  | 'DATAELEMENT_PREVIOUS_EVENT'
  | 'TEI_ATTRIBUTE'
  | 'CALCULATED_VALUE'

export interface ProgramRuleVariable extends Identifiable {
  program: Ref
  programRuleVariableSourceType: RuleVariableSource
  useCodeForOptionSet: boolean
  valueType: ValueType
  dataElement?: Ref
  trackedEntityAttribute?: Ref
  programStage?: Ref
}

export type RuleActionType =
  | 'DISPLAYTEXT'
  | 'DISPLAYKEYVALUEPAIR'
  | 'HIDEFIELD'
  | 'HIDESECTION'
  | 'HIDEOPTION'
  | 'ASSIGN'
  | 'SHOWWARNING'
  | 'SHOWERROR'
  | 'WARNINGONCOMPLETE'
  | 'ERRORONCOMPLETE'
  | 'SETMANDATORYFIELD'

export interface ProgramRuleAction {
  id: string
  code: string
  programRule: Ref
  programRuleActionType: RuleActionType
  content?: string
  data?: string
  location?: 'feedback' | 'indicators'
  dataElement?: Ref
  trackedEntityAttribute?: Ref
  programStage?: Ref
  programStageSection?: Ref
  option?: Ref
}

export interface ProgramRule extends Identifiable {
  description: string
  program: Ref
  programStage?: Ref
  condition: string
  priority?: number
  programRuleActions: Ref[]
}

export interface ProgramIndicator extends Named {
  program: Ref
  analyticsType: 'ENROLLMENT' | 'EVENT'
  expression: string
  filter?: string
  aggregationType: 'SUM' | 'COUNT' | 'AVERAGE'
  decimals: number
  displayInForm: boolean
  analyticsPeriodBoundaries: Array<{
    id: string
    boundaryTarget: string
    analyticsPeriodBoundaryType: string
  }>
  aggregateExportCategoryOptionCombo?: string
  sharing: Sharing
}

export interface IndicatorType extends Identifiable {
  factor: number
  number: boolean
}

export interface Indicator extends Named {
  indicatorType: Ref
  numerator: string
  numeratorDescription: string
  denominator: string
  denominatorDescription: string
  annualized: boolean
  decimals: number
  sharing: Sharing
}

export interface CategoryOption extends Named {
  sharing: Sharing
}

export interface Category extends Named {
  dataDimensionType: 'DISAGGREGATION'
  dataDimension: boolean
  categoryOptions: Ref[]
  sharing: Sharing
}

export interface CategoryCombo extends Identifiable {
  dataDimensionType: 'DISAGGREGATION'
  skipTotal: boolean
  categories: Ref[]
  sharing: Sharing
}

export interface CategoryOptionCombo extends Identifiable {
  categoryCombo: Ref
  categoryOptions: Ref[]
  ignoreApproval: boolean
}

export interface DataSet extends Named {
  periodType: string
  openFuturePeriods: number
  expiryDays: number
  timelyDays: number
  categoryCombo?: Ref
  dataSetElements: Array<{ dataSet: Ref; dataElement: Ref }>
  indicators: Ref[]
  organisationUnits: Ref[]
  sharing: Sharing
}

export interface UserGroup extends Identifiable {
  users: Ref[]
  managedGroups: Ref[]
  sharing: Sharing
}

export interface UserRole extends Identifiable {
  description: string
  authorities: string[]
  sharing: Sharing
}

export interface OrganisationUnitLevel extends Identifiable {
  level: number
  offlineLevels?: number
}

export interface RelationshipConstraint {
  relationshipEntity: 'TRACKED_ENTITY_INSTANCE' | 'PROGRAM_INSTANCE' | 'PROGRAM_STAGE_INSTANCE'
  trackedEntityType?: Ref
  program?: Ref
  programStage?: Ref
}

export interface RelationshipType extends Identifiable {
  description: string
  bidirectional: boolean
  fromToName: string
  toFromName: string
  fromConstraint: RelationshipConstraint
  toConstraint: RelationshipConstraint
  sharing: Sharing
}

export interface DataDimensionItem {
  dataDimensionItemType: 'PROGRAM_INDICATOR' | 'INDICATOR' | 'DATA_ELEMENT'
  programIndicator?: Ref
  indicator?: Ref
  dataElement?: Ref
}

export interface Visualization extends Identifiable {
  description: string
  type: 'PIVOT_TABLE' | 'COLUMN' | 'BAR' | 'LINE' | 'PIE' | 'STACKED_COLUMN'
  dataDimensionItems: DataDimensionItem[]
  columns: Array<{ id: string }>
  rows: Array<{ id: string }>
  filters: Array<{ id: string }>
  columnDimensions: string[]
  rowDimensions: string[]
  filterDimensions: string[]
  relativePeriods: Record<string, boolean>
  userOrganisationUnit: boolean
  organisationUnitLevels: number[]
  sharing: Sharing
}

export interface DashboardItem {
  id: string
  type: 'VISUALIZATION' | 'TEXT'
  visualization?: Ref
  text?: string
  x: number
  y: number
  width: number
  height: number
}

export interface Dashboard extends Identifiable {
  description: string
  dashboardItems: DashboardItem[]
  sharing: Sharing
}

export interface PackageInfo {
  name: string
  code: string
  type: 'TRACKER'
  version: string
  DHIS2Version: string
  locale: string
  description: string
  lastUpdated: string
}

/** The compiled package, in the collection order DHIS2 itself imports dependencies. */
export interface MetadataPackage {
  package: PackageInfo
  userGroups: UserGroup[]
  userRoles: UserRole[]
  organisationUnitLevels: OrganisationUnitLevel[]
  options: Option[]
  optionSets: OptionSet[]
  categoryOptions: CategoryOption[]
  categories: Category[]
  categoryCombos: CategoryCombo[]
  categoryOptionCombos: CategoryOptionCombo[]
  dataElements: DataElement[]
  trackedEntityAttributes: TrackedEntityAttribute[]
  trackedEntityTypes: TrackedEntityType[]
  programs: Program[]
  programStages: ProgramStage[]
  programStageSections: ProgramStageSection[]
  programRuleVariables: ProgramRuleVariable[]
  programRules: ProgramRule[]
  programRuleActions: ProgramRuleAction[]
  programIndicators: ProgramIndicator[]
  indicatorTypes: IndicatorType[]
  indicators: Indicator[]
  dataSets: DataSet[]
  relationshipTypes: RelationshipType[]
  visualizations: Visualization[]
  dashboards: Dashboard[]
}

export type CollectionName = Exclude<keyof MetadataPackage, 'package'>
