/**
 * The only file that imports `@dhis2/rule-engine`.
 *
 * The package is Kotlin/JS with two shapes: the CommonJS build (Node, Jest via
 * @swc/jest) exports `{ org }` with nested namespaces and includes the expression
 * parser (`org.hisp.dhis.lib.expression.js.ExpressionJs`); the ESM build (what a
 * bundler such as Vite picks) exports flat names and no expression parser. Its
 * `.d.ts` describes neither faithfully (two `DataItemJs` classes, undeclared
 * LocalDate/Instant), so we describe the few members we use ourselves.
 */
import * as ruleEngineModule from '@dhis2/rule-engine'

declare const kotlinObject: unique symbol
/** An object created by the engine's constructors; opaque to us. */
type Opaque<Name extends string> = { readonly [kotlinObject]: Name }

export type KRule = Opaque<'RuleJs'>
export type KRuleVariable = Opaque<'RuleVariableJs'>
export type KRuleEngineContext = Opaque<'RuleEngineContextJs'>
export type KRuleEnrollment = Opaque<'RuleEnrollmentJs'>
export type KRuleEvent = Opaque<'RuleEventJs'>
export type KOption = Opaque<'Option'>
export type KAttributeValue = Opaque<'RuleAttributeValue'>
export type KDataValue = Opaque<'RuleDataValue'>
export type KDataItem = Opaque<'DataItemJs'>

/** A Kotlin enum constant. */
export interface KEnum {
  readonly name: string
  readonly ordinal: number
}

export interface KRuleAction {
  readonly data: string | null | undefined
  readonly type: string
  readonly values: Map<string, string>
}

export interface KRuleEffect {
  readonly ruleId: string
  readonly ruleAction: KRuleAction
  readonly data: string | null | undefined
}

export interface KValidationResult {
  readonly valid: boolean
  readonly errorMessage: string | null | undefined
  readonly description: string | null | undefined
}

/** What the engine calls on dates: js-joda LocalDate / Instant satisfy these. */
export interface EngineLocalDate {
  toEpochDay(): number
}
export interface EngineInstant {
  toEpochMilli(): number
}

export interface KRuleEngine {
  validate(expression: string, dataItemStore: Map<string, KDataItem>): KValidationResult
  validateDataFieldExpression(expression: string, dataItemStore: Map<string, KDataItem>): KValidationResult
  evaluateEnrollment(target: KRuleEnrollment, events: KRuleEvent[], context: KRuleEngineContext): KRuleEffect[]
  evaluateEvent(
    target: KRuleEvent,
    enrollment: KRuleEnrollment | null,
    events: KRuleEvent[],
    context: KRuleEngineContext,
  ): KRuleEffect[]
}

export type RuleValueTypeName = 'TEXT' | 'NUMERIC' | 'BOOLEAN' | 'DATE'
export type ItemValueTypeName = 'TEXT' | 'NUMBER' | 'BOOLEAN' | 'DATE'
export type RuleVariableTypeName =
  | 'DATAELEMENT_NEWEST_EVENT_PROGRAM_STAGE'
  | 'DATAELEMENT_NEWEST_EVENT_PROGRAM'
  | 'DATAELEMENT_CURRENT_EVENT'
  | 'DATAELEMENT_PREVIOUS_EVENT'
  | 'CALCULATED_VALUE'
  | 'TEI_ATTRIBUTE'
export type EnrollmentStatusName = 'ACTIVE' | 'COMPLETED' | 'CANCELLED'
export type EventStatusName = 'ACTIVE' | 'COMPLETED' | 'SCHEDULE' | 'SKIPPED' | 'VISITED' | 'OVERDUE'

export interface RulesApi {
  RuleEngineJs: new (verbose?: boolean) => KRuleEngine
  RuleEngineContextJs: new (
    rules: KRule[],
    ruleVariables: KRuleVariable[],
    supplementaryData: Map<string, string[]>,
    constantsValues: Map<string, string>,
  ) => KRuleEngineContext
  RuleJs: new (
    condition: string,
    actions: KRuleAction[],
    uid: string,
    name: string | null,
    programStage: string | null,
    priority: number | null,
  ) => KRule
  RuleActionJs: new (data: string | null, type: string, values: Map<string, string>) => KRuleAction
  RuleVariableJs: new (
    type: KEnum,
    name: string,
    useCodeForOptionSet: boolean,
    options: KOption[],
    field: string,
    fieldType: KEnum,
    programStage: string | null,
  ) => KRuleVariable
  Option: new (name: string, code: string) => KOption
  RuleAttributeValue: new (trackedEntityAttribute: string, value: string) => KAttributeValue
  RuleDataValue: new (dataElement: string, value: string) => KDataValue
  RuleEnrollmentJs: new (
    enrollment: string,
    programName: string,
    incidentDate: EngineLocalDate,
    enrollmentDate: EngineLocalDate,
    status: KEnum,
    organisationUnit: string,
    organisationUnitCode: string | null,
    attributeValues: KAttributeValue[],
  ) => KRuleEnrollment
  RuleEventJs: new (
    event: string,
    programStage: string,
    programStageName: string,
    status: KEnum,
    eventDate: EngineInstant | null,
    createdDate: EngineInstant,
    dueDate: EngineLocalDate | null,
    completedDate: EngineLocalDate | null,
    organisationUnit: string,
    organisationUnitCode: string | null,
    dataValues: KDataValue[],
  ) => KRuleEvent
  /** The rule engine's DataItemJs (display name + item value type), not the expression parser's. */
  DataItemJs: new (displayName: string, valueType: KEnum) => KDataItem
  RuleVariableType: Record<RuleVariableTypeName, KEnum>
  RuleValueType: Record<RuleValueTypeName, KEnum>
  ItemValueType: Record<ItemValueTypeName, KEnum>
  RuleEnrollmentStatus: Record<EnrollmentStatusName, KEnum>
  RuleEventStatus: Record<EventStatusName, KEnum>
}

export interface KExpressionId {
  readonly type: KEnum
  readonly value: string
}

export interface KExpressionDataItem {
  readonly type: KEnum
  readonly uid0: KExpressionId
  readonly uid1: KExpressionId[]
  readonly uid2: KExpressionId[]
}

export interface KExpression {
  collectDataItems(): KExpressionDataItem[]
  collectProgramRuleVariableNames(): string[]
  collectProgramVariablesNames(): string[]
  /** Throws IllegalExpressionException; map values are ValueType names (NUMBER, STRING, BOOLEAN, DATE). */
  validate(valueTypes: Map<string, string>): void
  normalise(): string
}

export interface ExpressionApi {
  ExpressionJs: new (expression: string, mode: KEnum) => KExpression
  ExpressionMode: { values(): KEnum[] }
  ProgramVariable: { values(): KEnum[] }
}

export interface EngineApi {
  rules: RulesApi
  /** Absent in the ESM build (browser bundles): parseExpression is then unavailable. */
  expression: ExpressionApi | undefined
}

type Namespace = Record<string, unknown>

function namespace(value: unknown): Namespace | undefined {
  return typeof value === 'object' && value !== null ? (value as Namespace) : undefined
}

const RULES_MEMBERS = [
  'RuleEngineJs',
  'RuleEngineContextJs',
  'RuleJs',
  'RuleActionJs',
  'RuleVariableJs',
  'Option',
  'RuleAttributeValue',
  'RuleDataValue',
  'RuleEnrollmentJs',
  'RuleEventJs',
  'DataItemJs',
  'RuleVariableType',
  'RuleValueType',
  'ItemValueType',
  'RuleEnrollmentStatus',
  'RuleEventStatus',
] as const

function resolveEngineApi(): EngineApi {
  const root = ruleEngineModule as unknown as Namespace
  const dhis = namespace(namespace(namespace(root.org)?.hisp)?.dhis)
  let rules: Namespace
  let expression: Namespace | undefined
  if (dhis) {
    const rulesNs = namespace(dhis.rules) ?? {}
    const expressionNs = namespace(namespace(dhis.lib)?.expression) ?? {}
    rules = { ...namespace(rulesNs.api), ...namespace(rulesNs.models), ...rulesNs }
    expression = { ...namespace(expressionNs.spi), ...namespace(expressionNs.js), ...expressionNs }
  } else {
    rules = root
    expression = typeof root.ExpressionJs === 'function' ? root : undefined
  }
  const missing = RULES_MEMBERS.filter((member) => rules[member] === undefined)
  if (missing.length > 0) {
    throw new Error(`@dhis2/rule-engine: this build lacks ${missing.join(', ')}; the bridge expects version 3.3.9`)
  }
  const hasParser =
    expression !== undefined &&
    typeof expression.ExpressionJs === 'function' &&
    expression.ExpressionMode !== undefined &&
    expression.ProgramVariable !== undefined
  return {
    rules: rules as unknown as RulesApi,
    expression: hasParser ? (expression as unknown as ExpressionApi) : undefined,
  }
}

let resolved: EngineApi | undefined

/** The engine's constructors and enums, resolved once (lazily, so importing never throws). */
export function engineApi(): EngineApi {
  resolved ??= resolveEngineApi()
  return resolved
}

/** The expression parser, or an error saying why it is missing. */
export function expressionApi(): ExpressionApi {
  const api = engineApi().expression
  if (!api) {
    throw new Error(
      'The DHIS2 expression parser is not exported by this build of @dhis2/rule-engine ' +
        '(the ESM build has no ExpressionJs); parse expressions under CommonJS (Node, Jest).',
    )
  }
  return api
}
