/**
 * PostgreSQL through a `pg` Pool: several adapter processes may share one database and
 * split the outbox with row locks (SKIP LOCKED). Opening checks the connection at once, so a
 * wrong DATABASE_URL fails at start-up with one line and never prints the password.
 */
import { Pool, type PoolClient } from 'pg'
import { StoreOpenError, connectionFailureReason, scrub } from '../errors'
import { assertOutsideTransaction, insideTransaction } from './guard'
import type { Driver, Queryable, QueryResult } from './types'

export interface PostgresOptions {
  /** Connections in the pool; default 10. */
  max?: number
  connectTimeoutMs?: number
}

/** `host:port` of a connection string, for messages (no user, no password). */
export function postgresAddress(url: string): { address: string; database: string; password: string | undefined } {
  try {
    const u = new URL(url)
    const host = u.searchParams.get('host') ?? (u.hostname || 'localhost')
    return {
      address: `${host}:${u.port || '5432'}`,
      database: decodeURIComponent(u.pathname.replace(/^\//, '')) || '(default database)',
      password: u.password ? decodeURIComponent(u.password) : undefined,
    }
  } catch {
    return { address: '(unparseable DATABASE_URL)', database: '', password: undefined }
  }
}

function queryable(client: Pool | PoolClient): Queryable {
  return {
    async query<R>(sql: string, params: readonly unknown[] = []): Promise<QueryResult<R>> {
      const result = await client.query(sql, params as unknown[])
      return { rows: result.rows as R[], rowCount: result.rowCount ?? result.rows.length }
    },
    async exec(sql: string): Promise<void> {
      await client.query(sql) // no parameters: the simple protocol accepts several statements
    },
  }
}

export async function openPostgres(url: string, options: PostgresOptions = {}): Promise<Driver> {
  const { address, database, password } = postgresAddress(url)
  const pool = new Pool({
    connectionString: url,
    max: options.max ?? 10,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 10_000,
    idleTimeoutMillis: 30_000,
    application_name: 'cpcm',
  })
  // An idle client losing its connection emits 'error' on the pool; unhandled, it would
  // crash the process. The next query reports the problem instead.
  pool.on('error', () => undefined)
  try {
    await pool.query('select 1')
  } catch (error) {
    await pool.end().catch(() => undefined)
    throw new StoreOpenError(scrub(`cannot connect to PostgreSQL at ${address}: ${connectionFailureReason(error)}`, [password]))
  }

  const direct = queryable(pool)
  const owner = {}
  return {
    kind: 'postgres',
    description: `PostgreSQL at ${address}/${database}`,
    async query<R>(sql: string, params?: readonly unknown[]) {
      assertOutsideTransaction(owner)
      return direct.query<R>(sql, params)
    },
    async exec(sql: string) {
      assertOutsideTransaction(owner)
      return direct.exec(sql)
    },
    async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
      assertOutsideTransaction(owner)
      const client = await pool.connect()
      let broken: Error | undefined
      try {
        await client.query('begin')
        const result = await insideTransaction(owner, () => fn(queryable(client)))
        await client.query('commit')
        return result
      } catch (error) {
        await client.query('rollback').catch((rollbackError: Error) => {
          broken = rollbackError // the connection is unusable: destroy it rather than reuse it
        })
        throw error
      } finally {
        client.release(broken)
      }
    },
    async close(): Promise<void> {
      await pool.end()
    },
  }
}
