/**
 * Measures DHIS2 tracked entity -> FHIR bundle mapping against the floor of any JSON work:
 * JSON.parse + JSON.stringify of the same record. `npx tsx mappings/bench.ts [n]` prints the
 * figures. A development script: it uses the seeded test cases, so it is not exported.
 */
import { performance } from 'node:perf_hooks'
import { createMappingContext } from './context'
import type { Dhis2TrackedEntity } from './dhis2/types'
import { trackedEntityToBundle } from './fhir/to-fhir'
import { cpcmPackage } from '../tests/fixtures/package-lookup'
import { seedTrackedEntity } from '../tests/fixtures/seed-cases'

export interface BenchResult {
  records: number
  averageRecordBytes: number
  /** JSON.parse + JSON.stringify of one record, per second. */
  parseSerialisePerSec: number
  /** trackedEntityToBundle on an already parsed record, per second. */
  mapPerSec: number
  /** mapPerSec / parseSerialisePerSec: the target is at least 0.9. */
  ratio: number
  /** The whole path a pipeline runs: parse the DHIS2 JSON, map, serialise the bundle. */
  parseMapSerialisePerSec: number
}

function rate(rounds: number, n: number, body: () => void): number {
  body() // warm up
  let best = Infinity
  for (let r = 0; r < rounds; r++) {
    const t0 = performance.now()
    body()
    best = Math.min(best, performance.now() - t0)
  }
  return Math.round(n / (best / 1000))
}

export function benchMappings(n = 2000, rounds = 5): BenchResult {
  const ctx = createMappingContext(cpcmPackage(), { recipient: { id: 'ISANGE-KACYIRU', allowIdentifiers: false } })
  const texts = Array.from({ length: n }, (_, i) => JSON.stringify(seedTrackedEntity(i)))
  const records = texts.map((t) => JSON.parse(t) as Dhis2TrackedEntity)
  let sink = 0
  const parseSerialisePerSec = rate(rounds, n, () => { for (const t of texts) sink += JSON.stringify(JSON.parse(t)).length })
  const mapPerSec = rate(rounds, n, () => { for (const r of records) sink += trackedEntityToBundle(r, ctx).entry!.length })
  const parseMapSerialisePerSec = rate(rounds, n, () => {
    for (const t of texts) sink += JSON.stringify(trackedEntityToBundle(JSON.parse(t) as Dhis2TrackedEntity, ctx)).length
  })
  if (sink < 0) throw new Error('unreachable')
  return {
    records: n,
    averageRecordBytes: Math.round(texts.reduce((s, t) => s + t.length, 0) / n),
    parseSerialisePerSec, mapPerSec, ratio: Math.round((mapPerSec / parseSerialisePerSec) * 100) / 100, parseMapSerialisePerSec,
  }
}

if (typeof require !== 'undefined' && require.main === module) {
  console.log(benchMappings(Number(process.argv[2] ?? 2000)))
}
