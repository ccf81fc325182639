import { BACKENDS, item, useTestStores } from './test/backends'

describe.each(BACKENDS)('$name: the Primero exchange tables', (backend) => {
  const db = useTestStores(backend)
  const c = { primeroId: 'p-1', trackedEntity: 'TeChild0001', enrollment: 'EnCase00001', orgUnit: 'OuSector001', base: { CPCM_SEX: 'FEMALE' } }

  it('keeps a case link, its agreed values and its first child code', async () => {
    const store = await db.store()
    await store.primero.cases.put({ ...c, caseId: 'case-1', childCode: 'GAS-KAC-AB1234', primeroUpdatedAt: '2026-01-01T00:00:00.000Z' })
    await store.primero.cases.put({ ...c, childCode: 'GAS-KAC-ZZ9999', base: { CPCM_SEX: 'MALE' } })
    expect(await store.primero.cases.get('p-1')).toMatchObject({ caseId: 'case-1', childCode: 'GAS-KAC-AB1234', base: { CPCM_SEX: 'MALE' }, primeroUpdatedAt: '2026-01-01T00:00:00.000Z' })
    expect(await store.primero.cases.byEnrollment('EnCase00001')).toMatchObject({ primeroId: 'p-1' })
    expect([...(await store.primero.cases.childCodesTaken(['GAS-KAC-AB1234', 'X-1']))]).toEqual(['GAS-KAC-AB1234'])
    expect([...(await store.primero.cases.trackedEntitiesFromPrimero(['TeChild0001', 'TeOther0001']))]).toEqual(['TeChild0001'])
  })

  it('records a derived child code DHIS2 already held, once, and counts it as taken', async () => {
    const store = await db.store()
    const collision = { code: 'GAS-KAC-QQ1234', primeroId: 'p-1', trackedEntity: 'TeChild0001', attempt: 0 }
    expect(await store.primero.childCodeCollisions.record([collision, { ...collision, primeroId: 'p-2' }])).toBe(1)
    expect(await store.primero.childCodeCollisions.list({ primeroId: 'p-1' })).toEqual([expect.objectContaining(collision)])
    expect(await store.primero.childCodeCollisions.list({ primeroId: 'p-2' })).toEqual([])
    expect([...(await store.primero.cases.childCodesTaken(['GAS-KAC-QQ1234', 'GAS-KAC-QQ9999']))]).toEqual(['GAS-KAC-QQ1234'])
  })

  it('moves referrals and finds those sent for a case', async () => {
    const store = await db.store()
    const r = { referralEvent: 'EvRef000001', enrollment: 'EnCase00001', trackedEntity: 'TeChild0001', provider: 'CSO-HOPE' }
    await store.primero.referrals.put({ ...r, state: 'blocked', reason: 'no consent' })
    expect(await store.primero.referrals.ofCases(['p-1'])).toEqual([])
    await store.primero.referrals.put({ ...r, state: 'sent', primeroCaseId: 'p-1', primeroReferralId: 'ref-1', primeroStatus: 'in_progress' })
    await store.primero.referrals.put({ ...r, state: 'sent', primeroStatus: 'accepted' })
    expect(await store.primero.referrals.ofCases(['p-1'])).toEqual([expect.objectContaining({ primeroReferralId: 'ref-1', primeroStatus: 'accepted', reason: null })])
  })

  it('moves transfers and finds those sent for a case', async () => {
    const store = await db.store()
    const t = { transferEvent: 'EvTrf000001', enrollment: 'EnCase00001', trackedEntity: 'TeChild0001', provider: 'CSO-HOPE' }
    await store.primero.transfers.put({ ...t, state: 'blocked', reason: 'no consent' })
    expect(await store.primero.transfers.get('EvTrf000001')).toMatchObject({ state: 'blocked', reason: 'no consent' })
    expect(await store.primero.transfers.ofCases(['p-1'])).toEqual([])
    await store.primero.transfers.put({ ...t, state: 'sent', primeroCaseId: 'p-1', primeroTransferId: 'trf-1', primeroStatus: 'in_progress' })
    await store.primero.transfers.put({ ...t, state: 'sent', primeroStatus: 'accepted' })
    expect(await store.primero.transfers.ofCases(['p-1'])).toEqual([expect.objectContaining({ primeroTransferId: 'trf-1', primeroStatus: 'accepted', reason: null })])
    expect(await store.primero.referrals.ofCases(['p-1'])).toEqual([]) // kept apart from referrals
  })

  it('records a conflict once while open, and lists duplicates', async () => {
    const store = await db.store()
    const conflict = { primeroId: 'p-1', trackedEntity: 'TeChild0001', enrollment: 'EnCase00001', field: 'CPCM_SEX', owner: 'shared' as const, identifying: false, primeroValue: 'MALE', dhis2Value: 'FEMALE', baseValue: null, kept: 'dhis2' as const }
    expect(await store.primero.conflicts.record([conflict, conflict])).toBe(1)
    const [listed] = await store.primero.conflicts.list()
    expect(listed).toMatchObject({ field: 'CPCM_SEX', status: 'open' })
    expect(await store.primero.conflicts.resolve([listed!.id])).toEqual([listed!.id])
    expect(await store.primero.conflicts.list()).toEqual([])
    expect(await store.primero.conflicts.record([conflict])).toBe(1) // it came back after being resolved
    const dup = { primeroId: 'p-1', trackedEntity: 'TeChild0001', candidate: 'TeOther0001', reasons: ['CPCM_DATE_OF_BIRTH', 'CPCM_SEX', 'CPCM_LAST_NAME'] }
    expect(await store.primero.duplicates.record([dup, dup])).toBe(1)
    expect(await store.primero.duplicates.list()).toEqual([expect.objectContaining(dup)])
  })

  it('claims only the kinds asked for', async () => {
    const store = await db.store()
    await store.enqueue([{ ...item('a'), kind: 'primero-case' }, item('b')])
    expect((await store.claim(10, 'w', 60, ['primero-case'])).map((i) => i.key)).toEqual(['a'])
    expect((await store.claim(10, 'w', 60, ['primero-case']))).toEqual([])
    expect((await store.claim(10, 'w')).map((i) => i.key)).toEqual(['b'])
  })
})
