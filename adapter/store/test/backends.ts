/**
 * One store test suite, every available backend (after pg-boss's test helper): PGlite always,
 * PostgreSQL too when DATABASE_URL is set. Each test gets its own schema, migrated, and
 * dropped after the test, on both backends; one driver per backend per test file (a PGlite
 * cold start costs seconds). Everything opened is closed, or Jest would not exit.
 *
 *   describe.each(BACKENDS)('$name: outbox', (backend) => {
 *     const db = useTestStores(backend)
 *     it('…', async () => { const store = await db.store() })
 *   })
 */
import { randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import path from 'node:path'
import { openPglite } from '../driver/pglite'
import { openPostgres } from '../driver/postgres'
import type { Driver } from '../driver/types'
import { createStore, type Store, type StoreOptions } from '../store'

export interface TestBackend {
  name: 'pglite' | 'postgres'
  /** Real concurrent connections (PostgreSQL); PGlite has one connection. */
  concurrent: boolean
  open(): Promise<Driver>
}

const JEST_FIX =
  "PGlite cannot start under this Jest configuration: its CommonJS build calls import(), which Jest's VM refuses. " +
  "In jest.config.js (node project) add '^.+\\\\.cjs$' to transform and @electric-sql/pglite to the transformIgnorePatterns exceptions."

/**
 * Without that configuration PGlite's import() rejects where nobody can catch it and the Jest
 * process dies with a bare stack trace: check the configuration first and fail with the fix.
 */
function pgliteBlockedByJest(): boolean {
  if (!process.env.JEST_WORKER_ID || typeof (require('node:vm') as { SyntheticModule?: unknown }).SyntheticModule === 'function') return false
  const configFile = path.join(process.cwd(), 'jest.config.js') // npm test runs from the project root
  if (!existsSync(configFile)) return false
  const file = require.resolve('@electric-sql/pglite')
  const config = require(configFile) as { projects?: Array<{ displayName?: string; transform?: object; transformIgnorePatterns?: string[] }> }
  const node = config.projects?.find((p) => p.displayName === 'node')
  if (!node) return false
  const ignored = (node.transformIgnorePatterns ?? []).some((p) => new RegExp(p).test(file))
  const transformed = Object.keys(node.transform ?? {}).some((p) => new RegExp(p).test(file))
  return ignored || !transformed
}

export function assertPgliteCanStart(): void {
  if (pgliteBlockedByJest()) throw new Error(JEST_FIX)
}

async function openTestPglite(): Promise<Driver> {
  assertPgliteCanStart()
  return openPglite()
}

const pglite: TestBackend = { name: 'pglite', concurrent: false, open: openTestPglite }

const postgres = (url: string): TestBackend => ({ name: 'postgres', concurrent: true, open: () => openPostgres(url, { max: 6 }) })

export const BACKENDS: TestBackend[] = [pglite, ...(process.env.DATABASE_URL ? [postgres(process.env.DATABASE_URL)] : [])]

export const testSchemaName = () => `t_${process.pid}_${randomBytes(4).toString('hex')}`

export interface TestStores {
  /** The backend's shared driver. */
  driver(): Driver
  /** A migrated store in a fresh schema (or `options.schema`), cleaned up after the test. */
  store(options?: StoreOptions & { migrate?: boolean }): Promise<Store>
  /** Another connection (pool) to the same database, as a second process would have. PostgreSQL only. */
  otherDriver(): Promise<Driver>
}

export function useTestStores(backend: TestBackend): TestStores {
  let driver: Driver | undefined
  const schemas = new Set<string>()
  const others: Driver[] = []

  beforeAll(async () => {
    driver = await backend.open()
  }, 30_000)

  afterEach(async () => {
    await Promise.all(others.splice(0).map((d) => d.close()))
    for (const schema of schemas) await driver?.exec(`drop schema if exists "${schema}" cascade`)
    schemas.clear()
  })

  afterAll(async () => {
    await driver?.close()
  })

  const current = () => {
    if (!driver) throw new Error('the test backend is not open (beforeAll failed?)')
    return driver
  }

  return {
    driver: current,
    async store(options = {}) {
      const { migrate = true, ...storeOptions } = options
      const schema = storeOptions.schema ?? testSchemaName()
      schemas.add(schema)
      const store = createStore(current(), { ...storeOptions, schema, ownsDriver: false })
      if (migrate) await store.migrate()
      return store
    },
    async otherDriver() {
      if (!backend.concurrent) throw new Error('otherDriver: PostgreSQL only')
      const other = await backend.open()
      others.push(other)
      return other
    },
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** An outbox item for tests. */
export const item = (key: string, payload: unknown = { key }, target = 'isange') => ({ key, kind: 'referral', target, payload })
