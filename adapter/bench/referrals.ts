/**
 * Referral figures (measured, never asserted), in process against the DHIS2 emulator and the FHIR
 * harness over HTTP, PGlite in memory:
 *
 * - outbound throughput: referrals/s from DHIS2 to a local FHIR engine (collect, then deliver, one
 *   transaction each);
 * - adapter overhead: per referral, the adapter's end-to-end time against the FHIR server's own time on
 *   its requests (the harness's `serverMs`: parsing, the engine, serialising; not waiting behind other
 *   requests) and the DHIS2 emulator's own time. Everything shares one event loop here, so the adapter's
 *   own time is what is left: wall - FHIR server - DHIS2. Overhead = adapter / FHIR server. Measured with
 *   one delivery lane (clean attribution: no request of ours runs while another is being answered) and
 *   with four (what `cpcm` uses; the wall time then overlaps the lanes);
 * - polling round trip in steady state: after a first poll that reads back everything, the facility
 *   updates one Task, the next pass (collect + poll + deliver) brings it into DHIS2; the pass's phases.
 *
 * The store is PGlite in memory, or PostgreSQL with BENCH_REFERRALS_DATABASE_URL (a schema made and dropped).
 *
 *   npx tsx adapter/bench/referrals.ts [count]     # or: benchReferrals(n) from adapter/bench/main.ts
 */
import { performance } from 'node:perf_hooks'
import { createMappingContext } from '../../mappings/context'
import { createDhis2Connector } from '../connectors/dhis2'
import { createFhirConnector } from '../connectors/fhir'
import { createMemoryLogger } from '../observability/logger'
import { collectReferrals, runReferralPass, type FacilityRuntime } from '../pipelines/referrals'
import { newOwnerId, openStore } from '../store'
import { createDhis2Emulator, startDhis2Server } from '../../tests/emulators/dhis2'
import { startFhirServer, type FhirServerHandle } from '../../tests/harness/fhir/server'
import { cpcmPackage } from '../../tests/fixtures/package-lookup'
import { installCpcmPackage } from '../../tests/fixtures/seed-dhis2'
import { facilityClient, referralCase, referralInDhis2 } from '../../tests/e2e/referrals-fixtures'

/** Per referral, in ms. */
export interface OverheadFigures {
  items: number
  concurrency: number
  wallMs: number
  fhirServerMs: number
  dhis2Ms: number
  /** wall - FHIR server - DHIS2. */
  adapterMs: number
  /** adapterMs / fhirServerMs, in %. */
  overheadPct: number
  fhirRequests: number
}

export interface ReferralBenchResult {
  referrals: number
  seconds: number
  perSecond: number
  /** Delivery only (outbox -> facility), one lane and four. */
  delivery: OverheadFigures[]
  /** Collect (DHIS2 read, consent, mapping, outbox) + deliver, four lanes. */
  wholePath: OverheadFigures
  /** The first poll, which reads back every Task sent: ms. */
  firstPollMs: number
  pollingRoundTripMs: number
  /** The steady-state pass of the round trip: phase -> ms. */
  pollPass: Record<string, number>
}

export interface Clocks {
  fhir: FhirServerHandle
  dhis2Ms: () => number
}

export async function timed(clocks: Clocks, items: number, concurrency: number, fn: () => Promise<unknown>): Promise<OverheadFigures> {
  clocks.fhir.clearRequests()
  const dhis2Before = clocks.dhis2Ms()
  const started = performance.now()
  await fn()
  const wall = performance.now() - started
  const requests = clocks.fhir.requests
  const fhirServer = requests.reduce((sum, r) => sum + r.serverMs, 0)
  const dhis2 = clocks.dhis2Ms() - dhis2Before
  const adapter = wall - fhirServer - dhis2
  return {
    items, concurrency, wallMs: wall / items, fhirServerMs: fhirServer / items, dhis2Ms: dhis2 / items, adapterMs: adapter / items,
    overheadPct: (100 * adapter) / fhirServer, fhirRequests: requests.length,
  }
}

export async function benchReferrals(count = 200): Promise<ReferralBenchResult> {
  const emulator = createDhis2Emulator({ version: '2.41' })
  installCpcmPackage(emulator)
  // The emulator runs in this process: its own handling time is measured around its handler.
  let dhis2Total = 0
  const handle = emulator.handle.bind(emulator)
  emulator.handle = async (request) => {
    const t0 = performance.now()
    try {
      return await handle(request)
    } finally {
      dhis2Total += performance.now() - t0
    }
  }
  const cases = Array.from({ length: count * 2 + 1 }, (_, i) => referralCase({ n: 100 + i }))
  const seed = (slice: typeof cases) => {
    for (let i = 0; i < slice.length; i += 250) {
      const report = emulator.importTracker({ trackedEntities: slice.slice(i, i + 250).map((c) => c.te) }, { importStrategy: 'CREATE_AND_UPDATE', atomicMode: 'ALL' }) as { status?: string }
      if (report.status !== 'OK') throw new Error(`seeding failed: ${JSON.stringify(report).slice(0, 800)}`)
    }
  }
  const dhis2Server = await startDhis2Server(emulator)
  const fhir = await startFhirServer()
  const pgUrl = process.env.BENCH_REFERRALS_DATABASE_URL
  const schema = `cpcm_bench_referrals_${process.pid}`
  const store = await openStore({ backend: pgUrl ? { kind: 'postgres', url: pgUrl } : { kind: 'pglite' }, ...(pgUrl ? { schema } : {}), delivery: { backoff: { baseMs: 100, maxMs: 200 } } })
  await store.migrate()
  const clocks: Clocks = { fhir, dhis2Ms: () => dhis2Total }
  try {
    const pkg = cpcmPackage()
    const mapping = createMappingContext(pkg)
    const facility: FacilityRuntime = {
      id: 'isange', providers: ['ISANGE-KACYIRU'], services: [], pseudonymous: createMappingContext(pkg, { recipient: { id: 'isange', allowIdentifiers: false } }),
      connector: createFhirConnector({ baseUrl: fhir.baseUrl, timeoutMs: 30_000 }),
    }
    const logger = createMemoryLogger('warn').logger
    const dhis2 = createDhis2Connector({ baseUrl: dhis2Server.baseUrl, auth: { username: 'admin', password: 'district' }, timeoutMs: 60_000, pageSize: 200 })
    const deps = { store, owner: newOwnerId(), mapping, facilities: [facility], logger, dhis2 }
    const options = { toleranceSeconds: 300, batchSize: 50, leaseSeconds: 120, concurrency: 4 }
    const collect = () => collectReferrals({ store, dhis2, facilities: [facility], mapping, logger }, { toleranceSeconds: 300 })
    const deliver = async (concurrency: number, expected: number) => {
      const pass = await runReferralPass(deps, { ...options, concurrency, collect: false, poll: false })
      if (pass.delivered.done !== expected) throw new Error(`expected ${expected} referrals delivered, got ${pass.delivered.done}`)
    }

    // Warm-up (module loading, JIT, the engine's first types), not measured.
    seed(cases.slice(0, 1))
    await collect()
    await deliver(1, 1)

    // A: collect, then deliver with one lane (overhead, clean attribution).
    seed(cases.slice(1, count + 1))
    await collect()
    const oneLane = await timed(clocks, count, 1, () => deliver(1, count))
    // B: the whole path with four lanes (throughput), its delivery part measured too.
    seed(cases.slice(count + 1))
    const started = performance.now()
    let fourLanes: OverheadFigures | undefined
    const wholePath = await timed(clocks, count, 4, async () => {
      await collect()
      fourLanes = await timed(clocks, count, 4, () => deliver(4, count))
    })
    const seconds = (performance.now() - started) / 1000
    // `timed` nested: the whole-path FHIR figures come from the inner window (collect sends nothing to FHIR).
    wholePath.fhirServerMs = fourLanes!.fhirServerMs
    wholePath.fhirRequests = fourLanes!.fhirRequests
    wholePath.adapterMs = wholePath.wallMs - wholePath.fhirServerMs - wholePath.dhis2Ms
    wholePath.overheadPct = (100 * wholePath.adapterMs) / wholePath.fhirServerMs

    // Polling: the first pass reads back every Task sent; then steady state.
    let t = performance.now()
    await runReferralPass(deps, { ...options, collect: false })
    const firstPollMs = performance.now() - t
    await runReferralPass(deps, options) // settles the cursors after the feedback the first poll wrote
    const c = cases[1]!
    const client = facilityClient(fhir.baseUrl)
    const sr = await client.serviceRequest(c.referralEvent)
    const t0 = performance.now()
    await client.updateTask(client.accept(await client.task(c.referralEvent)))
    await client.encounter(sr, 'FORENSIC_EXAM', '2026-03-02T13:30:00+02:00', [{ code: 'FORENSIC_EVIDENCE', resource: 'Procedure' }])
    await client.updateTask(client.complete(await client.task(c.referralEvent), { feedback: true }))
    const facilityMs = performance.now() - t0
    fhir.clearRequests()
    const dhis2Before = dhis2Total
    t = performance.now()
    const collected = await collect()
    const collectMs = performance.now() - t
    t = performance.now()
    const pass = await runReferralPass(deps, { ...options, collect: false })
    const pollAndApplyMs = performance.now() - t
    const pollingRoundTripMs = collectMs + pollAndApplyMs
    if (referralInDhis2(emulator, c.referralEvent).values.CPCM_REF_STATUS !== 'COMPLETED') throw new Error('the polled referral did not complete')
    const polled = pass.polled.isange
    const requests = fhir.requests
    const pollPass: Record<string, number> = {
      'facility writes (not part of the pass)': facilityMs,
      'collect (DHIS2 changes since the cursor)': collectMs,
      'poll + apply (FHIR searches, ingest, outbox, DHIS2 writes)': pollAndApplyMs,
      'FHIR requests': requests.length,
      'FHIR server time': requests.reduce((s, r) => s + r.serverMs, 0),
      'DHIS2 emulator time': dhis2Total - dhis2Before,
      'resources read': polled && 'fetched' in polled ? polled.fetched : -1,
      'items applied': pass.delivered.done,
      'cases re-read by collect': collected.fetched,
    }
    return { referrals: count, seconds, perSecond: count / seconds, delivery: [oneLane, fourLanes!], wholePath, firstPollMs, pollingRoundTripMs, pollPass }
  } finally {
    if (pgUrl) {
      const { Client } = await import('pg')
      const client = new Client({ connectionString: pgUrl })
      await client.connect()
      await client.query(`drop schema if exists ${schema} cascade`)
      await client.end()
    }
    await store.close()
    await fhir.stop()
    await dhis2Server.stop()
  }
}

const ms = (x: number) => `${x.toFixed(1)} ms`

export function overheadLine(label: string, o: OverheadFigures, unit = 'referral'): string {
  return `${label} (${o.concurrency} lane${o.concurrency > 1 ? 's' : ''}), per ${unit}: adapter end to end ${ms(o.wallMs)}, FHIR server ${ms(o.fhirServerMs)}` +
    `${o.dhis2Ms >= 0.05 ? `, DHIS2 ${ms(o.dhis2Ms)}` : ''}, adapter's own ${ms(o.adapterMs)} = ${o.overheadPct.toFixed(0)}% over the FHIR server's time`
}

export function referralLines(r: ReferralBenchResult): string[] {
  return [
    `referrals DHIS2 -> facility FHIR (consent check, outbox, one transaction each): ${r.referrals} in ${r.seconds.toFixed(2)} s = ${r.perSecond.toFixed(1)} referrals/s`,
    overheadLine('delivery', r.delivery[0]!),
    overheadLine('delivery', r.delivery[1]!),
    overheadLine('collect + delivery', r.wholePath),
    `polling: first poll (reads back all ${r.referrals * 2 + 1} Tasks) ${ms(r.firstPollMs)}; steady-state round trip (facility update -> next pass -> DHIS2) ${ms(r.pollingRoundTripMs)}`,
    `  that pass: ${Object.entries(r.pollPass).map(([k, v]) => `${k} ${Number.isInteger(v) ? v : ms(v)}`).join('; ')}`,
  ]
}

if (require.main === module) {
  benchReferrals(Number(process.argv[2] ?? 200)).then((r) => {
    for (const line of referralLines(r)) process.stdout.write(`${line}\n`)
  }, (error) => {
    console.error(error)
    process.exitCode = 1
  })
}
