/**
 * Acceptance of the Primero exchange (issue 5), through the real `cpcm` binary against the Primero
 * and DHIS2 emulators over HTTP: 2,500 Primero cases across three districts into DHIS2; a second run
 * changes nothing; 10 edits update exactly 10 cases; a referral without `disclosure_other_orgs` is
 * refused with the reason in DHIS2, one with consent reaches Primero and its acceptance and completion
 * come back; a conflicting edit is listed and lost on neither side; an outage mid-listing (503 with
 * Retry-After, then the server gone) resumes from the cursor without loss or duplicates. No canary
 * name in any output.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createMappingContext } from '../../mappings/context'
import { eventValues } from '../../mappings/dhis2/values'
import { CANARY_PATTERN } from '../emulators/primero'
import { cpcmPackage, ids } from '../fixtures/package-lookup'
import { cleanEnv, runCli, type CliRun } from '../fixtures/run-cli'
import { census, CSO, LOCATIONS, PRIMERO_LOCATIONS_ENV, startWorld, type World } from './primero-fixtures'

const CASES = Number(process.env.E2E_PRIMERO_CASES ?? 2500)
const mapping = createMappingContext(cpcmPackage())

jest.setTimeout(900_000)

describe('cpcm primero: Primero <-> DHIS2', () => {
  let world: World
  let dataDir: string
  const outputs: CliRun[] = []
  const env = (extra: Record<string, string> = {}) => cleanEnv({
    DHIS2_URL: world.dhis2Url, DHIS2_USERNAME: 'admin', DHIS2_PASSWORD: 'district',
    PRIMERO_URL: world.primeroUrl, PRIMERO_USERNAME: 'primero', PRIMERO_PASSWORD: 'primer0!', PRIMERO_LOCATIONS: PRIMERO_LOCATIONS_ENV,
    PRIMERO_PROVIDERS: `${CSO.code}=${CSO.user}`, CPCM_DATA_DIR: dataDir, CPCM_LEASE_SECONDS: '120', DHIS2_UPDATED_AFTER_TOLERANCE_SECONDS: '0', ...extra,
  })
  const cli = async (args: string[], extra?: Record<string, string>) => {
    const run = await runCli(args, { env: env(extra) })
    outputs.push(run)
    return run
  }
  const sync = () => cli(['primero', 'sync', '--once'])
  const row = (run: CliRun, label: string) => Number((new RegExp(`${label.replace(/[()]/g, '\\$&')}\\s+([\\d,]+)`).exec(run.stdout)?.[1] ?? 'NaN').replace(/,/g, ''))
  const asPrimero = (user: string, method: string, path: string, data: unknown) =>
    world.primero.handle({ method, url: new URL(`${world.primeroUrl}/api/v2/${path}`), headers: { authorization: `Bearer ${world.primero.tokenFor(user)}`, 'content-type': 'application/json' }, body: JSON.stringify({ data }) })
  const links = async () => {
    const run = await cli(['status', '--json'])
    return JSON.parse(run.stdout) as { cursors: Array<{ name: string; value: string }> }
  }

  beforeAll(async () => {
    world = await startWorld(CASES)
    dataDir = mkdtempSync(join(tmpdir(), 'cpcm-primero-'))
  })

  afterAll(async () => {
    await world?.stop()
    rmSync(dataDir, { recursive: true, force: true })
    // Privacy: no canary name in any output of any run (stdout, progress, logs, errors).
    for (const run of outputs) expect(`${run.stdout}\n${run.stderr}`).not.toMatch(CANARY_PATTERN)
  })

  it(`imports ${CASES.toLocaleString('en-US')} cases from three districts; a second run changes nothing; 10 edits update exactly 10`, async () => {
    const started = Date.now()
    const first = await sync()
    const seconds = (Date.now() - started) / 1000
    expect(first.stderr.split('\n').filter((l) => l && !l.startsWith('primero sync: '))).toEqual([])
    expect(first.code).toBe(0)
    expect(row(first, 'cases listed from Primero')).toBe(CASES)
    expect(row(first, 'created in DHIS2')).toBe(CASES)
    expect(census(world.dhis2)).toMatchObject({ trackedEntities: CASES, enrollments: CASES })
    const byOrgUnit = new Map<string, number>()
    for (const en of world.dhis2.tracker.enrollments.values()) byOrgUnit.set(en.orgUnit, (byOrgUnit.get(en.orgUnit) ?? 0) + 1)
    expect([...byOrgUnit.keys()].sort()).toEqual(Object.values(LOCATIONS).sort())
    // eslint-disable-next-line no-console
    console.log(`primero e2e: ${CASES} cases imported in ${seconds.toFixed(1)} s (${Math.round(CASES / seconds)} cases/s, CLI start included)`)
    const status = await links()
    expect(status.cursors.map((c) => c.name)).toContain('primero:cases:primeromodule-cp')

    const writes = world.trackerWrites.length
    const second = await sync()
    expect(second.code).toBe(0)
    expect(row(second, 'queued: new or changed')).toBe(0)
    expect(row(second, 'created in DHIS2') + row(second, 'updated in DHIS2')).toBe(0)
    expect(world.trackerWrites.length).toBe(writes)

    const stride = Math.floor(CASES / 10)
    const edited = world.primero.allCases().filter((_, i) => i % stride === 3).slice(0, 10)
    expect(edited.length).toBe(10)
    for (const c of edited) await asPrimero('primero', 'PATCH', `cases/${c.id as string}`, { risk_level: c.risk_level === 'high' ? 'low' : 'high' })
    const third = await sync()
    expect(third.code).toBe(0)
    expect(row(third, 'updated in DHIS2')).toBe(10)
    expect(row(third, 'created in DHIS2')).toBe(0)
    expect(world.trackerWrites.slice(writes).reduce((a, b) => a + b, 0)).toBe(10) // exactly 10 tracked entities written
  })

  it('refuses a referral to a CSO without disclosure_other_orgs with the reason in DHIS2; with consent it reaches Primero and its states come back', async () => {
    const all = world.primero.allCases()
    const without = all.find((c) => c.disclosure_other_orgs === false && c.consent_for_services === true)!
    const consented = all.find((c) => c.disclosure_other_orgs === true && c.consent_for_services === true)!
    const enrollmentOf = (id: string) => [...world.dhis2.tracker.enrollments.values()].find((e) => e.enrollment === linkedEnrollment(id))!
    const linkedEnrollment = (id: string) => {
      // The mapping derives the enrollment from Primero's id when the case is new in DHIS2.
      const en = [...world.dhis2.tracker.enrollments.values()]
      return en.find((e) => deriveFor(id) === e.enrollment)?.enrollment
    }
    const deriveFor = (id: string) => require('../../mappings/uuid').derivedUid('enrollment', id) as string
    const refer = (primeroId: string, event: string) => {
      const en = enrollmentOf(primeroId)
      const report = world.dhis2.importTracker({ events: [{
        event, program: ids.program('CPCM_CASE'), programStage: ids.stage('CPCM_REFERRAL'), enrollment: en.enrollment, orgUnit: en.orgUnit,
        status: 'ACTIVE', occurredAt: '2026-03-01T00:00:00.000',
        dataValues: [
          { dataElement: ids.dataElement('CPCM_REF_PROVIDER'), value: CSO.code }, { dataElement: ids.dataElement('CPCM_REF_STATUS'), value: 'REQUESTED' },
          { dataElement: ids.dataElement('CPCM_REF_SERVICE'), value: 'PSYCHOSOCIAL' },
        ],
      }] }) as { status?: string }
      expect(report.status).toBe('OK')
    }
    const valuesOf = (event: string) => {
      const e = world.dhis2.tracker.events.get(event)!
      return eventValues({ event, programStage: e.programStage, status: 'ACTIVE', dataValues: [...e.dataValues].map(([dataElement, v]) => ({ dataElement, value: v.value })) }, mapping)
    }
    refer(without.id as string, 'PrImErOnO01')
    refer(consented.id as string, 'PrImErOyEs1')
    const run = await sync()
    expect(run.code).toBe(0)
    expect(row(run, 'referrals blocked: no consent (nothing sent)')).toBe(1)
    expect(row(run, 'referrals sent to Primero')).toBe(1)
    expect(valuesOf('PrImErOnO01')).toMatchObject({ CPCM_REF_STATUS: 'BLOCKED_NO_CONSENT', CPCM_REF_STATUS_REASON: expect.stringContaining('disclosure_other_orgs') })
    expect(world.primero.transitions(without.id as string)).toEqual([])
    const [t] = world.primero.transitions(consented.id as string)
    expect(t).toMatchObject({ type: 'Referral', status: 'in_progress', transitioned_to: CSO.user })

    await asPrimero(CSO.user, 'PATCH', `cases/${consented.id as string}/referrals/${t!.id}`, { status: 'accepted' })
    expect((await sync()).code).toBe(0)
    expect(valuesOf('PrImErOyEs1')).toMatchObject({ CPCM_REF_STATUS: 'ACCEPTED', CPCM_REF_EXTERNAL_ID: t!.id })
    await asPrimero(CSO.user, 'PATCH', `cases/${consented.id as string}/referrals/${t!.id}`, { status: 'done', success_status: 'successful' })
    expect((await sync()).code).toBe(0)
    expect(valuesOf('PrImErOyEs1')).toMatchObject({ CPCM_REF_STATUS: 'COMPLETED', CPCM_REF_OUTCOME_ACHIEVED: 'true' })
    expect(world.primero.transitions(consented.id as string)).toHaveLength(1)
  })

  it('transfers a case to a CSO on Primero under the consent rule, once, and brings its acceptance back', async () => {
    const consented = world.primero.allCases().filter((c) => c.disclosure_other_orgs === true && c.consent_for_services === true && c.module_id === 'primeromodule-cp')[3]!
    const enrollment = require('../../mappings/uuid').derivedUid('enrollment', consented.id as string) as string
    const en = world.dhis2.tracker.enrollments.get(enrollment)!
    const transfer = (event: string, familyConsent: boolean) => {
      const report = world.dhis2.importTracker({ events: [{
        event, program: ids.program('CPCM_CASE'), programStage: ids.stage('CPCM_TRANSFER'), enrollment, orgUnit: en.orgUnit,
        status: 'ACTIVE', occurredAt: '2026-03-02T00:00:00.000',
        dataValues: [
          { dataElement: ids.dataElement('CPCM_TRF_RECEIVING_AGENCY'), value: CSO.code }, { dataElement: ids.dataElement('CPCM_TRF_REASON'), value: 'Family moved' },
          { dataElement: ids.dataElement('CPCM_TRF_CONSENT'), value: String(familyConsent) }, { dataElement: ids.dataElement('CPCM_TRF_PERMANENT'), value: 'true' },
          { dataElement: ids.dataElement('CPCM_TRF_STATUS'), value: 'REQUESTED' },
        ],
      }] }) as { status?: string }
      expect(report.status).toBe('OK')
    }
    const valuesOf = (event: string) => {
      const e = world.dhis2.tracker.events.get(event)!
      return eventValues({ event, programStage: e.programStage, status: 'ACTIVE', dataValues: [...e.dataValues].map(([dataElement, v]) => ({ dataElement, value: v.value })) }, mapping)
    }
    const transfers = () => world.primero.transitions(consented.id as string).filter((t) => t.type === 'Transfer')
    transfer('TrAnSfErNo1', false)
    transfer('TrAnSfErYe1', true)
    const run = await sync()
    expect(run.code).toBe(0)
    expect(row(run, 'transfers blocked: no consent (nothing sent)')).toBe(1)
    expect(row(run, 'transfers sent to Primero')).toBe(1)
    expect(valuesOf('TrAnSfErNo1')).toMatchObject({ CPCM_TRF_STATUS: 'BLOCKED_NO_CONSENT', CPCM_TRF_STATUS_REASON: expect.stringContaining('CPCM_TRF_CONSENT') })
    const [t] = transfers()
    expect(transfers()).toHaveLength(1)
    expect(t).toMatchObject({ status: 'in_progress', transitioned_to: CSO.user })

    await asPrimero(CSO.user, 'PATCH', `cases/${consented.id as string}/transfers/${t!.id}`, { status: 'accepted' })
    const back = await sync()
    expect(back.code).toBe(0)
    expect(row(back, 'transfers sent to Primero')).toBe(0)
    expect(valuesOf('TrAnSfErYe1')).toMatchObject({ CPCM_TRF_STATUS: 'ACCEPTED', CPCM_TRF_EXTERNAL_ID: t!.id })
    expect(transfers()).toHaveLength(1) // sent once
  })

  it('lists a conflicting edit with the CLI and loses it on neither side', async () => {
    const c = world.primero.allCases()[11]!
    const enrollment = require('../../mappings/uuid').derivedUid('enrollment', c.id as string) as string
    const te = world.dhis2.tracker.enrollments.get(enrollment)!.trackedEntity
    const sex = String(c.sex).toUpperCase()
    const other = sex === 'FEMALE' ? 'male' : 'female'
    world.dhis2.importTracker({ trackedEntities: [{ trackedEntity: te, trackedEntityType: ids.trackedEntityType(), orgUnit: world.dhis2.tracker.trackedEntities.get(te)!.orgUnit, attributes: [{ attribute: ids.attribute('CPCM_DATE_OF_BIRTH'), value: '2012-12-12' }] }] })
    await asPrimero('primero', 'PATCH', `cases/${c.id as string}`, { date_of_birth: '2011-11-11', sex: other })
    const run = await sync()
    expect(run.code).toBe(0)
    expect(row(run, 'conflicts recorded (cpcm primero conflicts)')).toBe(1)
    const listed = await cli(['primero', 'conflicts', '--json'])
    expect(listed.code).toBe(0)
    const conflicts = JSON.parse(listed.stdout) as Array<Record<string, unknown>>
    expect(conflicts).toEqual([expect.objectContaining({ primeroId: c.id, trackedEntity: te, field: 'CPCM_DATE_OF_BIRTH', primeroValue: '2011-11-11', dhis2Value: '2012-12-12', kept: 'dhis2' })])
    const table = await cli(['primero', 'conflicts'])
    expect(table.stdout).toMatch(/CPCM_DATE_OF_BIRTH \(owner: shared; DHIS2 keeps the dhis2 value\)/)
    // Neither side lost: DHIS2 keeps its date, Primero keeps its own; the one-sided edit (sex) flowed.
    const attrs = world.dhis2.tracker.trackedEntities.get(te)!.attributes
    expect(attrs.get(ids.attribute('CPCM_DATE_OF_BIRTH'))?.value.slice(0, 10)).toBe('2012-12-12')
    expect(attrs.get(ids.attribute('CPCM_SEX'))?.value).toBe(other.toUpperCase())
    expect(world.primero.getCase(c.id as string)!.date_of_birth).toBe('2011-11-11')
    expect((await cli(['primero', 'duplicates'])).stdout).toMatch(/No possible duplicates/)
  })

  it('resumes from the cursor after a Primero outage (503 with Retry-After, then down) without loss or duplicates', async () => {
    const extra = 1500
    world.primero.seedCases(extra, (i) => ({ location_current: Object.keys(LOCATIONS)[i % 3], module_id: 'primeromodule-cp' }))
    const before = census(world.dhis2)
    const original = world.primero.handle.bind(world.primero)
    let lists = 0
    world.primero.handle = async (req) => {
      // Page 1 is served; then Primero answers 503 with Retry-After, then stops answering at all.
      if (req.method === 'GET' && req.url.pathname === '/api/v2/cases' && ++lists === 2) {
        world.primero.faults.unavailable(1, 1)
        world.primero.faults.inject({ times: 50, networkError: true, path: '/api/v2/cases' })
      }
      return original(req)
    }
    const broken = await cli(['primero', 'sync', '--once'], { PRIMERO_PAGE_SIZE: '500' })
    world.primero.handle = original
    world.primero.faults.clear()
    expect(broken.code).toBe(69)
    expect(broken.stderr).toMatch(/cpcm: primero GET .*cannot reach the server.*resumes from the cursor/)
    // The first page starts at the cursor (inclusive): the case seen last time comes again, unchanged.
    expect(row(broken, 'created in DHIS2')).toBeGreaterThanOrEqual(499)
    expect(row(broken, 'created in DHIS2')).toBeLessThan(extra)
    const resumed = await cli(['primero', 'sync', '--once'], { PRIMERO_PAGE_SIZE: '500' })
    expect(resumed.code).toBe(0)
    expect(row(broken, 'created in DHIS2') + row(resumed, 'created in DHIS2')).toBe(extra)
    const after = census(world.dhis2)
    expect(after.trackedEntities - before.trackedEntities).toBe(extra)
    expect(after.enrollments - before.enrollments).toBe(extra)
    // One enrollment per Primero case, never two.
    const derived = require('../../mappings/uuid').derivedUid as (k: string, n: string) => string
    const missing = world.primero.allCases().filter((c) => !world.dhis2.tracker.enrollments.has(derived('enrollment', c.id as string)))
    expect(missing.filter((c) => c.module_id === 'primeromodule-cp').map((c) => c.id)).toEqual([])
  })
})
