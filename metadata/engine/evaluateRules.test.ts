import { execFileSync } from 'node:child_process'
import path from 'node:path'
import { createRuleEvaluator, evaluateRules } from './evaluateRules'
import { ASSESSMENT, caseProgramme, DE, FOLLOW_UP, OPTION_CHILD_LABOUR, PROGRAM, SECTION_REFERRAL, TEA, withRules } from './testFixtures'
import type { RuleEffect, TrackerEnrollment, TrackerEvent } from './types'

const metadata = caseProgramme()
const evaluator = createRuleEvaluator(metadata, PROGRAM)

function enrollment(attributes: Record<string, string> = {}): TrackerEnrollment {
  return {
    enrollment: 'enrCase0001',
    program: PROGRAM,
    orgUnit: 'ouKigali001',
    status: 'ACTIVE',
    enrolledAt: '2026-03-01T00:00:00.000',
    occurredAt: '2026-02-20T00:00:00.000',
    attributes: Object.entries(attributes).map(([attribute, value]) => ({ attribute, value })),
  }
}

function assessment(values: Record<string, string>, occurredAt = '2026-03-10T00:00:00.000'): TrackerEvent {
  return {
    event: 'evAssess001',
    programStage: ASSESSMENT,
    enrollment: 'enrCase0001',
    orgUnit: 'ouKigali001',
    status: 'ACTIVE',
    occurredAt,
    dataValues: Object.entries(values).map(([dataElement, value]) => ({ dataElement, value })),
  }
}

function forEvent(event: TrackerEvent, attributes: Record<string, string> = {}, today = '2026-03-20') {
  return evaluator.evaluate({ enrollment: enrollment(attributes), events: [event], currentEvent: event, today })
}

const byAction = (effects: RuleEffect[], actionId: string) => effects.find((effect) => effect.actionId === actionId)
const actionIds = (effects: RuleEffect[]) => effects.map((effect) => effect.actionId).sort()

describe('evaluateRules: enrollment level', () => {
  it('warns on the date-of-birth attribute when the person is 18 at the injected today', () => {
    const attributes = { [TEA.dateOfBirth]: '2008-03-15', [TEA.consent]: 'true' }
    const before = evaluator.evaluate({ enrollment: enrollment(attributes), events: [], today: '2026-03-14' })
    const after = evaluator.evaluate({ enrollment: enrollment(attributes), events: [], today: '2026-03-15' })

    expect(byAction(before.effects, 'aAdult00001')).toBeUndefined()
    expect(byAction(after.effects, 'aAdult00001')).toEqual({
      ruleId: 'rAdult00001',
      actionId: 'aAdult00001',
      type: 'SHOWWARNING',
      content: 'Age in years:',
      data: '18',
      trackedEntityAttribute: TEA.dateOfBirth,
    })
    expect(after.issues).toEqual([])
  })

  it('reads TRUE_ONLY attributes: no consent value gives ERRORONCOMPLETE, "true" does not', () => {
    const without = evaluator.evaluate({ enrollment: enrollment(), events: [], today: '2026-03-20' })
    const withConsent = evaluator.evaluate({
      enrollment: enrollment(),
      trackedEntityAttributes: [{ attribute: TEA.consent, value: 'true' }],
      events: [],
      today: '2026-03-20',
    })

    expect(byAction(without.effects, 'aConsent001')).toMatchObject({ type: 'ERRORONCOMPLETE', data: null })
    expect(byAction(withConsent.effects, 'aConsent001')).toBeUndefined()
  })

  it('does not run stage rules at enrollment level (the engine itself would)', () => {
    const result = evaluator.evaluate({
      enrollment: enrollment({ [TEA.consent]: 'true' }),
      events: [assessment({ [DE.riskScore]: '9' })],
      today: '2026-03-20',
    })

    expect(result.effects).toEqual([])
  })

  it('needs an enrollment or a current event', () => {
    expect(() => evaluator.evaluate({ events: [] })).toThrow(/enrollment .* or a currentEvent/)
  })
})

describe('evaluateRules: event level', () => {
  const consent = { [TEA.consent]: 'true' }

  it('gives SHOWWARNING and ASSIGN effects with values converted per target value type', () => {
    const { effects, issues } = forEvent(assessment({ [DE.riskScore]: '9' }), consent)

    expect(issues).toEqual([])
    expect(byAction(effects, 'aHighRisk02')).toEqual({
      ruleId: 'rHighRisk01',
      actionId: 'aHighRisk02',
      type: 'SHOWWARNING',
      content: 'High risk score, refer now:',
      data: '9',
      dataElement: DE.riskScore,
    })
    // option set: the rule assigns the option name, the field stores its code
    expect(byAction(effects, 'aHighRisk01')).toMatchObject({ type: 'ASSIGN', dataElement: DE.riskLevel, data: 'High', value: 'HIGH' })
    // PERCENTAGE -> number
    expect(byAction(effects, 'aRiskPct001')).toMatchObject({ dataElement: DE.riskPercent, data: '90', value: 90 })
    // BOOLEAN -> boolean
    expect(byAction(effects, 'aAutoRef001')).toMatchObject({ dataElement: DE.referred, data: 'true', value: true })
  })

  it('gives no high-risk effects below the threshold', () => {
    const { effects } = forEvent(assessment({ [DE.riskScore]: '2' }), consent)

    expect(byAction(effects, 'aHighRisk01')).toBeUndefined()
    expect(byAction(effects, 'aHighRisk02')).toBeUndefined()
    expect(byAction(effects, 'aRiskPct001')).toMatchObject({ value: 20 })
  })

  it('hides a field and a section when a BOOLEAN data value is false, not when it is true', () => {
    const notReferred = forEvent(assessment({ [DE.referred]: 'false' }), consent).effects
    const referred = forEvent(assessment({ [DE.referred]: 'true' }), consent).effects

    expect(byAction(notReferred, 'aNotRef0001')).toMatchObject({ type: 'HIDEFIELD', dataElement: DE.referralDate, data: null })
    expect(byAction(notReferred, 'aNotRef0002')).toMatchObject({ type: 'HIDESECTION', programStageSection: SECTION_REFERRAL })
    expect(byAction(referred, 'aNotRef0001')).toBeUndefined()
    expect(byAction(referred, 'aNotRef0002')).toBeUndefined()
  })

  it('shows an error with d2:daysBetween when the event date is after the injected today', () => {
    const event = assessment({}, '2026-03-15T00:00:00.000')

    expect(byAction(forEvent(event, consent, '2026-03-10').effects, 'aFuture0001')).toMatchObject({
      type: 'SHOWERROR',
      data: '5',
    })
    expect(byAction(forEvent(event, consent, '2026-03-15').effects, 'aFuture0001')).toBeUndefined()
  })

  it('adds days to the event date with d2:addDays for ASSIGN (DATE) and SCHEDULEEVENT', () => {
    const { effects } = forEvent(assessment({ [DE.riskScore]: '5' }, '2026-03-28T00:00:00.000'), consent, '2026-04-01')

    expect(byAction(effects, 'aFollowUp01')).toMatchObject({ dataElement: DE.nextVisit, data: '2026-04-04', value: '2026-04-04' })
    expect(byAction(effects, 'aFollowUp02')).toMatchObject({
      type: 'SCHEDULEEVENT',
      programStage: FOLLOW_UP,
      data: '2026-04-04',
    })
  })

  it('compares option codes or names according to useCodeForOptionSet', () => {
    const { effects } = forEvent(assessment({ [DE.abuseType]: 'SEXUAL' }), consent)

    // #{abuseType} uses codes: the condition compares with 'SEXUAL'
    expect(byAction(effects, 'aSexual0001')).toMatchObject({ type: 'SETMANDATORYFIELD', dataElement: DE.safetyPlan })
    // #{abuseTypeName} uses names: the data shows the option name
    expect(byAction(effects, 'aSexual0002')).toMatchObject({ type: 'DISPLAYKEYVALUEPAIR', content: 'Abuse type', data: 'Sexual abuse' })
  })

  it('uses a calculated variable assigned by a rule of higher priority (HIDEOPTION under five)', () => {
    const young = forEvent(assessment({}), { ...consent, [TEA.dateOfBirth]: '2023-01-01' }).effects
    const older = forEvent(assessment({}), { ...consent, [TEA.dateOfBirth]: '2018-01-01' }).effects

    expect(byAction(young, 'aYoung00001')).toMatchObject({ type: 'HIDEOPTION', dataElement: DE.abuseType, option: OPTION_CHILD_LABOUR })
    expect(byAction(older, 'aYoung00001')).toBeUndefined()
  })

  it('runs only the rules of the current event stage plus stage-less rules', () => {
    const followUp: TrackerEvent = { ...assessment({ [DE.riskScore]: '9' }), event: 'evFollow001', programStage: FOLLOW_UP }

    expect(actionIds(forEvent(followUp).effects)).toEqual(['aConsent001'])
  })

  it('passes other events as context: newest assessment value from a previous event', () => {
    const rules = withRules(metadata, [
      {
        id: 'rLastRisk01',
        name: 'Last risk score',
        condition: 'd2:hasValue(#{lastRiskScore})',
        stage: FOLLOW_UP,
        actions: [{ id: 'aLastRisk01', type: 'DISPLAYTEXT', content: 'Last risk score', data: '#{lastRiskScore}' }],
      },
    ])
    const previous = assessment({ [DE.riskScore]: '6' }, '2026-03-01T00:00:00.000')
    const current: TrackerEvent = { event: 'evFollow001', programStage: FOLLOW_UP, occurredAt: '2026-03-09T00:00:00.000' }

    const result = evaluateRules(rules, PROGRAM, { enrollment: enrollment(consent), events: [previous, current], currentEvent: current })

    expect(byAction(result.effects, 'aLastRisk01')).toMatchObject({ data: '6' })
  })

  it('cuts date-time values of DATE fields to a date: the engine cannot coerce "2026-03-12T10:30:00.000"', () => {
    const rules = withRules(metadata, [
      {
        id: 'rRefDate001',
        name: 'Days to referral',
        condition: 'true',
        stage: ASSESSMENT,
        actions: [{ id: 'aRefDate001', type: 'DISPLAYTEXT', data: 'd2:daysBetween(V{event_date}, #{referralDate})' }],
      },
    ])
    const withVariable = {
      ...rules,
      programRuleVariables: [
        ...(rules.programRuleVariables ?? []),
        {
          id: 'vRefDate001',
          name: 'referralDate',
          program: { id: PROGRAM },
          programRuleVariableSourceType: 'DATAELEMENT_CURRENT_EVENT' as const,
          dataElement: { id: DE.referralDate },
        },
      ],
    }
    const event = assessment({ [DE.referralDate]: '2026-03-12T10:30:00.000' })

    const result = evaluateRules(withVariable, PROGRAM, { enrollment: enrollment(consent), events: [event], currentEvent: event })

    expect(result.issues).toEqual([])
    expect(byAction(result.effects, 'aRefDate001')).toMatchObject({ data: '2' })
  })

  it('reports rules the engine drops because they fail, and keeps the others', () => {
    const broken = withRules(metadata, [
      { id: 'rBroken0001', name: 'Broken', condition: '#{riskScore} >', stage: ASSESSMENT, actions: [{ id: 'aBroken0001', type: 'SHOWWARNING' }] },
    ])
    const event = assessment({ [DE.riskScore]: '9' })
    const result = evaluateRules(broken, PROGRAM, { enrollment: enrollment(consent), events: [event], currentEvent: event })

    expect(result.issues).toEqual([expect.objectContaining({ source: 'engine', ruleId: 'rBroken0001' })])
    expect(result.issues[0]?.message).toMatch(/expected name/)
    expect(byAction(result.effects, 'aHighRisk02')).toBeDefined()
  })

  it('reports data values that do not fit their value type and leaves them out', () => {
    const { effects, issues } = forEvent(assessment({ [DE.riskScore]: 'nine' }), consent)

    expect(issues).toEqual([{ source: 'input', message: expect.stringContaining(`data element ${DE.riskScore}`) }])
    expect(byAction(effects, 'aRiskPct001')).toBeUndefined()
  })

  it('restores the real clock after an injected today', () => {
    const RealDate = globalThis.Date
    forEvent(assessment({}), consent, '2000-01-01')

    expect(globalThis.Date).toBe(RealDate)
    expect(new Date().getFullYear()).toBeGreaterThan(2000)
  })
})

describe('evaluateRules: time zones', () => {
  // Jest cannot change the zone of its own process: run a small script in a child process.
  const root = path.resolve(__dirname, '../..')
  const script = `
    import { evaluateRules } from './metadata/engine/index'
    const metadata = {
      programs: [{ id: 'pZone000001', programType: 'WITHOUT_REGISTRATION' }],
      programRules: [{ id: 'rZone000001', name: 'Event date', condition: 'true', program: { id: 'pZone000001' }, programRuleActions: [{ id: 'aZone000001' }] }],
      programRuleActions: [{ id: 'aZone000001', programRuleActionType: 'DISPLAYTEXT', data: 'V{event_date}' }],
    }
    const dates = ['2026-03-10T00:30:00.000', '2026-03-10T23:30:00.000'].map((occurredAt) => {
      const event = { event: 'e', programStage: 's', occurredAt }
      return evaluateRules(metadata, 'pZone000001', { events: [], currentEvent: event }).effects[0]?.data
    })
    console.log(JSON.stringify(dates))
  `

  it.each(['Africa/Kigali', 'America/New_York', 'Pacific/Kiritimati'])(
    'V{event_date} is the calendar date of a local occurredAt in %s',
    (zone) => {
      const output = execFileSync(process.execPath, [require.resolve('tsx/cli'), '-e', script], {
        cwd: root,
        env: { ...process.env, TZ: zone },
        encoding: 'utf8',
      })

      expect(JSON.parse(output.trim().split('\n').pop() ?? '')).toEqual(['2026-03-10', '2026-03-10'])
    },
    30_000,
  )
})
