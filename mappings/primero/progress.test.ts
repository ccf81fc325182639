import { createMappingContext } from '../context'
import { eventValues } from '../dhis2/values'
import { cpcmPackage } from '../../tests/fixtures/package-lookup'
import {
  exchangedValues, PRIMERO_CASE_PLAN_FIELDS, PRIMERO_CLOSURE_REASONS, PRIMERO_DATA_ELEMENT_RULES, primeroClosure, primeroToTrackedEntity, progressToPrimero, ruleFor,
  type PrimeroCase,
} from './index'

const ctx = createMappingContext(cpcmPackage(), { recipient: { id: 'CSO-HOPE', allowIdentifiers: true } })
const links = { trackedEntity: 'teProgress01', enrollment: 'enProgress01', orgUnit: 'ouSector0001' }
const json = <T>(x: T): T => JSON.parse(JSON.stringify(x))

const progress = {
  assessment_requested_on: '2026-02-03',
  assessment_approved: true,
  date_case_plan: '2026-02-10',
  cp_case_plan_subform_case_plan_interventions: [
    { unique_id: 'row-1', intervention_service_goal: 'Safe at home', intervention_service_to_be_provided: 'Home visits weekly', case_plan_provider_and_contact_details: 'CSO-HOPE caseworker', case_plan_timeframe: '2026-04-30', intervention_service_success: 'yes' },
    { unique_id: 'row-2', intervention_service_goal: 'Back in school', intervention_service_to_be_provided: 'School enrolment', case_plan_provider_and_contact_details: 'Sector education officer', case_plan_timeframe: '2026-05-15', intervention_service_success: 'no' },
  ],
  status: 'closed',
  closure_reason: 'formal_closing',
  date_closure: '2026-06-01',
  closure_approved: true,
}
const primeroCase = (extra: Partial<PrimeroCase> = {}): PrimeroCase => ({ id: '5c1f0b8e-6a1d-4c55-9a7e-1b2c3d4e5f60', registration_date: '2026-01-20', sex: 'female', module_id: 'primeromodule-cp', ...progress, ...extra })
const stageEvents = (te: ReturnType<typeof primeroToTrackedEntity>, stage: 'CPCM_ASSESSMENT' | 'CPCM_CASE_PLAN' | 'CPCM_CLOSURE') =>
  (te.enrollments?.[0]?.events ?? []).filter((e) => e.programStage === ctx.stage[stage])

describe('Primero progress -> DHIS2 stages', () => {
  it('maps assessment, case plan actions and closure to their stages and data elements by code', () => {
    const te = primeroToTrackedEntity({ case: primeroCase(), referrals: [] }, ctx, { links })
    const en = te.enrollments![0]!
    expect(en.status).toBe('COMPLETED')
    const [asm] = stageEvents(te, 'CPCM_ASSESSMENT')
    expect(asm).toMatchObject({ status: 'COMPLETED', occurredAt: '2026-02-03T00:00:00.000' })
    expect(eventValues(asm!, ctx)).toEqual({ CPCM_ASM_COMPLETED: 'true' })
    const plans = stageEvents(te, 'CPCM_CASE_PLAN')
    expect(plans.map((e) => [e.occurredAt, eventValues(e, ctx)])).toEqual([
      ['2026-02-10T00:00:00.000', { CPCM_PLAN_GOAL: 'Safe at home', CPCM_PLAN_ACTION: 'Home visits weekly', CPCM_PLAN_RESPONSIBLE: 'CSO-HOPE caseworker', CPCM_PLAN_DUE: '2026-04-30', CPCM_PLAN_STATUS: 'DONE' }],
      ['2026-02-10T00:00:00.000', { CPCM_PLAN_GOAL: 'Back in school', CPCM_PLAN_ACTION: 'School enrolment', CPCM_PLAN_RESPONSIBLE: 'Sector education officer', CPCM_PLAN_DUE: '2026-05-15', CPCM_PLAN_STATUS: 'IN_PROGRESS' }],
    ])
    const [clo] = stageEvents(te, 'CPCM_CLOSURE')
    expect(clo).toMatchObject({ status: 'COMPLETED', occurredAt: '2026-06-01T00:00:00.000' })
    expect(eventValues(clo!, ctx)).toEqual({ CPCM_CLO_REASON: 'BENCHMARKS_MET', CPCM_CLO_APPROVED: 'true' })
  })

  it('round trip Primero -> DHIS2 -> Primero gives back every progress field', () => {
    const te = json(primeroToTrackedEntity({ case: primeroCase(), referrals: [] }, ctx, { links }))
    const en = te.enrollments![0]!
    const back = progressToPrimero(en.events ?? [], en.status, ctx)
    const rows = (back.cp_case_plan_subform_case_plan_interventions as Array<Record<string, unknown>>).map(({ unique_id: _id, ...r }) => r)
    expect({ ...back, cp_case_plan_subform_case_plan_interventions: rows }).toEqual({
      ...progress, cp_case_plan_subform_case_plan_interventions: progress.cp_case_plan_subform_case_plan_interventions.map(({ unique_id: _id, ...r }) => r),
    })
  })

  it('a replay with DHIS2 current gives the same UIDs and no change in the exchanged values', () => {
    const first = json(primeroToTrackedEntity({ case: primeroCase(), referrals: [] }, ctx, { links }))
    const again = primeroToTrackedEntity({ case: primeroCase(), referrals: [] }, ctx, { links, current: first })
    const uids = (t: typeof first) => (t.enrollments![0]!.events ?? []).map((e) => e.event).sort()
    expect(uids(again)).toEqual(uids(first))
    expect(exchangedValues(again, links.enrollment, ctx)).toEqual(exchangedValues(first, links.enrollment, ctx))
  })

  it('only the closure reasons the framework allows close the case; `other` or none leaves it open, saying why', () => {
    const allowed = ctx.optionCodes('CPCM_CLOSURE_REASON')
    for (const [primero, cpcm] of Object.entries(PRIMERO_CLOSURE_REASONS)) {
      if (cpcm === null) continue
      expect(allowed.has(cpcm)).toBe(true)
      const te = primeroToTrackedEntity({ case: primeroCase({ closure_reason: primero }), referrals: [] }, ctx, { links })
      expect(te.enrollments![0]!.status).toBe('COMPLETED')
      expect(eventValues(stageEvents(te, 'CPCM_CLOSURE')[0]!, ctx).CPCM_CLO_REASON).toBe(cpcm)
    }
    for (const reason of ['other', undefined]) {
      const c = primeroCase({ closure_reason: reason })
      const decision = primeroClosure(c)
      expect(decision).toMatchObject({ closed: true, refused: expect.stringContaining('not a closure reason the framework allows') })
      const te = primeroToTrackedEntity({ case: c, referrals: [] }, ctx, { links })
      expect(te.enrollments![0]!.status).toBe('ACTIVE')
      expect(stageEvents(te, 'CPCM_CLOSURE')).toEqual([])
    }
    expect(primeroClosure(primeroCase({ status: 'open' }))).toEqual({ closed: false })
  })

  it('an assessment only started is an active event without the completed flag; no plan rows, no plan events', () => {
    const c = primeroCase({ assessment_approved: undefined, cp_case_plan_subform_case_plan_interventions: undefined, status: 'open' })
    const te = primeroToTrackedEntity({ case: c, referrals: [] }, ctx, { links })
    const [asm] = stageEvents(te, 'CPCM_ASSESSMENT')
    expect(asm).toMatchObject({ status: 'ACTIVE', occurredAt: '2026-02-03T00:00:00.000' })
    expect(eventValues(asm!, ctx)).toEqual({})
    expect(stageEvents(te, 'CPCM_CASE_PLAN')).toEqual([])
  })

  it('declares who owns each progress field: assessment and plan Primero, closure reason and approval DHIS2', () => {
    for (const code of ['CPCM_ASM_COMPLETED', ...Object.values(PRIMERO_CASE_PLAN_FIELDS), 'CPCM_PLAN_STATUS']) expect(PRIMERO_DATA_ELEMENT_RULES[code]?.owner).toBe('primero')
    expect(ruleFor('abcdefghijk.CPCM_CLO_REASON').owner).toBe('dhis2')
    expect(ruleFor('abcdefghijk.CPCM_CLO_APPROVED').owner).toBe('dhis2')
    expect(ruleFor('enrollment.status').owner).toBe('dhis2')
    expect(ruleFor('abcdefghijk.occurredAt').owner).toBe('primero')
    for (const code of Object.keys(PRIMERO_DATA_ELEMENT_RULES)) expect(ctx.uidOf('dataElement', code)).toBeDefined()
  })
})
