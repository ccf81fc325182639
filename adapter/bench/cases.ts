/**
 * Case sync figures (measured, never asserted): DHIS2 cases -> outbox -> a local FHIR engine, in
 * process against the DHIS2 emulator and the FHIR harness over HTTP, as in referrals.ts: per case,
 * the adapter's end-to-end time against the FHIR server's own time on its requests and the DHIS2
 * emulator's own time; what is left is the adapter's (overhead = adapter / FHIR server). Delivery
 * alone with one lane and four, then collect + delivery with four.
 *
 * The store is PGlite in memory, or PostgreSQL with BENCH_REFERRALS_DATABASE_URL (a schema made and dropped).
 *
 *   npx tsx adapter/bench/cases.ts [count]
 */
import { performance } from 'node:perf_hooks'
import { createMappingContext } from '../../mappings/context'
import { createDhis2Connector } from '../connectors/dhis2'
import { createFhirConnector } from '../connectors/fhir'
import { createMemoryLogger } from '../observability/logger'
import { collectCases, CASE_BUNDLE_KIND } from '../pipelines/cases-to-fhir/collect'
import { caseBundleHandler } from '../pipelines/cases-to-fhir/deliver'
import { drainOutbox } from '../pipelines/outbox/worker'
import { newOwnerId, openStore } from '../store'
import { createDhis2Emulator, startDhis2Server } from '../../tests/emulators/dhis2'
import { startFhirServer } from '../../tests/harness/fhir/server'
import { cpcmPackage } from '../../tests/fixtures/package-lookup'
import { installCpcmPackage, seedCases } from '../../tests/fixtures/seed-dhis2'
import { overheadLine, timed, type OverheadFigures } from './referrals'

export interface CaseBenchResult {
  cases: number
  /** Delivery only, one lane and four. */
  delivery: OverheadFigures[]
  /** Collect (DHIS2 read, validation, consent, mapping, outbox) + deliver, four lanes. */
  wholePath: OverheadFigures
}

export async function benchCases(count = 200): Promise<CaseBenchResult> {
  const emulator = createDhis2Emulator({ version: '2.41' })
  installCpcmPackage(emulator)
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
  const dhis2Server = await startDhis2Server(emulator)
  const fhir = await startFhirServer()
  const pgUrl = process.env.BENCH_REFERRALS_DATABASE_URL
  const schema = `cpcm_bench_cases_${process.pid}`
  const store = await openStore({ backend: pgUrl ? { kind: 'postgres', url: pgUrl } : { kind: 'pglite' }, ...(pgUrl ? { schema } : {}) })
  await store.migrate()
  const clocks = { fhir, dhis2Ms: () => dhis2Total }
  try {
    const pkg = cpcmPackage()
    const target = { id: 'national', mapping: createMappingContext(pkg, { recipient: { id: 'national', allowIdentifiers: true } }) }
    const connector = createFhirConnector({ baseUrl: fhir.baseUrl, timeoutMs: 30_000 })
    const logger = createMemoryLogger('warn').logger
    const dhis2 = createDhis2Connector({ baseUrl: dhis2Server.baseUrl, auth: { username: 'admin', password: 'district' }, timeoutMs: 60_000, pageSize: 100 })
    const owner = newOwnerId()
    const collect = async (expected: number) => {
      const counts = await collectCases({ store, dhis2, recipients: [target], logger }, { toleranceSeconds: 300 })
      if (counts.enqueued !== expected) throw new Error(`expected ${expected} cases queued, got ${counts.enqueued}`)
    }
    const deliver = async (concurrency: number, expected: number) => {
      const counts = await drainOutbox(
        { store, owner, logger, handlers: { [CASE_BUNDLE_KIND]: caseBundleHandler(new Map([[target.id, connector]])) } },
        { batchSize: 50, leaseSeconds: 120, concurrency },
      )
      if (counts.done !== expected) throw new Error(`expected ${expected} cases delivered, got ${counts.done}`)
    }
    let seeded = 0
    const seed = (n: number) => {
      seedCases(emulator, n, { first: seeded })
      seeded += n
    }
    // Warm-up, not measured.
    seed(5)
    await collect(5)
    await deliver(4, 5)
    // Delivery only: queued first, then drained with one lane, and again with four.
    seed(count)
    await collect(count)
    const oneLane = await timed(clocks, count, 1, () => deliver(1, count))
    seed(count)
    await collect(count)
    const fourLanes = await timed(clocks, count, 4, () => deliver(4, count))
    // The whole path.
    seed(count)
    const wholePath = await timed(clocks, count, 4, async () => {
      await collect(count)
      await deliver(4, count)
    })
    return { cases: count, delivery: [oneLane, fourLanes], wholePath }
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

export function caseLines(r: CaseBenchResult): string[] {
  return [
    overheadLine(`cases -> FHIR (${r.cases}) delivery`, r.delivery[0]!, 'case'),
    overheadLine(`cases -> FHIR (${r.cases}) delivery`, r.delivery[1]!, 'case'),
    overheadLine(`cases -> FHIR (${r.cases}) collect + delivery`, r.wholePath, 'case'),
  ]
}

if (require.main === module) {
  benchCases(Number(process.argv[2] ?? 200)).then((r) => {
    for (const line of caseLines(r)) process.stdout.write(`${line}\n`)
  }, (error) => {
    console.error(error)
    process.exitCode = 1
  })
}
