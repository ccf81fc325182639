/**
 * The thin seam between the store and a database: PGlite (embedded) or PostgreSQL (`pg`).
 * Both speak the same SQL. Values are always bound as `$1, $2, …`; only identifiers that
 * were validated first (the schema name) are ever placed in SQL text.
 */

export interface QueryResult<R> {
  rows: R[]
  /** Rows inserted, updated or deleted (or returned, for a SELECT). */
  rowCount: number
}

export interface Queryable {
  query<R = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<QueryResult<R>>
  /** Several statements separated by semicolons, no parameters: for migrations only. */
  exec(sql: string): Promise<void>
}

export type BackendKind = 'pglite' | 'postgres'

export interface Driver extends Queryable {
  readonly kind: BackendKind
  /** Where the data lives, safe to print: `PGlite in /x/.cpcm-data/pglite`, `PostgreSQL at h:5432/db`. */
  readonly description: string
  /**
   * Runs `fn` in one transaction (READ COMMITTED) on one connection: COMMIT when it resolves,
   * ROLLBACK when it throws. Use only `tx` inside `fn`: on PGlite (one connection) a query on
   * the driver itself waits for the transaction to end, so it would wait forever.
   */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>
  close(): Promise<void>
}
