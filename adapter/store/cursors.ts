/**
 * Sync cursors: name -> value (an ISO timestamp, a page token). Move a cursor in the same
 * transaction as the enqueue of the work it covers, so it never runs ahead of the outbox:
 *
 *   await store.transaction(async (tx) => {
 *     await tx.enqueue(items)
 *     await tx.cursors.set('dhis2.referrals', page.lastUpdated)
 *   })
 */
import type { Ctx } from './context'
import type { Cursor } from './types'

export async function getCursor(ctx: Ctx, name: string): Promise<string | null> {
  const { rows } = await ctx.q.query<{ value: string }>(`select value from ${ctx.s}.cursors where name = $1`, [name])
  return rows[0]?.value ?? null
}

export async function setCursor(ctx: Ctx, name: string, value: string): Promise<void> {
  await ctx.q.query(
    `insert into ${ctx.s}.cursors (name, value) values ($1, $2)
     on conflict (name) do update set value = excluded.value, updated_at = now()`,
    [name, value],
  )
}

export async function listCursors(ctx: Ctx): Promise<Cursor[]> {
  const { rows } = await ctx.q.query<{ name: string; value: string; updated_at: Date }>(
    `select name, value, updated_at from ${ctx.s}.cursors order by name`,
  )
  return rows.map((r) => ({ name: r.name, value: r.value, updatedAt: r.updated_at }))
}
