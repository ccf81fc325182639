/**
 * Opening the store the way the configuration says: PostgreSQL when DATABASE_URL is set,
 * otherwise PGlite in `<dataDir>/pglite`. Failures are one-line `StoreOpenError`s.
 */
import path from 'node:path'
import type { Config } from '../config'
import { openPglite } from './driver/pglite'
import { openPostgres, type PostgresOptions } from './driver/postgres'
import { createStore, type Store, type StoreOptions } from './store'

export type Backend =
  | { kind: 'pglite'; /** undefined: in memory */ dataDir?: string }
  | { kind: 'postgres'; url: string; pool?: PostgresOptions }

export interface OpenOptions extends Omit<StoreOptions, 'ownsDriver'> {
  backend: Backend
}

export async function openStore(options: OpenOptions): Promise<Store> {
  const { backend, ...storeOptions } = options
  const driver = backend.kind === 'postgres' ? await openPostgres(backend.url, backend.pool) : await openPglite(backend.dataDir)
  return createStore(driver, storeOptions)
}

export function storeOptionsFromConfig(config: Config): OpenOptions {
  const { batchSize: _batchSize, ...delivery } = config.delivery
  return {
    backend: config.databaseUrl
      ? { kind: 'postgres', url: config.databaseUrl.reveal() }
      : { kind: 'pglite', dataDir: path.join(config.dataDir, 'pglite') },
    delivery,
  }
}
