/**
 * What the emulator knows about metadata collections: the Java class DHIS2 reports (`klass`),
 * required properties (E4000) and the associations whose targets must exist (E5002).
 *
 * Honest limits: DHIS2 derives all of this from its schema for every property it owns; here only the
 * listed associations are checked, user references (`user`, `createdBy`, `lastUpdatedBy`, `users[]`,
 * `sharing.owner`) are not checked, and unknown collections in a payload are ignored as DHIS2 ignores
 * unknown keys. Order of this table is the order of `typeReports` (dependencies first).
 */
export interface AssociationSet {
  /** property holding `{id}` (or a bare UID) -> target collection */
  refs?: Record<string, string>
  /** property holding `[{id}]` -> target collection */
  lists?: Record<string, string>
}

export interface CollectionSchema extends AssociationSet {
  klass: string
  required?: string[]
  /** embedded objects (arrays or single objects) and their own associations */
  embedded?: Record<string, AssociationSet>
}

const P = 'org.hisp.dhis.'

export const COLLECTIONS: Record<string, CollectionSchema> = {
  attributes: { klass: `${P}attribute.Attribute`, required: ['name', 'valueType'] },
  userRoles: { klass: `${P}user.UserRole`, required: ['name'] },
  users: { klass: `${P}user.User`, required: ['username'] },
  userGroups: { klass: `${P}user.UserGroup`, required: ['name'] },
  organisationUnitLevels: { klass: `${P}organisationunit.OrganisationUnitLevel`, required: ['name', 'level'] },
  organisationUnits: {
    klass: `${P}organisationunit.OrganisationUnit`,
    required: ['name', 'shortName', 'openingDate'],
    refs: { parent: 'organisationUnits' },
  },
  organisationUnitGroups: {
    klass: `${P}organisationunit.OrganisationUnitGroup`,
    required: ['name'],
    lists: { organisationUnits: 'organisationUnits' },
  },
  legendSets: { klass: `${P}legend.LegendSet`, required: ['name'] },
  options: { klass: `${P}option.Option`, required: ['name', 'code'], refs: { optionSet: 'optionSets' } },
  optionSets: { klass: `${P}option.OptionSet`, required: ['name', 'valueType'], lists: { options: 'options' } },
  categoryOptions: { klass: `${P}category.CategoryOption`, required: ['name', 'shortName'] },
  categories: {
    klass: `${P}category.Category`,
    required: ['name', 'dataDimensionType'],
    lists: { categoryOptions: 'categoryOptions' },
  },
  categoryCombos: {
    klass: `${P}category.CategoryCombo`,
    required: ['name', 'dataDimensionType'],
    lists: { categories: 'categories' },
  },
  categoryOptionCombos: {
    klass: `${P}category.CategoryOptionCombo`,
    refs: { categoryCombo: 'categoryCombos' },
    lists: { categoryOptions: 'categoryOptions' },
  },
  dataElements: {
    klass: `${P}dataelement.DataElement`,
    required: ['name', 'shortName', 'valueType', 'domainType', 'aggregationType'],
    refs: { categoryCombo: 'categoryCombos', optionSet: 'optionSets', commentOptionSet: 'optionSets' },
    lists: { legendSets: 'legendSets' },
  },
  dataElementGroups: {
    klass: `${P}dataelement.DataElementGroup`,
    required: ['name', 'shortName'],
    lists: { dataElements: 'dataElements' },
  },
  indicatorTypes: { klass: `${P}indicator.IndicatorType`, required: ['name', 'factor'] },
  indicators: {
    klass: `${P}indicator.Indicator`,
    required: ['name', 'shortName', 'numerator', 'denominator', 'indicatorType'],
    refs: { indicatorType: 'indicatorTypes' },
    lists: { legendSets: 'legendSets' },
  },
  dataSets: {
    klass: `${P}dataset.DataSet`,
    required: ['name', 'periodType'],
    refs: { categoryCombo: 'categoryCombos' },
    lists: { organisationUnits: 'organisationUnits', indicators: 'indicators' },
    embedded: { dataSetElements: { refs: { dataElement: 'dataElements', categoryCombo: 'categoryCombos' } } },
  },
  trackedEntityAttributes: {
    klass: `${P}trackedentity.TrackedEntityAttribute`,
    required: ['name', 'shortName', 'valueType', 'aggregationType'],
    refs: { optionSet: 'optionSets' },
    lists: { legendSets: 'legendSets' },
  },
  trackedEntityTypes: {
    klass: `${P}trackedentity.TrackedEntityType`,
    required: ['name'],
    embedded: { trackedEntityTypeAttributes: { refs: { trackedEntityAttribute: 'trackedEntityAttributes' } } },
  },
  programNotificationTemplates: {
    klass: `${P}program.notification.ProgramNotificationTemplate`,
    refs: { recipientUserGroup: 'userGroups', recipientDataElement: 'dataElements', recipientProgramAttribute: 'trackedEntityAttributes' },
  },
  programs: {
    klass: `${P}program.Program`,
    required: ['name', 'shortName', 'programType'],
    refs: { trackedEntityType: 'trackedEntityTypes', categoryCombo: 'categoryCombos' },
    lists: { organisationUnits: 'organisationUnits', notificationTemplates: 'programNotificationTemplates' },
    embedded: { programTrackedEntityAttributes: { refs: { trackedEntityAttribute: 'trackedEntityAttributes' } } },
  },
  programStages: {
    klass: `${P}program.ProgramStage`,
    required: ['name', 'program'],
    refs: { program: 'programs', nextScheduleDate: 'dataElements' },
    lists: { notificationTemplates: 'programNotificationTemplates' },
    embedded: { programStageDataElements: { refs: { dataElement: 'dataElements' } } },
  },
  programStageDataElements: {
    klass: `${P}program.ProgramStageDataElement`,
    required: ['dataElement', 'programStage'],
    refs: { dataElement: 'dataElements', programStage: 'programStages' },
  },
  programTrackedEntityAttributes: {
    klass: `${P}program.ProgramTrackedEntityAttribute`,
    required: ['program', 'trackedEntityAttribute'],
    refs: { program: 'programs', trackedEntityAttribute: 'trackedEntityAttributes' },
  },
  programStageSections: {
    klass: `${P}program.ProgramStageSection`,
    refs: { programStage: 'programStages' },
    lists: { dataElements: 'dataElements' },
  },
  programSections: {
    klass: `${P}program.ProgramSection`,
    refs: { program: 'programs' },
    lists: { trackedEntityAttributes: 'trackedEntityAttributes' },
  },
  relationshipTypes: {
    klass: `${P}relationship.RelationshipType`,
    required: ['name', 'fromConstraint', 'toConstraint'],
    embedded: {
      fromConstraint: { refs: { trackedEntityType: 'trackedEntityTypes', program: 'programs', programStage: 'programStages' } },
      toConstraint: { refs: { trackedEntityType: 'trackedEntityTypes', program: 'programs', programStage: 'programStages' } },
    },
  },
  programRuleVariables: {
    klass: `${P}programrule.ProgramRuleVariable`,
    required: ['name', 'program', 'programRuleVariableSourceType'],
    refs: { program: 'programs', dataElement: 'dataElements', trackedEntityAttribute: 'trackedEntityAttributes', programStage: 'programStages' },
  },
  programRules: {
    klass: `${P}programrule.ProgramRule`,
    required: ['name', 'program'],
    refs: { program: 'programs', programStage: 'programStages' },
    lists: { programRuleActions: 'programRuleActions' },
  },
  programRuleActions: {
    klass: `${P}programrule.ProgramRuleAction`,
    required: ['programRuleActionType'],
    refs: {
      programRule: 'programRules',
      dataElement: 'dataElements',
      trackedEntityAttribute: 'trackedEntityAttributes',
      programStage: 'programStages',
      programStageSection: 'programStageSections',
      option: 'options',
    },
  },
  programIndicators: {
    klass: `${P}program.ProgramIndicator`,
    required: ['name', 'shortName', 'program'],
    refs: { program: 'programs' },
    lists: { legendSets: 'legendSets' },
  },
  visualizations: { klass: `${P}visualization.Visualization`, required: ['name', 'type'] },
  eventVisualizations: { klass: `${P}eventvisualization.EventVisualization`, required: ['name'] },
  maps: { klass: `${P}mapping.Map`, required: ['name'] },
  dashboards: {
    klass: `${P}dashboard.Dashboard`,
    required: ['name'],
    embedded: { dashboardItems: { refs: { visualization: 'visualizations', eventVisualization: 'eventVisualizations', map: 'maps' } } },
  },
}

export const COLLECTION_ORDER = Object.keys(COLLECTIONS)

/** `org.hisp.dhis.program.Program` -> `Program` */
export const simpleName = (klass: string): string => klass.slice(klass.lastIndexOf('.') + 1)

/**
 * Objects every DHIS2 database has, with fixed UIDs (the "default" category model).
 * DHIS2's preheat also treats references to them as always valid.
 */
export const DEFAULT_OBJECTS: Record<string, Record<string, unknown>[]> = {
  categoryOptions: [{ id: 'xYerKDKCefk', name: 'default', shortName: 'default', code: 'default' }],
  categories: [{ id: 'GLevLNI9wkl', name: 'default', code: 'default', dataDimensionType: 'DISAGGREGATION', categoryOptions: [{ id: 'xYerKDKCefk' }] }],
  categoryCombos: [{ id: 'bjDvmb4bfuf', name: 'default', code: 'default', dataDimensionType: 'DISAGGREGATION', categories: [{ id: 'GLevLNI9wkl' }] }],
  categoryOptionCombos: [{ id: 'HllvX50cXC0', name: 'default', code: 'default', categoryCombo: { id: 'bjDvmb4bfuf' }, categoryOptions: [{ id: 'xYerKDKCefk' }] }],
}

export const DEFAULT_CATEGORY_OPTION_COMBO = 'HllvX50cXC0'
export const DEFAULT_CATEGORY_OPTION = 'xYerKDKCefk'
