import { StoreError } from '.'
import { BACKENDS, item, useTestStores } from './test/backends'

describe.each(BACKENDS)('$name: enqueue', (backend) => {
  const db = useTestStores(backend)

  it('inserts new keys and ignores an identical re-enqueue (jsonb equality: key order does not matter)', async () => {
    const store = await db.store()
    const first = await store.enqueue([item('a', { x: 1, y: [1, 2] }), item('b')])
    expect(first.map((r) => [r.key, r.version, r.outcome])).toEqual([['a', 1, 'inserted'], ['b', 1, 'inserted']])
    const again = await store.enqueue([item('a', { y: [1, 2], x: 1 }), item('b')])
    expect(again.map((r) => r.outcome)).toEqual(['unchanged', 'unchanged'])
    expect(again.map((r) => r.id)).toEqual(first.map((r) => r.id))
    await expect(store.status()).resolves.toMatchObject({ outbox: { pending: 2, in_flight: 0, done: 0, dead: 0 } })
  })

  it('replaces the payload of work nobody has started', async () => {
    const store = await db.store()
    const [queued] = await store.enqueue([item('a', { v: 1 })])
    const [replaced] = await store.enqueue([item('a', { v: 2 })])
    expect(replaced).toEqual({ key: 'a', id: queued?.id, version: 1, outcome: 'replaced' })
    await expect(store.getItem(queued?.id as number)).resolves.toMatchObject({ payload: { v: 2 }, status: 'pending', deliveryKey: 'a#1' })
  })

  it('queues a new version after the work was done, in flight or dead; same payload stays a no-op', async () => {
    const store = await db.store()
    await store.enqueue([item('done', { v: 1 }), item('flying', { v: 1 })])
    const [d, f] = await store.claim(10, 'w1')
    await store.complete(d?.id as number, 'w1')
    expect((await store.enqueue([item('done', { v: 1 })]))[0]?.outcome).toBe('unchanged')
    const [v2] = await store.enqueue([item('done', { v: 2 })])
    expect(v2).toMatchObject({ key: 'done', version: 2, outcome: 'new_version' })
    const [f2] = await store.enqueue([item('flying', { v: 2 })])
    expect(f2).toMatchObject({ version: 2, outcome: 'new_version' })
    // The newer version waits while the older one is in flight, so it can not be overtaken.
    expect((await store.claim(10, 'w2')).map((i) => i.deliveryKey)).toEqual(['done#2'])
    await store.complete(f?.id as number, 'w1')
    expect((await store.claim(10, 'w2')).map((i) => [i.deliveryKey, i.payload])).toEqual([['flying#2', { v: 2 }]])
  })

  it('takes the last of duplicate keys in one batch, and rejects items without key or payload', async () => {
    const store = await db.store()
    const results = await store.enqueue([item('a', { v: 1 }), item('b'), item('a', { v: 3 })])
    expect(results.map((r) => [r.key, r.outcome])).toEqual([['a', 'inserted'], ['b', 'inserted']])
    await expect(store.getItem(results[0]?.id as number)).resolves.toMatchObject({ payload: { v: 3 } })
    await expect(store.enqueue([{ key: '', kind: 'k', target: 't', payload: {} }])).rejects.toThrow(StoreError)
    await expect(store.enqueue([{ key: 'x', kind: 'k', target: 't', payload: undefined }])).rejects.toThrow('enqueue: item x has no JSON payload')
  })

  it('enqueues in batches larger than one statement', async () => {
    const store = await db.store()
    const items = Array.from({ length: 2500 }, (_, i) => item(`k${i}`, { i }))
    const results = await store.enqueue(items)
    expect(results).toHaveLength(2500)
    expect(new Set(results.map((r) => r.id)).size).toBe(2500)
    expect((await store.enqueue(items)).every((r) => r.outcome === 'unchanged')).toBe(true)
  })

  it('moves a cursor only together with the work it covers', async () => {
    const store = await db.store()
    await store.transaction(async (tx) => {
      await tx.enqueue([item('page1-a'), item('page1-b')])
      await tx.cursors.set('dhis2.referrals', '2026-11-01T00:00:00Z')
    })
    await expect(
      store.transaction(async (tx) => {
        await tx.enqueue([item('page2-a')])
        await tx.cursors.set('dhis2.referrals', '2026-11-02T00:00:00Z')
        throw new Error('connector failed after the cursor was set')
      }),
    ).rejects.toThrow('connector failed')
    await expect(store.cursors.get('dhis2.referrals')).resolves.toBe('2026-11-01T00:00:00Z')
    await expect(store.getItem(3)).resolves.toBeNull()
    expect((await store.status()).outbox.pending).toBe(2)
  })

  it('refuses the store itself inside its transaction (a hang on PGlite, not atomic on PostgreSQL)', async () => {
    const store = await db.store()
    const misuse = store.transaction(async () => {
      await store.cursors.set('dhis2.referrals', 'outside the transaction')
    })
    await expect(misuse).rejects.toThrow('the store was used directly inside its own transaction: use the tx that store.transaction(fn) passes to fn')
    await expect(store.transaction(async () => store.enqueue([item('a')]))).rejects.toThrow('used directly inside its own transaction')
    await expect(store.cursors.get('dhis2.referrals')).resolves.toBeNull()
    // Work that outlives the transaction is not "inside" it any more.
    let later: Promise<unknown> = Promise.resolve()
    await store.transaction(async () => {
      later = new Promise((resolve) => setTimeout(resolve, 20)).then(() => store.cursors.set('late', 'ok'))
    })
    await later
    await expect(store.cursors.get('late')).resolves.toBe('ok')
  })

  if (backend.concurrent) {
    it('two processes enqueueing the same new keys at once get one row per key', async () => {
      const store = await db.store()
      const { createStore } = await import('.')
      const other = createStore(await db.otherDriver(), { schema: store.schema, ownsDriver: false })
      const items = Array.from({ length: 200 }, (_, i) => item(`k${i}`, { i }))
      const [a, b] = await Promise.all([store.enqueue(items), other.enqueue(items)])
      const outcomes = [...(a ?? []), ...(b ?? [])].map((r) => r.outcome)
      expect(outcomes.filter((o) => o === 'inserted')).toHaveLength(200)
      expect(outcomes.filter((o) => o === 'unchanged')).toHaveLength(200)
    })
  }
})
