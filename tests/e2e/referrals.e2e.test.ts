/**
 * Acceptance of closed-loop referrals, the real `cpcm` binary against the DHIS2 emulator and one
 * real FHIR engine per facility, over HTTP: the Tier 1 sexual-violence case of a 12-year-old
 * referred to an Isange One Stop Centre, round trip by polling; without consent; completed without
 * feedback; a facility down; a replayed poll window; the privacy canary.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createDhis2Emulator, startDhis2Server, type Dhis2Emulator } from '../emulators/dhis2'
import { startFhirServer, type FhirServerHandle } from '../harness/fhir/server'
import { installCpcmPackage } from '../fixtures/seed-dhis2'
import { cleanEnv, runCli } from '../fixtures/run-cli'
import { openStore } from '../../adapter/store'
import { CANARY_FIRST, facilityClient, healthEncountersInDhis2, referralInDhis2, seedReferralCase } from './referrals-fixtures'

jest.setTimeout(180_000)

async function openStoreAt(dataDir: string) {
  const store = await openStore({ backend: { kind: 'pglite', dataDir: join(dataDir, 'pglite') } })
  return { store }
}

describe('cpcm referrals sync --once (polling)', () => {
  let emulator: Dhis2Emulator
  let stopDhis2: () => Promise<void>
  let isange: FhirServerHandle
  let chuk: FhirServerHandle
  let env: NodeJS.ProcessEnv
  let dataDir: string
  const run = async () => {
    const r = await runCli(['referrals', 'sync', '--once'], { env })
    return r
  }

  beforeAll(async () => {
    emulator = createDhis2Emulator({ version: '2.41' })
    installCpcmPackage(emulator)
    const dhis2 = await startDhis2Server(emulator)
    stopDhis2 = dhis2.stop
    isange = await startFhirServer({ bearerToken: 'isange-outbound-token' })
    chuk = await startFhirServer()
    dataDir = mkdtempSync(join(tmpdir(), 'cpcm-referrals-'))
    env = cleanEnv({
      DHIS2_URL: dhis2.baseUrl, DHIS2_USERNAME: 'admin', DHIS2_PASSWORD: 'district', CPCM_DATA_DIR: dataDir,
      FHIR_TARGETS: `isange=${isange.baseUrl},chuk=${chuk.baseUrl}`,
      FHIR_ISANGE_ROLE: 'facility', FHIR_ISANGE_PROVIDERS: 'ISANGE-KACYIRU', FHIR_ISANGE_TOKEN: 'isange-outbound-token',
      FHIR_ISANGE_OWNER_REFERENCE: 'Organization/isange-kacyiru', FHIR_ISANGE_SERVICES: 'FORENSIC,MEDICAL,PSYCHOSOCIAL',
      FHIR_CHUK_ROLE: 'facility', FHIR_CHUK_PROVIDERS: 'CHUK', FHIR_CHUK_TIMEOUT_MS: '2000',
      CPCM_BACKOFF_BASE_MS: '200', CPCM_BACKOFF_MAX_MS: '400', CPCM_LOG_LEVEL: 'info',
    })
  })

  afterAll(async () => {
    await stopDhis2?.()
    await isange?.stop()
    await chuk?.stop()
    rmSync(dataDir, { recursive: true, force: true })
  })

  it('round trip: Task at Isange, accepted, two encounters, completed with feedback -> COMPLETED in DHIS2 with both encounters', async () => {
    const c = seedReferralCase(emulator, { n: 1 })
    const first = await run()
    expect(first.stderr).not.toMatch(/^\s+at /m)
    expect(first.code).toBe(0)
    const facility = facilityClient(isange.baseUrl, 'isange-outbound-token')
    const task = await facility.task(c.referralEvent)
    expect(task).toMatchObject({ status: 'requested', intent: 'order', owner: { reference: 'Organization/isange-kacyiru' } })
    expect(await isange.count('Patient')).toBe(1)
    expect(await isange.count('Consent')).toBe(1)

    await facility.updateTask(facility.accept(task))
    await run()
    expect(referralInDhis2(emulator, c.referralEvent).values.CPCM_REF_STATUS).toBe('ACCEPTED')

    const sr = await facility.serviceRequest(c.referralEvent)
    await facility.encounter(sr, 'FORENSIC_EXAM', '2026-03-02T13:30:00+02:00', [
      { code: 'FORENSIC_EVIDENCE', resource: 'Procedure' }, { code: 'PEP', resource: 'Procedure' },
      { code: 'FINDINGS', resource: 'Observation', value: { valueString: 'Examination done; samples taken.' } },
    ])
    await facility.encounter(sr, 'PSYCHOSOCIAL', '2026-03-02T16:00:00+02:00', [
      { code: 'FINDINGS', resource: 'Observation', value: { valueString: 'Acute stress; counselling started.' } },
    ])
    await facility.updateTask(facility.complete(await facility.task(c.referralEvent), { feedback: true }))
    const second = await run()
    expect(second.code).toBe(0)
    const after = referralInDhis2(emulator, c.referralEvent)
    expect(after.values).toMatchObject({
      CPCM_REF_STATUS: 'COMPLETED', CPCM_REF_ACCESSED: 'true', CPCM_REF_OUTCOME_ACHIEVED: 'true', CPCM_REF_FEEDBACK_RECEIVED: 'true',
      CPCM_REF_FEEDBACK_DATE: '2026-03-09', CPCM_REF_FEEDBACK: expect.stringContaining('Forensic exam'),
    })
    const encounters = healthEncountersInDhis2(emulator, c.enrollment)
    expect(encounters.map((e) => e.values.CPCM_HE_SERVICE).sort()).toEqual(['FORENSIC_EXAM', 'PSYCHOSOCIAL'])
    expect(encounters.find((e) => e.values.CPCM_HE_SERVICE === 'FORENSIC_EXAM')!.values).toMatchObject({
      CPCM_HE_FACILITY: 'ISANGE-KACYIRU', CPCM_HE_REFERRAL_EVENT: c.referralEvent, CPCM_HE_EVIDENCE_COLLECTED: 'true', CPCM_HE_PEP: 'true',
    })

    // Replaying: nothing changes in DHIS2 or at the facility.
    const stamp = referralInDhis2(emulator, c.referralEvent).updatedAt
    const writes = isange.requests.filter((r) => r.method !== 'GET').length
    const third = await run()
    expect(third.code).toBe(0)
    expect(referralInDhis2(emulator, c.referralEvent).updatedAt).toBe(stamp)
    expect(healthEncountersInDhis2(emulator, c.enrollment)).toEqual(encounters)
    expect(isange.requests.filter((r) => r.method !== 'GET').length).toBe(writes)

    const status = JSON.parse((await runCli(['status', '--json'], { env })).stdout) as { cursors: Array<{ name: string }> }
    expect(status.cursors.map((x) => x.name)).toEqual(expect.arrayContaining([expect.stringMatching(/^dhis2:referrals:/), 'fhir:isange:feedback:lastUpdated']))

    // Privacy: the child's name reached neither the pseudonymous facility nor the logs.
    const stored = JSON.stringify(await Promise.all(['Patient', 'Consent', 'ServiceRequest', 'Task', 'Provenance'].map((t) => isange.list(t))))
    expect(stored).not.toContain(CANARY_FIRST)
    expect(`${first.stdout}${first.stderr}${second.stdout}${second.stderr}${third.stderr}`).not.toContain(CANARY_FIRST)
  })

  it('without consent for the provider: nothing leaves, BLOCKED_NO_CONSENT with the reason, no disclosure', async () => {
    const c = seedReferralCase(emulator, { n: 2, referralConsent: false })
    const before = isange.requests.length
    const r = await run()
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/blocked: no consent \(nothing sent\)\s+1/)
    expect(isange.requests.slice(before).filter((x) => x.method !== 'GET')).toEqual([])
    expect((await isange.list('Task')).some((t) => JSON.stringify(t).includes(c.referralEvent))).toBe(false)
    const v = referralInDhis2(emulator, c.referralEvent).values
    expect(v.CPCM_REF_STATUS).toBe('BLOCKED_NO_CONSENT')
    expect(v.CPCM_REF_STATUS_REASON).toMatch(/No consent for this referral .* nothing was sent to ISANGE-KACYIRU/)
    const { store } = await openStoreAt(dataDir)
    try {
      expect((await store.disclosures.list()).filter((d) => d.consentRef === c.referralEvent)).toEqual([])
      expect(await store.referrals.get('isange', c.referralEvent)).toBeNull()
    } finally {
      await store.close()
    }
  })

  it('completed without feedback: stays open in DHIS2 and is flagged', async () => {
    const c = seedReferralCase(emulator, { n: 3 })
    await run()
    const facility = facilityClient(isange.baseUrl, 'isange-outbound-token')
    await facility.updateTask(facility.complete(await facility.task(c.referralEvent), { feedback: false }))
    await run()
    const after = referralInDhis2(emulator, c.referralEvent)
    expect(after.values.CPCM_REF_STATUS).toBe('IN_PROGRESS')
    expect(after.values.CPCM_REF_STATUS_REASON).toMatch(/marked the referral completed, but no feedback was received/)
    expect(after.followUp).toBe(true)
  })

  it('a facility that is down delays only its own referrals', async () => {
    const toChuk = seedReferralCase(emulator, { n: 4, provider: 'CHUK', service: 'MEDICAL' })
    const toIsange = seedReferralCase(emulator, { n: 5 })
    chuk.inject({ status: 503, times: 1000 })
    const r = await run()
    expect(r.code).toBe(2) // CHUK unreachable: reported
    expect(await facilityClient(isange.baseUrl, 'isange-outbound-token').task(toIsange.referralEvent)).toMatchObject({ status: 'requested' })
    expect(await chuk.count('Task')).toBe(0)
    chuk.clearFaults()
    await new Promise((resolve) => setTimeout(resolve, 500)) // the outbox backoff (CPCM_BACKOFF_MAX_MS)
    const again = await run()
    expect(again.code).toBe(0)
    expect(await facilityClient(chuk.baseUrl).task(toChuk.referralEvent)).toMatchObject({ status: 'requested' })
  })
})
