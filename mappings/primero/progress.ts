/**
 * A case's progress in Primero v2 -> the CPCM stages in DHIS2, as data: assessment (step 5), case plan
 * (step 6) and closure (step 9). Field names are Primero's own (primeroIMS/primero
 * `db/configuration/forms/case/assessment.rb`, `cp_case_plan.rb`, `closure_form.rb`, and the Workflow
 * fields `assessment_requested_on`, `date_case_plan`):
 *
 * | Primero | DHIS2 |
 * |---|---|
 * | `assessment_requested_on` (date) | CPCM_ASSESSMENT event on that date |
 * | `assessment_approved` true, or `approval_status_assessment` `approved` | CPCM_ASM_COMPLETED true, event COMPLETED |
 * | `date_case_plan` (date) + each `cp_case_plan_subform_case_plan_interventions` row | one CPCM_CASE_PLAN event per row on that date: goal, action, responsible, due, status |
 * | `status` `closed` + `closure_reason` + `date_closure` + `closure_approved` | CPCM_CLOSURE event (reason, approved) COMPLETED, then the enrollment COMPLETED |
 *
 * Only closure reasons the framework allows (option set CPCM_CLOSURE_REASON) close a case; Primero's
 * `other` (or no reason) does not: `primeroClosure` says why, the pipeline surfaces it. Pure: no I/O.
 */
import type { MappingContext } from '../context'
import type { Dhis2Event } from '../dhis2/types'
import { eventValues, type Values } from '../dhis2/values'
import { derivedUid } from '../uuid'
import type { PrimeroCase } from './types'

export const PRIMERO_PROGRESS_FIELDS = {
  assessmentStarted: 'assessment_requested_on',
  assessmentApproved: 'assessment_approved',
  assessmentApprovalStatus: 'approval_status_assessment',
  casePlanDate: 'date_case_plan',
  casePlanRows: 'cp_case_plan_subform_case_plan_interventions',
  closureReason: 'closure_reason',
  closureDate: 'date_closure',
  closureApproved: 'closure_approved',
} as const

/** Primero closure reasons (closure_form.rb) -> CPCM_CLOSURE_REASON. `null`: not a reason the framework allows. */
export const PRIMERO_CLOSURE_REASONS: Readonly<Record<string, string | null>> = {
  formal_closing: 'BENCHMARKS_MET',
  death_of_child: 'CHILD_DECEASED',
  not_seen_during_verification: 'LOST_CONTACT',
  transferred: 'TRANSFERRED',
  repatriated: 'TRANSFERRED',
  other: null,
}

/** CPCM_CLOSURE_REASON -> the Primero reason written back (the first listed for it). */
export const CLOSURE_REASON_TO_PRIMERO: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(PRIMERO_CLOSURE_REASONS).filter((e): e is [string, string] => e[1] !== null).reverse().map(([p, c]) => [c, p]),
)

/** Primero case plan row (`cp_case_plan_subform_case_plan_interventions`) field -> CPCM_CASE_PLAN data element. */
export const PRIMERO_CASE_PLAN_FIELDS: Readonly<Record<string, string>> = {
  intervention_service_goal: 'CPCM_PLAN_GOAL',
  intervention_service_to_be_provided: 'CPCM_PLAN_ACTION',
  case_plan_provider_and_contact_details: 'CPCM_PLAN_RESPONSIBLE',
  case_plan_timeframe: 'CPCM_PLAN_DUE',
}

/** `intervention_service_success` (lookup-yes-no) -> CPCM_PLAN_STATUS; without an answer the action is in progress. */
export const PRIMERO_PLAN_SUCCESS: Readonly<Record<string, string>> = { true: 'DONE', yes: 'DONE', false: 'IN_PROGRESS', no: 'IN_PROGRESS' }

export type ClosureDecision =
  | { closed: false }
  | { closed: true; reason: string; date?: string; approved: boolean }
  | { closed: true; refused: string }

const DAY = /^\d{4}-\d{2}-\d{2}/
const day = (v: unknown): string | undefined => (typeof v === 'string' && DAY.test(v) ? v.slice(0, 10) : undefined)
const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v : undefined)

/** Whether a Primero case is closed, and with which framework reason (or why it cannot be closed in DHIS2). */
export function primeroClosure(c: PrimeroCase): ClosureDecision {
  if (c.status !== 'closed') return { closed: false }
  const raw = str(c[PRIMERO_PROGRESS_FIELDS.closureReason])
  const reason = raw === undefined ? undefined : PRIMERO_CLOSURE_REASONS[raw]
  if (!reason) {
    const allowed = Object.keys(PRIMERO_CLOSURE_REASONS).filter((k) => PRIMERO_CLOSURE_REASONS[k]).join(', ')
    const said = raw === undefined ? 'no closure_reason' : /^[a-z_]{1,40}$/.test(raw) ? `closure_reason ${raw}` : 'a closure_reason'
    return { closed: true, refused: `closed in Primero with ${said}, which is not a closure reason the framework allows (${allowed}): the case stays open in DHIS2 until a person closes it` }
  }
  const date = day(c[PRIMERO_PROGRESS_FIELDS.closureDate])
  return { closed: true, reason, ...(date ? { date } : {}), approved: c[PRIMERO_PROGRESS_FIELDS.closureApproved] === true }
}

export interface ProgressInput {
  recordId: string
  enrollment: string
  orgUnit: string
  /** The enrollment's events in DHIS2 now, to keep their UIDs, statuses and values Primero does not carry. */
  current: readonly Dhis2Event[]
}

/**
 * The DHIS2 events for a Primero case's progress: at most one assessment (the latest in DHIS2 if any,
 * else one derived from the record id), one case plan event per Primero plan row, and the closure event
 * when the case is closed with a framework reason. Data elements by code.
 */
export function progressEvents(c: PrimeroCase, ctx: MappingContext, input: ProgressInput): Dhis2Event[] {
  const out: Dhis2Event[] = []
  const de = (code: string) => {
    const uid = ctx.uidOf('dataElement', code)
    if (uid === undefined) throw new Error(`the metadata package has no data element ${code}`)
    return uid
  }
  const ofStage = (stage: string) => input.current.filter((e) => e.programStage === stage && e.deleted !== true)
  const make = (stage: 'CPCM_ASSESSMENT' | 'CPCM_CASE_PLAN' | 'CPCM_CLOSURE', uid: string, values: Values, occurredAt: string | undefined, status: Dhis2Event['status'] | undefined) => {
    const cur = input.current.find((e) => e.event === uid)
    const dataValues = Object.entries(values).filter((e): e is [string, string] => e[1] !== undefined).map(([code, value]) => ({ dataElement: de(code), value }))
    const ev: Dhis2Event = {
      event: uid, program: ctx.program.case, programStage: ctx.stage[stage], enrollment: input.enrollment, orgUnit: cur?.orgUnit ?? input.orgUnit,
      status: status ?? cur?.status ?? 'ACTIVE', dataValues,
    }
    const at = occurredAt ? `${occurredAt}T00:00:00.000` : cur?.occurredAt
    if (at !== undefined) ev.occurredAt = at
    out.push(ev)
  }

  // Assessment: started on assessment_requested_on; done when the manager approved it.
  const started = day(c[PRIMERO_PROGRESS_FIELDS.assessmentStarted])
  const done = c[PRIMERO_PROGRESS_FIELDS.assessmentApproved] === true || c[PRIMERO_PROGRESS_FIELDS.assessmentApprovalStatus] === 'approved'
  if (started || done) {
    const curAsm = ofStage(ctx.stage.CPCM_ASSESSMENT).sort((a, b) => String(b.occurredAt).localeCompare(String(a.occurredAt)))[0]
    const uid = curAsm?.event ?? derivedUid('assessment', input.recordId)
    const curDone = curAsm ? eventValues(curAsm, ctx).CPCM_ASM_COMPLETED === 'true' : false
    make('CPCM_ASSESSMENT', uid, done || curDone ? { CPCM_ASM_COMPLETED: 'true' } : {}, started, done ? 'COMPLETED' : undefined)
  }

  // Case plan: one event per intervention row, dated when the plan was made.
  const planDate = day(c[PRIMERO_PROGRESS_FIELDS.casePlanDate])
  const rows = Array.isArray(c[PRIMERO_PROGRESS_FIELDS.casePlanRows]) ? (c[PRIMERO_PROGRESS_FIELDS.casePlanRows] as Array<Record<string, unknown>>) : []
  for (const [i, row] of rows.entries()) {
    if (typeof row !== 'object' || row === null) continue
    const rowId = str(row.unique_id) ?? String(i)
    const uid = derivedUid('case-plan', `${input.recordId}/${rowId}`)
    const cur = input.current.find((e) => e.event === uid)
    const curValues = cur ? eventValues(cur, ctx) : {}
    const values: Values = {}
    for (const [field, code] of Object.entries(PRIMERO_CASE_PLAN_FIELDS)) {
      const v = code === 'CPCM_PLAN_DUE' ? day(row[field]) : str(row[field])
      if (v !== undefined) values[code] = v
    }
    const success = row.intervention_service_success
    values.CPCM_PLAN_STATUS = (success !== undefined && success !== null ? PRIMERO_PLAN_SUCCESS[String(success)] : undefined) ?? curValues.CPCM_PLAN_STATUS ?? 'IN_PROGRESS'
    make('CPCM_CASE_PLAN', uid, values, planDate ?? (cur ? undefined : day(c.registration_date)), undefined)
  }

  // Closure: only with a framework reason (the enrollment is completed by the caller once DHIS2 took the event).
  const closure = primeroClosure(c)
  if (closure.closed && !('refused' in closure)) {
    const curClosure = ofStage(ctx.stage.CPCM_CLOSURE)[0]
    const uid = curClosure?.event ?? derivedUid('closure', input.recordId)
    make('CPCM_CLOSURE', uid, { CPCM_CLO_REASON: closure.reason, CPCM_CLO_APPROVED: String(closure.approved) }, closure.date ?? (curClosure ? undefined : day(c.registration_date)), 'COMPLETED')
  }
  return out
}

/** The reverse, for what Primero would hold given the DHIS2 progress events (round trips, and checking a mapping). */
export function progressToPrimero(events: readonly Dhis2Event[], enrollmentStatus: string, ctx: MappingContext): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  const live = events.filter((e) => e.deleted !== true)
  const date = (e: Dhis2Event | undefined) => e?.occurredAt?.slice(0, 10)
  const asm = live.filter((e) => e.programStage === ctx.stage.CPCM_ASSESSMENT).sort((a, b) => String(b.occurredAt).localeCompare(String(a.occurredAt)))[0]
  if (asm) {
    if (date(asm)) out.assessment_requested_on = date(asm)
    if (eventValues(asm, ctx).CPCM_ASM_COMPLETED === 'true') out.assessment_approved = true
  }
  const plans = live.filter((e) => e.programStage === ctx.stage.CPCM_CASE_PLAN)
  if (plans.length > 0) {
    const first = plans.map(date).filter((d): d is string => d !== undefined).sort()[0]
    if (first) out.date_case_plan = first
    out.cp_case_plan_subform_case_plan_interventions = plans.map((e) => {
      const v = eventValues(e, ctx)
      const row: Record<string, unknown> = { unique_id: e.event }
      for (const [field, code] of Object.entries(PRIMERO_CASE_PLAN_FIELDS)) if (v[code] !== undefined) row[field] = v[code]
      if (v.CPCM_PLAN_STATUS === 'DONE') row.intervention_service_success = 'yes'
      else if (v.CPCM_PLAN_STATUS === 'IN_PROGRESS') row.intervention_service_success = 'no'
      return row
    })
  }
  const clo = live.find((e) => e.programStage === ctx.stage.CPCM_CLOSURE)
  if (clo && enrollmentStatus === 'COMPLETED') {
    const v = eventValues(clo, ctx)
    out.status = 'closed'
    if (v.CPCM_CLO_REASON && CLOSURE_REASON_TO_PRIMERO[v.CPCM_CLO_REASON]) out.closure_reason = CLOSURE_REASON_TO_PRIMERO[v.CPCM_CLO_REASON]
    if (date(clo)) out.date_closure = date(clo)
    out.closure_approved = v.CPCM_CLO_APPROVED === 'true'
  }
  return out
}
