import { spawnSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { loadConfig } from '../config'
import { openStore, storeOptionsFromConfig, StoreOpenError } from '.'
import { assertPgliteCanStart } from './test/backends'

/** A local port nobody listens on. */
async function closedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await new Promise((resolve) => server.close(resolve))
  return port
}

async function openError(options: Parameters<typeof openStore>[0]): Promise<string> {
  const error = await openStore(options).then(
    async (store) => {
      await store.close()
      throw new Error('expected opening to fail')
    },
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(StoreOpenError)
  const message = (error as Error).message
  expect(message).not.toContain('\n')
  return message
}

const tempDir = () => mkdtempSync(path.join(tmpdir(), 'cpcm-store-'))

describe('opening the store', () => {
  it('PostgreSQL refused: one line with host and port, never the password', async () => {
    const port = await closedPort()
    const message = await openError({ backend: { kind: 'postgres', url: `postgres://cpcm:CANARY-pw@127.0.0.1:${port}/cpcm` } })
    expect(message).toBe(`cannot connect to PostgreSQL at 127.0.0.1:${port}: connection refused`)
  })

  it('PostgreSQL host not found', async () => {
    const message = await openError({ backend: { kind: 'postgres', url: 'postgres://cpcm:CANARY-pw@db.invalid:5432/cpcm' } })
    expect(message).toMatch(/^cannot connect to PostgreSQL at db\.invalid:5432: (host not found|timed out)/)
    expect(message).not.toContain('CANARY')
  }, 20_000)

  const url = process.env.DATABASE_URL
  ;(url ? it : it.skip)('PostgreSQL reachable but the database is missing: the server says why', async () => {
    const missing = new URL(url as string)
    missing.pathname = '/cpcm_no_such_database'
    const message = await openError({ backend: { kind: 'postgres', url: missing.toString() } })
    expect(message).toMatch(/^cannot connect to PostgreSQL at [^ ]+: database "cpcm_no_such_database" does not exist$/)
  })

  it('a data folder that cannot be created is reported as not writable', async () => {
    const file = path.join(tempDir(), 'a-file')
    writeFileSync(file, 'x')
    const message = await openError({ backend: { kind: 'pglite', dataDir: path.join(file, 'pglite') } })
    expect(message).toBe(`data folder ${path.join(file, 'pglite')} is not writable (part of the path is a file)`)
  })

  it('PGlite in a folder: keeps data, takes over a stale lock, refuses a second opener', async () => {
    assertPgliteCanStart()
    const dataDir = path.join(tempDir(), 'pglite')
    const deadPid = spawnSync(process.execPath, ['-e', '0']).pid as number
    writeFileSync(`${dataDir}.lock`, String(deadPid)) // left behind by a process that died
    const store = await openStore({ backend: { kind: 'pglite', dataDir } })
    try {
      expect(store.description).toBe(`PGlite in ${dataDir}`)
      await store.migrate()
      await store.cursors.set('dhis2.cases', 'kept')
      expect(await openError({ backend: { kind: 'pglite', dataDir } })).toBe(`data folder ${dataDir} is in use: this process already has it open (lock file ${dataDir}.lock)`)
    } finally {
      await store.close()
    }
    const reopened = await openStore({ backend: { kind: 'pglite', dataDir } })
    try {
      await expect(reopened.cursors.get('dhis2.cases')).resolves.toBe('kept')
    } finally {
      await reopened.close()
    }
  }, 60_000)

  it('follows the configuration: PostgreSQL with DATABASE_URL, else PGlite under the data folder', () => {
    const pg = storeOptionsFromConfig(loadConfig({ DATABASE_URL: 'postgres://u:p@h:5432/db', CPCM_MAX_ATTEMPTS: '3' }, { cwd: '/srv' }))
    expect(pg).toEqual({
      backend: { kind: 'postgres', url: 'postgres://u:p@h:5432/db' },
      delivery: { maxAttempts: 3, backoff: { baseMs: 30_000, maxMs: 3_600_000 }, leaseSeconds: 300 },
    })
    expect(storeOptionsFromConfig(loadConfig({}, { cwd: '/srv' })).backend).toEqual({ kind: 'pglite', dataDir: '/srv/.cpcm-data/pglite' })
  })
})
