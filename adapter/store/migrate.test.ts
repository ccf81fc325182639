import { readFileSync } from 'node:fs'
import { createStore, dumpSchema, MIGRATIONS, MigrationError, migrate, StoreError, type Migration } from '.'
import { SCHEMA_FILE } from './schema-dump'
import { BACKENDS, testSchemaName, useTestStores } from './test/backends'

describe.each(BACKENDS)('$name: migrations', (backend) => {
  const db = useTestStores(backend)

  it('applies every migration once; running again changes nothing', async () => {
    const store = await db.store({ migrate: false })
    await expect(store.migrate()).resolves.toEqual({ applied: MIGRATIONS.map((m) => m.id), current: MIGRATIONS.length })
    await expect(store.migrate()).resolves.toEqual({ applied: [], current: MIGRATIONS.length })
    await expect(store.status()).resolves.toMatchObject({ migration: MIGRATIONS.length, schema: store.schema })
  })

  it('is safe when two migrate() run at once (separate connections on PostgreSQL)', async () => {
    const schema = testSchemaName()
    const first = await db.store({ schema, migrate: false })
    const secondDriver = backend.concurrent ? await db.otherDriver() : db.driver()
    const second = createStore(secondDriver, { schema, ownsDriver: false })
    const results = await Promise.all([first.migrate(), second.migrate(), first.migrate()])
    // Exactly one call applied each migration; the others found it done.
    expect(results.flatMap((r) => r.applied).sort()).toEqual(MIGRATIONS.map((m) => m.id))
    const { rows } = await db.driver().query<{ n: number }>(`select count(*)::int as n from "${schema}".migrations`)
    expect(rows[0]?.n).toBe(MIGRATIONS.length)
  })

  it('keeps schemas apart', async () => {
    const a = await db.store()
    const b = await db.store()
    await a.cursors.set('dhis2.cases', '2026-01-01')
    await expect(b.cursors.get('dhis2.cases')).resolves.toBeNull()
  })

  it('refuses an edited migration and a schema newer than the code, with one line', async () => {
    const store = await db.store()
    const edited: Migration[] = MIGRATIONS.map((m) => ({ ...m, checksum: 'edited' }))
    await expect(migrate(db.driver(), store.schema, edited)).rejects.toThrow(
      new MigrationError(`migration 1 (initial) was edited after it was applied to schema ${store.schema}: add a new migration instead`),
    )
    await db.driver().query(`insert into "${store.schema}".migrations (id, name, checksum) values (99, 'future', 'x')`)
    await expect(migrate(db.driver(), store.schema)).rejects.toThrow(
      `schema ${store.schema} is at migration 99 (future) but this cpcm knows only up to ${MIGRATIONS.length}: upgrade cpcm`,
    )
  })

  it('accepts only plain schema names', () => {
    for (const bad of ['Cpcm', 'a-b', 'x"; drop table y; --', '', 'pg_temp', '1abc']) {
      expect(() => createStore(db.driver(), { schema: bad, ownsDriver: false })).toThrow(StoreError)
    }
  })

  it('schema.sql matches what the migrations produce (regenerate: npx tsx adapter/store/schema-dump.ts --write)', async () => {
    const store = await db.store()
    const dumped = await dumpSchema(db.driver(), store.schema)
    const committed = readFileSync(SCHEMA_FILE, 'utf8')
    // schema.sql is generated on PGlite (PostgreSQL 18); PostgreSQL 15 prints view columns
    // qualified (o.id): compare with that difference normalised away.
    const normalise = (text: string) => (backend.name === 'pglite' ? text : text.replace(/\bo\.(\w+)/g, '$1'))
    expect(normalise(dumped)).toBe(normalise(committed))
  })
})
