/** `status()`: what `cpcm status` and the readiness endpoint show. Counts only, no payloads. */
import type { Ctx } from './context'
import { listCursors } from './cursors'
import { OUTBOX_STATUSES, type OutboxStatus, type StoreStatus } from './types'

export async function storeStatus(ctx: Ctx, backend: string, schema: string): Promise<StoreStatus> {
  const counts = await ctx.q.query<{ status: OutboxStatus; n: number }>(
    `select status, count(*)::int as n from ${ctx.s}.outbox group by status`,
  )
  const { rows } = await ctx.q.query<{ age: number | null; dead: number; migration: number | null }>(
    `select (select extract(epoch from now() - min(created_at))::float8 from ${ctx.s}.outbox where status = 'pending') as age,
            (select count(*)::int from ${ctx.s}.dead_letters where not superseded) as dead,
            (select max(id) from ${ctx.s}.migrations) as migration`,
  )
  const outbox = Object.fromEntries(OUTBOX_STATUSES.map((s) => [s, 0])) as Record<OutboxStatus, number>
  for (const row of counts.rows) outbox[row.status] = row.n
  const row = rows[0]
  return {
    backend,
    schema,
    migration: row?.migration ?? 0,
    cursors: await listCursors(ctx),
    outbox,
    oldestPendingAgeSeconds: row?.age ?? null,
    deadLetters: row?.dead ?? 0,
  }
}
