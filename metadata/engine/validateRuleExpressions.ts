/**
 * Checks every rule condition and action `data` expression of a programme with the
 * engine's own validation (`validate` for conditions, `validateDataFieldExpression`
 * for data), given the programme's variables, and reports references to variables
 * the engine will not supply.
 */
import { engineApi, type ExpressionApi, type KDataItem, type KRuleEngine, type RulesApi } from './engineModule'
import { ENVIRONMENT_VARIABLES, environmentVariable, isAvailableIn } from './environment'
import { errorMessage, modeConstant } from './parseExpression'
import { indexProgram, type ProgramIndex } from './programIndex'
import type { Dhis2Metadata, Dhis2ProgramRule, Dhis2ProgramRuleAction, RuleExpressionProblem } from './types'
import { itemValueKind, parserValueType } from './valueTypes'

type Field = RuleExpressionProblem['field']

interface Store {
  items: Map<string, KDataItem>
  /** The same names with the parser's ValueType names, to re-run validation for details. */
  parserTypes: Map<string, string>
}

function buildStore(api: RulesApi, index: ProgramIndex): Store {
  const items = new Map<string, KDataItem>()
  const parserTypes = new Map<string, string>()
  const add = (key: string, displayName: string, kind: Parameters<typeof itemValueKind>[0]) => {
    items.set(key, new api.DataItemJs(displayName, api.ItemValueType[itemValueKind(kind)]))
    parserTypes.set(key, parserValueType(kind))
  }
  // Environment variables go in whole; where they are missing is checked separately.
  for (const variable of ENVIRONMENT_VARIABLES) add(variable.name, variable.name, variable.kind)
  for (const constant of index.constants.keys()) add(constant, constant, 'NUMERIC')
  for (const variable of index.variables) add(variable.name, variable.displayName ?? variable.name, index.variableKind(variable))
  return { items, parserTypes }
}

interface References {
  ruleVariables: string[]
  programVariables: string[]
  constants: string[]
}

const STRING_LITERAL = /'(?:\\.|[^'\\])*'|"(?:\\.|[^"\\])*"/g

/** Reference scan without the parser (or when it cannot parse): `#{x}`, `A{x}`, `V{x}`, `C{x}` outside string literals. */
function scanReferences(expression: string): References {
  const code = expression.replace(STRING_LITERAL, (literal) => ' '.repeat(literal.length))
  const found: References = { ruleVariables: [], programVariables: [], constants: [] }
  for (const [, prefix, name] of code.matchAll(/(#|A|V|C)\{([^}]*)\}/g)) {
    if (prefix === undefined || name === undefined) continue
    const list = prefix === 'V' ? found.programVariables : prefix === 'C' ? found.constants : found.ruleVariables
    if (!list.includes(name)) list.push(name)
  }
  return found
}

function collectReferences(parser: ExpressionApi | undefined, expression: string, field: Field): References {
  if (!parser) return scanReferences(expression)
  try {
    const parsed = new parser.ExpressionJs(expression, modeConstant(parser, modeOf(field)))
    return {
      ruleVariables: [...parsed.collectProgramRuleVariableNames()],
      programVariables: [...parsed.collectProgramVariablesNames()],
      constants: parsed
        .collectDataItems()
        .filter((item) => item.type.name === 'CONSTANT')
        .map((item) => item.uid0.value),
    }
  } catch {
    return scanReferences(expression)
  }
}

function modeOf(field: Field) {
  return field === 'condition' ? 'RULE_ENGINE_CONDITION' : 'RULE_ENGINE_ACTION'
}

const ISSUE_COUNTS = /^(\d+) error\(s\), (\d+) warning\(s\)$/

/** Messages inside a Kotlin list printed as `[Issue(position=..., message=...), ...]`. */
function issueMessages(list: string): string[] {
  return [...list.matchAll(/message=([\s\S]*?)\)(?=, Issue\(|\]$)/g)].map((match) => match[1] ?? '')
}

/**
 * The engine only says "N error(s), M warning(s)". The parser's exception carries the
 * issue lists (under mangled property names); their printed form is stable enough to
 * read, and we only trust it when the counts match the message.
 */
function validationDetails(
  parser: ExpressionApi | undefined,
  expression: string,
  field: Field,
  store: Store,
): { errors: string[]; warnings: string[] } | undefined {
  if (!parser) return undefined
  try {
    new parser.ExpressionJs(expression, modeConstant(parser, modeOf(field))).validate(store.parserTypes)
    return undefined
  } catch (error) {
    const counts = ISSUE_COUNTS.exec(errorMessage(error))
    if (!counts || typeof error !== 'object' || error === null) return undefined
    const lists = Object.values(error)
      .filter((value) => typeof value === 'object' && value !== null)
      .map((value) => String(value))
      .filter((text) => text === '[]' || text.startsWith('[Issue('))
    const [errors, warnings] = [issueMessages(lists[0] ?? ''), issueMessages(lists[1] ?? '')]
    if (errors.length !== Number(counts[1]) || warnings.length !== Number(counts[2])) return undefined
    return { errors, warnings }
  }
}

class RuleChecker {
  readonly problems: RuleExpressionProblem[] = []
  private readonly engine: KRuleEngine
  private readonly store: Store
  private readonly parser: ExpressionApi | undefined
  private readonly declared: Set<string>

  constructor(private readonly index: ProgramIndex) {
    const api = engineApi()
    this.engine = new api.rules.RuleEngineJs(false)
    this.parser = api.expression
    this.store = buildStore(api.rules, index)
    this.declared = new Set(index.variables.map((variable) => variable.name))
  }

  check(rule: Dhis2ProgramRule, action: Dhis2ProgramRuleAction | undefined, field: Field, expression: string): void {
    const base = {
      ruleId: rule.id,
      ruleName: rule.displayName ?? rule.name,
      ...(action ? { actionId: action.id } : {}),
      field,
      expression,
    }
    const covered = this.checkReferences(rule, expression, field, base)
    const result =
      field === 'condition'
        ? this.engine.validate(expression, this.store.items)
        : this.engine.validateDataFieldExpression(expression, this.store.items)
    if (result.valid) return

    const message = result.errorMessage ?? 'invalid expression'
    const details = ISSUE_COUNTS.test(message) ? validationDetails(this.parser, expression, field, this.store) : undefined
    if (!details) {
      if ([...covered].some((reference) => message.includes(`Invalid ProgramVariable option: '${reference}'`))) return
      const severity = /^0 error\(s\)/.test(message) ? 'warning' : 'error'
      this.problems.push({ ...base, message, kind: 'invalid-expression', severity })
      return
    }
    const errors = details.errors.filter((issue) => {
      const name = /^Unknown (?:variable|constant): `(.*)`$/.exec(issue)?.[1]
      return name === undefined || !covered.has(name)
    })
    if (errors.length === 0 && details.warnings.length === 0) return
    this.problems.push({
      ...base,
      message: [...errors, ...details.warnings.map((warning) => `warning: ${warning}`)].join('; '),
      kind: 'invalid-expression',
      severity: errors.length > 0 ? 'error' : 'warning',
    })
  }

  /** Reports unknown and unavailable variables; returns the names it reported as unknown. */
  private checkReferences(
    rule: Dhis2ProgramRule,
    expression: string,
    field: Field,
    base: Omit<RuleExpressionProblem, 'message' | 'kind' | 'severity'>,
  ): Set<string> {
    const references = collectReferences(this.parser, expression, field)
    const unknown = new Set<string>()
    const report = (problem: Pick<RuleExpressionProblem, 'message' | 'kind' | 'severity' | 'reference'>) =>
      this.problems.push({ ...base, ...problem })

    for (const name of references.ruleVariables) {
      if (this.declared.has(name)) continue
      unknown.add(name)
      const reference = [`#{${name}}`, `A{${name}}`].find((written) => expression.includes(written)) ?? `'${name}'`
      report({
        message: `${reference}: no program rule variable named '${name}' in this programme`,
        kind: 'unknown-variable',
        severity: 'error',
        reference,
      })
    }
    for (const constant of references.constants) {
      if (this.index.constants.has(constant)) continue
      unknown.add(constant)
      report({
        message: `C{${constant}}: constant not in the metadata payload`,
        kind: 'unknown-variable',
        severity: 'error',
        reference: `C{${constant}}`,
      })
    }
    const stageRule = rule.programStage?.id !== undefined
    for (const name of references.programVariables) {
      const reference = `V{${name}}`
      const variable = environmentVariable(name)
      if (!variable) {
        unknown.add(name)
        report({
          message: `${reference}: the rule engine does not supply this variable`,
          kind: 'unknown-variable',
          severity: 'error',
          reference,
        })
      } else if (!this.index.isTracker && !isAvailableIn(variable, ['event'])) {
        report({
          message: `${reference}: only set with an enrollment; never available in a programme without registration`,
          kind: 'unavailable-variable',
          severity: 'error',
          reference,
        })
      } else if (this.index.isTracker && !stageRule && !isAvailableIn(variable, ['enrollment'])) {
        report({
          message:
            `${reference}: only set when rules run for an event; this rule has no programStage, ` +
            'so at enrollment level it fails and the engine drops it',
          kind: 'unavailable-variable',
          severity: 'warning',
          reference,
        })
      }
    }
    return unknown
  }
}

/** Problems in the rule expressions of `programId`; empty when all are valid. */
export function validateRuleExpressions(metadata: Dhis2Metadata, programId: string): RuleExpressionProblem[] {
  const index = indexProgram(metadata, programId)
  const checker = new RuleChecker(index)
  for (const { rule, actions } of index.rules) {
    checker.check(rule, undefined, 'condition', rule.condition ?? '')
    for (const action of actions) {
      if (action.data !== undefined && action.data.trim() !== '') checker.check(rule, action, 'data', action.data)
    }
  }
  return checker.problems
}
