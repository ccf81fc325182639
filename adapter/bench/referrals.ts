/**
 * Referral figures (measured, never asserted): outbound throughput (referrals/s from DHIS2 to a
 * local FHIR engine, collect + deliver, one transaction each) and the round trip of one referral by
 * polling (the facility accepts, records an encounter, completes with feedback; one pass brings it
 * back). Runs in process against the DHIS2 emulator and the FHIR harness over HTTP, PGlite in memory.
 *
 *   npx tsx adapter/bench/referrals.ts [count]     # or: benchReferrals(n) from adapter/bench/main.ts
 */
import { performance } from 'node:perf_hooks'
import { createMappingContext } from '../../mappings/context'
import { createDhis2Connector } from '../connectors/dhis2'
import { createFhirConnector } from '../connectors/fhir'
import { createMemoryLogger } from '../observability/logger'
import { runReferralPass, type FacilityRuntime } from '../pipelines/referrals'
import { newOwnerId, openStore } from '../store'
import { createDhis2Emulator, startDhis2Server } from '../../tests/emulators/dhis2'
import { startFhirServer } from '../../tests/harness/fhir/server'
import { cpcmPackage } from '../../tests/fixtures/package-lookup'
import { installCpcmPackage } from '../../tests/fixtures/seed-dhis2'
import { facilityClient, referralCase, referralInDhis2 } from '../../tests/e2e/referrals-fixtures'

export interface ReferralBenchResult { referrals: number; seconds: number; perSecond: number; pollingRoundTripMs: number }

export async function benchReferrals(count = 200): Promise<ReferralBenchResult> {
  const emulator = createDhis2Emulator({ version: '2.41' })
  installCpcmPackage(emulator)
  const cases = Array.from({ length: count }, (_, i) => referralCase({ n: 100 + i }))
  for (let i = 0; i < cases.length; i += 250) {
    const report = emulator.importTracker({ trackedEntities: cases.slice(i, i + 250).map((c) => c.te) }, { importStrategy: 'CREATE_AND_UPDATE', atomicMode: 'ALL' }) as { status?: string }
    if (report.status !== 'OK') throw new Error(`seeding failed: ${JSON.stringify(report).slice(0, 800)}`)
  }
  const dhis2Server = await startDhis2Server(emulator)
  const fhir = await startFhirServer()
  const store = await openStore({ backend: { kind: 'pglite' }, delivery: { backoff: { baseMs: 100, maxMs: 200 } } })
  await store.migrate()
  try {
    const pkg = cpcmPackage()
    const mapping = createMappingContext(pkg)
    const facility: FacilityRuntime = {
      id: 'isange', providers: ['ISANGE-KACYIRU'], services: [], pseudonymous: createMappingContext(pkg, { recipient: { id: 'isange', allowIdentifiers: false } }),
      connector: createFhirConnector({ baseUrl: fhir.baseUrl, timeoutMs: 30_000 }),
    }
    const deps = {
      store, owner: newOwnerId(), mapping, facilities: [facility], logger: createMemoryLogger('warn').logger,
      dhis2: createDhis2Connector({ baseUrl: dhis2Server.baseUrl, auth: { username: 'admin', password: 'district' }, timeoutMs: 60_000, pageSize: 200 }),
    }
    const options = { toleranceSeconds: 300, batchSize: 50, leaseSeconds: 120, concurrency: 4 }
    const started = performance.now()
    const first = await runReferralPass(deps, { ...options, poll: false })
    const seconds = (performance.now() - started) / 1000
    if (first.delivered.done !== count) throw new Error(`expected ${count} referrals delivered, got ${first.delivered.done}`)

    const c = cases[0]!
    const client = facilityClient(fhir.baseUrl)
    const t0 = performance.now()
    const sr = await client.serviceRequest(c.referralEvent)
    await client.updateTask(client.accept(await client.task(c.referralEvent)))
    await client.encounter(sr, 'FORENSIC_EXAM', '2026-03-02T13:30:00+02:00', [{ code: 'FORENSIC_EVIDENCE', resource: 'Procedure' }])
    await client.updateTask(client.complete(await client.task(c.referralEvent), { feedback: true }))
    await runReferralPass(deps, { ...options, collect: false })
    const pollingRoundTripMs = performance.now() - t0
    if (referralInDhis2(emulator, c.referralEvent).values.CPCM_REF_STATUS !== 'COMPLETED') throw new Error('the polled referral did not complete')
    return { referrals: count, seconds, perSecond: count / seconds, pollingRoundTripMs }
  } finally {
    await store.close()
    await fhir.stop()
    await dhis2Server.stop()
  }
}

if (require.main === module) {
  benchReferrals(Number(process.argv[2] ?? 200)).then((r) => {
    process.stdout.write(`referrals: ${r.referrals} delivered in ${r.seconds.toFixed(2)} s = ${r.perSecond.toFixed(1)} referrals/s (collect + one transaction each, local FHIR engine)\n`)
    process.stdout.write(`referral round trip by polling (facility writes + one pass, no interval wait): ${r.pollingRoundTripMs.toFixed(0)} ms\n`)
  }, (error) => {
    console.error(error)
    process.exitCode = 1
  })
}
