/**
 * Acceptance of the adapter core: `cpcm sync --once`, the real binary, moves 1,000 seeded
 * cases from DHIS2 (emulated from its published API) to a real FHIR engine; running it
 * again creates nothing; killing it at random points and starting again ends with every
 * case delivered exactly once in effect.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createDhis2Emulator, startDhis2Server } from '../emulators/dhis2'
import { startFhirServer, type FhirServerHandle } from '../harness/fhir/server'
import { installCpcmPackage, seedCases } from '../fixtures/seed-dhis2'
import { cleanEnv, runCli } from '../fixtures/run-cli'
import { prng } from '../fixtures/seed-cases'

const CASES = Number(process.env.E2E_CASES ?? 1000)
const SID = 'https://ncda.gov.rw/fhir/cpcm/sid/'

jest.setTimeout(600_000)

describe('cpcm sync --once: DHIS2 cases to a FHIR server', () => {
  let stopDhis2: () => Promise<void>
  let fhir: FhirServerHandle
  let env: (dataDir: string) => NodeJS.ProcessEnv
  const dirs: string[] = []
  const tempDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'cpcm-e2e-'))
    dirs.push(dir)
    return dir
  }

  beforeAll(async () => {
    const emulator = createDhis2Emulator({ version: '2.41' })
    installCpcmPackage(emulator)
    seedCases(emulator, CASES)
    const dhis2 = await startDhis2Server(emulator)
    stopDhis2 = dhis2.stop
    fhir = await startFhirServer()
    env = (dataDir) =>
      cleanEnv({
        DHIS2_URL: dhis2.baseUrl, DHIS2_USERNAME: 'admin', DHIS2_PASSWORD: 'district', DHIS2_PAGE_SIZE: '100',
        FHIR_TARGETS: `national=${fhir.baseUrl}`, CPCM_DATA_DIR: dataDir, CPCM_LEASE_SECONDS: '60',
      })
  })

  afterAll(async () => {
    await stopDhis2?.()
    await fhir?.stop()
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
  })

  /** Resources per type, and the largest number of resources sharing one of our identifiers. */
  async function census() {
    const counts: Record<string, number> = {}
    let duplicates = 0
    for (const type of ['Patient', 'EpisodeOfCare', 'ServiceRequest', 'Task', 'Encounter']) {
      const resources = (await fhir.list(type)) as Array<{ identifier?: Array<{ system?: string; value?: string }> }>
      counts[type] = resources.length
      const seen = new Map<string, number>()
      for (const r of resources) for (const id of r.identifier ?? []) {
        if (!id.system?.startsWith(SID)) continue
        const k = `${id.system}|${id.value}`
        seen.set(k, (seen.get(k) ?? 0) + 1)
      }
      duplicates = Math.max(duplicates, ...seen.values(), 0)
    }
    return { counts, maxPerIdentifier: duplicates }
  }

  it('delivers every case, and a second run creates nothing new', async () => {
    fhir.reset()
    const dataDir = tempDir()
    const first = await runCli(['sync', '--once'], { env: env(dataDir) })
    // stderr carries progress lines only: no warning, no error, no stack trace.
    expect(first.stderr.split('\n').filter((l) => l && !l.startsWith('sync: '))).toEqual([])
    expect(first.code).toBe(0)
    expect(first.stdout).toMatch(/fetched from DHIS2\s+1,000/)
    expect(first.stdout).toMatch(/delivered\s+1,000/)
    const after = await census()
    expect(after.counts.Patient).toBe(CASES)
    expect(after.counts.EpisodeOfCare).toBe(CASES)
    expect(after.counts.ServiceRequest).toBe(CASES)
    expect(after.maxPerIdentifier).toBe(1)

    const writesBefore = fhir.requests.length
    const second = await runCli(['sync', '--once'], { env: env(dataDir) })
    expect(second.code).toBe(0)
    expect(second.stdout).toMatch(/delivered\s+0\b/)
    expect(await census()).toEqual(after)
    expect(fhir.requests.slice(writesBefore).filter((r) => r.method !== 'GET')).toEqual([])
  })

  it('killed at random points and restarted, ends with every case delivered exactly once in effect', async () => {
    fhir.reset()
    const dataDir = tempDir()
    const random = prng(7)
    const kills: number[] = []
    for (let i = 0; i < 4; i++) {
      const after = 1500 + Math.floor(random() * 6000)
      const run = await runCli(['sync', '--once'], { env: env(dataDir), killAfterMs: after })
      if (run.signal === 'SIGKILL') kills.push(after)
    }
    const final = await runCli(['sync', '--once'], { env: env(dataDir) })
    expect(final.code).toBe(0)
    const result = await census()
    expect({ kills: kills.length > 0, ...result }).toEqual({
      kills: true,
      counts: expect.objectContaining({ Patient: CASES, EpisodeOfCare: CASES, ServiceRequest: CASES }),
      maxPerIdentifier: 1,
    })
  })
})
