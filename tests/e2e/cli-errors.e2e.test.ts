/**
 * What a user can fix (a setting, the database, a server) is reported by the real binary as
 * one line naming it, with a distinct exit code, never as a stack trace.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createServer } from 'node:net'
import { cleanEnv, runCli, type CliRun } from '../fixtures/run-cli'

jest.setTimeout(120_000)

/** A port nothing listens on: bound once, then closed. */
async function closedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await new Promise((resolve) => server.close(resolve))
  return port
}

/** The lines a person reads: stderr less the JSON log records (retry warnings) and progress. */
const humanLines = (run: CliRun) => run.stderr.split('\n').filter((l) => l.trim() && !l.startsWith('{') && !l.startsWith('sync: '))

describe('cpcm reports what the user must fix in one line', () => {
  let dataDir: string
  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'cpcm-errors-'))
  })
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }))

  const expectOneLine = (run: CliRun, code: number, pattern: RegExp) => {
    expect(run.stderr).not.toMatch(/^\s+at /m)
    expect({ code: run.code, lines: humanLines(run) }).toEqual({ code, lines: [expect.stringMatching(pattern)] })
  }

  it('names DATABASE_URL when it is not a PostgreSQL URL', async () => {
    const run = await runCli(['status'], { env: cleanEnv({ DATABASE_URL: 'mysql://root@127.0.0.1/test' }) })
    expectOneLine(run, 78, /^cpcm: DATABASE_URL is not a postgres:\/\/ URL$/)
  })

  it('says which PostgreSQL server cannot be reached, without the password', async () => {
    const port = await closedPort()
    const run = await runCli(['status'], { env: cleanEnv({ DATABASE_URL: `postgres://cpcm:s3cret-pw@127.0.0.1:${port}/cpcm` }) })
    expectOneLine(run, 69, new RegExp(`^cpcm: cannot connect to PostgreSQL at 127\\.0\\.0\\.1:${port}: connection refused$`))
    expect(run.stderr).not.toContain('s3cret-pw')
  })

  it('names the missing DHIS2 setting before touching any server', async () => {
    const run = await runCli(['sync', '--once'], { env: cleanEnv({ CPCM_DATA_DIR: dataDir }) })
    expectOneLine(run, 78, /^cpcm: DHIS2_URL is required for sync$/)
  })

  it('names the missing FHIR targets', async () => {
    const run = await runCli(['sync', '--once'], {
      env: cleanEnv({ CPCM_DATA_DIR: dataDir, DHIS2_URL: 'http://127.0.0.1:1/', DHIS2_TOKEN: 'd2pat_example' }),
    })
    expectOneLine(run, 78, /^cpcm: FHIR_TARGETS is required for sync$/)
  })

  it('names the unreachable DHIS2 server after its retries', async () => {
    const dhis2 = await closedPort()
    const fhir = await closedPort()
    const run = await runCli(['sync', '--once'], {
      env: cleanEnv({
        CPCM_DATA_DIR: dataDir, DHIS2_URL: `http://127.0.0.1:${dhis2}`, DHIS2_TOKEN: 'd2pat_example',
        FHIR_TARGETS: `national=http://127.0.0.1:${fhir}/fhir`,
      }),
    })
    expectOneLine(run, 69, new RegExp(`^cpcm: dhis2 GET http://127\\.0\\.0\\.1:${dhis2}/api/system/info: cannot reach the server`))
    expect(run.stderr).not.toContain('d2pat_example')
  })
})
