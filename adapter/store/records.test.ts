import { MIGRATIONS, StoreConflictError, StoreError, type DisclosureInput } from '.'
import { BACKENDS, item, useTestStores } from './test/backends'

describe.each(BACKENDS)('$name: cursors, links, disclosures, status', (backend) => {
  const db = useTestStores(backend)

  it('keeps cursors by name', async () => {
    const store = await db.store()
    await expect(store.cursors.get('dhis2.cases')).resolves.toBeNull()
    await store.cursors.set('dhis2.cases', '2026-11-01T00:00:00.000Z')
    await store.cursors.set('dhis2.cases', '2026-11-02T00:00:00.000Z')
    await store.cursors.set('fhir.isange.feedback', 'page-7')
    await expect(store.cursors.get('dhis2.cases')).resolves.toBe('2026-11-02T00:00:00.000Z')
    expect((await store.cursors.list()).map((c) => [c.name, c.value])).toEqual([
      ['dhis2.cases', '2026-11-02T00:00:00.000Z'],
      ['fhir.isange.feedback', 'page-7'],
    ])
  })

  it('links ids across systems, unique both ways', async () => {
    const store = await db.store()
    const link = { system: 'primero', kind: 'case', localId: 'Enr0000001a', remoteId: 'b3e1-primero' }
    await expect(store.links.put(link)).resolves.toBe('inserted')
    await expect(store.links.put(link)).resolves.toBe('unchanged')
    await expect(store.links.get({ system: 'primero', kind: 'case', localId: 'Enr0000001a' })).resolves.toEqual(link)
    await expect(store.links.get({ system: 'primero', kind: 'case', remoteId: 'b3e1-primero' })).resolves.toEqual(link)
    await expect(store.links.get({ system: 'primero', kind: 'referral', localId: 'Enr0000001a' })).resolves.toBeNull()
    await expect(store.links.put({ ...link, remoteId: 'other' })).rejects.toThrow(
      new StoreConflictError('link primero case: Enr0000001a is already linked to b3e1-primero'),
    )
    await expect(store.links.put({ ...link, localId: 'Enr0000002b' })).rejects.toThrow('b3e1-primero is already linked to Enr0000001a')
  })

  const disclosure: DisclosureInput = {
    recipient: 'isange-kacyiru',
    resourceTypes: ['ServiceRequest', 'Patient'],
    childCode: 'GAS-AB1234',
    caseUid: 'Enr0000001a',
    consentRef: 'Evt0000009z',
    purpose: 'referral',
  }

  it('logs disclosures with codes, and lists them by child', async () => {
    const store = await db.store()
    const id = await store.disclosures.record(disclosure)
    await store.disclosures.record({ ...disclosure, childCode: 'NYA-CD5678', caseUid: undefined, at: new Date('2026-01-01T00:00:00Z') })
    const [logged] = await store.disclosures.list({ childCode: 'GAS-AB1234' })
    expect(logged).toMatchObject({ ...disclosure, id, outboxId: null })
    expect(logged?.at).toEqual(expect.any(Date))
    expect(await store.disclosures.list({ recipient: 'isange-kacyiru' })).toHaveLength(2)
    expect(await store.disclosures.list({ since: new Date('2026-06-01T00:00:00Z') })).toHaveLength(1)
  })

  it('refuses names in the disclosure log: by type, at run time, and without echoing them', async () => {
    const store = await db.store()
    const canary = 'Uwase Canary'
    // @ts-expect-error the type has no field for a name
    const withName: DisclosureInput = { ...disclosure, childName: canary }
    await expect(store.disclosures.record(withName)).rejects.toThrow('disclosure: childName is not a field of the disclosure log (it holds codes only)')
    for (const field of ['childCode', 'recipient', 'consentRef', 'purpose', 'caseUid'] as const) {
      const error = await store.disclosures.record({ ...disclosure, [field]: canary }).catch((e: Error) => e)
      expect(error).toBeInstanceOf(StoreError)
      expect((error as Error).message).toBe(`disclosure: ${field} is missing or not a code`)
    }
    // A single-word name is not a child code either: child codes carry digits (ORG-XX1234).
    await expect(store.disclosures.record({ ...disclosure, childCode: 'Uwase' })).rejects.toThrow(StoreError)
    const everything = JSON.stringify(await store.disclosures.list())
    expect(everything).not.toContain('Canary')
    expect(everything).not.toContain('Uwase')
  })

  it('keeps the disclosure log append-only', async () => {
    const store = await db.store()
    await store.disclosures.record(disclosure)
    await expect(db.driver().query(`delete from "${store.schema}".disclosures`)).rejects.toThrow('the disclosure log is append-only')
    await expect(db.driver().query(`update "${store.schema}".disclosures set recipient = 'x'`)).rejects.toThrow('append-only')
  })

  it('reports status: counts by status, oldest pending age, dead letters, cursors', async () => {
    const store = await db.store()
    await expect(store.status()).resolves.toEqual({
      backend: db.driver().description,
      schema: store.schema,
      migration: MIGRATIONS.length,
      cursors: [],
      outbox: { pending: 0, in_flight: 0, done: 0, dead: 0 },
      oldestPendingAgeSeconds: null,
      deadLetters: 0,
    })
    await store.transaction(async (tx) => {
      await tx.enqueue(['a', 'b', 'c', 'd', 'e'].map((k) => item(k)))
      await tx.cursors.set('dhis2.referrals', 'x')
    })
    const [a, b, c] = await store.claim(3, 'w')
    await store.complete(a?.id as number, 'w')
    await store.fail(b?.id as number, 'w', { error: 'no', retryable: false })
    const status = await store.status()
    expect(status.outbox).toEqual({ pending: 2, in_flight: 1, done: 1, dead: 1 })
    expect(status.deadLetters).toBe(1)
    expect(status.oldestPendingAgeSeconds).toBeGreaterThanOrEqual(0)
    expect(status.cursors.map((x) => x.name)).toEqual(['dhis2.referrals'])
    expect(c?.leaseOwner).toBe('w')
  })
})
