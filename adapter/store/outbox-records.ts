/**
 * Looking at the outbox: one item, its attempts, dead letters (list and retry). Dead letters
 * are listed without payloads so that `cpcm dead-letters` never prints a child's data.
 */
import { OUTBOX_COLUMNS, toRecord, type Ctx, type OutboxRow } from './context'
import { clip } from './sql'
import type { Attempt, AttemptInput, DeadLetter, OutboxRecord } from './types'

export async function getItem(ctx: Ctx, id: number): Promise<OutboxRecord | null> {
  const { rows } = await ctx.q.query<OutboxRow>(`select ${OUTBOX_COLUMNS} from ${ctx.s}.outbox where id = $1`, [id])
  return rows[0] ? toRecord(rows[0]) : null
}

/** Who holds leases now: a restarted process returns those of local processes that died. */
export async function listLeaseOwners(ctx: Ctx): Promise<string[]> {
  const { rows } = await ctx.q.query<{ lease_owner: string }>(`select distinct lease_owner from ${ctx.s}.outbox where status = 'in_flight' order by lease_owner`)
  return rows.map((r) => r.lease_owner)
}

/** complete/fail/claim record their attempts themselves; this is for anything else (e.g. a lost lease noticed by a worker). */
export async function recordAttempt(ctx: Ctx, a: AttemptInput): Promise<void> {
  await ctx.q.query(
    `insert into ${ctx.s}.attempts (outbox_id, owner, started_at, finished_at, outcome, http_status, error_message)
     values ($1, $2, $3, coalesce($4, now()), $5, $6, $7)`,
    [a.outboxId, a.owner ?? null, a.startedAt, a.finishedAt ?? null, a.outcome, a.httpStatus ?? null, a.error === undefined ? null : clip(a.error)],
  )
}

interface AttemptRow {
  id: string | number
  outbox_id: string | number
  owner: string | null
  started_at: Date
  finished_at: Date
  outcome: Attempt['outcome']
  http_status: number | null
  error_message: string | null
}

export async function listAttempts(ctx: Ctx, outboxId: number): Promise<Attempt[]> {
  const { rows } = await ctx.q.query<AttemptRow>(`select * from ${ctx.s}.attempts where outbox_id = $1 order by id`, [outboxId])
  return rows.map((r) => ({
    id: Number(r.id),
    outboxId: Number(r.outbox_id),
    owner: r.owner,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    outcome: r.outcome,
    httpStatus: r.http_status,
    error: r.error_message,
  }))
}

interface DeadRow {
  id: string | number
  idempotency_key: string
  version: number
  kind: string
  target: string
  attempts: number
  dead_reason: string
  last_error: string | null
  last_http_status: number | null
  created_at: Date
  died_at: Date
  superseded: boolean
}

export interface DeadLetterFilter {
  target?: string
  limit?: number
}

/** Most recent first. */
export async function listDeadLetters(ctx: Ctx, filter: DeadLetterFilter = {}): Promise<DeadLetter[]> {
  const { rows } = await ctx.q.query<DeadRow>(
    `select * from ${ctx.s}.dead_letters where ($1::text is null or target = $1) order by died_at desc, id desc limit $2`,
    [filter.target ?? null, filter.limit ?? 100],
  )
  return rows.map((r) => ({
    id: Number(r.id),
    key: r.idempotency_key,
    version: r.version,
    kind: r.kind,
    target: r.target,
    attempts: r.attempts,
    reason: r.dead_reason,
    lastError: r.last_error,
    lastHttpStatus: r.last_http_status,
    createdAt: r.created_at,
    diedAt: r.died_at,
    superseded: r.superseded,
  }))
}

/**
 * Back to pending with a fresh attempt budget. Superseded dead letters (a newer version of
 * the key exists) are left alone: sending them would overwrite newer data. Returns the ids revived.
 */
export async function retryDeadLetters(ctx: Ctx, ids: readonly number[] | 'all'): Promise<number[]> {
  const { rows } = await ctx.q.query<{ id: string | number }>(
    `update ${ctx.s}.outbox o
        set status = 'pending', attempts = 0, next_attempt_at = now(), dead_reason = null, updated_at = now()
      where o.status = 'dead' and ($1::bigint[] is null or o.id = any($1::bigint[]))
        and not exists (select 1 from ${ctx.s}.outbox n where n.idempotency_key = o.idempotency_key and n.version > o.version)
      returning o.id`,
    [ids === 'all' ? null : [...ids]],
  )
  return rows.map((r) => Number(r.id)).sort((a, b) => a - b)
}
