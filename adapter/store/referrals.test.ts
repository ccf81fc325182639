import { BACKENDS, useTestStores } from './test/backends'

describe.each(BACKENDS)('$name: referrals sent to facilities', (backend) => {
  const db = useTestStores(backend)
  const base = { facility: 'isange', referralEvent: 'EvRef000001', enrollment: 'EnCase00001', trackedEntity: 'TeChild0001', childCode: 'GAS-KAC-QX4821' }

  it('marks, moves and reads a referral; keeps the Task id once known', async () => {
    const store = await db.store()
    await store.referrals.mark({ ...base, state: 'queued' })
    expect(await store.referrals.get('isange', 'EvRef000001')).toMatchObject({ state: 'queued', taskId: null, childCode: 'GAS-KAC-QX4821' })
    await store.referrals.mark({ ...base, state: 'sent', taskId: 'task-1' })
    await store.referrals.mark({ ...base, state: 'withdrawn' })
    expect(await store.referrals.get('isange', 'EvRef000001')).toMatchObject({ state: 'withdrawn', taskId: 'task-1' })
    expect(await store.referrals.get('chuk', 'EvRef000001')).toBeNull()
    expect((await store.referrals.ofEvent('EvRef000001')).map((r) => r.facility)).toEqual(['isange'])
  })

  it('finds the latest open referral of a child at a facility', async () => {
    const store = await db.store()
    await store.referrals.mark({ ...base, state: 'sent' })
    await store.referrals.mark({ ...base, referralEvent: 'EvRef000002', state: 'cancelled' })
    expect((await store.referrals.latestForChild('isange', 'GAS-KAC-QX4821'))?.referralEvent).toBe('EvRef000001')
    expect(await store.referrals.latestForChild('isange', 'OTHER-1')).toBeNull()
  })
})
