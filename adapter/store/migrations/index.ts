/** The numbered migrations, in order. Append only; never renumber or edit an applied one. */
import { createHash } from 'node:crypto'
import initial from './001_initial'
import referrals from './002_referrals'
import primero from './003_primero'
import primeroTransfers from './004_primero_transfers'

export interface Migration {
  id: number
  name: string
  /** SQL with `:SCHEMA` where the quoted schema name goes; several statements allowed. */
  sql: string
  /** sha256 of `sql`, stored when applied, so an edited migration is noticed. */
  checksum: string
}

const migration = (id: number, name: string, sql: string): Migration => ({
  id,
  name,
  sql,
  checksum: createHash('sha256').update(sql).digest('hex'),
})

export const MIGRATIONS: readonly Migration[] = [migration(1, 'initial', initial), migration(2, 'referrals', referrals), migration(3, 'primero', primero), migration(4, 'primero_transfers', primeroTransfers)]

MIGRATIONS.forEach((m, i) => {
  if (m.id !== i + 1) throw new Error(`migration ${m.name} is numbered ${m.id}, expected ${i + 1}`)
})
