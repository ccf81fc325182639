import { StoreError, type Completion } from '.'
import { BACKENDS, item, sleep, useTestStores } from './test/backends'

const disclosure = (caseUid: string) => ({
  recipient: 'isange', resourceTypes: ['ServiceRequest', 'Patient'], childCode: 'GAS-AB1234', caseUid, consentRef: 'Evt0000009z', purpose: 'referral',
})
const mark = (referralEvent: string, state: 'sent' | 'cancelled' = 'sent') => ({
  facility: 'isange', referralEvent, enrollment: 'EnCase00001', trackedEntity: 'TeChild0001', childCode: 'GAS-AB1234', state,
})

describe.each(BACKENDS)('$name: completeMany (group commit of delivered items)', (backend) => {
  const db = useTestStores(backend)

  it('completes a group in one call: per item its row, one attempt and its disclosures, as complete + disclosures would', async () => {
    const store = await db.store()
    await store.enqueue(['a', 'b', 'c'].map((k) => item(k)))
    const claimed = await store.claim(3, 'w')
    const started = new Date(Date.now() - 5_000)
    const completions: Completion[] = claimed.map((c, i) => ({
      id: c.id, httpStatus: 200, startedAt: started, disclosures: [disclosure(`Enr000000${i}a`)], referrals: [mark(`EvRef00000${i}`, 'sent')],
    }))
    await expect(store.completeMany('w', completions)).resolves.toEqual(['done', 'done', 'done'])
    for (const [i, c] of claimed.entries()) {
      await expect(store.getItem(c.id)).resolves.toMatchObject({ status: 'done', leaseOwner: null, lastHttpStatus: 200 })
      const attempts = await store.listAttempts(c.id)
      expect(attempts.map((a) => [a.outcome, a.owner, a.httpStatus])).toEqual([['done', 'w', 200]])
      expect(attempts[0]?.startedAt.getTime()).toBe(started.getTime())
      await expect(store.referrals.get('isange', `EvRef00000${i}`)).resolves.toMatchObject({ state: 'sent' })
    }
    const logged = await store.disclosures.list()
    expect(logged.map((d) => [d.outboxId, d.caseUid, d.resourceTypes])).toEqual(
      claimed.map((c, i) => [c.id, `Enr000000${i}a`, ['ServiceRequest', 'Patient']]),
    )
    // Completing again changes nothing and logs nothing twice.
    await expect(store.completeMany('w', completions)).resolves.toEqual(['lease_lost', 'lease_lost', 'lease_lost'])
    expect(await store.disclosures.list()).toHaveLength(3)
  })

  it('is guarded by the lease per item: a lost lease logs no disclosure and records a lost attempt', async () => {
    const store = await db.store()
    await store.enqueue([item('mine'), item('theirs')])
    const [mine] = await store.claim(1, 'w')
    const [theirs] = await store.claim(1, 'other')
    const results = await store.completeMany('w', [
      { id: theirs!.id, disclosures: [disclosure('Enr0000001a')] },
      { id: mine!.id, httpStatus: 201, disclosures: [disclosure('Enr0000002a')] },
    ])
    expect(results).toEqual(['lease_lost', 'done'])
    await expect(store.getItem(theirs!.id)).resolves.toMatchObject({ status: 'in_flight', leaseOwner: 'other' })
    expect((await store.listAttempts(theirs!.id)).map((a) => [a.outcome, a.owner])).toEqual([['lease_lost', 'w']])
    expect((await store.disclosures.list()).map((d) => d.outboxId)).toEqual([mine!.id])
  })

  it('writes referral marks of a lost lease while the item is open, not once a newer version has moved on', async () => {
    const store = await db.store()
    await store.enqueue([item('open'), item('moved-on')])
    const claimed = await store.claim(2, 'slow', 0.2)
    await sleep(300)
    const again = await store.claim(2, 'rescuer') // the slow worker's leases expired: another worker has them now
    expect(again).toHaveLength(2)
    const movedOn = claimed.find((c) => c.key === 'moved-on')!
    const open = claimed.find((c) => c.key === 'open')!
    // The rescuer delivers 'moved-on' and a cancellation (its next version) is decided and delivered.
    await store.completeMany('rescuer', [{ id: movedOn.id, referrals: [mark('EvRefMoved1', 'sent')] }])
    await store.enqueue([item('moved-on', { v: 2 })])
    const [v2] = await store.claim(1, 'rescuer')
    await store.completeMany('rescuer', [{ id: v2!.id, referrals: [mark('EvRefMoved1', 'cancelled')] }])
    // The slow worker's completions arrive last: both lost, but the facility does have 'open'.
    await expect(store.completeMany('slow', [
      { id: open.id, referrals: [mark('EvRefOpen01', 'sent')] },
      { id: movedOn.id, referrals: [mark('EvRefMoved1', 'sent')] },
    ])).resolves.toEqual(['lease_lost', 'lease_lost'])
    await expect(store.referrals.get('isange', 'EvRefOpen01')).resolves.toMatchObject({ state: 'sent' })
    await expect(store.referrals.get('isange', 'EvRefMoved1')).resolves.toMatchObject({ state: 'cancelled' }) // not set back
  })

  it('does not set back a referral from a dead letter whose key has a newer version', async () => {
    const store = await db.store({ delivery: { maxAttempts: 1 } })
    await store.enqueue([item('k')])
    const [v1] = await store.claim(1, 'slow', 0.2)
    await sleep(300)
    await expect(store.claim(1, 'w')).resolves.toEqual([]) // the expired lease spent the last attempt: dead
    await store.enqueue([item('k', { v: 2 })])
    const [v2] = await store.claim(1, 'w')
    await store.completeMany('w', [{ id: v2!.id, referrals: [mark('EvRefDead01', 'cancelled')] }])
    await expect(store.completeMany('slow', [{ id: v1!.id, referrals: [mark('EvRefDead01', 'sent')] }])).resolves.toEqual(['lease_lost'])
    await expect(store.referrals.get('isange', 'EvRefDead01')).resolves.toMatchObject({ state: 'cancelled' })
  })

  it('refuses a disclosure that is not codes before writing anything, naming the field and not the value', async () => {
    const store = await db.store()
    await store.enqueue([item('a'), item('b')])
    const [a, b] = await store.claim(2, 'w')
    const error = await store.completeMany('w', [
      { id: a!.id, disclosures: [disclosure('Enr0000001a')] },
      { id: b!.id, disclosures: [{ ...disclosure('Enr0000002a'), childCode: 'Uwase Canary' }] },
    ]).catch((e: Error) => e)
    expect(error).toBeInstanceOf(StoreError)
    expect((error as Error).message).toBe('disclosure: childCode is missing or not a code')
    await expect(store.getItem(a!.id)).resolves.toMatchObject({ status: 'in_flight' })
    expect(await store.disclosures.list()).toEqual([])
    expect(await store.listAttempts(a!.id)).toEqual([])
  })
})
