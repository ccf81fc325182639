/**
 * A case's progress in Primero reaches DHIS2 through the real `cpcm primero sync --once`: assessment
 * started and approved, case plan actions, and closure, which becomes a closure event and a COMPLETED
 * enrollment. A closure reason the framework does not allow, and a closure DHIS2 refuses (a benchmark
 * rule), leave the case open in DHIS2 and are surfaced as dead letters with the reason.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createMappingContext } from '../../mappings/context'
import { eventValues } from '../../mappings/dhis2/values'
import { CANARY_PATTERN } from '../emulators/primero'
import { cpcmPackage } from '../fixtures/package-lookup'
import { cleanEnv, runCli, type CliRun } from '../fixtures/run-cli'
import { CSO, PRIMERO_LOCATIONS_ENV, startWorld, type World } from './primero-fixtures'

const mapping = createMappingContext(cpcmPackage())
jest.setTimeout(300_000)

describe('cpcm primero sync: progress and closure from Primero into DHIS2', () => {
  let world: World
  let dataDir: string
  const outputs: CliRun[] = []
  const env = () => cleanEnv({
    DHIS2_URL: world.dhis2Url, DHIS2_USERNAME: 'admin', DHIS2_PASSWORD: 'district',
    PRIMERO_URL: world.primeroUrl, PRIMERO_USERNAME: 'primero', PRIMERO_PASSWORD: 'primer0!', PRIMERO_LOCATIONS: PRIMERO_LOCATIONS_ENV,
    PRIMERO_PROVIDERS: `${CSO.code}=${CSO.user}`, CPCM_DATA_DIR: dataDir, DHIS2_UPDATED_AFTER_TOLERANCE_SECONDS: '0',
  })
  const sync = async () => {
    const run = await runCli(['primero', 'sync', '--once'], { env: env() })
    outputs.push(run)
    return run
  }
  const patch = async (id: string, data: Record<string, unknown>) => {
    const response = await world.primero.handle({
      method: 'PATCH', url: new URL(`${world.primeroUrl}/api/v2/cases/${id}`),
      headers: { authorization: `Bearer ${world.primero.tokenFor('primero')}`, 'content-type': 'application/json' }, body: JSON.stringify({ data }),
    })
    expect(response.status).toBe(200)
  }
  const enrollmentOf = (primeroId: string) => {
    // Enrolled with the UID the pipeline derives, or found through its events' Primero record.
    const all = [...world.dhis2.tracker.enrollments.values()]
    return all.find((en) => en.enrollment === deriveEnrollment(primeroId))
  }
  let deriveEnrollment: (primeroId: string) => string
  const eventsOf = (enrollment: string, stage: 'CPCM_ASSESSMENT' | 'CPCM_CASE_PLAN' | 'CPCM_CLOSURE') =>
    [...world.dhis2.tracker.events.values()].filter((e) => e.enrollment === enrollment && e.programStage === mapping.stage[stage] && !e.deleted)
  const valuesOf = (e: { event: string; programStage: string; dataValues: Map<string, { value: string }> }) =>
    eventValues({ event: e.event, programStage: e.programStage, status: 'ACTIVE', dataValues: [...e.dataValues].map(([dataElement, v]) => ({ dataElement, value: v.value })) }, mapping)
  const deadLetters = async () => (await runCli(['dead-letters', 'list'], { env: env() })).stdout

  beforeAll(async () => {
    world = await startWorld(6)
    dataDir = mkdtempSync(join(tmpdir(), 'cpcm-primero-progress-'))
    const { derivedUid } = await import('../../mappings/uuid')
    deriveEnrollment = (id) => derivedUid('enrollment', id)
  })

  afterAll(async () => {
    await world?.stop()
    rmSync(dataDir, { recursive: true, force: true })
    for (const run of outputs) expect(`${run.stdout}\n${run.stderr}`).not.toMatch(CANARY_PATTERN)
  })

  it('brings assessment, case plan date and closure across; the closed case is COMPLETED in DHIS2 with its closure event', async () => {
    expect((await sync()).code).toBe(0)
    const [a] = world.primero.allCases()
    const id = a!.id as string
    const en = enrollmentOf(id)!
    expect(en.status).toBe('ACTIVE')

    await patch(id, { assessment_requested_on: '2026-02-03', assessment_approved: true, date_case_plan: '2026-02-10' })
    const progressed = await sync()
    expect(progressed.code).toBe(0)
    const [asm] = eventsOf(en.enrollment, 'CPCM_ASSESSMENT')
    expect(asm).toMatchObject({ status: 'COMPLETED' })
    expect(String(asm!.occurredAt)).toMatch(/^2026-02-03/)
    expect(valuesOf(asm!).CPCM_ASM_COMPLETED).toBe('true')

    await patch(id, { status: 'closed', closure_reason: 'death_of_child', date_closure: '2026-06-01', closure_approved: true })
    const closed = await sync()
    expect(closed.code).toBe(0)
    expect(enrollmentOf(id)!.status).toBe('COMPLETED')
    const [clo] = eventsOf(en.enrollment, 'CPCM_CLOSURE')
    expect(clo).toMatchObject({ status: 'COMPLETED' })
    expect(String(clo!.occurredAt)).toMatch(/^2026-06-01/)
    expect(valuesOf(clo!)).toMatchObject({ CPCM_CLO_REASON: 'CHILD_DECEASED', CPCM_CLO_APPROVED: 'true' })

    // A second run changes nothing.
    const writes = world.trackerWrites.length
    expect((await sync()).code).toBe(0)
    expect(world.trackerWrites.length).toBe(writes)
  })

  it('a closure reason the framework does not allow leaves the case open and is a dead letter naming it', async () => {
    const b = world.primero.allCases()[1]!
    const id = b.id as string
    await patch(id, { status: 'closed', closure_reason: 'other', date_closure: '2026-06-02' })
    const run = await sync()
    expect(run.code).toBe(2)
    expect(enrollmentOf(id)!.status).toBe('ACTIVE')
    expect(eventsOf(deriveEnrollment(id), 'CPCM_CLOSURE')).toEqual([])
    expect(await deadLetters()).toMatch(/closed in Primero with closure_reason other, which is not a closure reason the framework allows/)
  })

  it('a closure DHIS2 refuses (a benchmark rule) is surfaced with DHIS2\'s message and the case stays open', async () => {
    const c = world.primero.allCases()[2]!
    const id = c.id as string
    world.refuseEvent = (ev) => ev.programStage === mapping.stage.CPCM_CLOSURE && ev.dataValues?.some((dv) => dv.value === 'BENCHMARKS_MET')
      ? 'Closure blocked: benchmark 1 (All goals in the case plan are achieved) is not met in the latest case review.' : undefined
    try {
      await patch(id, { status: 'closed', closure_reason: 'formal_closing', date_closure: '2026-06-03', closure_approved: true })
      const run = await sync()
      expect(run.code).toBe(2)
    } finally {
      world.refuseEvent = undefined
    }
    expect(enrollmentOf(id)!.status).toBe('ACTIVE')
    expect(eventsOf(deriveEnrollment(id), 'CPCM_CLOSURE')).toEqual([])
    expect(await deadLetters()).toMatch(/DHIS2 refused the case: EVENT \w+: E1300 Generated by program rule - Closure blocked: benchmark 1/)
  })
})
