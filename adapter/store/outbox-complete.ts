/**
 * `completeMany`: the items of a claim that were delivered, marked done in one statement, each with
 * what its delivery leaves behind: its attempt row, its disclosure records and the referral states
 * it established. Per item it is exactly `complete` + the disclosures in the same transaction, so
 * the guarantees do not change; only the number of round trips does (one per group of items rather
 * than four to six per item).
 *
 * - Guarded by the lease like `complete`: an item no longer in flight under `owner` is `lease_lost`;
 *   its disclosures are not logged (whoever completes it logs them), its attempt is recorded as
 *   `lease_lost`.
 * - A crash before the statement commits leaves every item of the group in flight: the lease
 *   expires, they are delivered again (conditional writes: no effect twice) and completed then,
 *   with their disclosures logged once, by that completion.
 * - Referral marks are facts about the facility (it has the bundle), so they are written with the
 *   completion and also when the lease was lost, unless the item is done (its completer wrote them)
 *   or a newer version of its key exists (a later decision, e.g. a cancellation, has moved on).
 *
 * Disclosures are checked first (codes only): one that is not refuses the whole call with a
 * StoreError naming the field, before anything is written.
 */
import type { Ctx } from './context'
import { checkDisclosure } from './disclosures'
import { StoreError } from './errors'
import type { CompleteResult, Completion } from './types'

const CHUNK = 500

function statement(s: string): string {
  return `
with input as (
  select i.n, i.id, i.http_status, i.started_at
    from jsonb_to_recordset($2::jsonb) as i(n int, id bigint, http_status int, started_at timestamptz)
),
done as (
  update ${s}.outbox o
     set status = 'done', lease_owner = null, lease_expires_at = null, last_error = null,
         last_http_status = i.http_status, updated_at = now()
    from input i
   where o.id = i.id and o.lease_owner = $1 and o.status = 'in_flight'
  returning o.id, o.claimed_at
),
attempt as (
  insert into ${s}.attempts (outbox_id, owner, started_at, outcome, http_status)
  select i.id, $1, coalesce(i.started_at, d.claimed_at, now()), case when d.id is null then 'lease_lost' else 'done' end, i.http_status
    from input i
    left join done d on d.id = i.id
   where exists (select 1 from ${s}.outbox x where x.id = i.id)
   order by i.n
),
disclosed as (
  insert into ${s}.disclosures (recipient, resource_types, child_code, case_uid, consent_ref, purpose, outbox_id, disclosed_at)
  select x.recipient, x.resource_types, x.child_code, x.case_uid, x.consent_ref, x.purpose, x.outbox_id, coalesce(x.disclosed_at, now())
    from jsonb_to_recordset($3::jsonb) as x(n int, recipient text, resource_types text[], child_code text, case_uid text,
                                           consent_ref text, purpose text, outbox_id bigint, disclosed_at timestamptz)
    join done d on d.id = x.outbox_id
   order by x.n
),
marks as (
  select distinct on (m.facility, m.referral_event) m.*
    from jsonb_to_recordset($4::jsonb) as m(n int, outbox_id bigint, facility text, referral_event text, enrollment text,
                                           tracked_entity text, child_code text, state text, task_id text)
    join ${s}.outbox o on o.id = m.outbox_id
   where exists (select 1 from done d where d.id = m.outbox_id)
      or (o.status <> 'done'
          and not exists (select 1 from ${s}.outbox newer where newer.idempotency_key = o.idempotency_key and newer.version > o.version))
   order by m.facility, m.referral_event, m.n desc
),
marked as (
  insert into ${s}.referrals (facility, referral_event, enrollment, tracked_entity, child_code, state, task_id)
  select facility, referral_event, enrollment, tracked_entity, child_code, state, task_id from marks
  on conflict (facility, referral_event) do update
     set state = excluded.state, task_id = coalesce(excluded.task_id, ${s}.referrals.task_id), updated_at = now()
   where ${s}.referrals.state is distinct from excluded.state
      or (excluded.task_id is not null and ${s}.referrals.task_id is distinct from excluded.task_id)
)
select i.n, exists (select 1 from done d where d.id = i.id) as done
  from input i
 order by i.n`
}

/** Marks delivered items done (see above). Results in the order given. */
export async function completeMany(ctx: Ctx, owner: string, completions: readonly Completion[]): Promise<CompleteResult[]> {
  if (!owner) throw new StoreError('completeMany: an owner is required')
  const ids = new Set<number>()
  for (const c of completions) {
    if (!Number.isInteger(c.id) || c.id <= 0) throw new StoreError('completeMany: every completion needs an outbox id')
    if (ids.has(c.id)) throw new StoreError(`completeMany: outbox item ${c.id} is given twice`)
    ids.add(c.id)
    for (const d of c.disclosures ?? []) checkDisclosure({ ...d, outboxId: c.id })
  }
  const results: CompleteResult[] = []
  for (let start = 0; start < completions.length; start += CHUNK) {
    results.push(...(await completeChunk(ctx, owner, completions.slice(start, start + CHUNK))))
  }
  return results
}

async function completeChunk(ctx: Ctx, owner: string, chunk: readonly Completion[]): Promise<CompleteResult[]> {
  const input = chunk.map((c, n) => ({ n, id: c.id, http_status: c.httpStatus ?? null, started_at: c.startedAt?.toISOString() ?? null }))
  const disclosures = chunk.flatMap((c) => (c.disclosures ?? []).map((d) => ({
    recipient: d.recipient, resource_types: d.resourceTypes, child_code: d.childCode, case_uid: d.caseUid ?? null, consent_ref: d.consentRef,
    purpose: d.purpose, outbox_id: c.id, disclosed_at: d.at?.toISOString() ?? null,
  }))).map((d, n) => ({ n, ...d }))
  const marks = chunk.flatMap((c) => (c.referrals ?? []).map((m) => ({
    outbox_id: c.id, facility: m.facility, referral_event: m.referralEvent, enrollment: m.enrollment, tracked_entity: m.trackedEntity,
    child_code: m.childCode, state: m.state, task_id: m.taskId ?? null,
  }))).map((m, n) => ({ n, ...m }))
  const { rows } = await ctx.q.query<{ n: number; done: boolean }>(statement(ctx.s), [
    owner, JSON.stringify(input), JSON.stringify(disclosures), JSON.stringify(marks),
  ])
  const results: CompleteResult[] = chunk.map(() => 'lease_lost')
  for (const row of rows) results[row.n] = row.done ? 'done' : 'lease_lost'
  return results
}
