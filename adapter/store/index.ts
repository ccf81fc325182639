/**
 * The store: cursors, identifier links, the outbox (with attempts and dead letters) and the
 * disclosure log, in one PostgreSQL dialect on PGlite (embedded default) or PostgreSQL.
 *
 *   const store = await openStore(storeOptionsFromConfig(config))
 *   await store.migrate()
 *   ...
 *   await store.close()
 *
 * Semantics of enqueue: outbox-enqueue.ts. Leases, backoff, dead-lettering: outbox-lease.ts.
 * The schema: schema.sql (generated; see schema-dump.ts).
 */
export type { Disclosure, DisclosureFilter, DisclosureInput } from './disclosures'
export type { BackendKind, Driver, Queryable, QueryResult } from './driver/types'
export { openPglite } from './driver/pglite'
export { openPostgres, type PostgresOptions } from './driver/postgres'
export { MigrationError, StoreConflictError, StoreError, StoreOpenError } from './errors'
export { migrate, type MigrateResult } from './migrate'
export { MIGRATIONS, type Migration } from './migrations'
export { openStore, storeOptionsFromConfig, type Backend, type OpenOptions } from './open'
export { newOwnerId } from './outbox-lease'
export type { ReferralMark, ReferralRecord, ReferralState } from './referrals'
export type { DeadLetterFilter } from './outbox-records'
export { dumpSchema } from './schema-dump'
export { DEFAULT_SCHEMA } from './sql'
export { createStore, type Store, type StoreOps, type StoreOptions } from './store'
export * from './types'
