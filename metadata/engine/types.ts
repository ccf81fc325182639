/**
 * Our own types for the rule-engine bridge: the DHIS2 JSON it reads (a subset of
 * `/api/metadata` and `/api/tracker`) and the plain results it returns.
 * Nothing here refers to `@dhis2/rule-engine`; its objects stay inside this folder.
 */
import type { LocalDate } from '@js-joda/core'

export interface Ref {
  id: string
}

/** DHIS2 value types (`valueType` of data elements, attributes, rule variables). */
export type Dhis2ValueType =
  | 'TEXT'
  | 'LONG_TEXT'
  | 'MULTI_TEXT'
  | 'LETTER'
  | 'PHONE_NUMBER'
  | 'EMAIL'
  | 'BOOLEAN'
  | 'TRUE_ONLY'
  | 'DATE'
  | 'DATETIME'
  | 'TIME'
  | 'NUMBER'
  | 'UNIT_INTERVAL'
  | 'PERCENTAGE'
  | 'INTEGER'
  | 'INTEGER_POSITIVE'
  | 'INTEGER_NEGATIVE'
  | 'INTEGER_ZERO_OR_POSITIVE'
  | 'TRACKER_ASSOCIATE'
  | 'USERNAME'
  | 'COORDINATE'
  | 'ORGANISATION_UNIT'
  | 'REFERENCE'
  | 'AGE'
  | 'URL'
  | 'FILE_RESOURCE'
  | 'IMAGE'
  | 'GEOJSON'

export type ProgramRuleVariableSourceType =
  | 'DATAELEMENT_NEWEST_EVENT_PROGRAM_STAGE'
  | 'DATAELEMENT_NEWEST_EVENT_PROGRAM'
  | 'DATAELEMENT_CURRENT_EVENT'
  | 'DATAELEMENT_PREVIOUS_EVENT'
  | 'CALCULATED_VALUE'
  | 'TEI_ATTRIBUTE'

export type ProgramRuleActionType =
  | 'DISPLAYTEXT'
  | 'DISPLAYKEYVALUEPAIR'
  | 'HIDEFIELD'
  | 'HIDESECTION'
  | 'HIDEPROGRAMSTAGE'
  | 'ASSIGN'
  | 'SHOWWARNING'
  | 'WARNINGONCOMPLETE'
  | 'SHOWERROR'
  | 'ERRORONCOMPLETE'
  | 'CREATEEVENT'
  | 'SETMANDATORYFIELD'
  | 'SENDMESSAGE'
  | 'SCHEDULEMESSAGE'
  | 'HIDEOPTION'
  | 'SHOWOPTIONGROUP'
  | 'HIDEOPTIONGROUP'
  | 'SCHEDULEEVENT'

// ---------------------------------------------------------------- /api/metadata

export interface Dhis2Program {
  id: string
  name?: string
  displayName?: string
  programType?: 'WITH_REGISTRATION' | 'WITHOUT_REGISTRATION'
  programStages?: Array<Ref & { name?: string; displayName?: string }>
}

export interface Dhis2ProgramStage {
  id: string
  name?: string
  displayName?: string
  program?: Ref
}

export interface Dhis2ProgramRule {
  id: string
  name: string
  displayName?: string
  condition?: string
  priority?: number | null
  program: Ref
  programStage?: Ref | null
  programRuleActions?: Ref[]
}

export interface Dhis2ProgramRuleAction {
  id: string
  programRuleActionType: ProgramRuleActionType
  content?: string
  data?: string
  programRule?: Ref
  dataElement?: Ref
  trackedEntityAttribute?: Ref
  programStage?: Ref
  programStageSection?: Ref
  option?: Ref
  optionGroup?: Ref
  templateUid?: string
  evaluationTime?: 'ON_DATA_ENTRY' | 'ON_COMPLETE' | 'ALWAYS'
  evaluationEnvironments?: Array<'WEB' | 'ANDROID'>
}

export interface Dhis2ProgramRuleVariable {
  id: string
  name: string
  displayName?: string
  program: Ref
  programRuleVariableSourceType: ProgramRuleVariableSourceType
  dataElement?: Ref
  trackedEntityAttribute?: Ref
  programStage?: Ref
  valueType?: Dhis2ValueType
  useCodeForOptionSet?: boolean
}

export interface Dhis2DataElement {
  id: string
  name?: string
  valueType: Dhis2ValueType
  optionSet?: Ref
}

export interface Dhis2TrackedEntityAttribute {
  id: string
  name?: string
  valueType: Dhis2ValueType
  optionSet?: Ref
}

/** An option; inside `optionSets[].options` it may be only a reference (`{ id }`). */
export interface Dhis2Option {
  id?: string
  code?: string
  name?: string
  optionSet?: Ref
}

export interface Dhis2OptionSet {
  id: string
  name?: string
  valueType?: Dhis2ValueType
  options?: Dhis2Option[]
}

export interface Dhis2Constant {
  id: string
  name?: string
  value: number
}

/** The parts of an `/api/metadata` payload the bridge reads. */
export interface Dhis2Metadata {
  programs?: Dhis2Program[]
  programStages?: Dhis2ProgramStage[]
  programRules?: Dhis2ProgramRule[]
  programRuleActions?: Dhis2ProgramRuleAction[]
  programRuleVariables?: Dhis2ProgramRuleVariable[]
  dataElements?: Dhis2DataElement[]
  trackedEntityAttributes?: Dhis2TrackedEntityAttribute[]
  optionSets?: Dhis2OptionSet[]
  options?: Dhis2Option[]
  constants?: Dhis2Constant[]
}

// ----------------------------------------------------------------- /api/tracker

export interface TrackerAttributeValue {
  attribute: string
  value?: string | null
}

export interface TrackerDataValue {
  dataElement: string
  value?: string | null
}

export type TrackerEnrollmentStatus = 'ACTIVE' | 'COMPLETED' | 'CANCELLED'
export type TrackerEventStatus = 'ACTIVE' | 'COMPLETED' | 'VISITED' | 'SCHEDULE' | 'OVERDUE' | 'SKIPPED'

export interface TrackerEnrollment {
  enrollment?: string
  program?: string
  trackedEntity?: string
  orgUnit?: string
  status?: TrackerEnrollmentStatus
  /** Enrollment date: `YYYY-MM-DD`, a local date-time, or a date-time with offset. */
  enrolledAt?: string
  /** Incident date. */
  occurredAt?: string
  attributes?: TrackerAttributeValue[]
}

export interface TrackerEvent {
  event?: string
  program?: string
  programStage: string
  enrollment?: string
  orgUnit?: string
  status?: TrackerEventStatus
  occurredAt?: string
  scheduledAt?: string
  createdAt?: string
  completedAt?: string
  dataValues?: TrackerDataValue[]
}

// ------------------------------------------------------------------- evaluation

export interface RuleEvaluationInput {
  /** Attribute values of the tracked entity; they override `enrollment.attributes`. */
  trackedEntityAttributes?: TrackerAttributeValue[]
  enrollment?: TrackerEnrollment
  /** Events of the enrollment (or, without registration, recent events); `currentEvent` may be among them. */
  events: TrackerEvent[]
  /** When given, rules run for this event; otherwise for the enrollment. */
  currentEvent?: TrackerEvent
  /** Fallback org unit when the enrollment or an event has none. */
  orgUnit?: string
  orgUnitCode?: string
  /** Injected "today" (V{current_date}); `YYYY-MM-DD` or a LocalDate. Defaults to the real clock. */
  today?: string | LocalDate
  /** User role ids, for d2:hasUserRole. */
  userRoles?: string[]
  /** Org unit group id or code -> member org unit ids, for d2:inOrgUnitGroup. */
  orgUnitGroups?: Record<string, string[]>
}

/** A value converted to the type of the field it is assigned to. Dates are `YYYY-MM-DD`. */
export type FieldValue = string | number | boolean | null

export interface RuleEffect {
  ruleId: string
  actionId: string
  type: ProgramRuleActionType
  content?: string
  /** The action's `data` expression as evaluated by the engine (text); null when absent or empty. */
  data: string | null
  /** ASSIGN only: `data` converted to the target field's value type (option names resolved to codes). */
  value?: FieldValue
  dataElement?: string
  trackedEntityAttribute?: string
  programStage?: string
  programStageSection?: string
  option?: string
  optionGroup?: string
  templateUid?: string
}

export interface RuleEngineIssue {
  /** `engine`: a rule or action failed while evaluating (the engine drops it); `input`: a value could not be converted. */
  source: 'engine' | 'input'
  message: string
  ruleId?: string
}

export interface RuleEvaluationResult {
  effects: RuleEffect[]
  issues: RuleEngineIssue[]
}

// ------------------------------------------------------------------- validation

export interface RuleExpressionProblem {
  ruleId: string
  ruleName: string
  actionId?: string
  field: 'condition' | 'data'
  expression: string
  message: string
  /**
   * `invalid-expression`: the engine's own validation rejects it (syntax, types, result type);
   * `unknown-variable`: `#{x}`/`A{x}`/`V{x}`/`C{x}` names nothing the engine will supply;
   * `unavailable-variable`: a `V{x}` the engine supplies only for events or only for enrollments, used where it is missing.
   */
  kind: 'invalid-expression' | 'unknown-variable' | 'unavailable-variable'
  severity: 'error' | 'warning'
  /** For the variable kinds: the reference as written, e.g. `#{age}` or `V{event_date}`. */
  reference?: string
}

// --------------------------------------------------------------------- parsing

/** Modes of the DHIS2 expression parser shipped inside @dhis2/rule-engine 3.3.9. */
export type LibraryExpressionMode =
  | 'VALIDATION_RULE_EXPRESSION'
  | 'VALIDATION_RULE_RESULT_TEST'
  | 'PREDICTOR_GENERATOR_EXPRESSION'
  | 'PREDICTOR_SKIP_TEST'
  | 'INDICATOR_EXPRESSION'
  | 'PROGRAM_INDICATOR_EXPRESSION'
  | 'RULE_ENGINE_CONDITION'
  | 'RULE_ENGINE_ACTION'

/**
 * `PROGRAM_INDICATOR_FILTER` is ours: the library has no such mode; a filter is parsed with
 * the PROGRAM_INDICATOR_EXPRESSION grammar (same syntax, boolean instead of numeric result).
 */
export type ExpressionParseMode = LibraryExpressionMode | 'PROGRAM_INDICATOR_FILTER'

export type ExpressionReference =
  /** `#{de}`, `#{de.coc}`, `#{de.coc.aoc}` (aggregate) or `#{stage.de}` (programme). */
  | {
      kind: 'dataElement'
      dataElement: string
      programStage?: string
      categoryOptionCombo?: string
      attributeOptionCombo?: string
    }
  /** `D{program.de}` */
  | { kind: 'programDataElement'; program: string; dataElement: string }
  /** `A{attribute}` or `A{program.attribute}` */
  | { kind: 'attribute'; attribute: string; program?: string }
  /** `I{programIndicator}` */
  | { kind: 'programIndicator'; programIndicator: string }
  /** `N{indicator}` */
  | { kind: 'indicator'; indicator: string }
  /** `C{constant}` */
  | { kind: 'constant'; constant: string }
  /** `OUG{orgUnitGroup}` */
  | { kind: 'orgUnitGroup'; orgUnitGroup: string }
  /** `R{dataSet.metric}` */
  | { kind: 'reportingRate'; dataSet: string; metric: string }
  /** `V{name}` */
  | { kind: 'programVariable'; name: string }
  /** `#{name}` / `A{name}`: rule variables in rule-engine modes; elsewhere a `#{...}` that is not a UID (invalid there) */
  | { kind: 'ruleVariable'; name: string }

export type ParseExpressionResult =
  | { ok: true; references: ExpressionReference[]; normalised: string }
  | { ok: false; message: string }
