/**
 * Expressions, checked by DHIS2's own parsers (from @dhis2/rule-engine): every rule
 * condition and action, every programme indicator expression and filter, every
 * indicator. Then what the parsers cannot know: that each referenced object exists
 * where it is used, and that each option code compared against exists in its set.
 */
import { parseExpression, validateRuleExpressions, type Dhis2Metadata, type ExpressionParseMode, type ExpressionReference } from '../engine'
import type {
  DataElement, Indicator, Program, ProgramIndicator, ProgramRule, ProgramRuleAction, ProgramRuleVariable, ProgramStage, TrackedEntityAttribute,
} from '../model/dhis2'
import { optionCodesBySet } from './options'
import { type Check, type PackageIndex, problem, type Problem } from './problem'

const COMPARED_WITH_LITERAL = /(#\{[^}]+\}|A\{[^}]+\})\s*(?:==|!=)\s*'([^']*)'|d2:countIfValue\(\s*(#\{[^}]+\})\s*,\s*'([^']*)'\s*\)/g

/** Each `item == 'CODE'` in an expression, with the item as written. */
function comparedLiterals(expression: string): Array<{ item: string; literal: string }> {
  return [...expression.matchAll(COMPARED_WITH_LITERAL)].map((m) => ({ item: (m[1] ?? m[3])!, literal: (m[2] ?? m[4])! }))
}

/**
 * Functions the rule engine evaluates. Its parser accepts more (d2:condition, for one,
 * belongs to programme indicators) and only fails when the rule runs, in the browser.
 */
export const RULE_ENGINE_FUNCTIONS = new Set([
  'ceil', 'floor', 'round', 'modulus', 'zing', 'oizp', 'concatenate', 'daysBetween', 'weeksBetween', 'monthsBetween',
  'yearsBetween', 'minutesBetween', 'addDays', 'count', 'countIfValue', 'countIfZeroPos', 'hasValue', 'validatePattern',
  'left', 'right', 'substring', 'split', 'length', 'zScoreWFA', 'zScoreHFA', 'zScoreWFH', 'maxValue', 'minValue',
  'lastEventDate', 'inOrgUnitGroup', 'hasUserRole', 'extractDataMatrixValue', 'addControlDigits', 'checkControlDigits',
])

function checkRuleFunctions(rule: ProgramRule, expressions: string[]): Problem[] {
  return expressions.flatMap((expression) =>
    [...expression.matchAll(/d2:(\w+)\s*\(/g)]
      .filter(([, name]) => !RULE_ENGINE_FUNCTIONS.has(name!))
      .map(([, name]) => problem('expression', 'programRules', rule, `uses d2:${name}, which the rule engine does not evaluate (in "${expression.slice(0, 80)}")`)),
  )
}

function checkRules(index: PackageIndex): Problem[] {
  const out: Problem[] = []
  const metadata = index.collections as unknown as Dhis2Metadata
  const codes = optionCodesBySet(index)
  const elements = new Map(index.get<DataElement>('dataElements').map((d) => [d.id, d]))
  const attributes = new Map(index.get<TrackedEntityAttribute>('trackedEntityAttributes').map((a) => [a.id, a]))
  const actions = new Map(index.get<ProgramRuleAction>('programRuleActions').map((a) => [a.id, a]))
  for (const program of index.get<Program>('programs')) {
    for (const p of validateRuleExpressions(metadata, program.id)) {
      if (p.severity !== 'error') continue
      const rule = index.find(p.ruleId)?.object
      out.push(problem('expression', 'programRules', rule ?? p.ruleId, `${p.field} "${p.expression}" of rule ${rule?.code ?? p.ruleName}: ${p.message}`))
    }
    const variables = new Map(index.get<ProgramRuleVariable>('programRuleVariables').filter((v) => v.program.id === program.id).map((v) => [v.name, v]))
    const setOf = (item: string) => {
      const v = variables.get(item.slice(2, -1))
      const field = v?.dataElement ? elements.get(v.dataElement.id) : v?.trackedEntityAttribute ? attributes.get(v.trackedEntityAttribute.id) : undefined
      return field?.optionSet ? codes.get(field.optionSet.id) : undefined
    }
    for (const rule of index.get<ProgramRule>('programRules').filter((r) => r.program.id === program.id)) {
      const expressions = [rule.condition, ...rule.programRuleActions.map((a) => actions.get(a.id)?.data ?? '')]
      out.push(...checkRuleFunctions(rule, expressions))
      for (const { item, literal } of expressions.flatMap(comparedLiterals)) {
        const set = setOf(item)
        if (set && !set.has(literal)) out.push(problem('option', 'programRules', rule, `compares ${item} with '${literal}', which is not an option code of its option set`))
      }
    }
  }
  return out
}

/** What a reference must point to, and where. */
function checkReference(index: PackageIndex, ref: ExpressionReference, program: Program | undefined, stages: Map<string, ProgramStage>): string | undefined {
  const is = (id: string, collection: string) => index.find(id)?.collection === collection
  switch (ref.kind) {
    case 'dataElement': {
      if (!is(ref.dataElement, 'dataElements')) return `#{${ref.programStage ? `${ref.programStage}.` : ''}${ref.dataElement}} names no data element of the package`
      if (ref.programStage) {
        const stage = stages.get(ref.programStage)
        if (!stage || (program && stage.program.id !== program.id)) return `stage ${ref.programStage} is not a stage of ${program?.code}`
        if (!stage.programStageDataElements.some((p) => p.dataElement.id === ref.dataElement)) return `stage ${stage.code} has no data element ${index.find(ref.dataElement)?.object.code}`
      }
      if (ref.categoryOptionCombo && !is(ref.categoryOptionCombo, 'categoryOptionCombos')) return `category option combo ${ref.categoryOptionCombo} is not in the package`
      return undefined
    }
    case 'attribute':
      if (!is(ref.attribute, 'trackedEntityAttributes')) return `A{${ref.attribute}} names no attribute of the package`
      if (program && !program.programTrackedEntityAttributes.some((a) => a.trackedEntityAttribute.id === ref.attribute)) return `attribute ${index.find(ref.attribute)?.object.code} is not in ${program.code}`
      return undefined
    case 'programIndicator':
      return is(ref.programIndicator, 'programIndicators') ? undefined : `I{${ref.programIndicator}} names no programme indicator of the package`
    default:
      return undefined
  }
}

/**
 * `PS_EVENTDATE:<stage>` (the newest event date of a stage) is part of DHIS2 core's
 * programme indicator grammar but not of the JavaScript parser's: the stage is checked
 * here, and a date item stands in for it while the rest is parsed.
 */
const forParser = (expression: string) => expression.replace(/PS_EVENTDATE:[A-Za-z0-9]{11}/g, 'V{enrollment_date}')

function checkParsed(index: PackageIndex, owner: { code: string }, collection: string, field: string, expression: string, mode: ExpressionParseMode, program?: Program): Problem[] {
  // The parser accepts #{de} without a stage in a programme indicator; DHIS2 analytics does not.
  const stageless = program ? [...expression.matchAll(/#\{([A-Za-z0-9]{11})\}/g)].map(([, de]) => de!) : []
  if (stageless.length > 0) return [problem('expression', collection, owner.code, `${field}: #{${stageless[0]}} needs its stage (#{stage.dataElement}) in a programme indicator`)]
  const parsed = parseExpression(forParser(expression), mode)
  if (!parsed.ok) return [problem('expression', collection, owner.code, `${field} "${expression}" does not parse: ${parsed.message}`)]
  const stages = new Map(index.get<ProgramStage>('programStages').map((s) => [s.id, s]))
  const out: Problem[] = []
  for (const ref of parsed.references) {
    const error = checkReference(index, ref, program, stages)
    if (error) out.push(problem('expression', collection, owner.code, `${field}: ${error}`))
  }
  for (const [, stageId] of expression.matchAll(/PS_EVENTDATE:([A-Za-z0-9]{11})/g)) {
    const stage = stages.get(stageId!)
    if (!stage || (program && stage.program.id !== program.id)) out.push(problem('expression', collection, owner.code, `${field}: PS_EVENTDATE names ${stageId}, not a stage of ${program?.code}`))
  }
  return out
}

function checkIndicators(index: PackageIndex): Problem[] {
  const out: Problem[] = []
  const codes = optionCodesBySet(index)
  const programs = new Map(index.get<Program>('programs').map((p) => [p.id, p]))
  for (const pi of index.get<ProgramIndicator>('programIndicators')) {
    const program = programs.get(pi.program.id)
    out.push(...checkParsed(index, pi, 'programIndicators', 'expression', pi.expression, 'PROGRAM_INDICATOR_EXPRESSION', program))
    if (pi.filter) {
      out.push(...checkParsed(index, pi, 'programIndicators', 'filter', pi.filter, 'PROGRAM_INDICATOR_FILTER', program))
      for (const { item, literal } of comparedLiterals(pi.filter)) {
        const id = item.slice(2, -1).split('.').pop()!
        const field = index.find(id)?.object as { optionSet?: { id: string } } | undefined
        const set = field?.optionSet && codes.get(field.optionSet.id)
        if (set && !set.has(literal)) out.push(problem('option', 'programIndicators', pi, `filter compares with '${literal}', which is not an option code of ${index.find(id)?.object.code}`))
      }
    }
  }
  for (const indicator of index.get<Indicator>('indicators')) {
    out.push(...checkParsed(index, indicator, 'indicators', 'numerator', indicator.numerator, 'INDICATOR_EXPRESSION'))
    out.push(...checkParsed(index, indicator, 'indicators', 'denominator', indicator.denominator, 'INDICATOR_EXPRESSION'))
  }
  return out
}

export const checkExpressions: Check = (index) => [...checkRules(index), ...checkIndicators(index)]
