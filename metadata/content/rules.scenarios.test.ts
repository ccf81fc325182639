/**
 * The framework's rules, run by the DHIS2 rule engine (@dhis2/rule-engine) on the
 * package's own rules, for the scenarios caseworkers meet. What Capture, Android and
 * our app show is what these effects say.
 */
import { caseEvent, enrollment, incidentEvent } from '../../tests/fixtures/case-builder'
import { ofRule, rulesFired, runRules } from '../../tests/fixtures/rule-effects'
import { BENCHMARKS, benchmarkCode } from './case-programme/follow-up'

const RECORDED = '2026-11-02'
const girlOf12 = { CPCM_SEX: 'FEMALE', CPCM_DATE_OF_BIRTH: '2014-05-01' }
const boyOf9 = { CPCM_SEX: 'MALE', CPCM_DATE_OF_BIRTH: '2017-03-10' }
const benchmarks = (answer: (n: number) => string) => Object.fromEntries(BENCHMARKS.map(({ n }) => [benchmarkCode(n), answer(n)]))

describe('Tier 1 sexual violence case of a 12-year-old', () => {
  const e = enrollment({ enrolledAt: RECORDED, attributes: girlOf12 })
  const intake = caseEvent(e, 'CPCM_INTAKE', RECORDED, { CPCM_INT_CASE_TYPE: 'SEXUAL_VIOLENCE', CPCM_INT_RISK_TIER: 'TIER1', CPCM_INT_AGENCY_TYPE: 'CPWO' })
  const effects = runRules('CPCM_CASE', { enrollment: e, events: [intake], currentEvent: intake, today: RECORDED })

  it('sets the assessment due the same day and says so', () => {
    expect(ofRule(effects, 'CPCM_CASE_TIER1_DEADLINE')).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ type: 'ASSIGN', field: 'CPCM_INT_ASSESSMENT_DUE', value: RECORDED }),
        expect.objectContaining({ type: 'DISPLAYKEYVALUEPAIR', value: RECORDED }),
      ]),
    )
    expect(ofRule(effects, 'CPCM_CASE_TIER1_WARNING')).toEqual([expect.objectContaining({ type: 'SHOWWARNING', field: 'CPCM_INT_RISK_TIER' })])
  })

  it('warns that a suspected crime against a child must be reported, and makes the report mandatory', () => {
    expect(ofRule(effects, 'CPCM_CASE_CRIME_REPORT')).toEqual([
      expect.objectContaining({ type: 'SHOWWARNING', field: 'CPCM_INT_REPORTED_JUSTICE' }),
      expect.objectContaining({ type: 'SETMANDATORYFIELD', field: 'CPCM_INT_REPORTED_JUSTICE' }),
    ])
    expect(ofRule(effects, 'CPCM_CASE_CRIME_NOT_REPORTED').map((x) => x.type)).toEqual(['DISPLAYTEXT', 'WARNINGONCOMPLETE'])
  })

  it('stops nagging once a police investigation referral exists', () => {
    const referral = caseEvent(e, 'CPCM_REFERRAL', RECORDED, { CPCM_REF_SERVICE: 'POLICE_INVESTIGATION', CPCM_REF_PROVIDER: 'RIB-GASABO', CPCM_REF_CONSENT: true, CPCM_REF_STATUS: 'REQUESTED' })
    const after = runRules('CPCM_CASE', { enrollment: e, events: [intake, referral], currentEvent: intake, today: RECORDED })
    expect(ofRule(after, 'CPCM_CASE_CRIME_NOT_REPORTED')).toEqual([])
    expect(ofRule(after, 'CPCM_CASE_CRIME_REPORT')).toHaveLength(2)
  })

  it('shows the assessment as overdue the next day, and not once it is completed', () => {
    const nextDay = runRules('CPCM_CASE', { enrollment: e, events: [intake], today: '2026-11-03' })
    expect(rulesFired(nextDay)).toContain('CPCM_CASE_ASSESSMENT_OVERDUE')
    const assessment = caseEvent(e, 'CPCM_ASSESSMENT', RECORDED, { CPCM_ASM_COMPLETED: true })
    const done = runRules('CPCM_CASE', { enrollment: e, events: [intake, assessment], today: '2026-11-03' })
    expect(rulesFired(done)).not.toContain('CPCM_CASE_ASSESSMENT_OVERDUE')
  })
})

describe('Tier 2 neglect case', () => {
  const e = enrollment({ enrolledAt: RECORDED, attributes: boyOf9 })
  const intake = caseEvent(e, 'CPCM_INTAKE', RECORDED, { CPCM_INT_CASE_TYPE: 'NEGLECT_ABANDONMENT', CPCM_INT_RISK_TIER: 'TIER2', CPCM_INT_AGENCY_TYPE: 'CSO', CPCM_INT_CSO_NAME: 'CSO Hope' })

  it('sets the assessment due seven days after recording', () => {
    const effects = runRules('CPCM_CASE', { enrollment: e, events: [intake], currentEvent: intake, today: RECORDED })
    expect(ofRule(effects, 'CPCM_CASE_TIER2_DEADLINE')).toEqual(
      expect.arrayContaining([expect.objectContaining({ type: 'ASSIGN', field: 'CPCM_INT_ASSESSMENT_DUE', value: '2026-11-09' })]),
    )
    expect(rulesFired(effects)).not.toContain('CPCM_CASE_TIER1_DEADLINE')
  })

  it('raises no crime warning for neglect, and shows the delegated CSO field', () => {
    const effects = runRules('CPCM_CASE', { enrollment: e, events: [intake], currentEvent: intake, today: RECORDED })
    expect(rulesFired(effects)).not.toContain('CPCM_CASE_CRIME_REPORT')
    expect(rulesFired(effects)).not.toContain('CPCM_INT_HIDE_CSO')
  })

  it('is on time on day 7 and overdue on day 8', () => {
    expect(rulesFired(runRules('CPCM_CASE', { enrollment: e, events: [intake], today: '2026-11-09' }))).not.toContain('CPCM_CASE_ASSESSMENT_OVERDUE')
    expect(rulesFired(runRules('CPCM_CASE', { enrollment: e, events: [intake], today: '2026-11-10' }))).toContain('CPCM_CASE_ASSESSMENT_OVERDUE')
  })
})

describe('a concern that is not VENA', () => {
  const concern = incidentEvent(RECORDED, { CPCM_INC_REPORTER_TYPE: 'TEACHER', CPCM_INC_CHANNEL: 'SCHOOL', CPCM_INC_SCREENING: 'NOT_VENA', CPCM_INC_CHILD_AGE: 8 })
  const effects = runRules('CPCM_INCIDENT', { events: [concern], currentEvent: concern, today: RECORDED })

  it('hides the case fields, requires an early intervention referral and says no case is opened', () => {
    expect(ofRule(effects, 'CPCM_INC_NOT_VENA')).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ type: 'HIDEFIELD', field: 'CPCM_INC_RISK_TIER' }),
        expect.objectContaining({ type: 'HIDEFIELD', field: 'CPCM_INC_CASE_ENROLLMENT' }),
        expect.objectContaining({ type: 'SETMANDATORYFIELD', field: 'CPCM_INC_EARLY_INTERVENTION' }),
        expect.objectContaining({ type: 'DISPLAYTEXT', content: expect.stringContaining('No case file or person record') }),
      ]),
    )
    expect(rulesFired(effects)).not.toContain('CPCM_INC_VENA_HIDE_EI')
  })

  it('while a VENA Tier 1 concern gets a same-day due date and a warning instead', () => {
    const vena = incidentEvent(RECORDED, { CPCM_INC_SCREENING: 'VENA', CPCM_INC_RISK_TIER: 'TIER1', CPCM_INC_CASE_TYPE: 'PHYSICAL_VIOLENCE', CPCM_INC_CHILD_AGE: 10 })
    const tier1 = runRules('CPCM_INCIDENT', { events: [vena], currentEvent: vena, today: RECORDED })
    expect(ofRule(tier1, 'CPCM_INC_TIER1_DEADLINE')).toEqual(expect.arrayContaining([expect.objectContaining({ type: 'ASSIGN', field: 'CPCM_INC_RESPONSE_DUE', value: RECORDED })]))
    expect(rulesFired(tier1)).toEqual(expect.arrayContaining(['CPCM_INC_CRIME_REPORT', 'CPCM_INC_VENA_HIDE_EI']))
    expect(rulesFired(tier1)).not.toContain('CPCM_INC_NOT_VENA')
  })
})

describe('closure against the seven benchmarks', () => {
  const e = enrollment({ enrolledAt: RECORDED, attributes: girlOf12 })
  const intake = caseEvent(e, 'CPCM_INTAKE', RECORDED, { CPCM_INT_CASE_TYPE: 'PHYSICAL_VIOLENCE', CPCM_INT_RISK_TIER: 'TIER2', CPCM_INT_AGENCY_TYPE: 'CPWO' })
  const review = (answer: (n: number) => string) =>
    caseEvent(e, 'CPCM_REVIEW', '2027-03-01', { ...benchmarks(answer), CPCM_REV_PROGRESS: 'IMPROVED', CPCM_REV_DECISION: 'CLOSE' })
  const closure = (reason: string) => caseEvent(e, 'CPCM_CLOSURE', '2027-03-05', { CPCM_CLO_REASON: reason, CPCM_CLO_APPROVED: true })
  const close = (events: ReturnType<typeof caseEvent>[], current: ReturnType<typeof caseEvent>) =>
    runRules('CPCM_CASE', { enrollment: e, events: [intake, ...events, current], currentEvent: current, today: '2027-03-05' })

  it('is blocked when one benchmark is unmet, naming that benchmark only', () => {
    const effects = close([review((n) => (n === 3 ? 'NOT_MET' : 'MET'))], closure('BENCHMARKS_MET'))
    const errors = effects.filter((x) => x.type === 'SHOWERROR')
    expect(errors).toEqual([expect.objectContaining({ rule: 'CPCM_CLO_BENCHMARK_3_GATE', field: 'CPCM_CLO_REASON', content: expect.stringContaining('benchmark 3') })])
  })

  it('passes when every benchmark is met or not applicable', () => {
    const effects = close([review((n) => (n === 5 ? 'NOT_APPLICABLE' : 'MET'))], closure('BENCHMARKS_MET'))
    expect(effects.filter((x) => x.type === 'SHOWERROR')).toEqual([])
    expect(rulesFired(effects)).toContain('CPCM_CLO_HIDE_JUSTIFICATION')
  })

  it('is blocked with no case review at all', () => {
    const effects = close([], closure('BENCHMARKS_MET'))
    expect(effects.filter((x) => x.type === 'SHOWERROR')).toHaveLength(7)
  })

  it('allows a transfer with unmet benchmarks, asking for a justification, once the transfer is recorded', () => {
    const unmet = review((n) => (n < 4 ? 'PARTLY_MET' : 'MET'))
    const withoutTransfer = close([unmet], closure('TRANSFERRED'))
    expect(ofRule(withoutTransfer, 'CPCM_CLO_TRANSFER_RECORDED')).toEqual([expect.objectContaining({ type: 'SHOWERROR' })])
    const transfer = caseEvent(e, 'CPCM_TRANSFER', '2027-03-04', { CPCM_TRF_RECEIVING_AGENCY: 'Huye district CPWO', CPCM_TRF_CONSENT: true, CPCM_TRF_PERMANENT: true, CPCM_TRF_REASON: 'Family moved' })
    const withTransfer = close([unmet, transfer], closure('TRANSFERRED'))
    expect(withTransfer.filter((x) => x.type === 'SHOWERROR')).toEqual([])
    expect(ofRule(withTransfer, 'CPCM_CLO_EXCEPTION_JUSTIFIED')).toEqual(
      expect.arrayContaining([expect.objectContaining({ type: 'SETMANDATORYFIELD', field: 'CPCM_CLO_JUSTIFICATION' })]),
    )
  })

  it('needs a supervisor approval to complete', () => {
    const unapproved = caseEvent(e, 'CPCM_CLOSURE', '2027-03-05', { CPCM_CLO_REASON: 'BENCHMARKS_MET' })
    const effects = close([review(() => 'MET')], unapproved)
    expect(ofRule(effects, 'CPCM_CLO_NEEDS_APPROVAL')).toEqual(expect.arrayContaining([expect.objectContaining({ type: 'ERRORONCOMPLETE', field: 'CPCM_CLO_APPROVED' })]))
  })

  it('counts benchmarks met in the review and warns when a review proposes closure too early', () => {
    const earlier = caseEvent(e, 'CPCM_REVIEW', '2026-12-01', { ...benchmarks(() => 'MET'), CPCM_REV_PROGRESS: 'IMPROVED', CPCM_REV_DECISION: 'CONTINUE' })
    const current = review((n) => (n === 6 ? 'NOT_MET' : 'MET'))
    const effects = runRules('CPCM_CASE', { enrollment: e, events: [intake, earlier, current], currentEvent: current, today: '2027-03-01' })
    expect(ofRule(effects, 'CPCM_REV_COUNT_BENCHMARKS')).toEqual([expect.objectContaining({ type: 'ASSIGN', field: 'CPCM_REV_BENCHMARKS_MET', value: 6 })])
    expect(ofRule(effects, 'CPCM_REV_CLOSE_NOT_READY')).toEqual([expect.objectContaining({ type: 'SHOWWARNING', field: 'CPCM_REV_DECISION' })])
  })
})

describe('referral completion and consent', () => {
  const e = enrollment({ enrolledAt: RECORDED, attributes: girlOf12 })
  const intake = caseEvent(e, 'CPCM_INTAKE', RECORDED, { CPCM_INT_CASE_TYPE: 'SEXUAL_VIOLENCE', CPCM_INT_RISK_TIER: 'TIER1', CPCM_INT_CONSENT_SHARING: true })
  const referral = (data: Record<string, string | boolean>) =>
    caseEvent(e, 'CPCM_REFERRAL', RECORDED, { CPCM_REF_SERVICE: 'PSYCHOSOCIAL', CPCM_REF_PROVIDER: 'ISANGE-KACYIRU', ...data })
  const run = (r: ReturnType<typeof referral>) => runRules('CPCM_CASE', { enrollment: e, events: [intake, r], currentEvent: r, today: RECORDED })

  it('refuses "completed" without feedback, even when accessed with the outcome achieved', () => {
    const effects = run(referral({ CPCM_REF_CONSENT: true, CPCM_REF_STATUS: 'COMPLETED', CPCM_REF_ACCESSED: true, CPCM_REF_OUTCOME_ACHIEVED: true, CPCM_REF_FEEDBACK_RECEIVED: false }))
    expect(ofRule(effects, 'CPCM_REF_COMPLETE_NEEDS_ALL_THREE')).toEqual([expect.objectContaining({ type: 'SHOWERROR', field: 'CPCM_REF_STATUS' })])
    expect(ofRule(effects, 'CPCM_REF_HIDE_FEEDBACK').map((x) => x.field)).toEqual(['CPCM_REF_FEEDBACK', 'CPCM_REF_FEEDBACK_DATE'])
  })

  it('accepts "completed" when accessed, outcome achieved and feedback received, and then requires the feedback text', () => {
    const effects = run(referral({ CPCM_REF_CONSENT: true, CPCM_REF_STATUS: 'COMPLETED', CPCM_REF_ACCESSED: true, CPCM_REF_OUTCOME_ACHIEVED: true, CPCM_REF_FEEDBACK_RECEIVED: true }))
    expect(effects.filter((x) => x.type === 'SHOWERROR')).toEqual([])
    expect(ofRule(effects, 'CPCM_REF_FEEDBACK_TEXT_REQUIRED')).toEqual([expect.objectContaining({ type: 'SETMANDATORYFIELD', field: 'CPCM_REF_FEEDBACK' })])
  })

  it('refuses a sent referral without consent, but allows a draft', () => {
    const sent = run(referral({ CPCM_REF_CONSENT: false, CPCM_REF_STATUS: 'REQUESTED' }))
    expect(ofRule(sent, 'CPCM_REF_NEEDS_CONSENT')).toEqual([expect.objectContaining({ type: 'SHOWERROR', field: 'CPCM_REF_CONSENT' })])
    const draft = run(referral({ CPCM_REF_CONSENT: false, CPCM_REF_STATUS: 'DRAFT' }))
    expect(ofRule(draft, 'CPCM_REF_NEEDS_CONSENT')).toEqual([])
  })

  it('requires a reason when the referral is blocked or rejected', () => {
    const blocked = run(referral({ CPCM_REF_CONSENT: false, CPCM_REF_STATUS: 'BLOCKED_NO_CONSENT' }))
    expect(ofRule(blocked, 'CPCM_REF_REASON_REQUIRED')).toEqual([expect.objectContaining({ type: 'SETMANDATORYFIELD', field: 'CPCM_REF_STATUS_REASON' })])
    expect(rulesFired(blocked)).not.toContain('CPCM_REF_HIDE_STATUS_REASON')
  })

  it('copies the case type onto the referral for NCDA disaggregation', () => {
    const effects = run(referral({ CPCM_REF_CONSENT: true, CPCM_REF_STATUS: 'REQUESTED' }))
    expect(ofRule(effects, 'CPCM_COPY_CASE_TYPE')).toEqual(expect.arrayContaining([expect.objectContaining({ type: 'ASSIGN', field: 'CPCM_REF_CASE_TYPE', value: 'SEXUAL_VIOLENCE' })]))
  })
})
