import { EXPRESSION_PARSE_MODES, isExpressionParserAvailable, libraryExpressionModes, parseExpression } from './parseExpression'
import type { ExpressionReference, ParseExpressionResult } from './types'

function references(result: ParseExpressionResult): ExpressionReference[] {
  if (!result.ok) throw new Error(`expected a parse, got: ${result.message}`)
  return result.references
}

describe('parseExpression', () => {
  it('is available under CommonJS (Jest)', () => {
    expect(isExpressionParserAvailable()).toBe(true)
  })

  it('offers the library modes, which include no PROGRAM_INDICATOR_FILTER of their own', () => {
    const library = libraryExpressionModes()

    expect(library).toEqual([
      'VALIDATION_RULE_EXPRESSION',
      'VALIDATION_RULE_RESULT_TEST',
      'PREDICTOR_GENERATOR_EXPRESSION',
      'PREDICTOR_SKIP_TEST',
      'INDICATOR_EXPRESSION',
      'PROGRAM_INDICATOR_EXPRESSION',
      'RULE_ENGINE_CONDITION',
      'RULE_ENGINE_ACTION',
    ])
    expect(EXPRESSION_PARSE_MODES.filter((mode) => !library.includes(mode))).toEqual(['PROGRAM_INDICATOR_FILTER'])
  })

  it('lists #{stage.de}, A{attribute}, C{constant} and V{variable} of a programme indicator expression', () => {
    const result = parseExpression(
      '#{sAssessmnt1.dRiskScore1} * 10 + d2:yearsBetween(A{aDateOfBir1}, V{enrollment_date}) + C{cMaxScore01}',
      'PROGRAM_INDICATOR_EXPRESSION',
    )

    expect(references(result)).toEqual([
      { kind: 'dataElement', programStage: 'sAssessmnt1', dataElement: 'dRiskScore1' },
      { kind: 'attribute', attribute: 'aDateOfBir1' },
      { kind: 'constant', constant: 'cMaxScore01' },
      { kind: 'programVariable', name: 'enrollment_date' },
    ])
  })

  it('parses a programme indicator filter with d2:hasValue', () => {
    const result = parseExpression(
      "d2:hasValue(#{sAssessmnt1.dRiskScore1}) && #{sAssessmnt1.dRiskScore1} >= 7 && #{sAssessmnt1.dAbuseType1} == 'SEXUAL'",
      'PROGRAM_INDICATOR_FILTER',
    )

    expect(references(result)).toEqual([
      { kind: 'dataElement', programStage: 'sAssessmnt1', dataElement: 'dRiskScore1' },
      { kind: 'dataElement', programStage: 'sAssessmnt1', dataElement: 'dAbuseType1' },
    ])
  })

  it('keeps a #{de} without stage visible, so a validator can reject it in a programme indicator', () => {
    expect(references(parseExpression('#{dRiskScore1} > 3', 'PROGRAM_INDICATOR_FILTER'))).toEqual([
      { kind: 'dataElement', dataElement: 'dRiskScore1' },
    ])
  })

  it('finds references inside the quoted condition of d2:condition', () => {
    const result = parseExpression("d2:condition('#{sAssessmnt1.dRiskScore1} > 5', 1, 0)", 'PROGRAM_INDICATOR_EXPRESSION')

    expect(references(result)).toEqual([{ kind: 'dataElement', programStage: 'sAssessmnt1', dataElement: 'dRiskScore1' }])
  })

  it('reports a broken quoted condition of d2:condition', () => {
    const result = parseExpression("d2:condition('#{sAssessmnt1.dRiskScore1} >', 1, 0)", 'PROGRAM_INDICATOR_EXPRESSION')

    expect(result).toEqual({ ok: false, message: expect.stringMatching(/^In d2:condition/) })
  })

  it('lists I{programIndicator} of an indicator expression', () => {
    const result = parseExpression('I{piHighRisk1} / I{piAllCases1} * 100', 'INDICATOR_EXPRESSION')

    expect(references(result)).toEqual([
      { kind: 'programIndicator', programIndicator: 'piHighRisk1' },
      { kind: 'programIndicator', programIndicator: 'piAllCases1' },
    ])
  })

  it('lists aggregate data elements with category option combos', () => {
    const result = parseExpression('#{dCases00001.cocFemale01} + #{dCases00001}', 'INDICATOR_EXPRESSION')

    expect(references(result)).toEqual([
      { kind: 'dataElement', dataElement: 'dCases00001', categoryOptionCombo: 'cocFemale01' },
      { kind: 'dataElement', dataElement: 'dCases00001' },
    ])
  })

  it('reads #{a.b} as dataElement.categoryOptionCombo outside programme modes (the parser labels it stage.dataElement)', () => {
    expect(references(parseExpression('#{dCases00001.cocFemale01}', 'VALIDATION_RULE_EXPRESSION'))).toEqual([
      { kind: 'dataElement', dataElement: 'dCases00001', categoryOptionCombo: 'cocFemale01' },
    ])
    expect(references(parseExpression('#{dCases00001.cocFemale01.aocDefault1}', 'INDICATOR_EXPRESSION'))).toEqual([
      { kind: 'dataElement', dataElement: 'dCases00001', categoryOptionCombo: 'cocFemale01', attributeOptionCombo: 'aocDefault1' },
    ])
  })

  it('lists a #{...} that is not a UID as a rule variable in any mode, so a validator can reject it', () => {
    expect(references(parseExpression('#{dCases0001} + 1', 'INDICATOR_EXPRESSION'))).toEqual([
      { kind: 'ruleVariable', name: 'dCases0001' },
    ])
  })

  it('lists rule variables and program variables of a rule condition', () => {
    const result = parseExpression("#{riskScore} > 3 && A{dob} != '' && d2:daysBetween(V{event_date}, V{current_date}) > 0", 'RULE_ENGINE_CONDITION')

    expect(references(result)).toEqual([
      { kind: 'programVariable', name: 'event_date' },
      { kind: 'programVariable', name: 'current_date' },
      { kind: 'ruleVariable', name: 'riskScore' },
      { kind: 'ruleVariable', name: 'dob' },
    ])
  })

  it('returns the parser message for invalid syntax', () => {
    expect(parseExpression('#{sAssessmnt1.dRiskScore1', 'PROGRAM_INDICATOR_EXPRESSION')).toEqual({
      ok: false,
      message: expect.stringContaining('expected }'),
    })
    expect(parseExpression('V{no_such_variable} > 1', 'PROGRAM_INDICATOR_FILTER')).toEqual({
      ok: false,
      message: expect.stringContaining("Invalid ProgramVariable option: 'no_such_variable'"),
    })
  })

  it('does not know I{...} inside a programme indicator, nor the legacy PS_EVENTDATE syntax', () => {
    expect(parseExpression('I{piHighRisk1} + 1', 'PROGRAM_INDICATOR_EXPRESSION').ok).toBe(false)
    expect(parseExpression('PS_EVENTDATE:sAssessmnt1 > 1', 'PROGRAM_INDICATOR_FILTER').ok).toBe(false)
  })
})
