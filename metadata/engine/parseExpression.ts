/**
 * Parses DHIS2 expressions with the expression parser bundled in
 * @dhis2/rule-engine and lists what they refer to, so a validator can check
 * that every `#{stage.de}`, `A{attr}`, `I{pi}`, `C{c}`, `V{var}` exists.
 */
import { engineApi, expressionApi, type ExpressionApi, type KEnum, type KExpression, type KExpressionDataItem } from './engineModule'
import type { ExpressionParseMode, ExpressionReference, LibraryExpressionMode, ParseExpressionResult } from './types'

/** Every mode parseExpression accepts. */
export const EXPRESSION_PARSE_MODES: readonly ExpressionParseMode[] = [
  'VALIDATION_RULE_EXPRESSION',
  'VALIDATION_RULE_RESULT_TEST',
  'PREDICTOR_GENERATOR_EXPRESSION',
  'PREDICTOR_SKIP_TEST',
  'INDICATOR_EXPRESSION',
  'PROGRAM_INDICATOR_EXPRESSION',
  'PROGRAM_INDICATOR_FILTER',
  'RULE_ENGINE_CONDITION',
  'RULE_ENGINE_ACTION',
]

export function libraryMode(mode: ExpressionParseMode): LibraryExpressionMode {
  return mode === 'PROGRAM_INDICATOR_FILTER' ? 'PROGRAM_INDICATOR_EXPRESSION' : mode
}

export function modeConstant(api: ExpressionApi, mode: ExpressionParseMode): KEnum {
  const name = libraryMode(mode)
  const constant = api.ExpressionMode.values().find((candidate) => candidate.name === name)
  if (!constant) throw new Error(`The expression parser has no mode ${name}`)
  return constant
}

/** The modes the bundled parser itself offers (ExpressionMode.values()). */
export function libraryExpressionModes(): string[] {
  return expressionApi()
    .ExpressionMode.values()
    .map((mode) => mode.name)
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

function idValue(ids: readonly { value: string }[], position: number): string | undefined {
  return ids[position]?.value
}

/** Modes where `#{a.b}` means programStage.dataElement; elsewhere it means dataElement.categoryOptionCombo. */
const PROGRAM_MODES: ReadonlySet<ExpressionParseMode> = new Set([
  'PROGRAM_INDICATOR_EXPRESSION',
  'PROGRAM_INDICATOR_FILTER',
  'RULE_ENGINE_CONDITION',
  'RULE_ENGINE_ACTION',
])

function toReference(item: KExpressionDataItem, mode: ExpressionParseMode): ExpressionReference | undefined {
  const first = item.uid0.value
  const second = idValue(item.uid1, 0)
  const third = idValue(item.uid2, 0)
  switch (item.type.name) {
    case 'DATA_ELEMENT':
      // The parser labels every two-part #{a.b} ProgramStageUID.DataElementUID, whatever the mode.
      if (PROGRAM_MODES.has(mode) && second !== undefined && third === undefined) {
        return { kind: 'dataElement', programStage: first, dataElement: second }
      }
      return {
        kind: 'dataElement',
        dataElement: first,
        ...(second !== undefined ? { categoryOptionCombo: second } : {}),
        ...(third !== undefined ? { attributeOptionCombo: third } : {}),
      }
    case 'PROGRAM_DATA_ELEMENT':
      return second === undefined ? undefined : { kind: 'programDataElement', program: first, dataElement: second }
    case 'ATTRIBUTE':
      return second !== undefined ? { kind: 'attribute', program: first, attribute: second } : { kind: 'attribute', attribute: first }
    case 'PROGRAM_INDICATOR':
      return { kind: 'programIndicator', programIndicator: first }
    case 'INDICATOR':
      return { kind: 'indicator', indicator: first }
    case 'CONSTANT':
      return { kind: 'constant', constant: first }
    case 'ORG_UNIT_GROUP':
      return { kind: 'orgUnitGroup', orgUnitGroup: first }
    case 'REPORTING_RATE':
      return { kind: 'reportingRate', dataSet: first, metric: second ?? '' }
    default:
      return undefined
  }
}

export function referencesOf(expression: KExpression, mode: ExpressionParseMode): ExpressionReference[] {
  const references: ExpressionReference[] = []
  for (const item of expression.collectDataItems()) {
    const reference = toReference(item, mode)
    if (reference) references.push(reference)
  }
  for (const name of expression.collectProgramVariablesNames()) references.push({ kind: 'programVariable', name })
  // Outside the rule modes these are `#{...}` whose content is not a UID: invalid there, so list them too.
  for (const name of expression.collectProgramRuleVariableNames()) references.push({ kind: 'ruleVariable', name })
  return references
}

/** The quoted first argument of each d2:condition('...', ...): a sub-expression the parser keeps as text. */
function conditionSubExpressions(expression: string): string[] {
  const found: string[] = []
  const pattern = /d2:condition\s*\(\s*(['"])((?:\\.|(?!\1)[^\\])*)\1/g
  for (const match of expression.matchAll(pattern)) {
    const [, quote, body] = match
    if (quote !== undefined && body !== undefined) found.push(body.replace(/\\(.)/g, '$1'))
  }
  return found
}

function sameReference(a: ExpressionReference, b: ExpressionReference): boolean {
  return JSON.stringify(a) === JSON.stringify(b)
}

/**
 * Parses `expression` in `mode` and returns what it refers to, or the parser's message.
 * Syntax only: types and result types are not checked here (a PROGRAM_INDICATOR_EXPRESSION
 * validation would reject every boolean filter). References inside the quoted condition of
 * d2:condition(...) are parsed too. Throws when the parser is not in this build (ESM).
 */
export function parseExpression(expression: string, mode: ExpressionParseMode): ParseExpressionResult {
  const api = expressionApi()
  const constant = modeConstant(api, mode)
  let parsed: KExpression
  try {
    parsed = new api.ExpressionJs(expression, constant)
  } catch (error) {
    return { ok: false, message: errorMessage(error) }
  }
  const references = referencesOf(parsed, mode)
  for (const inner of conditionSubExpressions(expression)) {
    let innerParsed: KExpression
    try {
      innerParsed = new api.ExpressionJs(inner, constant)
    } catch (error) {
      return { ok: false, message: `In d2:condition('${inner}'): ${errorMessage(error)}` }
    }
    for (const reference of referencesOf(innerParsed, mode)) {
      if (!references.some((known) => sameReference(known, reference))) references.push(reference)
    }
  }
  return { ok: true, references, normalised: parsed.normalise() }
}

/** False in the engine's ESM build (what browser bundlers load): parseExpression then throws. */
export function isExpressionParserAvailable(): boolean {
  return engineApi().expression !== undefined
}
