/**
 * Acceptance of push: `cpcm serve` (the real binary) exposes `/fhir`; the Isange facility PUTs its
 * Task and POSTs subscription notifications (full resource and id-only, R4 Subscriptions Backport
 * shapes) as a partner would, with its own token; DHIS2 ends COMPLETED with both encounters. Another
 * partner's token cannot read or update that Task; invalid input is refused with an OperationOutcome
 * and nothing is written; a replayed notification changes nothing.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createDhis2Emulator, startDhis2Server, type Dhis2Emulator } from '../emulators/dhis2'
import { startFhirServer, type FhirServerHandle } from '../harness/fhir/server'
import { installCpcmPackage } from '../fixtures/seed-dhis2'
import { CPCM_BIN, cleanEnv } from '../fixtures/run-cli'
import { CANARY_FIRST, facilityClient, healthEncountersInDhis2, referralInDhis2, seedReferralCase } from './referrals-fixtures'

jest.setTimeout(180_000)
const ISANGE_IN = 'isange-inbound-token-0001'
const CHUK_IN = 'chuk-inbound-token-00002'
const REFERENCE = join(__dirname, '../../../shared/reference/fhir-subscriptions/id_only_notification_bundle_example.json')

/**
 * A notification Bundle to fill in: HL7's published id-only example when it is beside the
 * project (../shared/reference), so the endpoint is tested against the real shape; otherwise one
 * built here to the R4 Subscriptions Backport profile (history Bundle, SubscriptionStatus first).
 */
function notificationTemplate(): { entry: Array<Record<string, unknown>> } {
  if (existsSync(REFERENCE)) return JSON.parse(readFileSync(REFERENCE, 'utf8')) as { entry: Array<Record<string, unknown>> }
  const statusId = '6f1c0a52-93b4-4f7e-9d2a-3c6d1e0b7a41'
  return {
    resourceType: 'Bundle', type: 'history', timestamp: '2026-03-02T16:05:00+02:00',
    entry: [{
      fullUrl: `urn:uuid:${statusId}`,
      resource: {
        resourceType: 'Parameters', id: statusId,
        meta: { profile: ['http://hl7.org/fhir/uv/subscriptions-backport/StructureDefinition/backport-subscription-status-r4'] },
        parameter: [
          { name: 'subscription', valueReference: { reference: 'Subscription/cpcm-feedback' } },
          { name: 'topic', valueCanonical: 'https://ncda.gov.rw/fhir/cpcm/SubscriptionTopic/referral-feedback' },
          { name: 'status', valueCode: 'active' },
          { name: 'type', valueCode: 'event-notification' },
          { name: 'events-since-subscription-start', valueString: '1' },
        ],
      },
      request: { method: 'GET', url: 'Subscription/cpcm-feedback/$status' },
      response: { status: '200' },
    }],
  } as unknown as { entry: Array<Record<string, unknown>> }
}

describe('cpcm serve: /fhir push from facilities', () => {
  let emulator: Dhis2Emulator
  let stopDhis2: () => Promise<void>
  let isange: FhirServerHandle
  let chuk: FhirServerHandle
  let dataDir: string
  let serve: ChildProcess
  let base: string
  let logs = ''

  beforeAll(async () => {
    emulator = createDhis2Emulator({ version: '2.41' })
    installCpcmPackage(emulator)
    const dhis2 = await startDhis2Server(emulator)
    stopDhis2 = dhis2.stop
    isange = await startFhirServer()
    chuk = await startFhirServer()
    dataDir = mkdtempSync(join(tmpdir(), 'cpcm-push-'))
    const env = cleanEnv({
      DHIS2_URL: dhis2.baseUrl, DHIS2_USERNAME: 'admin', DHIS2_PASSWORD: 'district', CPCM_DATA_DIR: dataDir, CPCM_PORT: '0', CPCM_LOG_LEVEL: 'info',
      FHIR_TARGETS: `isange=${isange.baseUrl},chuk=${chuk.baseUrl}`,
      FHIR_ISANGE_ROLE: 'facility', FHIR_ISANGE_PROVIDERS: 'ISANGE-KACYIRU', FHIR_ISANGE_INBOUND_TOKEN: ISANGE_IN,
      FHIR_CHUK_ROLE: 'facility', FHIR_CHUK_PROVIDERS: 'CHUK', FHIR_CHUK_INBOUND_TOKEN: CHUK_IN,
    })
    serve = spawn(process.execPath, [CPCM_BIN, 'serve', '--interval', '1'], { env, stdio: ['ignore', 'pipe', 'pipe'] })
    serve.stderr!.on('data', (d: Buffer) => (logs += d.toString()))
    base = await new Promise<string>((resolve, reject) => {
      serve.stdout!.on('data', (d: Buffer) => {
        logs += d.toString()
        const m = /listening on (http:\/\/\S+)/.exec(logs)
        if (m) resolve(m[1]!)
      })
      serve.once('exit', () => reject(new Error(`serve exited: ${logs}`)))
    })
  })

  afterAll(async () => {
    serve?.kill('SIGTERM')
    await new Promise((r) => serve?.once('close', r))
    await stopDhis2?.()
    await isange?.stop()
    await chuk?.stop()
    rmSync(dataDir, { recursive: true, force: true })
  })

  const until = async (what: () => boolean | Promise<boolean>, ms = 30_000) => {
    const end = Date.now() + ms
    while (!(await what())) {
      if (Date.now() > end) throw new Error(`not reached in time; the service said:\n${logs.slice(-3000)}`)
      await new Promise((r) => setTimeout(r, 25))
    }
  }
  const push = (path: string, method: string, body: unknown, token = ISANGE_IN) =>
    fetch(`${base}/fhir${path}`, { method, headers: { 'content-type': 'application/fhir+json', authorization: `Bearer ${token}` }, body: body === undefined ? undefined : JSON.stringify(body) })

  it('states what it accepts at /fhir/metadata', async () => {
    const res = await fetch(`${base}/fhir/metadata`)
    expect(res.status).toBe(200)
    const cs = (await res.json()) as { resourceType: string; fhirVersion: string; rest: Array<{ resource: Array<{ type: string; interaction: Array<{ code: string }> }> }> }
    expect(cs).toMatchObject({ resourceType: 'CapabilityStatement', fhirVersion: '4.0.1' })
    expect(cs.rest[0]!.resource.map((r) => [r.type, r.interaction.map((i) => i.code)])).toEqual([['Task', ['read', 'update', 'create']]])
  })

  it('round trip by push: accepted, two encounters notified (full and id-only), completed with feedback -> COMPLETED', async () => {
    const c = seedReferralCase(emulator, { n: 11 })
    const facility = facilityClient(isange.baseUrl)
    await until(async () => (await isange.count('Task')) > 0)
    const pushStarted = Date.now()
    const task = await facility.task(c.referralEvent)
    const accepted = await facility.updateTask(facility.accept(task))
    const res = await push(`/Task/${c.referralEvent}`, 'PUT', accepted)
    expect(res.status).toBe(200)
    await until(() => referralInDhis2(emulator, c.referralEvent).values.CPCM_REF_STATUS === 'ACCEPTED')
    const acceptedMs = Date.now() - pushStarted

    const sr = await facility.serviceRequest(c.referralEvent)
    const forensic = await facility.encounter(sr, 'FORENSIC_EXAM', '2026-03-02T13:30:00+02:00', [{ code: 'FORENSIC_EVIDENCE', resource: 'Procedure' }])
    const psycho = await facility.encounter(sr, 'PSYCHOSOCIAL', '2026-03-02T16:00:00+02:00', [])
    const template = notificationTemplate()
    const full = { ...template, entry: [template.entry[0], { fullUrl: `${isange.baseUrl}/Encounter/${forensic.id}`, resource: forensic, request: { method: 'POST', url: 'Encounter' }, response: { status: '201' } }] }
    const idOnly = { ...template, entry: [template.entry[0], { fullUrl: `${isange.baseUrl}/Encounter/${psycho.id}`, request: { method: 'POST', url: 'Encounter' }, response: { status: '201' } }] }
    expect((await push('', 'POST', full)).status).toBe(200)
    expect((await push('', 'POST', idOnly)).status).toBe(200)
    const completed = await facility.updateTask(facility.complete(await facility.task(c.referralEvent), { feedback: true }))
    const t0 = Date.now()
    expect((await push(`/Task/${c.referralEvent}`, 'PUT', completed)).status).toBe(200)
    await until(() => referralInDhis2(emulator, c.referralEvent).values.CPCM_REF_STATUS === 'COMPLETED' && healthEncountersInDhis2(emulator, c.enrollment).length === 2)
    const completedMs = Date.now() - t0
    expect(healthEncountersInDhis2(emulator, c.enrollment).map((e) => e.values.CPCM_HE_SERVICE).sort()).toEqual(['FORENSIC_EXAM', 'PSYCHOSOCIAL'])
    process.stdout.write(`push round trip: accepted ${acceptedMs} ms, completed ${completedMs} ms\n`)

    // Replay: the same notification and Task again change nothing.
    const stamp = referralInDhis2(emulator, c.referralEvent).updatedAt
    const replay = await push('', 'POST', full)
    expect(((await replay.json()) as { issue: Array<{ diagnostics: string }> }).issue[0]!.diagnostics).toMatch(/0 new, 1 already received/)
    expect((await push(`/Task/${c.referralEvent}`, 'PUT', completed)).status).toBe(200)
    await new Promise((r) => setTimeout(r, 1500))
    expect(referralInDhis2(emulator, c.referralEvent).updatedAt).toBe(stamp)
    expect(logs).not.toContain(CANARY_FIRST)
  })

  it('refuses another partner\'s Task, a missing or wrong token, and invalid input, writing nothing', async () => {
    const c = seedReferralCase(emulator, { n: 12 })
    await until(async () => (await facilityClient(isange.baseUrl).task(c.referralEvent).then(() => true, () => false)))
    // The serve loop also polls: wait until it has read the new Task back (the facility's Task id).
    await until(() => referralInDhis2(emulator, c.referralEvent).values.CPCM_REF_EXTERNAL_ID !== undefined)
    const own = await push(`/Task/${c.referralEvent}`, 'GET', undefined)
    expect(own.status).toBe(200)
    const other = await push(`/Task/${c.referralEvent}`, 'GET', undefined, CHUK_IN)
    expect(other.status).toBe(403)
    expect(await other.json()).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'forbidden' }] })
    const task = await facilityClient(isange.baseUrl).task(c.referralEvent)
    const before = referralInDhis2(emulator, c.referralEvent).updatedAt
    expect((await push(`/Task/${c.referralEvent}`, 'PUT', { ...task, status: 'accepted' }, CHUK_IN)).status).toBe(403)
    expect((await fetch(`${base}/fhir/Task/${c.referralEvent}`)).status).toBe(401)
    expect((await push(`/Task/${c.referralEvent}`, 'GET', undefined, 'not-a-token-at-all-000')).status).toBe(401)
    // Checked against the R4 StructureDefinitions: the element named, never its value.
    const invalid = await push(`/Task/${c.referralEvent}`, 'PUT', { ...task, status: 'finished-ish' })
    expect(invalid.status).toBe(400)
    const wrongCode = (await invalid.json()) as { issue: Array<{ diagnostics: string }> }
    expect(wrongCode).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'code-invalid', expression: ['Task.status'] }] })
    expect(JSON.stringify(wrongCode)).not.toContain('finished-ish')
    const badType = await push(`/Task/${c.referralEvent}`, 'PUT', { ...task, priority: 5, authoredOn: 'last Tuesday' })
    expect(badType.status).toBe(400)
    const typeIssues = (await badType.json()) as { issue: Array<{ code: string; expression: string[]; diagnostics: string }> }
    expect(typeIssues.issue.map((i) => i.expression[0]).sort()).toEqual(['Task.authoredOn', 'Task.priority'])
    expect(typeIssues.issue.every((i) => i.code === 'structure')).toBe(true)
    expect(JSON.stringify(typeIssues)).not.toContain('last Tuesday')
    const sr = await facilityClient(isange.baseUrl).serviceRequest(c.referralEvent)
    const template = notificationTemplate()
    const badEntry = {
      resourceType: 'Encounter', status: 'finished', class: { code: 'AMB' }, basedOn: [{ reference: `ServiceRequest/${sr.id}` }],
      period: { start: 'soon after lunch' }, subject: sr.subject,
    }
    const inBundle = await push('', 'POST', { ...template, entry: [template.entry[0], { fullUrl: `${isange.baseUrl}/Encounter/x1`, resource: badEntry, request: { method: 'POST', url: 'Encounter' }, response: { status: '201' } }] })
    expect(inBundle.status).toBe(400)
    expect(await inBundle.json()).toMatchObject({ issue: [{ code: 'structure', expression: ['Bundle.entry[1].resource.period.start'] }] })
    const noId = await push('/Task', 'POST', { ...task, identifier: [] })
    expect(noId.status).toBe(400)
    expect((await push('', 'POST', { resourceType: 'Bundle', type: 'transaction', entry: [] })).status).toBe(400)
    // An id-only notification whose focus is on another server: never read back, refused.
    const foreign = notificationTemplate()
    if (!existsSync(REFERENCE)) {
      foreign.entry = [foreign.entry[0]!, { fullUrl: 'https://fhir.elsewhere.example/fhir/Encounter/86009987', request: { method: 'POST', url: 'Encounter' }, response: { status: '201' } }]
    }
    expect((await push('', 'POST', foreign)).status).toBe(400)
    await new Promise((r) => setTimeout(r, 1200))
    expect(referralInDhis2(emulator, c.referralEvent).updatedAt).toBe(before)
  })
})
