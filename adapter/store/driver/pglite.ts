/**
 * PGlite: PostgreSQL compiled to WebAssembly, the default when DATABASE_URL is not set, so a
 * fresh machine needs no database server. One connection: transactions are serialised, and
 * `FOR UPDATE SKIP LOCKED` is accepted but has nothing to skip. In a folder (kept between
 * runs) or in memory (tests). Close it, or the process will not exit.
 */
import { PGlite } from '@electric-sql/pglite'
import { StoreOpenError } from '../errors'
import { dataFolderVersion, prepareDataFolder, type FolderLock } from './data-folder'
import { assertOutsideTransaction, insideTransaction } from './guard'
import type { Driver, Queryable, QueryResult } from './types'

interface PgliteLike {
  query<R>(sql: string, params?: unknown[]): Promise<{ rows: R[]; affectedRows?: number }>
  exec(sql: string): Promise<unknown>
}

function queryable(db: PgliteLike): Queryable {
  return {
    async query<R>(sql: string, params: readonly unknown[] = []): Promise<QueryResult<R>> {
      const result = await db.query<R>(sql, params as unknown[])
      return { rows: result.rows, rowCount: result.affectedRows || result.rows.length }
    },
    async exec(sql: string): Promise<void> {
      await db.exec(sql)
    },
  }
}

/** `dataDir` undefined: in memory, gone when closed. */
export async function openPglite(dataDir?: string): Promise<Driver> {
  const lock: FolderLock | undefined = dataDir !== undefined ? prepareDataFolder(dataDir) : undefined
  let db: PGlite
  try {
    db = await PGlite.create(dataDir !== undefined ? { dataDir } : {})
  } catch (error) {
    lock?.release()
    const version = dataDir !== undefined ? dataFolderVersion(dataDir) : undefined
    const held = version ? ` (it holds a PostgreSQL ${version} database)` : ''
    const where = dataDir !== undefined ? `in ${dataDir}${held}` : 'in memory'
    throw new StoreOpenError(`cannot open the embedded database ${where}: ${String((error as Error).message ?? error).split('\n')[0]}`)
  }

  const direct = queryable(db)
  const owner = {}
  return {
    kind: 'pglite',
    description: dataDir !== undefined ? `PGlite in ${dataDir}` : 'PGlite in memory',
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
      return db.transaction((tx) => insideTransaction(owner, () => fn(queryable(tx))))
    },
    async close(): Promise<void> {
      try {
        if (!db.closed) await db.close()
      } finally {
        lock?.release()
      }
    },
  }
}
