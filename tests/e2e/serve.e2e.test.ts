/**
 * `cpcm serve`, the real binary: answers /health, /ready and /metrics while it syncs, and on
 * SIGTERM returns the work it holds to the outbox and exits cleanly; the next run delivers it
 * without loss or duplicates.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createDhis2Emulator, startDhis2Server } from '../emulators/dhis2'
import { startFhirServer, type FhirServerHandle } from '../harness/fhir/server'
import { installCpcmPackage, seedCases } from '../fixtures/seed-dhis2'
import { CPCM_BIN, cleanEnv, runCli } from '../fixtures/run-cli'

const CASES = 120
jest.setTimeout(180_000)

describe('cpcm serve', () => {
  let stopDhis2: () => Promise<void>
  let fhir: FhirServerHandle
  let env: NodeJS.ProcessEnv
  let dataDir: string

  beforeAll(async () => {
    const emulator = createDhis2Emulator({ version: '2.41' })
    installCpcmPackage(emulator)
    seedCases(emulator, CASES)
    const dhis2 = await startDhis2Server(emulator)
    stopDhis2 = dhis2.stop
    fhir = await startFhirServer()
    dataDir = mkdtempSync(join(tmpdir(), 'cpcm-serve-'))
    env = cleanEnv({
      DHIS2_URL: dhis2.baseUrl, DHIS2_USERNAME: 'admin', DHIS2_PASSWORD: 'district', DHIS2_PAGE_SIZE: '50',
      FHIR_TARGETS: `national=${fhir.baseUrl}`, CPCM_DATA_DIR: dataDir, CPCM_PORT: '0',
    })
  })

  afterAll(async () => {
    await stopDhis2?.()
    await fhir?.stop()
    rmSync(dataDir, { recursive: true, force: true })
  })

  function start(extraEnv: NodeJS.ProcessEnv = {}): { child: ChildProcess; url: Promise<string>; output: () => string; exit: Promise<{ code: number | null; stdout: string; stderr: string }> } {
    const child = spawn(process.execPath, [CPCM_BIN, 'serve', '--interval', '1'], { env: { ...env, ...extraEnv }, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    const url = new Promise<string>((resolve, reject) => {
      child.stdout!.on('data', (d: Buffer) => {
        stdout += d.toString()
        const found = /listening on (http:\/\/\S+)/.exec(stdout)
        if (found) resolve(found[1]!)
      })
      child.once('exit', () => reject(new Error(`serve exited before listening: ${stderr}`)))
    })
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()))
    const exit = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
      child.once('close', (code) => resolve({ code, stdout, stderr })))
    return { child, url, exit, output: () => `${stdout}\n${stderr}`.slice(-2000) }
  }

  const until = async (what: () => boolean | Promise<boolean>, context: () => string, ms = 60_000) => {
    const end = Date.now() + ms
    while (!(await what())) {
      if (Date.now() > end) throw new Error(`condition not reached in time; the service said:\n${context()}`)
      await new Promise((r) => setTimeout(r, 50))
    }
  }

  it('serves health, readiness and metrics, and on SIGTERM returns in-flight work to the outbox', async () => {
    // Every transaction is slow, so the service holds work in flight when it is stopped.
    fhir.inject({ method: 'POST', path: '', delayMs: 400, times: 10_000 })
    const serve = start()
    const url = await serve.url

    expect((await fetch(`${url}/health`)).status).toBe(200)
    expect((await fetch(`${url}/ready`)).status).toBe(200)
    await until(() => fhir.requests.filter((r) => r.method === 'POST').length >= 6, serve.output)
    const metrics = await (await fetch(`${url}/metrics`)).text()
    expect(metrics).toMatch(/^cpcm_records_fetched_total\{source="dhis2"\} \d+/m)
    expect(metrics).toMatch(/^cpcm_outbox_items\{status="pending"\} \d+/m)

    serve.child.kill('SIGTERM')
    const stopped = await serve.exit
    expect(stopped.code).toBe(0)
    const returned = Number(/stopped; (\d+) item\(s\) returned to the outbox/.exec(stopped.stdout)?.[1] ?? 0)
    expect(returned).toBeGreaterThan(0)
    expect(stopped.stderr).not.toMatch(/^\s+at /m)

    // Nothing lost: every case is either delivered or waiting, none dead, none held.
    const status = JSON.parse((await runCli(['status', '--json'], { env })).stdout) as { outbox: Record<string, number> }
    expect(status.outbox).toMatchObject({ in_flight: 0, dead: 0 })
    expect(status.outbox.pending! + status.outbox.done!).toBe(CASES)
    expect(status.outbox.pending).toBeGreaterThanOrEqual(returned)

    fhir.clearFaults()
    const resumed = await runCli(['sync', '--once'], { env })
    expect(resumed.code).toBe(0)
    expect(resumed.stdout).toMatch(new RegExp(`delivered\\s+${status.outbox.pending}\\b`))
    const patients = (await fhir.list('Patient')) as Array<{ identifier?: Array<{ value?: string }> }>
    expect(patients).toHaveLength(CASES)
  })

  it('reports a failing sync pass on /ready, naming the reason, and keeps running', async () => {
    const serve = start({ DHIS2_USERNAME: undefined, DHIS2_PASSWORD: undefined, DHIS2_TOKEN: 'd2pat_revoked_token' })
    const url = await serve.url
    let body: { status?: string; checks?: Array<{ name: string; ok: boolean; error?: string }> } = {}
    await until(async () => {
      const res = await fetch(`${url}/ready`)
      body = (await res.json()) as typeof body
      return res.status === 503
    }, serve.output)
    expect(body.status).toBe('not ready')
    expect(body.checks).toContainEqual({ name: 'last sync pass', ok: false, error: expect.stringMatching(/HTTP 401/) })
    expect(body.checks).toContainEqual({ name: 'store', ok: true })
    expect(JSON.stringify(body)).not.toContain('d2pat_revoked_token')
    expect((await fetch(`${url}/health`)).status).toBe(200)
    serve.child.kill('SIGTERM')
    expect((await serve.exit).code).toBe(0)
  })
})
