/**
 * `cpcm sync --once` and `cpcm serve` run the Primero pass beside the case pass when PRIMERO_URL is
 * set, and a failing system stops only its own pass: with Primero down, cases still reach the FHIR
 * target; the summary names each flow and the exit code says one failed; /ready names the pass.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { CANARY_PATTERN } from '../emulators/primero'
import { seedCases } from '../fixtures/seed-dhis2'
import { CPCM_BIN, cleanEnv, runCli, type CliRun } from '../fixtures/run-cli'
import { startFhirServer, type FhirServerHandle } from '../harness/fhir/server'
import { census, CSO, PRIMERO_LOCATIONS_ENV, startWorld, type World } from './primero-fixtures'

const PRIMERO_CASES = 40
const DHIS2_CASES = 30
jest.setTimeout(300_000)

async function closedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await new Promise((resolve) => server.close(resolve))
  return port
}

describe('cpcm sync --once and cpcm serve with Primero configured', () => {
  let world: World
  let fhir: FhirServerHandle
  const dirs: string[] = []
  const outputs: CliRun[] = []
  const env = (dataDir: string, extra: Record<string, string> = {}) => cleanEnv({
    DHIS2_URL: world.dhis2Url, DHIS2_USERNAME: 'admin', DHIS2_PASSWORD: 'district', DHIS2_UPDATED_AFTER_TOLERANCE_SECONDS: '0',
    FHIR_TARGETS: `national=${fhir.baseUrl}`,
    PRIMERO_URL: world.primeroUrl, PRIMERO_USERNAME: 'primero', PRIMERO_PASSWORD: 'primer0!', PRIMERO_LOCATIONS: PRIMERO_LOCATIONS_ENV,
    PRIMERO_PROVIDERS: `${CSO.code}=${CSO.user}`, PRIMERO_TIMEOUT_MS: '2000', CPCM_DATA_DIR: dataDir, CPCM_PORT: '0', ...extra,
  })
  const dataDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'cpcm-primero-passes-'))
    dirs.push(dir)
    return dir
  }
  let mainDir = ''
  const patients = async () => ((await fhir.list('Patient')) as unknown[]).length

  beforeAll(async () => {
    world = await startWorld(PRIMERO_CASES)
    seedCases(world.dhis2, DHIS2_CASES)
    fhir = await startFhirServer()
  })

  afterAll(async () => {
    await world?.stop()
    await fhir?.stop()
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
    for (const run of outputs) expect(`${run.stdout}\n${run.stderr}`).not.toMatch(CANARY_PATTERN)
  })

  it('sync --once runs the case flow and the Primero flow, each with its summary, and a table of flows', async () => {
    const before = census(world.dhis2).enrollments
    mainDir = dataDir()
    const run = await runCli(['sync', '--once'], { env: env(mainDir) })
    outputs.push(run)
    expect(run.code).toBe(0)
    expect(run.stdout).toContain('Sync summary: cases, DHIS2 -> FHIR')
    expect(run.stdout).toContain('Primero summary')
    expect(run.stdout).toMatch(/cases \(DHIS2 -> FHIR\)\s+ok/)
    expect(run.stdout).toMatch(/Primero \(CPIMS\+\)\s+ok/)
    expect(run.stdout).toMatch(new RegExp(`cases listed from Primero\\s+${PRIMERO_CASES}\\b`))
    expect(census(world.dhis2).enrollments).toBe(before + PRIMERO_CASES)
    expect(await patients()).toBeGreaterThanOrEqual(DHIS2_CASES)
  })

  it('sync --once with Primero down: the cases still reach FHIR, the summary names the failed flow, exit non-zero', async () => {
    const dead = await closedPort()
    const run = await runCli(['sync', '--once'], { env: env(dataDir(), { PRIMERO_URL: `http://127.0.0.1:${dead}` }) })
    outputs.push(run)
    expect(run.code).toBe(69)
    expect(run.stdout).toMatch(/cases \(DHIS2 -> FHIR\)\s+ok/)
    expect(run.stdout).toMatch(/Primero \(CPIMS\+\)\s+needs attention \(exit 69\)/)
    expect(run.stderr).toMatch(/Primero listing stopped: primero GET http:\/\/127\.0\.0\.1:\d+\/api\/v2\/cases\?.*cannot reach the server/)
    expect(run.stdout).toMatch(/delivered\s+\d+/)
    expect(Number(/^\s*delivered\s+([\d,]+)/m.exec(run.stdout)?.[1]?.replace(/,/g, '') ?? 0) + Number(/unchanged since queued\s+(\d+)/.exec(run.stdout)?.[1] ?? 0)).toBeGreaterThan(0)
    expect(run.stderr).not.toMatch(/^\s+at /m)
  })

  function serve(extra: Record<string, string>, dir = dataDir()): { child: ChildProcess; url: Promise<string>; exit: Promise<number | null>; output: () => string } {
    const child = spawn(process.execPath, [CPCM_BIN, 'serve', '--interval', '1'], { env: env(dir, extra), stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()))
    const url = new Promise<string>((resolve, reject) => {
      child.stdout!.on('data', (d: Buffer) => {
        stdout += d.toString()
        const found = /listening on (http:\/\/\S+)/.exec(stdout)
        if (found) resolve(found[1]!)
      })
      child.once('exit', () => reject(new Error(`serve exited before listening: ${stderr}`)))
    })
    const exit = new Promise<number | null>((resolve) => child.once('close', (code) => {
      outputs.push({ code, signal: null, stdout, stderr })
      resolve(code)
    }))
    return { child, url, exit, output: () => `${stdout}\n${stderr}`.slice(-3000) }
  }
  const until = async (what: () => boolean | Promise<boolean>, context: () => string, ms = 90_000) => {
    const end = Date.now() + ms
    while (!(await what())) {
      if (Date.now() > end) throw new Error(`condition not reached in time; the service said:\n${context()}`)
      await new Promise((r) => setTimeout(r, 100))
    }
  }
  type Ready = { status?: string; checks?: Array<{ name: string; ok: boolean; error?: string }> }

  it('serve with Primero down: /ready names the primero pass, the case pass keeps delivering', async () => {
    const dead = await closedPort()
    const s = serve({ PRIMERO_URL: `http://127.0.0.1:${dead}` })
    const url = await s.url
    let body: Ready = {}
    await until(async () => {
      const res = await fetch(`${url}/ready`)
      body = (await res.json()) as Ready
      return res.status === 503
    }, s.output)
    const check = body.checks?.find((c) => c.name === 'last sync pass')
    expect(check?.ok).toBe(false)
    expect(check?.error).toMatch(/^primero pass failed: primero GET .*cannot reach the server/)
    expect(check?.error).not.toMatch(/cases pass failed/)
    // The metrics show the case pass delivered (its outbox items are done).
    await until(async () => /^cpcm_outbox_items\{status="done"\} [1-9]/m.test(await (await fetch(`${url}/metrics`)).text()), s.output)
    s.child.kill('SIGTERM')
    expect(await s.exit).toBe(0)
  })

  it('serve with Primero up: Primero cases reach DHIS2 and /ready is 200', async () => {
    const before = world.primero.allCases().length
    world.primero.seedCases(3, (i) => ({ location_current: 'RW-01-GAS', module_id: 'primeromodule-cp', age: 10 + i }))
    const enrollments = census(world.dhis2).enrollments
    const s = serve({}, mainDir)
    const url = await s.url
    await until(() => census(world.dhis2).enrollments >= enrollments + 3, s.output)
    expect(world.primero.allCases().length).toBe(before + 3)
    await until(async () => (await fetch(`${url}/ready`)).status === 200, s.output)
    s.child.kill('SIGTERM')
    expect(await s.exit).toBe(0)
  })
})
