/**
 * The Primero pass against both emulators over HTTP, on every store backend: import, idempotence,
 * edits, conflicts, duplicates, referrals under consent and their states coming back.
 */
import { createMappingContext } from '../../../mappings/context'
import { attributeValues, eventValues } from '../../../mappings/dhis2/values'
import { CANARY_PATTERN } from '../../../tests/emulators/primero'
import { childCodeFor } from '../../../mappings/primero'
import { cpcmPackage, ids } from '../../../tests/fixtures/package-lookup'
import { SECTORS } from '../../../tests/fixtures/rwanda-org-units'
import { census, CSO, LOCATIONS, startWorld, type World } from '../../../tests/e2e/primero-fixtures'
import { createDhis2Connector } from '../../connectors/dhis2'
import { createPrimeroConnector } from '../../connectors/primero'
import { createMemoryLogger } from '../../observability/logger'
import { BACKENDS, useTestStores } from '../../store/test/backends'
import type { Store } from '../../store'
import { syncPrimeroOnce, type PrimeroSyncSummary } from './sync-once'

jest.setTimeout(120_000)

const pkg = cpcmPackage()
const mapping = createMappingContext(pkg, { recipient: { id: 'primero', allowIdentifiers: true } })
const N = 60

describe.each(BACKENDS)('$name: Primero <-> DHIS2', (backend) => {
  const db = useTestStores(backend)
  let world: World
  let store: Store
  let log: ReturnType<typeof createMemoryLogger>

  beforeEach(async () => {
    world = await startWorld(N)
    store = await db.store()
    log = createMemoryLogger('debug')
  })
  afterEach(async () => world.stop())

  const run = (): Promise<PrimeroSyncSummary> =>
    syncPrimeroOnce(
      {
        store, owner: 'host:1:test',
        primero: createPrimeroConnector({ baseUrl: world.primeroUrl, auth: { username: 'primero', password: 'primer0!' }, timeoutMs: 5000, retry: { attempts: 2, baseDelayMs: 1, maxDelayMs: 5, maxRetryAfterMs: 2000 } }),
        dhis2: createDhis2Connector({ baseUrl: world.dhis2Url, auth: { username: 'admin', password: 'district' }, timeoutMs: 10_000, pageSize: 200 }),
        mapping, identified: mapping, placement: { locations: LOCATIONS }, providers: { [CSO.code]: CSO.user }, logger: log.logger,
      },
      { modules: ['primeromodule-cp'], toleranceSeconds: 0, batchSize: 50, leaseSeconds: 60, concurrency: 2 },
    )

  const teOf = (primeroId: string) => store.primero.cases.get(primeroId)
  const attrs = (te: string) => {
    const t = world.dhis2.tracker.trackedEntities.get(te)!
    return Object.fromEntries([...t.attributes].map(([uid, v]) => [mapping.codeOf('trackedEntityAttribute', uid), v.value]))
  }

  it('imports every case once; a second run writes nothing; an edit updates exactly that case', async () => {
    const first = await run()
    expect(first.listingError).toBeUndefined()
    expect(first.cases).toMatchObject({ created: N, dead: 0, retry: 0 })
    expect(census(world.dhis2)).toMatchObject({ trackedEntities: N, enrollments: N })
    const some = world.primero.allCases()[0]!
    const link = (await teOf(some.id as string))!
    expect(link).toMatchObject({ caseId: some.case_id, caseIdDisplay: some.case_id_display })
    expect(attrs(link.trackedEntity).CPCM_CHILD_CODE).toMatch(/^[A-Z-]+-[A-Z]{2}\d{4}$/)
    expect(await store.links.get({ system: 'primero', kind: 'case', remoteId: some.id as string })).toMatchObject({ localId: link.enrollment })

    const writes = world.trackerWrites.length
    const second = await run()
    expect(second.listed.queued).toBe(0)
    expect(second.cases).toMatchObject({ created: 0, updated: 0 })
    expect(world.trackerWrites.length).toBe(writes)

    const edited = world.primero.allCases().slice(5, 8)
    for (const c of edited) await world.primero.handle(patch(world, c.id as string, { risk_level: c.risk_level === 'high' ? 'low' : 'high' }))
    const third = await run()
    expect(third.cases).toMatchObject({ updated: 3, created: 0 })
    expect(world.trackerWrites.slice(writes).reduce((a, b) => a + b, 0)).toBe(3)
    expect(log.lines.join('\n')).not.toMatch(CANARY_PATTERN)
  })

  it('records a field edited on both sides, keeps both values, and lists possible duplicates', async () => {
    await run()
    const c = world.primero.allCases()[2]!
    const link = (await teOf(c.id as string))!
    // DHIS2 side: the CPWO corrects the date of birth; Primero side: the CSO changes it too.
    world.dhis2.importTracker({ trackedEntities: [{ trackedEntity: link.trackedEntity, trackedEntityType: ids.trackedEntityType(), orgUnit: link.orgUnit, attributes: [{ attribute: ids.attribute('CPCM_DATE_OF_BIRTH'), value: '2015-01-01' }] }] })
    await world.primero.handle(patch(world, c.id as string, { date_of_birth: '2014-06-06', name_first: 'CANARY Renamed' }))
    const s = await run()
    expect(s.cases.conflicts).toBe(1)
    const [conflict] = await store.primero.conflicts.list()
    expect(conflict).toMatchObject({ field: 'CPCM_DATE_OF_BIRTH', primeroValue: '2014-06-06', dhis2Value: '2015-01-01', kept: 'dhis2', owner: 'shared' })
    expect(attrs(link.trackedEntity).CPCM_DATE_OF_BIRTH?.slice(0, 10)).toBe('2015-01-01') // DHIS2 not overwritten
    expect(attrs(link.trackedEntity).CPCM_FIRST_NAME).toBe('CANARY Renamed') // the one-sided edit flowed
    expect(world.primero.getCase(c.id as string)!.date_of_birth).toBe('2014-06-06') // Primero not overwritten
    // Running again does not repeat it.
    await world.primero.handle(patch(world, c.id as string, { risk_level: 'low' }))
    await run()
    expect(await store.primero.conflicts.list()).toHaveLength(1)

    // A child DHIS2 registered itself, then the same child arrives from Primero.
    const twin = world.primero.seedCases(1, { location_current: 'RW-01-GAS', module_id: 'primeromodule-cp' })[0]!
    world.dhis2.importTracker({ trackedEntities: [{
      trackedEntity: 'TwInChIlD01', trackedEntityType: ids.trackedEntityType(), orgUnit: LOCATIONS['RW-01-GAS'],
      attributes: [
        { attribute: ids.attribute('CPCM_CHILD_CODE'), value: 'GAS-KAC-ZZ0001' }, { attribute: ids.attribute('CPCM_SEX'), value: String(twin.sex).toUpperCase() },
        { attribute: ids.attribute('CPCM_DATE_OF_BIRTH'), value: String(twin.date_of_birth) }, { attribute: ids.attribute('CPCM_LAST_NAME'), value: String(twin.name_last) },
      ],
      enrollments: [{ enrollment: 'TwInEnRoL01', program: ids.program('CPCM_CASE'), orgUnit: LOCATIONS['RW-01-GAS'], status: 'ACTIVE', enrolledAt: '2026-01-01', occurredAt: '2026-01-01' }],
    }] })
    const d = await run()
    expect(d.cases.duplicates).toBe(1)
    expect(await store.primero.duplicates.list()).toEqual([expect.objectContaining({ primeroId: twin.id, candidate: 'TwInChIlD01', reasons: ['CPCM_DATE_OF_BIRTH', 'CPCM_SEX', 'CPCM_LAST_NAME'] })])
    expect(census(world.dhis2).trackedEntities).toBe(N + 2) // not merged
  })

  it('refers to a CSO on Primero only under its consent rule, and brings the referral\'s states back', async () => {
    await run()
    const withConsent = world.primero.allCases().find((c) => c.disclosure_other_orgs === true && c.consent_for_services === true)!
    const without = world.primero.allCases().find((c) => c.disclosure_other_orgs === false && c.consent_for_services === true)!
    const refer = async (primeroId: string, event: string) => {
      const link = (await teOf(primeroId))!
      world.dhis2.importTracker({ events: [{
        event, program: ids.program('CPCM_CASE'), programStage: ids.stage('CPCM_REFERRAL'), enrollment: link.enrollment, orgUnit: link.orgUnit,
        status: 'ACTIVE', occurredAt: '2026-03-01T00:00:00.000',
        dataValues: [
          { dataElement: ids.dataElement('CPCM_REF_PROVIDER'), value: CSO.code }, { dataElement: ids.dataElement('CPCM_REF_STATUS'), value: 'REQUESTED' },
          { dataElement: ids.dataElement('CPCM_REF_SERVICE'), value: 'PSYCHOSOCIAL' },
        ],
      }] })
      return link
    }
    await refer(without.id as string, 'ReFnOcOnS01')
    const link = await refer(withConsent.id as string, 'ReFcOnSeNt1')
    const s = await run()
    expect(s.referrals).toMatchObject({ sent: 1, blocked: 1, dead: 0 })
    const blocked = eventValues(dhis2Event(world, 'ReFnOcOnS01'), mapping)
    expect(blocked).toMatchObject({ CPCM_REF_STATUS: 'BLOCKED_NO_CONSENT', CPCM_REF_STATUS_REASON: expect.stringContaining('disclosure_other_orgs') })
    expect(world.primero.transitions(without.id as string)).toEqual([])
    const [t] = world.primero.transitions(withConsent.id as string)
    expect(t).toMatchObject({ status: 'in_progress', transitioned_to: CSO.user })
    expect(await store.disclosures.list({ recipient: `primero:${CSO.code}` })).toEqual([expect.objectContaining({ caseUid: link.enrollment, purpose: 'referral' })])

    // The CSO accepts, then completes: both come back into the DHIS2 referral event.
    await world.primero.handle(referralPatch(world, withConsent.id as string, t!.id, { status: 'accepted' }))
    await run()
    expect(eventValues(dhis2Event(world, 'ReFcOnSeNt1'), mapping)).toMatchObject({ CPCM_REF_STATUS: 'ACCEPTED', CPCM_REF_EXTERNAL_ID: t!.id })
    await world.primero.handle(referralPatch(world, withConsent.id as string, t!.id, { status: 'done', success_status: 'successful' }))
    await run()
    expect(eventValues(dhis2Event(world, 'ReFcOnSeNt1'), mapping)).toMatchObject({ CPCM_REF_STATUS: 'COMPLETED', CPCM_REF_OUTCOME_ACHIEVED: 'true' })
    expect(world.primero.transitions(withConsent.id as string)).toHaveLength(1) // sent once
  })

  it('transfers a case to a CSO on Primero only under the consent rule, once, and brings its state back', async () => {
    await run()
    const consented = world.primero.allCases().filter((c) => c.disclosure_other_orgs === true && c.consent_for_services === true)
    const [a, b] = consented
    const transfer = async (primeroId: string, event: string, familyConsent: boolean) => {
      const link = (await teOf(primeroId))!
      world.dhis2.importTracker({ events: [{
        event, program: ids.program('CPCM_CASE'), programStage: ids.stage('CPCM_TRANSFER'), enrollment: link.enrollment, orgUnit: link.orgUnit,
        status: 'ACTIVE', occurredAt: '2026-03-02T00:00:00.000',
        dataValues: [
          { dataElement: ids.dataElement('CPCM_TRF_RECEIVING_AGENCY'), value: CSO.code }, { dataElement: ids.dataElement('CPCM_TRF_REASON'), value: 'Family moved' },
          { dataElement: ids.dataElement('CPCM_TRF_CONSENT'), value: String(familyConsent) }, { dataElement: ids.dataElement('CPCM_TRF_PERMANENT'), value: 'true' },
          { dataElement: ids.dataElement('CPCM_TRF_STATUS'), value: 'REQUESTED' },
        ],
      }] })
      return link
    }
    const refused = await transfer(a!.id as string, 'TrFnOcOnS01', false)
    const link = await transfer(a!.id as string, 'TrFcOnSeNt1', true)
    await transfer(b!.id as string, 'TrFrEjEcT01', true)
    const s = await run()
    expect(s.transfers).toEqual({ sent: 2, blocked: 1 })
    expect(s.referrals.dead).toBe(0)
    expect(eventValues(dhis2Event(world, 'TrFnOcOnS01'), mapping)).toMatchObject({ CPCM_TRF_STATUS: 'BLOCKED_NO_CONSENT', CPCM_TRF_STATUS_REASON: expect.stringContaining('CPCM_TRF_CONSENT') })
    const [t] = transfersOf(world, a!.id as string)
    expect(transfersOf(world, a!.id as string)).toHaveLength(1) // only the consented one
    expect(t).toMatchObject({ type: 'Transfer', status: 'in_progress', transitioned_to: CSO.user, notes: 'CPCM transfer TrFcOnSeNt1' })
    expect(eventValues(dhis2Event(world, 'TrFcOnSeNt1'), mapping)).toMatchObject({ CPCM_TRF_STATUS: 'REQUESTED', CPCM_TRF_EXTERNAL_ID: t!.id })
    const disclosed = await store.disclosures.list({ recipient: `primero:${CSO.code}` })
    expect(disclosed.filter((d) => d.purpose === 'transfer').map((d) => d.consentRef).sort()).toEqual(['TrFcOnSeNt1', 'TrFrEjEcT01']) // none for the refused one
    expect(refused.enrollment).toBe(link.enrollment)

    // Replayed: the DHIS2 event is read again (its cursor lost): nothing is sent twice.
    await store.cursors.set(`dhis2:primero-transfers:${ids.stage('CPCM_TRANSFER')}`, '2000-01-01T00:00:00.000')
    expect((await run()).transfers).toEqual({ sent: 0, blocked: 0 })
    expect(transfersOf(world, a!.id as string)).toHaveLength(1)

    // The CSO accepts one and rejects the other: both come back into the DHIS2 transfer events.
    await world.primero.handle(transferPatch(world, a!.id as string, t!.id, { status: 'accepted' }))
    const [tb] = transfersOf(world, b!.id as string)
    await world.primero.handle(transferPatch(world, b!.id as string, tb!.id, { status: 'rejected', rejected_reason: 'No capacity in that district' }))
    const back = await run()
    expect(back.cases.transferUpdates).toBe(2)
    expect(eventValues(dhis2Event(world, 'TrFcOnSeNt1'), mapping)).toMatchObject({ CPCM_TRF_STATUS: 'ACCEPTED', CPCM_TRF_EXTERNAL_ID: t!.id })
    expect(eventValues(dhis2Event(world, 'TrFrEjEcT01'), mapping)).toMatchObject({ CPCM_TRF_STATUS: 'REJECTED', CPCM_TRF_STATUS_REASON: 'No capacity in that district' })
    expect(await store.primero.transfers.get('TrFcOnSeNt1')).toMatchObject({ state: 'sent', primeroStatus: 'accepted' })
    expect((await run()).cases.transferUpdates).toBe(0)
  })

  it('a derived child code DHIS2 already holds (E1064) gives the next candidate, recorded, the same on replay', async () => {
    // Before any import, DHIS2 registered a child of its own whose generated code is the first candidate
    // for one Primero case (and a second case's first two candidates are held too).
    const [one, two] = world.primero.allCases().filter((c) => c.location_current === 'RW-01-GAS')
    const ouCode = SECTORS[0]!.code
    const held = [childCodeFor(ouCode, one!.id as string, 0), childCodeFor(ouCode, two!.id as string, 0), childCodeFor(ouCode, two!.id as string, 1)]
    held.forEach((code, i) => world.dhis2.importTracker({ trackedEntities: [{
      trackedEntity: `DhIs2OwN${i}00`, trackedEntityType: ids.trackedEntityType(), orgUnit: LOCATIONS['RW-01-GAS'],
      attributes: [{ attribute: ids.attribute('CPCM_CHILD_CODE'), value: code }],
    }] }))
    expect(census(world.dhis2).trackedEntities).toBe(3)
    const s = await run()
    expect(s.cases).toMatchObject({ created: N, dead: 0, retry: 0, childCodeCollisions: 3 })
    const first = (await teOf(one!.id as string))!
    const second = (await teOf(two!.id as string))!
    expect(first.childCode).toBe(childCodeFor(ouCode, one!.id as string, 1))
    expect(second.childCode).toBe(childCodeFor(ouCode, two!.id as string, 2))
    expect(attrs(first.trackedEntity).CPCM_CHILD_CODE).toBe(first.childCode)
    expect(attrs(second.trackedEntity).CPCM_CHILD_CODE).toBe(second.childCode)
    expect(attrs('DhIs2OwN000').CPCM_CHILD_CODE).toBe(held[0]) // DHIS2's own child untouched
    expect((await store.primero.childCodeCollisions.list()).map((c) => [c.code, c.primeroId, c.attempt]).sort()).toEqual(
      [[held[0], one!.id, 0], [held[1], two!.id, 0], [held[2], two!.id, 1]].sort(),
    )
    expect(census(world.dhis2).trackedEntities).toBe(N + 3)

    // A replay whose store lost the link (a crash after DHIS2's write): the child is found again and keeps its code.
    store = await db.store()
    const again = await run()
    expect(again.cases).toMatchObject({ dead: 0, created: 0, childCodeCollisions: 0 })
    expect((await teOf(one!.id as string))!.childCode).toBe(first.childCode)
    expect(census(world.dhis2).trackedEntities).toBe(N + 3)
  })

  it('a Primero outage mid-listing resumes from the cursor without loss or duplicates', async () => {
    world.primero.seedCases(0)
    const per = 20
    const primero = createPrimeroConnector({ baseUrl: world.primeroUrl, auth: { username: 'primero', password: 'primer0!' }, timeoutMs: 5000, per, retry: { attempts: 2, baseDelayMs: 1, maxDelayMs: 5, maxRetryAfterMs: 2000 } })
    const deps = {
      store, owner: 'host:1:test', primero,
      dhis2: createDhis2Connector({ baseUrl: world.dhis2Url, auth: { username: 'admin', password: 'district' }, timeoutMs: 10_000 }),
      mapping, identified: mapping, placement: { locations: LOCATIONS }, providers: {}, logger: log.logger,
    }
    const opts = { modules: ['primeromodule-cp'], toleranceSeconds: 0, batchSize: 50, leaseSeconds: 60, concurrency: 2 }
    // Page 1 answers; then 503 with Retry-After, twice (past the retries).
    let lists = 0
    world.primero.faults.inject({ path: /^\/api\/v2\/cases$/, times: 0 })
    const original = world.primero.handle.bind(world.primero)
    world.primero.handle = async (req) => {
      if (req.method === 'GET' && req.url.pathname === '/api/v2/cases' && ++lists === 2) world.primero.faults.unavailable(2, 1)
      return original(req)
    }
    const broken = await syncPrimeroOnce(deps, opts)
    expect(broken.listingError).toMatch(/503/)
    expect(broken.cases.created).toBe(per)
    const cursor = broken.listed.cursor
    expect(cursor).not.toBeNull()
    const again = await syncPrimeroOnce(deps, opts)
    expect(again.listingError).toBeUndefined()
    expect(again.cases.created).toBe(N - per)
    expect(census(world.dhis2)).toMatchObject({ trackedEntities: N, enrollments: N })
  })
})

function patch(world: World, id: string, data: Record<string, unknown>) {
  return { method: 'PATCH', url: new URL(`${world.primeroUrl}/api/v2/cases/${id}`), headers: { authorization: `Bearer ${world.primero.tokenFor('primero')}`, 'content-type': 'application/json' }, body: JSON.stringify({ data }) }
}

function referralPatch(world: World, caseId: string, id: string, data: Record<string, unknown>) {
  return { method: 'PATCH', url: new URL(`${world.primeroUrl}/api/v2/cases/${caseId}/referrals/${id}`), headers: { authorization: `Bearer ${world.primero.tokenFor(CSO.user)}`, 'content-type': 'application/json' }, body: JSON.stringify({ data }) }
}

function transferPatch(world: World, caseId: string, id: string, data: Record<string, unknown>) {
  return { method: 'PATCH', url: new URL(`${world.primeroUrl}/api/v2/cases/${caseId}/transfers/${id}`), headers: { authorization: `Bearer ${world.primero.tokenFor(CSO.user)}`, 'content-type': 'application/json' }, body: JSON.stringify({ data }) }
}

function dhis2Event(world: World, uid: string) {
  const e = world.dhis2.tracker.events.get(uid)!
  return { event: uid, programStage: e.programStage, status: e.status, dataValues: [...e.dataValues].map(([dataElement, v]) => ({ dataElement, value: v.value })) } as never
}

export { attributeValues }

function transfersOf(world: World, caseId: string) {
  return world.primero.transitions(caseId).filter((t) => t.type === 'Transfer')
}
