/**
 * `enqueue`: idempotent on the key. Decided semantics, per key, against its latest version:
 *
 * | latest version                  | same kind/target/payload | changed                                  |
 * |---------------------------------|--------------------------|------------------------------------------|
 * | none                            | -                        | inserted (version 1)                     |
 * | pending (nobody started it)     | unchanged (no-op)        | replaced in place                        |
 * | in_flight, done or dead         | unchanged (no-op)        | new_version: version n+1, pending        |
 *
 * So a re-run of a pipeline over the same page changes nothing; an edit made in DHIS2 after a
 * referral was sent produces a second delivery; and an edit while the first is still queued
 * just updates what will be sent. Claims deliver versions of one key in order: a newer
 * version waits while an older one is pending or in flight (so a slow old delivery can not
 * overwrite a newer one). Payloads compare as jsonb (key order and spacing do not matter).
 *
 * One statement per batch (up to 1000 items). Two processes inserting the same new key at
 * once: one wins, the other's row conflicts and its item is evaluated again.
 */
import type { Ctx } from './context'
import { StoreError } from './errors'
import type { EnqueueOutcome, EnqueueResult, OutboxInput } from './types'

const CHUNK = 1000
const MAX_ROUNDS = 3

function statement(s: string): string {
  return `
with input as (
  select i.n, i.key, i.kind, i.target, i.payload
    from jsonb_to_recordset($1::jsonb) as i(n int, key text, kind text, target text, payload jsonb)
),
latest as (
  select o.id, o.idempotency_key, o.version, o.status, o.kind, o.target, o.payload
    from ${s}.outbox o
    join input i on i.key = o.idempotency_key
   where o.version = (select max(x.version) from ${s}.outbox x where x.idempotency_key = o.idempotency_key)
     for update of o
),
compared as (
  select i.*, l.id as latest_id, l.version as latest_version, l.status as latest_status,
         (l.id is not null and l.kind = i.kind and l.target = i.target and l.payload = i.payload) as same
    from input i left join latest l on l.idempotency_key = i.key
),
replaced as (
  update ${s}.outbox o
     set payload = c.payload, kind = c.kind, target = c.target, updated_at = now()
    from compared c
   where o.id = c.latest_id and c.latest_status = 'pending' and not c.same
  returning o.id, o.version, c.n
),
inserted as (
  insert into ${s}.outbox (idempotency_key, version, kind, target, payload)
  select c.key, coalesce(c.latest_version, 0) + 1, c.kind, c.target, c.payload
    from compared c
   where c.latest_id is null or (c.latest_status <> 'pending' and not c.same)
   order by c.n
  on conflict (idempotency_key, version) do nothing
  returning id, idempotency_key, version
)
select c.n,
       case when r.id is not null then 'replaced'
            when ins.id is not null then case when c.latest_id is null then 'inserted' else 'new_version' end
            when c.same then 'unchanged'
            else 'conflict' end as outcome,
       coalesce(r.id, ins.id, c.latest_id) as id,
       coalesce(r.version, ins.version, c.latest_version) as version
  from compared c
  left join replaced r on r.n = c.n
  left join inserted ins on ins.idempotency_key = c.key
 order by c.n`
}

interface ResultRow {
  n: number
  outcome: EnqueueOutcome | 'conflict'
  id: string | number
  version: number
}

function check(item: OutboxInput): void {
  for (const field of ['key', 'kind', 'target'] as const) {
    if (typeof item[field] !== 'string' || item[field] === '') throw new StoreError(`enqueue: every item needs a non-empty ${field}`)
  }
  if (item.payload === undefined || typeof item.payload === 'function') {
    throw new StoreError(`enqueue: item ${item.key} has no JSON payload`)
  }
}

/** Items with the same key in one call: the last one wins (as if enqueued one after another). */
export async function enqueue(ctx: Ctx, items: readonly OutboxInput[]): Promise<EnqueueResult[]> {
  const byKey = new Map<string, OutboxInput>()
  for (const item of items) {
    check(item)
    byKey.set(item.key, item)
  }
  const unique = [...byKey.values()]
  const results: EnqueueResult[] = []
  for (let start = 0; start < unique.length; start += CHUNK) {
    results.push(...(await enqueueChunk(ctx, unique.slice(start, start + CHUNK))))
  }
  return results
}

async function enqueueChunk(ctx: Ctx, chunk: OutboxInput[]): Promise<EnqueueResult[]> {
  const done = new Map<string, EnqueueResult>()
  let todo = chunk
  for (let round = 0; todo.length > 0; round++) {
    if (round === MAX_ROUNDS) throw new StoreError(`enqueue: keys kept conflicting with concurrent writers: ${todo.map((i) => i.key).join(', ')}`)
    const input = todo.map((item, n) => ({ n, key: item.key, kind: item.kind, target: item.target, payload: item.payload }))
    const { rows } = await ctx.q.query<ResultRow>(statement(ctx.s), [JSON.stringify(input)])
    const again: OutboxInput[] = []
    for (const row of rows) {
      const item = todo[row.n] as OutboxInput
      if (row.outcome === 'conflict') again.push(item)
      else done.set(item.key, { key: item.key, id: Number(row.id), version: row.version, outcome: row.outcome })
    }
    todo = again
  }
  return chunk.map((item) => done.get(item.key) as EnqueueResult)
}
