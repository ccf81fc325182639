/**
 * Referrals sent to facilities, per (facility, referral event): see migrations/002_referrals.ts.
 * `mark` inserts or moves the state; the other fields are set on insert and kept (a Task id, once
 * known, is kept unless a new one is given).
 */
import type { Ctx } from './context'

export type ReferralState = 'queued' | 'sent' | 'withdrawn' | 'cancelled'

export interface ReferralRecord {
  facility: string
  referralEvent: string
  enrollment: string
  trackedEntity: string
  childCode: string
  state: ReferralState
  taskId: string | null
  createdAt: Date
  updatedAt: Date
}

export type ReferralMark = Omit<ReferralRecord, 'taskId' | 'createdAt' | 'updatedAt'> & { taskId?: string }

interface Row {
  facility: string
  referral_event: string
  enrollment: string
  tracked_entity: string
  child_code: string
  state: ReferralState
  task_id: string | null
  created_at: Date
  updated_at: Date
}

const toRecord = (r: Row): ReferralRecord => ({
  facility: r.facility, referralEvent: r.referral_event, enrollment: r.enrollment, trackedEntity: r.tracked_entity,
  childCode: r.child_code, state: r.state, taskId: r.task_id, createdAt: r.created_at, updatedAt: r.updated_at,
})

export async function markReferral(ctx: Ctx, m: ReferralMark): Promise<void> {
  await ctx.q.query(
    `insert into ${ctx.s}.referrals (facility, referral_event, enrollment, tracked_entity, child_code, state, task_id)
     values ($1, $2, $3, $4, $5, $6, $7)
     on conflict (facility, referral_event) do update
        set state = excluded.state, task_id = coalesce(excluded.task_id, ${ctx.s}.referrals.task_id), updated_at = now()
      where ${ctx.s}.referrals.state is distinct from excluded.state
         or (excluded.task_id is not null and ${ctx.s}.referrals.task_id is distinct from excluded.task_id)`,
    [m.facility, m.referralEvent, m.enrollment, m.trackedEntity, m.childCode, m.state, m.taskId ?? null],
  )
}

export async function getReferral(ctx: Ctx, facility: string, referralEvent: string): Promise<ReferralRecord | null> {
  const { rows } = await ctx.q.query<Row>(`select * from ${ctx.s}.referrals where facility = $1 and referral_event = $2`, [facility, referralEvent])
  return rows[0] ? toRecord(rows[0]) : null
}

/** The records of these referral events, all facilities, in one query (a page of DHIS2 events at a time). */
export async function referralsOfEvents(ctx: Ctx, referralEvents: readonly string[]): Promise<ReferralRecord[]> {
  if (referralEvents.length === 0) return []
  const { rows } = await ctx.q.query<Row>(`select * from ${ctx.s}.referrals where referral_event = any($1::text[])`, [referralEvents])
  return rows.map(toRecord)
}

/** Every facility a referral event went to (normally one). */
export async function referralsOfEvent(ctx: Ctx, referralEvent: string): Promise<ReferralRecord[]> {
  const { rows } = await ctx.q.query<Row>(`select * from ${ctx.s}.referrals where referral_event = $1 order by facility`, [referralEvent])
  return rows.map(toRecord)
}

/** The latest referral to a facility for a child (by child code), for encounters that name no referral. */
export async function latestReferralForChild(ctx: Ctx, facility: string, childCode: string): Promise<ReferralRecord | null> {
  const { rows } = await ctx.q.query<Row>(
    `select * from ${ctx.s}.referrals where facility = $1 and child_code = $2 and state in ('queued', 'sent') order by created_at desc limit 1`,
    [facility, childCode],
  )
  return rows[0] ? toRecord(rows[0]) : null
}
