/**
 * Runs a programme's rules with @dhis2/rule-engine and returns plain effects.
 *
 * Build once per programme with `createRuleEvaluator` (rules and variables are
 * converted once); `evaluateRules` is the one-shot form.
 */
import { LocalDate } from '@js-joda/core'
import { callEngine, ruleIdOf } from './engineCall'
import {
  engineApi,
  type KAttributeValue,
  type KDataValue,
  type KRule,
  type KRuleAction,
  type KRuleEffect,
  type KRuleEnrollment,
  type KRuleEvent,
  type KRuleVariable,
  type RulesApi,
} from './engineModule'
import { indexProgram, type IndexedRule, type ProgramIndex } from './programIndex'
import type {
  Dhis2Metadata,
  Dhis2ProgramRuleAction,
  Dhis2ProgramRuleVariable,
  RuleEffect,
  RuleEngineIssue,
  RuleEvaluationInput,
  RuleEvaluationResult,
  TrackerAttributeValue,
  TrackerEnrollment,
  TrackerEvent,
} from './types'
import { toEngineValue, toFieldValue, toInstant, toLocalDate } from './valueTypes'

export interface RuleEvaluator {
  readonly programId: string
  evaluate(input: RuleEvaluationInput): RuleEvaluationResult
}

/** Values keys we put on engine actions to find our action again. */
const ACTION_ID = 'id'
const ASSIGN_FIELD = 'field'
const ASSIGN_TARGET = 'attributeType'
type AssignTarget = 'DATA_ELEMENT' | 'TRACKED_ENTITY_ATTRIBUTE'

interface CompiledRule {
  stageId: string | undefined
  rule: KRule
}

function toEngineActions(api: RulesApi, action: Dhis2ProgramRuleAction): KRuleAction[] {
  const data = action.data?.trim() ? action.data : null
  const values = (extra: Record<string, string>) => new Map([[ACTION_ID, action.id], ...Object.entries(extra)])
  if (action.programRuleActionType !== 'ASSIGN') {
    return [new api.RuleActionJs(data, action.programRuleActionType, values({}))]
  }
  const targets: Array<[string, AssignTarget]> = []
  if (action.dataElement) targets.push([action.dataElement.id, 'DATA_ELEMENT'])
  if (action.trackedEntityAttribute) targets.push([action.trackedEntityAttribute.id, 'TRACKED_ENTITY_ATTRIBUTE'])
  if (targets.length === 0) {
    // Assignment to a calculated variable: the engine reads the variable from content "#{name}".
    return [new api.RuleActionJs(data, 'ASSIGN', values({ content: action.content ?? '' }))]
  }
  return targets.map(
    ([field, target]) => new api.RuleActionJs(data, 'ASSIGN', values({ [ASSIGN_FIELD]: field, [ASSIGN_TARGET]: target })),
  )
}

function toEngineRule(api: RulesApi, indexed: IndexedRule): KRule {
  const { rule, actions } = indexed
  return new api.RuleJs(
    rule.condition ?? '',
    actions.flatMap((action) => toEngineActions(api, action)),
    rule.id,
    rule.displayName ?? rule.name,
    rule.programStage?.id ?? null,
    rule.priority ?? null,
  )
}

function variableField(variable: Dhis2ProgramRuleVariable): string {
  if (variable.programRuleVariableSourceType === 'TEI_ATTRIBUTE') return variable.trackedEntityAttribute?.id ?? ''
  if (variable.programRuleVariableSourceType === 'CALCULATED_VALUE') return ''
  return variable.dataElement?.id ?? ''
}

function toEngineVariable(api: RulesApi, index: ProgramIndex, variable: Dhis2ProgramRuleVariable): KRuleVariable {
  return new api.RuleVariableJs(
    api.RuleVariableType[variable.programRuleVariableSourceType],
    variable.name,
    variable.useCodeForOptionSet === true,
    index.variableOptions(variable).map((option) => new api.Option(option.name, option.code)),
    variableField(variable),
    api.RuleValueType[index.variableKind(variable)],
    variable.programStage?.id ?? null,
  )
}

export function createRuleEvaluator(metadata: Dhis2Metadata, programId: string): RuleEvaluator {
  const index = indexProgram(metadata, programId)
  const api = engineApi().rules
  const engine = new api.RuleEngineJs(false)
  const variables = index.variables.map((variable) => toEngineVariable(api, index, variable))
  const rules: CompiledRule[] = index.rules.map((indexed) => ({
    stageId: indexed.rule.programStage?.id,
    rule: toEngineRule(api, indexed),
  }))
  const actionsById = new Map(index.rules.flatMap((indexed) => indexed.actions.map((action) => [action.id, action])))
  const constants = new Map([...index.constants].map(([id, value]) => [id, String(value)]))

  return {
    programId,
    evaluate(input) {
      const issues: RuleEngineIssue[] = []
      const today = input.today === undefined ? undefined : typeof input.today === 'string' ? toLocalDate(input.today) : input.today
      const convert = new InputConverter(api, index, input, today ?? LocalDate.now(), issues)

      const current = input.currentEvent
      const enrollment = input.enrollment ? convert.enrollment(input.enrollment) : null
      const others = current ? input.events.filter((event) => !isSameEvent(event, current)) : input.events
      const events = others.map((event, position) => convert.event(event, `event-${position}`))
      // The engine does not look at a rule's programStage: stage rules must be filtered here.
      const applicable = rules.filter((rule) => (current ? !rule.stageId || rule.stageId === current.programStage : !rule.stageId))
      const context = new api.RuleEngineContextJs(
        applicable.map((rule) => rule.rule),
        variables,
        supplementaryData(input),
        constants,
      )
      const target = current ? convert.event(current, 'current-event') : undefined
      const run = target
        ? () => engine.evaluateEvent(target, enrollment, events, context)
        : enrollment
          ? () => engine.evaluateEnrollment(enrollment, events, context)
          : undefined
      if (!run) throw new Error('evaluateRules needs an enrollment (enrollment-level rules) or a currentEvent')
      const call = callEngine(today, run)
      for (const message of call.errors) {
        const ruleId = ruleIdOf(message)
        issues.push(ruleId ? { source: 'engine', message, ruleId } : { source: 'engine', message })
      }
      const effects = call.result.flatMap((effect) => toEffect(effect, actionsById, index))
      return { effects, issues }
    },
  }
}

/** Runs the rules of `programId` once: for `currentEvent` if given, else for the enrollment. */
export function evaluateRules(metadata: Dhis2Metadata, programId: string, input: RuleEvaluationInput): RuleEvaluationResult {
  return createRuleEvaluator(metadata, programId).evaluate(input)
}

function isSameEvent(event: TrackerEvent, current: TrackerEvent): boolean {
  return event === current || (event.event !== undefined && event.event === current.event)
}

function supplementaryData(input: RuleEvaluationInput): Map<string, string[]> {
  const data = new Map<string, string[]>(Object.entries(input.orgUnitGroups ?? {}))
  // d2:hasUserRole reads the key "USER" in this engine version.
  if (input.userRoles) data.set('USER', input.userRoles)
  return data
}

class InputConverter {
  constructor(
    private readonly api: RulesApi,
    private readonly index: ProgramIndex,
    private readonly input: RuleEvaluationInput,
    private readonly today: LocalDate,
    private readonly issues: RuleEngineIssue[],
  ) {}

  enrollment(enrollment: TrackerEnrollment): KRuleEnrollment {
    const enrolled = enrollment.enrolledAt ? toLocalDate(enrollment.enrolledAt) : this.today
    const incident = enrollment.occurredAt ? toLocalDate(enrollment.occurredAt) : enrolled
    const attributes = new Map<string, TrackerAttributeValue>()
    for (const value of [...(enrollment.attributes ?? []), ...(this.input.trackedEntityAttributes ?? [])]) {
      attributes.set(value.attribute, value)
    }
    const values: KAttributeValue[] = []
    for (const { attribute, value } of attributes.values()) {
      const converted = this.value(value, this.index.attribute(attribute).valueType, `attribute ${attribute}`)
      if (converted !== undefined) values.push(new this.api.RuleAttributeValue(attribute, converted))
    }
    return new this.api.RuleEnrollmentJs(
      enrollment.enrollment ?? 'enrollment',
      this.index.program.displayName ?? this.index.program.name ?? '',
      incident,
      enrolled,
      this.api.RuleEnrollmentStatus[enrollment.status ?? 'ACTIVE'],
      enrollment.orgUnit ?? this.input.orgUnit ?? '',
      this.input.orgUnitCode ?? null,
      values,
    )
  }

  event(event: TrackerEvent, fallbackId: string): KRuleEvent {
    const occurred = event.occurredAt ? toInstant(event.occurredAt) : null
    const created = event.createdAt ?? event.occurredAt ?? event.scheduledAt
    const values: KDataValue[] = []
    for (const { dataElement, value } of event.dataValues ?? []) {
      const converted = this.value(value, this.index.dataElement(dataElement).valueType, `data element ${dataElement}`)
      if (converted !== undefined) values.push(new this.api.RuleDataValue(dataElement, converted))
    }
    return new this.api.RuleEventJs(
      event.event ?? fallbackId,
      event.programStage,
      this.index.stageName(event.programStage),
      this.api.RuleEventStatus[event.status ?? 'ACTIVE'],
      occurred,
      toInstant(created ?? this.today.toString()),
      event.scheduledAt ? toLocalDate(event.scheduledAt) : null,
      event.completedAt ? toLocalDate(event.completedAt) : null,
      event.orgUnit ?? this.input.orgUnit ?? '',
      this.input.orgUnitCode ?? null,
      values,
    )
  }

  private value(raw: string | null | undefined, valueType: string | undefined, where: string): string | undefined {
    const converted = toEngineValue(raw, valueType)
    if (converted.ok === true) return converted.value
    if (converted.ok === false) {
      this.issues.push({ source: 'input', message: `${where}: ${converted.reason} (${valueType}); value left out` })
    }
    return undefined
  }
}

function toEffect(effect: KRuleEffect, actionsById: Map<string, Dhis2ProgramRuleAction>, index: ProgramIndex): RuleEffect[] {
  const values = effect.ruleAction.values
  const actionId = values.get(ACTION_ID)
  const action = actionId === undefined ? undefined : actionsById.get(actionId)
  if (!action) return []
  const data = effect.data === null || effect.data === undefined || effect.data === '' ? null : effect.data
  const result: RuleEffect = {
    ruleId: effect.ruleId,
    actionId: action.id,
    type: action.programRuleActionType,
    data,
  }
  if (action.content !== undefined) result.content = action.content
  if (action.programRuleActionType === 'ASSIGN') {
    const field = values.get(ASSIGN_FIELD)
    const target = values.get(ASSIGN_TARGET) as AssignTarget | undefined
    if (field !== undefined && target !== undefined) {
      const info = target === 'DATA_ELEMENT' ? index.dataElement(field) : index.attribute(field)
      if (target === 'DATA_ELEMENT') result.dataElement = field
      else result.trackedEntityAttribute = field
      result.value = toFieldValue(data, info.valueType, info.options)
    }
  } else {
    if (action.dataElement) result.dataElement = action.dataElement.id
    if (action.trackedEntityAttribute) result.trackedEntityAttribute = action.trackedEntityAttribute.id
  }
  if (action.programStage) result.programStage = action.programStage.id
  if (action.programStageSection) result.programStageSection = action.programStageSection.id
  if (action.option) result.option = action.option.id
  if (action.optionGroup) result.optionGroup = action.optionGroup.id
  if (action.templateUid) result.templateUid = action.templateUid
  return [result]
}
