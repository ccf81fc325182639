import { createStore, type Store } from '.'
import { BACKENDS, item, sleep, useTestStores } from './test/backends'

/** Wait (database clock) until the item is due again, then claim it. */
async function claimWhenDue(store: Store, owner: string) {
  for (let i = 0; i < 100; i++) {
    const [claimed] = await store.claim(1, owner)
    if (claimed) return claimed
    await sleep(10)
  }
  throw new Error('nothing became due')
}

describe.each(BACKENDS)('$name: claim, complete, fail, release', (backend) => {
  const db = useTestStores(backend)

  it('claims due items once: leased rows are skipped by other owners', async () => {
    const store = await db.store()
    await store.enqueue(Array.from({ length: 10 }, (_, i) => item(`k${i}`)))
    const a = await store.claim(4, 'owner-a')
    const b = await store.claim(100, 'owner-b')
    expect(a).toHaveLength(4)
    expect(b).toHaveLength(6)
    expect(new Set([...a, ...b].map((i) => i.id)).size).toBe(10)
    expect(a[0]).toMatchObject({ attempts: 1, leaseOwner: 'owner-a', kind: 'referral', target: 'isange' })
    await expect(store.claim(100, 'owner-c')).resolves.toEqual([])
    expect(await store.complete(a[0]?.id as number, 'owner-b')).toBe('lease_lost') // not yours
    expect(await store.complete(a[0]?.id as number, 'owner-a', 201)).toBe('done')
    expect(await store.complete(a[0]?.id as number, 'owner-a')).toBe('lease_lost') // already done
    const attempts = await store.listAttempts(a[0]?.id as number)
    expect(attempts.map((t) => [t.outcome, t.owner, t.httpStatus])).toEqual([['done', 'owner-a', 201]])
  })

  if (backend.concurrent) {
    it('SKIP LOCKED: a claim in an open transaction does not block or share rows with another connection', async () => {
      const store = await db.store()
      const other = createStore(await db.otherDriver(), { schema: store.schema, ownsDriver: false })
      await store.enqueue(Array.from({ length: 20 }, (_, i) => item(`k${i}`)))
      const [inside, outside] = await store.transaction(async (tx) => {
        const mine = await tx.claim(8, 'owner-a') // rows locked until this transaction ends
        const theirs = await other.claim(100, 'owner-b') // would block here without SKIP LOCKED
        return [mine, theirs]
      })
      expect(inside).toHaveLength(8)
      expect(outside).toHaveLength(12)
      expect(new Set([...inside, ...outside].map((i) => i.id)).size).toBe(20)
    })
  }

  it('reclaims items whose lease expired (a crashed worker), recording the lost attempt', async () => {
    const store = await db.store()
    await store.enqueue([item('a')])
    const [first] = await store.claim(1, 'crashed', 0.2)
    await expect(store.claim(1, 'rescuer')).resolves.toEqual([]) // lease still valid
    await sleep(300)
    const [again] = await store.claim(1, 'rescuer')
    expect(again).toMatchObject({ id: first?.id, attempts: 2, leaseOwner: 'rescuer' })
    expect(await store.complete(first?.id as number, 'crashed')).toBe('lease_lost')
    expect(await store.complete(first?.id as number, 'rescuer')).toBe('done')
    const outcomes = (await store.listAttempts(first?.id as number)).map((t) => [t.outcome, t.owner])
    expect(outcomes).toEqual([['lease_expired', 'crashed'], ['done', 'rescuer']])
  })

  it('dead-letters an item whose lease keeps expiring, so a poison item cannot stall the queue', async () => {
    const store = await db.store({ delivery: { maxAttempts: 2 } })
    await store.enqueue([item('poison')])
    await store.claim(1, 'w', 0.05)
    await sleep(100)
    await store.claim(1, 'w', 0.05)
    await sleep(100)
    await expect(store.claim(1, 'w')).resolves.toEqual([])
    const [dead] = await store.deadLetters.list()
    expect(dead).toMatchObject({ key: 'poison', attempts: 2, reason: 'lease expired on attempt 2 of 2 (the worker stopped or timed out)' })
  })

  it('backs off exponentially (capped, with jitter) and dead-letters after maxAttempts', async () => {
    const store = await db.store({ delivery: { maxAttempts: 5, backoff: { baseMs: 20, maxMs: 80 } }, random: () => 1 })
    await store.enqueue([item('flaky')])
    const delays: number[] = []
    for (let n = 1; n <= 4; n++) {
      const claimed = await claimWhenDue(store, 'w')
      expect(claimed.attempts).toBe(n)
      const result = await store.fail(claimed.id, 'w', { error: 'HTTP 503 from isange', retryable: true, httpStatus: 503 })
      expect(result.outcome).toBe('retry')
      const row = await store.getItem(claimed.id)
      delays.push(Math.round((row?.nextAttemptAt.getTime() ?? 0) - (row?.updatedAt.getTime() ?? 0)))
    }
    expect(delays).toEqual([20, 40, 80, 80])
    const last = await claimWhenDue(store, 'w')
    await expect(store.fail(last.id, 'w', { error: 'HTTP 503 from isange', retryable: true, httpStatus: 503 })).resolves.toEqual({
      outcome: 'dead', attempts: 5, reason: 'gave up after 5 attempts: HTTP 503 from isange',
    })
    expect((await store.listAttempts(last.id)).map((t) => t.outcome)).toEqual(['retry', 'retry', 'retry', 'retry', 'dead'])
    await expect(store.status()).resolves.toMatchObject({ outbox: { dead: 1, pending: 0 }, deadLetters: 1 })
  })

  it('jitter shortens the delay by at most the jitter fraction', async () => {
    const store = await db.store({ delivery: { backoff: { baseMs: 1000, maxMs: 1000 }, jitter: 0.5 }, random: () => 0 })
    await store.enqueue([item('a')])
    const [claimed] = await store.claim(1, 'w')
    await store.fail(claimed?.id as number, 'w', { error: 'timeout', retryable: true })
    const row = await store.getItem(claimed?.id as number)
    expect(Math.round((row?.nextAttemptAt.getTime() ?? 0) - (row?.updatedAt.getTime() ?? 0))).toBe(500)
  })

  it('dead-letters a permanent refusal at once; retry revives it with a fresh budget', async () => {
    const store = await db.store()
    await store.enqueue([item('bad'), item('good')])
    const claimed = await store.claim(10, 'w')
    const bad = claimed.find((i) => i.key === 'bad')
    await expect(store.fail(bad?.id as number, 'w', { error: 'HTTP 422: invalid ServiceRequest', retryable: false, httpStatus: 422 })).resolves.toMatchObject({
      outcome: 'dead', reason: 'not retryable: HTTP 422: invalid ServiceRequest',
    })
    const [dead] = await store.deadLetters.list()
    expect(dead).toMatchObject({ id: bad?.id, lastHttpStatus: 422, superseded: false })
    expect(dead).not.toHaveProperty('payload')
    await expect(store.deadLetters.retry('all')).resolves.toEqual([bad?.id])
    await expect(store.getItem(bad?.id as number)).resolves.toMatchObject({ status: 'pending', attempts: 0, deadReason: null })
    const [revived] = await store.claim(10, 'w2')
    expect(revived).toMatchObject({ id: bad?.id, attempts: 1 })
  })

  it('does not retry a dead letter that a newer version superseded', async () => {
    const store = await db.store()
    await store.enqueue([item('a', { v: 1 })])
    const [v1] = await store.claim(1, 'w')
    await store.fail(v1?.id as number, 'w', { error: 'rejected', retryable: false })
    await store.enqueue([item('a', { v: 2 })])
    expect((await store.deadLetters.list())[0]?.superseded).toBe(true)
    await expect(store.deadLetters.retry([v1?.id as number])).resolves.toEqual([])
    await expect(store.status()).resolves.toMatchObject({ deadLetters: 0, outbox: { dead: 1, pending: 1 } })
  })

  it('release gives back unstarted work on shutdown without counting an attempt', async () => {
    const store = await db.store()
    await store.enqueue([item('a'), item('b'), item('c')])
    const claimed = await store.claim(3, 'stopping')
    await expect(store.release('stopping', [claimed[0]?.id as number])).resolves.toBe(1)
    await expect(store.release('stopping')).resolves.toBe(2)
    await expect(store.release('stopping')).resolves.toBe(0)
    const again = await store.claim(3, 'next')
    expect(again.map((i) => i.attempts)).toEqual([1, 1, 1])
    expect(await store.fail(claimed[0]?.id as number, 'stopping', { error: 'x', retryable: true })).toEqual({ outcome: 'lease_lost' })
  })

  it('lists the owners of current leases', async () => {
    const store = await db.store()
    await store.enqueue([item('a'), item('b'), item('c')])
    await store.claim(1, 'host:1:x')
    await store.claim(1, 'host:2:y')
    expect(await store.leaseOwners()).toEqual(['host:1:x', 'host:2:y'])
    await store.release('host:1:x')
    expect(await store.leaseOwners()).toEqual(['host:2:y'])
  })
})
