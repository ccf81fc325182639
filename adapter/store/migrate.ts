/**
 * Runs the numbered migrations, each in its own transaction. Every transaction first takes a
 * transaction-scoped advisory lock named after the schema, so two processes migrating at once
 * take turns: the second finds the work done. Locks are per schema, so tests isolated in
 * their own schemas do not wait for each other.
 */
import type { Driver, Queryable } from './driver/types'
import { MigrationError } from './errors'
import { MIGRATIONS, type Migration } from './migrations'
import { quoteSchema, withSchema } from './sql'

export interface MigrateResult {
  /** Ids applied by this call (empty when the schema was up to date). */
  applied: number[]
  /** The schema's migration number afterwards. */
  current: number
}

interface Applied {
  id: number
  name: string
  checksum: string
}

async function lockAndBootstrap(tx: Queryable, schema: string): Promise<Applied[]> {
  const s = quoteSchema(schema)
  await tx.query('select pg_advisory_xact_lock(hashtext($1))', [`cpcm.migrate:${schema}`])
  // Look before creating: CREATE SCHEMA IF NOT EXISTS still demands the CREATE privilege on
  // the database, which a least-privilege runtime role does not have.
  const { rows } = await tx.query<{ table: string | null }>('select to_regclass($1) as table', [`${s}.migrations`])
  if (!rows[0]?.table) {
    await tx.exec(`
      create schema if not exists ${s};
      create table ${s}.migrations (
        id integer primary key,
        name text not null,
        checksum text not null,
        applied_at timestamptz not null default now()
      );`)
  }
  const applied = await tx.query<Applied>(`select id, name, checksum from ${s}.migrations order by id`)
  return applied.rows
}

function check(applied: Applied[], known: readonly Migration[], schema: string): void {
  const newest = applied.at(-1)
  if (newest && newest.id > known.length) {
    throw new MigrationError(
      `schema ${schema} is at migration ${newest.id} (${newest.name}) but this cpcm knows only up to ${known.length}: upgrade cpcm`,
    )
  }
  for (const row of applied) {
    const m = known[row.id - 1]
    if (m && m.checksum !== row.checksum) {
      throw new MigrationError(`migration ${m.id} (${m.name}) was edited after it was applied to schema ${schema}: add a new migration instead`)
    }
  }
}

export async function migrate(driver: Driver, schema: string, known: readonly Migration[] = MIGRATIONS): Promise<MigrateResult> {
  const s = quoteSchema(schema)
  const before = await driver.transaction((tx) => lockAndBootstrap(tx, schema))
  check(before, known, schema)
  const done = new Set(before.map((r) => r.id))
  const applied: number[] = []
  for (const m of known) {
    if (done.has(m.id)) continue
    const ran = await driver.transaction(async (tx) => {
      const now = await lockAndBootstrap(tx, schema) // another process may have run it meanwhile
      if (now.some((r) => r.id === m.id)) return false
      await tx.exec(withSchema(m.sql, s))
      await tx.query(`insert into ${s}.migrations (id, name, checksum) values ($1, $2, $3)`, [m.id, m.name, m.checksum])
      return true
    })
    if (ran) applied.push(m.id)
  }
  return { applied, current: known.length }
}
