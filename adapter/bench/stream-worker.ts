/**
 * Child process of the streaming benchmark (streaming-memory.ts), in its own process so that its
 * peak RSS is the pipeline's alone. The real DHIS2 connector pages through
 * `/api/tracker/trackedEntities` with the query the case collector sends; each tracked entity is
 * checked against the DHIS2 contract (zod), mapped to a FHIR transaction bundle and serialised
 * into a counting sink. Nothing is kept. Prints one JSON line: a StreamResult.
 *
 * `node --require tsx/cjs adapter/bench/stream-worker.ts` with BENCH_STREAM_URL (the server root,
 * without `/api`) and optionally BENCH_STREAM_PAGE_SIZE (default: the connector's).
 */
import { readFileSync } from 'node:fs'
import { performance } from 'node:perf_hooks'
import { createMappingContext } from '../../mappings/context'
import { parseTrackedEntity } from '../../mappings/dhis2/parse'
import { trackedEntityToBundle } from '../../mappings/fhir/to-fhir'
import { createDhis2Connector, DEFAULT_PAGE_SIZE } from '../connectors/dhis2'
import { loadMetadataPackage } from '../runtime/metadata-package'

export const STREAM_TOKEN = 'd2pat_benchStreamTOKEN00001'

export interface StreamResult {
  /** Tracked entities the connector handed over. */
  recordsIn: number
  /** Bundles mapped and serialised. */
  bundlesOut: number
  /** Records the DHIS2 contract (zod) rejected: counted, never dropped silently. */
  invalid: number
  pages: number
  pageSize: number
  /** Characters of serialised bundles that went into the sink. */
  bundleChars: number
  /** From the first request to the last bundle. */
  ms: number
  /** Resident memory when streaming started (modules and metadata loaded), MiB. */
  startRssMiB: number
  /** Peak resident memory of this process, MiB: VmHWM (Linux), else process.resourceUsage().maxRSS. */
  peakRssMiB: number
  /**
   * process.resourceUsage().maxRSS, MiB. Not the peak on Linux: a spawned child starts with its
   * parent's RSS at spawn time (the kernel keeps the pre-exec high-water mark), hence VmHWM above.
   */
  maxRssMiB: number
}

const mib = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10

/** VmHWM from /proc/self/status in bytes: the peak RSS of this process image alone; undefined off Linux. */
export function highWaterRss(): number | undefined {
  try {
    const kb = /^VmHWM:\s*(\d+)\s*kB/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1]
    return kb === undefined ? undefined : Number(kb) * 1024
  } catch {
    return undefined
  }
}

export async function streamCases(baseUrl: string, pageSize = DEFAULT_PAGE_SIZE): Promise<StreamResult> {
  const mapping = createMappingContext(loadMetadataPackage(), { recipient: { id: 'ISANGE-KACYIRU', allowIdentifiers: false } })
  const startRssMiB = mib(process.memoryUsage().rss)
  const dhis2 = createDhis2Connector({ baseUrl, auth: { token: STREAM_TOKEN }, timeoutMs: 60_000, pageSize })
  const t0 = performance.now()
  let recordsIn = 0
  let bundlesOut = 0
  let invalid = 0
  let pages = 0
  let bundleChars = 0
  // As the collector does (adapter/pipelines/cases-to-fhir/collect.ts): server time first, then the pages.
  await dhis2.systemInfo()
  const exported = dhis2.exportTrackedEntities({
    program: mapping.program.case,
    ouMode: 'ALL',
    includeDeleted: true,
    fields: '*,enrollments[*,events[*]]',
  })
  for await (const page of exported) {
    pages++
    for (const raw of page.items) {
      recordsIn++
      const parsed = parseTrackedEntity(raw)
      if (!parsed.ok) {
        invalid++
        continue
      }
      bundleChars += JSON.stringify(trackedEntityToBundle(parsed.value, mapping)).length
      bundlesOut++
    }
  }
  const ms = performance.now() - t0
  const maxRss = process.resourceUsage().maxRSS * 1024
  return {
    recordsIn, bundlesOut, invalid, pages, pageSize, bundleChars, ms: Math.round(ms),
    startRssMiB, peakRssMiB: mib(highWaterRss() ?? maxRss), maxRssMiB: mib(maxRss),
  }
}

if (typeof require !== 'undefined' && require.main === module) {
  const url = process.env.BENCH_STREAM_URL
  if (!url) {
    console.error('stream-worker: BENCH_STREAM_URL is not set')
    process.exit(2)
  }
  const size = process.env.BENCH_STREAM_PAGE_SIZE ? Number(process.env.BENCH_STREAM_PAGE_SIZE) : undefined
  streamCases(url, size).then(
    (result) => {
      process.stdout.write(`${JSON.stringify(result)}\n`)
      if (result.recordsIn !== result.bundlesOut) process.exitCode = 1
    },
    (error: unknown) => {
      console.error('stream-worker:', error instanceof Error ? error.message : error)
      process.exitCode = 1
    },
  )
}
