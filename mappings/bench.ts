/**
 * Measures DHIS2 tracked entity -> FHIR bundle mapping against the floor of any JSON work:
 * JSON.parse + JSON.stringify of the same record. `npx tsx mappings/bench.ts [n]` prints the
 * figures; `npm run bench` prints them with the targets (adapter/bench/mapping-throughput.ts).
 * A development script: it uses the seeded test cases, so it is not exported from the package.
 * Every figure is the best of `rounds` timed passes over the same `n` records, on the calling
 * thread (one core).
 */
import { performance } from 'node:perf_hooks'
import { createMappingContext } from './context'
import { parseTrackedEntity } from './dhis2/parse'
import type { Dhis2TrackedEntity } from './dhis2/types'
import { trackedEntityToBundle } from './fhir/to-fhir'
import { cpcmPackage } from '../tests/fixtures/package-lookup'
import { seedTrackedEntity } from '../tests/fixtures/seed-cases'

export interface BenchResult {
  records: number
  averageRecordBytes: number
  /** Size of the serialised transaction bundle, on average. */
  averageBundleBytes: number
  /** JSON.parse + JSON.stringify of one record, per second. */
  parseSerialisePerSec: number
  /** trackedEntityToBundle on an already parsed record, per second. */
  mapPerSec: number
  /** mapPerSec / parseSerialisePerSec: the target is at least 0.9. */
  ratio: number
  /** The whole path a pipeline runs: parse the DHIS2 JSON, map, serialise the bundle. */
  parseMapSerialisePerSec: number
  /** parseTrackedEntity (the zod contract check) on an already parsed record, per second. */
  validatePerSec: number
  /** parseTrackedEntity + trackedEntityToBundle on an already parsed record: the work the adapter adds to the JSON. */
  validateMapPerSec: number
  /** validateMapPerSec / parseSerialisePerSec. */
  validateMapRatio: number
  /** As the adapter runs it: parse, validate (zod), map, serialise the bundle. */
  parseValidateMapSerialisePerSec: number
  /** parseValidateMapSerialisePerSec / parseSerialisePerSec: end to end against the JSON floor. */
  pipelineRatio: number
  /** Bundles the validated path produced in its last pass: equal to `records` unless one was rejected. */
  bundlesOut: number
  /** Records the zod contract rejected in that pass (the seeded records are all valid: 0). */
  invalid: number
}

/** Records per second: the best of `rounds` passes after one warm-up pass. */
export function rate(rounds: number, n: number, body: () => void): number {
  body() // warm up
  let best = Infinity
  for (let r = 0; r < Math.max(1, rounds); r++) {
    const t0 = performance.now()
    body()
    best = Math.min(best, performance.now() - t0)
  }
  return Math.round(n / (Math.max(best, 0.001) / 1000))
}

const ratioOf = (a: number, b: number) => Math.round((a / b) * 100) / 100

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
  const validatePerSec = rate(rounds, n, () => { for (const r of records) sink += parseTrackedEntity(r).ok ? 1 : 0 })
  const validateMapPerSec = rate(rounds, n, () => {
    for (const r of records) {
      const parsed = parseTrackedEntity(r)
      if (parsed.ok) sink += trackedEntityToBundle(parsed.value, ctx).entry!.length
    }
  })
  let bundlesOut = 0
  let invalid = 0
  let bundleBytes = 0
  const parseValidateMapSerialisePerSec = rate(rounds, n, () => {
    bundlesOut = 0
    invalid = 0
    bundleBytes = 0
    for (const t of texts) {
      const parsed = parseTrackedEntity(JSON.parse(t))
      if (!parsed.ok) { invalid++; continue }
      bundleBytes += JSON.stringify(trackedEntityToBundle(parsed.value, ctx)).length
      bundlesOut++
    }
  })
  if (sink < 0) throw new Error('unreachable')
  return {
    records: n,
    averageRecordBytes: Math.round(texts.reduce((s, t) => s + t.length, 0) / n),
    averageBundleBytes: Math.round(bundleBytes / Math.max(1, bundlesOut)),
    parseSerialisePerSec, mapPerSec, ratio: ratioOf(mapPerSec, parseSerialisePerSec), parseMapSerialisePerSec,
    validatePerSec, validateMapPerSec, validateMapRatio: ratioOf(validateMapPerSec, parseSerialisePerSec), parseValidateMapSerialisePerSec, pipelineRatio: ratioOf(parseValidateMapSerialisePerSec, parseSerialisePerSec),
    bundlesOut, invalid,
  }
}

if (typeof require !== 'undefined' && require.main === module) {
  console.log(benchMappings(Number(process.argv[2] ?? 2000)))
}
