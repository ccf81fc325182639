import { ASSESSMENT, caseProgramme, PROGRAM, withRules } from './testFixtures'
import type { Dhis2Metadata } from './types'
import { validateRuleExpressions } from './validateRuleExpressions'

const valid = caseProgramme()

function problemsFor(extra: Parameters<typeof withRules>[1], metadata: Dhis2Metadata = valid) {
  return validateRuleExpressions(withRules(metadata, extra), PROGRAM)
}

describe('validateRuleExpressions', () => {
  it('finds nothing wrong in a programme whose expressions all validate', () => {
    expect(validateRuleExpressions(valid, PROGRAM)).toEqual([])
  })

  it('reports an invalid condition with the rule that holds it and where the parser stopped', () => {
    const problems = problemsFor([
      { id: 'rBroken0001', name: 'Broken condition', condition: '#{riskScore} >', stage: ASSESSMENT, actions: [] },
    ])

    expect(problems).toEqual([
      {
        ruleId: 'rBroken0001',
        ruleName: 'Broken condition',
        field: 'condition',
        expression: '#{riskScore} >',
        message: expect.stringContaining('expected name'),
        kind: 'invalid-expression',
        severity: 'error',
      },
    ])
    expect(problems[0]?.message).toContain('character:14')
  })

  it("checks action data with the data-field validation and names the action", () => {
    const problems = problemsFor([
      {
        id: 'rData000001',
        name: 'Bad data',
        condition: 'true',
        stage: ASSESSMENT,
        actions: [
          { id: 'aGood000001', type: 'DISPLAYTEXT', data: "'text is fine as data'" },
          { id: 'aBad0000001', type: 'ASSIGN', data: 'd2:addDays(V{event_date}', dataElement: { id: 'dNextVisit1' } },
        ],
      },
    ])

    expect(problems).toEqual([
      expect.objectContaining({ ruleId: 'rData000001', actionId: 'aBad0000001', field: 'data', kind: 'invalid-expression' }),
    ])
  })

  it('rejects a condition that is not boolean, with the parser message instead of "1 error(s)"', () => {
    const [problem, ...rest] = problemsFor([
      { id: 'rNumber0001', name: 'Number condition', condition: '#{riskScore} + 1', stage: ASSESSMENT, actions: [] },
    ])

    expect(rest).toEqual([])
    expect(problem?.message).toBe('Expression must result in one of the types BOOLEAN but was: NUMBER')
  })

  it('flags type mismatches as warnings (the engine rejects them too)', () => {
    const problems = problemsFor([
      { id: 'rTypes00001', name: 'Option name compared with a number', condition: '#{abuseTypeName} > 3', stage: ASSESSMENT, actions: [] },
    ])

    expect(problems).toEqual([
      expect.objectContaining({ severity: 'warning', message: expect.stringContaining('expected a NUMBER but was: STRING') }),
    ])
  })

  it('reports unknown #{x} and A{x} once each, as unknown variables', () => {
    const problems = problemsFor([
      { id: 'rTypo000001', name: 'Typo', condition: '#{riskScroe} > 3 && A{dobb} == 1', stage: ASSESSMENT, actions: [] },
    ])

    expect(problems.map(({ kind, reference, ruleName }) => ({ kind, reference, ruleName }))).toEqual([
      { kind: 'unknown-variable', reference: '#{riskScroe}', ruleName: 'Typo' },
      { kind: 'unknown-variable', reference: 'A{dobb}', ruleName: 'Typo' },
    ])
  })

  it('reports V{x} the engine does not supply, including names the parser accepts', () => {
    const problems = problemsFor([
      { id: 'rVars000001', name: 'Vars', condition: 'V{foo} == 1 || d2:hasValue(V{analytics_period_end})', actions: [] },
    ])

    expect(problems.map((problem) => [problem.kind, problem.reference])).toEqual(
      expect.arrayContaining([
        ['unknown-variable', 'V{analytics_period_end}'],
        ['unknown-variable', 'V{foo}'],
      ]),
    )
    expect(problems.every((problem) => problem.kind === 'unknown-variable')).toBe(true)
  })

  it('warns about V{event_date} in a stage-less rule of a tracker programme (it fails at enrollment level)', () => {
    const stageLess = problemsFor([
      { id: 'rEvDate0001', name: 'No stage', condition: 'd2:daysBetween(V{event_date}, V{current_date}) > 3', actions: [] },
    ])
    const onStage = problemsFor([
      { id: 'rEvDate0002', name: 'On stage', condition: 'd2:daysBetween(V{event_date}, V{current_date}) > 3', stage: ASSESSMENT, actions: [] },
    ])

    expect(stageLess).toEqual([expect.objectContaining({ kind: 'unavailable-variable', severity: 'warning', reference: 'V{event_date}' })])
    expect(onStage).toEqual([])
  })

  it('reports enrollment variables in a programme without registration as errors', () => {
    const eventProgramme: Dhis2Metadata = {
      ...valid,
      programs: [{ id: PROGRAM, name: 'Single events', programType: 'WITHOUT_REGISTRATION' }],
      programRules: [],
      programRuleActions: [],
    }
    const problems = problemsFor(
      [{ id: 'rEnrDate001', name: 'Enrollment date', condition: 'd2:hasValue(V{enrollment_date})', actions: [] }],
      eventProgramme,
    )

    expect(problems).toEqual([expect.objectContaining({ kind: 'unavailable-variable', severity: 'error', reference: 'V{enrollment_date}' })])
  })

  it('knows constants from the payload', () => {
    const withConstant: Dhis2Metadata = { ...valid, constants: [{ id: 'cMaxScore01', value: 10 }] }
    const problems = problemsFor(
      [{ id: 'rConst00001', name: 'Constants', condition: '#{riskScore} < C{cMaxScore01} && #{riskScore} < C{cMissing001}', stage: ASSESSMENT, actions: [] }],
      withConstant,
    )

    expect(problems.map((problem) => problem.reference)).toEqual(['C{cMissing001}'])
  })

  it('throws for a programme that is not in the payload', () => {
    expect(() => validateRuleExpressions(valid, 'pMissing001')).toThrow(/pMissing001/)
  })
})
