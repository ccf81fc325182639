/**
 * The worker's group commit keeps the delivery guarantees: each item done once, its disclosure
 * logged once in the statement that marks it done, one attempt row per attempt; a crash between
 * delivery and completion means one more delivery (harmless: conditional writes), never a lost or
 * doubled disclosure.
 */
import { createMemoryLogger } from '../../observability/logger'
import type { OutboxItem, Store } from '../../store'
import { BACKENDS, sleep, useTestStores } from '../../store/test/backends'
import { drainOutbox, type Delivered, type DeliveryHandler } from './worker'

const KIND = 'test-delivery'
const caseUid = (n: number) => `Enr${String(n).padStart(7, '0')}a`
const items = (n: number) => Array.from({ length: n }, (_, i) => ({ key: `k${i}`, kind: KIND, target: 'isange', payload: { n: i } }))

/** A handler that "sends" (counts deliveries per key) and returns the disclosure and referral mark. */
function recordingHandler(options: { badDisclosureFor?: number; delayMs?: number } = {}) {
  const deliveries = new Map<string, number>()
  const handler: DeliveryHandler = async (item) => {
    await sleep(options.delayMs ?? 1)
    deliveries.set(item.key, (deliveries.get(item.key) ?? 0) + 1)
    const n = (item.payload as { n: number }).n
    const delivered: Delivered = {
      httpStatus: 200,
      disclosures: [{
        recipient: 'isange', resourceTypes: ['ServiceRequest'], childCode: n === options.badDisclosureFor ? 'Uwase Canary' : `GAS-AB${1000 + n}`,
        caseUid: caseUid(n), consentRef: 'Evt0000009z', purpose: 'referral',
      }],
      referrals: [{ facility: 'isange', referralEvent: `EvRef${String(n).padStart(6, '0')}`, enrollment: caseUid(n), trackedEntity: 'TeChild0001', childCode: `GAS-AB${1000 + n}`, state: 'sent' }],
    }
    return delivered
  }
  return { handler, deliveries }
}

/** The store as a process that dies once its deliveries are sent: nothing after that reaches the database. */
function crashingAfterDelivery(store: Store): Store {
  const crash = async () => {
    throw new Error('process killed')
  }
  return { ...store, completeMany: crash, fail: crash, release: crash, recordAttempt: crash, referrals: { ...store.referrals, mark: crash } }
}

describe.each(BACKENDS)('$name: outbox worker, completions written in groups', (backend) => {
  const db = useTestStores(backend)
  const logger = createMemoryLogger('fatal').logger

  it('completes delivered items in few statements: each done once, one attempt and one disclosure each, referral marked', async () => {
    const store = await db.store()
    await store.enqueue(items(40))
    const { handler, deliveries } = recordingHandler()
    let statements = 0
    const counting: Store = { ...store, completeMany: (owner, completions) => (statements++, store.completeMany(owner, completions)) }
    const counts = await drainOutbox({ store: counting, owner: 'w', handlers: { [KIND]: handler }, logger }, { batchSize: 10, leaseSeconds: 60, concurrency: 4 })
    expect(counts).toEqual({ done: 40, retry: 0, dead: 0, leaseLost: 0, released: 0 })
    expect([...deliveries.values()].every((n) => n === 1)).toBe(true)
    expect(statements).toBeLessThan(40)
    await expect(store.status()).resolves.toMatchObject({ outbox: { done: 40, pending: 0, in_flight: 0 } })
    const disclosures = await store.disclosures.list()
    expect(disclosures).toHaveLength(40)
    expect(new Set(disclosures.map((d) => d.outboxId)).size).toBe(40)
    for (const id of disclosures.map((d) => d.outboxId as number)) {
      expect((await store.listAttempts(id)).map((a) => [a.outcome, a.owner, a.httpStatus])).toEqual([['done', 'w', 200]])
    }
    expect((await store.referrals.ofEvent('EvRef000007')).map((r) => r.state)).toEqual(['sent'])
  })

  it('a crash between delivery and completion: each item delivered once more, its disclosure logged once, both attempts recorded', async () => {
    const store = await db.store()
    await store.enqueue(items(12))
    const first = recordingHandler()
    await expect(drainOutbox(
      { store: crashingAfterDelivery(store), owner: 'crashed', handlers: { [KIND]: first.handler }, logger },
      { batchSize: 12, leaseSeconds: 0.3, concurrency: 4 },
    )).rejects.toThrow('process killed')
    expect(first.deliveries.size).toBe(12) // sent, but nothing recorded
    await expect(store.status()).resolves.toMatchObject({ outbox: { in_flight: 12, done: 0 } })
    expect(await store.disclosures.list()).toEqual([])
    await sleep(400) // the dead process's leases expire

    const second = recordingHandler()
    const counts = await drainOutbox({ store, owner: 'rescuer', handlers: { [KIND]: second.handler }, logger }, { batchSize: 5, leaseSeconds: 60, concurrency: 2 })
    expect(counts.done).toBe(12)
    expect(second.deliveries.size).toBe(12)
    expect([...second.deliveries.values()].every((n) => n === 1)).toBe(true) // re-delivered once
    const disclosures = await store.disclosures.list()
    expect(disclosures).toHaveLength(12) // logged once, by the completion that marked the item done
    for (const id of new Set(disclosures.map((d) => d.outboxId as number))) {
      expect((await store.listAttempts(id)).map((a) => [a.outcome, a.owner])).toEqual([['lease_expired', 'crashed'], ['done', 'rescuer']])
    }
    expect((await store.referrals.ofEvent('EvRef000011')).map((r) => r.state)).toEqual(['sent'])
    // Nothing left: a third drain delivers nothing.
    const third = recordingHandler()
    await drainOutbox({ store, owner: 'later', handlers: { [KIND]: third.handler }, logger }, { batchSize: 5, leaseSeconds: 60, concurrency: 2 })
    expect(third.deliveries.size).toBe(0)
  })

  it('an item whose completion cannot be written fails alone: the rest of its group is done', async () => {
    const store = await db.store()
    await store.enqueue(items(8))
    const { handler } = recordingHandler({ badDisclosureFor: 3 })
    const counts = await drainOutbox({ store, owner: 'w', handlers: { [KIND]: handler }, logger }, { batchSize: 8, leaseSeconds: 60, concurrency: 4 })
    expect(counts).toMatchObject({ done: 7, dead: 1 })
    const [dead] = await store.deadLetters.list()
    expect(dead).toMatchObject({ key: 'k3', reason: 'not retryable: internal error: disclosure: childCode is missing or not a code' })
    expect((await store.listAttempts(dead!.id)).map((a) => a.outcome)).toEqual(['dead'])
    expect((await store.disclosures.list()).map((d) => d.caseUid)).not.toContain(caseUid(3))
    expect(await store.disclosures.list()).toHaveLength(7)
    // The facility has it: its referral state is kept although the item is a dead letter.
    expect((await store.referrals.ofEvent('EvRef000003')).map((r) => r.state)).toEqual(['sent'])
  })

  it('stopping: what was delivered is completed, what was claimed but not started is given back', async () => {
    const store = await db.store()
    await store.enqueue(items(20))
    const controller = new AbortController()
    const started: OutboxItem[] = []
    const { handler: inner } = recordingHandler({ delayMs: 20 })
    const handler: DeliveryHandler = async (item, signal) => {
      started.push(item)
      const delivered = await inner(item, signal)
      if (started.length === 3) controller.abort()
      return delivered
    }
    const counts = await drainOutbox({ store, owner: 'w', handlers: { [KIND]: handler }, logger }, { batchSize: 10, leaseSeconds: 60, concurrency: 1, signal: controller.signal })
    expect(counts.done).toBe(3)
    await expect(store.status()).resolves.toMatchObject({ outbox: { done: 3, pending: 17, in_flight: 0 } })
    expect(await store.disclosures.list()).toHaveLength(3)
  })
})
