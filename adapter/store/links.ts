/**
 * Identifier links across systems: our id (a DHIS2 UID) <-> theirs (a Primero id), per
 * system and kind, unique both ways. Putting the same link again is a no-op; a link that
 * contradicts a stored one is a StoreConflictError (two records would be merged silently otherwise).
 */
import type { Ctx } from './context'
import { StoreConflictError } from './errors'
import type { Link, LinkRef } from './types'

interface LinkRow {
  system: string
  kind: string
  local_id: string
  remote_id: string
}

const toLink = (r: LinkRow): Link => ({ system: r.system, kind: r.kind, localId: r.local_id, remoteId: r.remote_id })

export async function putLink(ctx: Ctx, link: Link): Promise<'inserted' | 'unchanged'> {
  const inserted = await ctx.q.query(
    `insert into ${ctx.s}.links (system, kind, local_id, remote_id) values ($1, $2, $3, $4) on conflict do nothing`,
    [link.system, link.kind, link.localId, link.remoteId],
  )
  if (inserted.rowCount === 1) return 'inserted'
  const { rows } = await ctx.q.query<LinkRow>(
    `select * from ${ctx.s}.links where system = $1 and kind = $2 and (local_id = $3 or remote_id = $4)`,
    [link.system, link.kind, link.localId, link.remoteId],
  )
  const existing = rows.map(toLink)
  if (existing.some((l) => l.localId === link.localId && l.remoteId === link.remoteId)) return 'unchanged'
  const clash = existing[0]
  const what = clash?.localId === link.localId ? `${link.localId} is already linked to ${clash.remoteId}` : `${link.remoteId} is already linked to ${clash?.localId}`
  throw new StoreConflictError(`link ${link.system} ${link.kind}: ${what}`)
}

export async function getLink(ctx: Ctx, ref: LinkRef): Promise<Link | null> {
  const byLocal = 'localId' in ref
  const { rows } = await ctx.q.query<LinkRow>(
    `select * from ${ctx.s}.links where system = $1 and kind = $2 and ${byLocal ? 'local_id' : 'remote_id'} = $3`,
    [ref.system, ref.kind, byLocal ? ref.localId : ref.remoteId],
  )
  return rows[0] ? toLink(rows[0]) : null
}
