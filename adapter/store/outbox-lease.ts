/**
 * Leasing work: claim, complete, fail, release. After graphile/worker's getJobs/failJobs:
 * one statement claims with `FOR UPDATE SKIP LOCKED` and sets the lease and attempt count,
 * completion and failure are guarded by the lease owner, and the backoff is computed in SQL
 * from the attempt count. Times are the database's clock (`now()`), never a worker's.
 *
 * A worker that dies leaves its items in flight; when their lease expires they are claimed
 * again (the expiry is recorded as an attempt), or dead-lettered once `maxAttempts` is
 * spent, so an item that crashes its worker every time cannot stall the queue forever.
 */
import { randomUUID } from 'node:crypto'
import { hostname } from 'node:os'
import { OUTBOX_COLUMNS, toItem, type Ctx, type OutboxRow } from './context'
import { StoreError } from './errors'
import { clip } from './sql'
import type { CompleteResult, Failure, FailResult, OutboxItem } from './types'

/** A lease owner name that is unique per process and run: `host:pid:random`. */
export function newOwnerId(): string {
  return `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`
}

function claimStatement(s: string): string {
  const o = OUTBOX_COLUMNS.split(', ').map((c) => `o.${c}`).join(', ')
  return `
with dying as (
  select id, lease_owner, claimed_at from ${s}.outbox
   where status = 'in_flight' and lease_expires_at <= now() and attempts >= $4
     for update skip locked
),
died as (
  update ${s}.outbox o
     set status = 'dead', dead_reason = 'lease expired on attempt ' || o.attempts || ' of ' || $4::int || ' (the worker stopped or timed out)',
         lease_owner = null, lease_expires_at = null, updated_at = now()
    from dying d where o.id = d.id
  returning o.id, d.lease_owner, d.claimed_at
),
died_attempts as (
  insert into ${s}.attempts (outbox_id, owner, started_at, outcome, error_message)
  select id, lease_owner, claimed_at, 'lease_expired', 'lease expired; dead-lettered' from died
),
picked as (
  select o.id, o.status as was_status, o.lease_owner as was_owner, o.claimed_at as was_claimed_at
    from ${s}.outbox o
   where ((o.status = 'pending' and o.next_attempt_at <= now())
       or (o.status = 'in_flight' and o.lease_expires_at <= now() and o.attempts < $4))
     and ($5::text[] is null or o.kind = any($5::text[]))
     and not exists (select 1 from ${s}.outbox older
                      where older.idempotency_key = o.idempotency_key and older.version < o.version
                        and older.status in ('pending', 'in_flight'))
   order by o.next_attempt_at, o.id
   limit $1
     for update of o skip locked
),
claimed as (
  update ${s}.outbox o
     set status = 'in_flight', attempts = o.attempts + 1, lease_owner = $2,
         lease_expires_at = now() + make_interval(secs => $3::float8), claimed_at = now(), updated_at = now()
    from picked p where o.id = p.id
  returning ${o}, p.was_status, p.was_owner, p.was_claimed_at
),
lost_attempts as (
  insert into ${s}.attempts (outbox_id, owner, started_at, outcome, error_message)
  select id, was_owner, was_claimed_at, 'lease_expired', 'lease expired; claimed again' from claimed where was_status = 'in_flight'
)
select * from claimed order by next_attempt_at, id`
}

/**
 * Up to `limit` items due now, leased to `owner` for `leaseSeconds` (default: the policy's); with
 * `kinds`, only items of those kinds (expired leases of any kind are still dead-lettered when spent).
 */
export async function claim(ctx: Ctx, limit: number, owner: string, leaseSeconds = ctx.policy.leaseSeconds, kinds?: readonly string[]): Promise<OutboxItem[]> {
  if (!owner) throw new StoreError('claim: an owner is required')
  if (!(leaseSeconds > 0)) throw new StoreError('claim: leaseSeconds must be positive')
  const { rows } = await ctx.q.query<OutboxRow>(claimStatement(ctx.s), [limit, owner, leaseSeconds, ctx.policy.maxAttempts, kinds ? [...kinds] : null])
  return rows.map(toItem)
}

export async function complete(ctx: Ctx, id: number, owner: string, httpStatus?: number): Promise<CompleteResult> {
  const { rows } = await ctx.q.query<{ n: number }>(
    `with done as (
       update ${ctx.s}.outbox set status = 'done', lease_owner = null, lease_expires_at = null, last_error = null,
              last_http_status = $3, updated_at = now()
        where id = $1 and lease_owner = $2 and status = 'in_flight'
       returning id, claimed_at
     ), attempt as (
       insert into ${ctx.s}.attempts (outbox_id, owner, started_at, outcome, http_status)
       select id, $2, claimed_at, 'done', $3 from done
     )
     select count(*)::int as n from done`,
    [id, owner, httpStatus ?? null],
  )
  return rows[0]?.n === 1 ? 'done' : 'lease_lost'
}

/**
 * Retry after base * 2^(attempts-1) ms (capped at max, times a jitter factor), or dead-letter
 * when not retryable or when this was attempt `maxAttempts`.
 */
export async function fail(ctx: Ctx, id: number, owner: string, failure: Failure): Promise<FailResult> {
  const { baseMs, maxMs } = ctx.policy.backoff
  const factor = 1 - ctx.policy.jitter + ctx.policy.jitter * ctx.random()
  const error = clip(failure.error)
  const { rows } = await ctx.q.query<{ status: string; attempts: number; next_attempt_at: Date; dead_reason: string | null }>(
    `with f as (
       select id, attempts, claimed_at,
              case when not $4::boolean then 'not retryable: ' || $3::text
                   when attempts >= $5::int then 'gave up after ' || attempts || ' attempts: ' || $3::text end as reason
         from ${ctx.s}.outbox
        where id = $1 and lease_owner = $2 and status = 'in_flight'
          for update
     ), updated as (
       update ${ctx.s}.outbox o
          set status = case when f.reason is null then 'pending' else 'dead' end,
              next_attempt_at = case when f.reason is null
                then now() + least($7::float8, $6::float8 * power(2, least(f.attempts, 40) - 1)) * $8::float8 * interval '1 millisecond'
                else o.next_attempt_at end,
              dead_reason = f.reason, last_error = $3, last_http_status = $9,
              lease_owner = null, lease_expires_at = null, updated_at = now()
         from f where o.id = f.id
       returning o.status, o.attempts, o.next_attempt_at, o.dead_reason, f.claimed_at
     ), attempt as (
       insert into ${ctx.s}.attempts (outbox_id, owner, started_at, outcome, http_status, error_message)
       select $1, $2, coalesce($10::timestamptz, claimed_at), case when status = 'dead' then 'dead' else 'retry' end, $9, $3 from updated
     )
     select status, attempts, next_attempt_at, dead_reason from updated`,
    [id, owner, error, failure.retryable, ctx.policy.maxAttempts, baseMs, maxMs, factor, failure.httpStatus ?? null, failure.startedAt ?? null],
  )
  const row = rows[0]
  if (!row) return { outcome: 'lease_lost' }
  return row.status === 'dead'
    ? { outcome: 'dead', attempts: row.attempts, reason: row.dead_reason as string }
    : { outcome: 'retry', attempts: row.attempts, nextAttemptAt: row.next_attempt_at }
}

/**
 * Graceful shutdown: give back what `owner` claimed but has not attempted (all of it, or
 * just `ids`). The claim is not counted as an attempt. Returns how many were released.
 */
export async function release(ctx: Ctx, owner: string, ids?: readonly number[]): Promise<number> {
  const { rowCount } = await ctx.q.query(
    `update ${ctx.s}.outbox
        set status = 'pending', lease_owner = null, lease_expires_at = null, claimed_at = null,
            attempts = greatest(attempts - 1, 0), updated_at = now()
      where status = 'in_flight' and lease_owner = $1 and ($2::bigint[] is null or id = any($2::bigint[]))`,
    [owner, ids ? [...ids] : null],
  )
  return rowCount
}
