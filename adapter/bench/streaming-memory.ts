/**
 * Streaming memory: N tracked entities flow from a DHIS2-like server through the real connector,
 * the contract check, the FHIR mapping and serialisation, and peak RSS must not depend on N.
 *
 * The server (node:http, in this process) answers `/api/system/info` and
 * `/api/tracker/trackedEntities` in the 2.41 envelope (`pager` plus the flat paging fields),
 * generating each page from the seeded generator when it is asked for (and the next one while the
 * client works on it): at most two pages exist at any time, whatever N is. The client runs in a
 * child process (stream-worker.ts) so its RSS is its own. Figures are printed, never asserted;
 * a record lost on the way (served != in != out) is an error and makes the run exit non-zero.
 */
import { spawn } from 'node:child_process'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { settingsSchema } from '../config/schema'
import { ids } from '../../tests/fixtures/package-lookup'
import { seedTrackedEntity } from '../../tests/fixtures/seed-cases'
import { STREAM_TOKEN, type StreamResult } from './stream-worker'

export const DEFAULT_STREAM_SIZES = [10_000, 100_000]
export const RSS_TARGET_MIB = 200
/** The page size the adapter runs with unless configured (`dhis2.pageSize`, `DHIS2_PAGE_SIZE`). */
export const CONFIGURED_PAGE_SIZE: number = settingsSchema.parse({}).dhis2.pageSize
const WORKER = join(__dirname, 'stream-worker.ts')

export interface GeneratedTracker {
  baseUrl: string
  /** Distinct records served so far (a page asked for twice counts once). */
  served(): number
  /** Milliseconds spent generating pages: near the client's wall time means the server set the pace. */
  busyMs(): number
  stop(): Promise<void>
}

/** A page of the 2.41 tracker export as JSON text, generated from the seeded cases. */
function pageText(total: number, page: number, pageSize: number): string {
  const start = (page - 1) * pageSize
  const end = Math.min(total, start + pageSize)
  const items: string[] = []
  for (let i = start; i < end; i++) items.push(JSON.stringify(seedTrackedEntity(i)))
  return `{"pager":{"page":${page},"pageSize":${pageSize}},"page":${page},"pageSize":${pageSize},"trackedEntities":[${items.join(',')}]}`
}

/** A DHIS2 2.41 look-alike serving `total` seeded tracked entities, page by page, never all at once. */
export async function startGeneratedTracker(total: number): Promise<GeneratedTracker> {
  const program = ids.program('CPCM_CASE')
  let highWater = 0
  let busy = 0
  const generate = (page: number, pageSize: number) => {
    const t0 = performance.now()
    const text = pageText(total, page, pageSize)
    busy += performance.now() - t0
    return text
  }
  let prepared: { page: number; pageSize: number; text: string } | undefined
  let preparing: NodeJS.Immediate | undefined

  const send = (res: ServerResponse, status: number, body: string) => {
    res.writeHead(status, { 'Content-Type': 'application/json;charset=UTF-8', 'Content-Length': Buffer.byteLength(body) })
    res.end(body)
  }
  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://localhost')
    if (req.headers.authorization !== `ApiToken ${STREAM_TOKEN}`) return send(res, 401, '{"httpStatusCode":401,"status":"ERROR","message":"Unauthorized"}')
    if (req.method === 'GET' && url.pathname === '/api/system/info')
      return send(res, 200, JSON.stringify({ version: '2.41.4', serverTimeZoneId: 'Africa/Kigali', serverDate: '2026-11-22T10:00:00.000', systemName: 'cpcm bench' }))
    if (req.method !== 'GET' || url.pathname !== '/api/tracker/trackedEntities') return send(res, 404, '{"httpStatusCode":404,"status":"ERROR"}')
    const page = Number(url.searchParams.get('page') ?? '1')
    const pageSize = Number(url.searchParams.get('pageSize') ?? '50')
    if (url.searchParams.get('program') !== program || !Number.isInteger(page) || page < 1 || !Number.isInteger(pageSize) || pageSize < 1)
      return send(res, 400, '{"httpStatusCode":400,"status":"ERROR","message":"bad query"}')
    const text = prepared?.page === page && prepared.pageSize === pageSize ? prepared.text : generate(page, pageSize)
    prepared = undefined
    highWater = Math.max(highWater, Math.min(total, page * pageSize))
    send(res, 200, text)
    // Prepare the next page while the client maps this one: the client, not the server, sets the pace.
    if (page * pageSize < total) {
      preparing = setImmediate(() => {
        preparing = undefined
        prepared = { page: page + 1, pageSize, text: generate(page + 1, pageSize) }
      })
    }
  }

  const server = createServer(handle)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    served: () => highWater,
    busyMs: () => busy,
    stop: () => {
      if (preparing) clearImmediate(preparing)
      prepared = undefined
      return new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()))
        server.closeAllConnections()
      })
    },
  }
}

export interface StreamRun extends StreamResult {
  /** Records the server generated. */
  total: number
  served: number
  /** Time the server spent generating pages, ms. */
  serverBusyMs: number
  /** served == total == recordsIn == bundlesOut. */
  complete: boolean
}

/** Streams `total` generated records through a child process running stream-worker.ts (with `nodeFlags`). */
export async function runStream(total: number, pageSize = CONFIGURED_PAGE_SIZE, nodeFlags: string[] = []): Promise<StreamRun> {
  const tracker = await startGeneratedTracker(total)
  try {
    const child = spawn(process.execPath, [...nodeFlags, '--require', require.resolve('tsx/cjs'), WORKER], {
      env: { ...process.env, BENCH_STREAM_URL: tracker.baseUrl, BENCH_STREAM_PAGE_SIZE: String(pageSize) },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk))
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
    const code = await new Promise<number | null>((resolve, reject) => {
      child.on('error', reject)
      child.on('close', resolve)
    })
    const line = stdout.trim().split('\n').pop() ?? ''
    let result: StreamResult
    try {
      result = JSON.parse(line) as StreamResult
    } catch {
      throw new Error(`stream worker exited with ${code} and no result: ${stderr.trim() || stdout.trim() || '(no output)'}`)
    }
    const served = tracker.served()
    return { ...result, total, served, serverBusyMs: Math.round(tracker.busyMs()), complete: served === total && result.recordsIn === total && result.bundlesOut === total }
  } finally {
    await tracker.stop()
  }
}

/** `BENCH_STREAM_SIZES=10000,100000,1M`: the sizes to stream (k and M suffixes allowed). */
export function streamSizes(spec = process.env.BENCH_STREAM_SIZES): number[] {
  if (spec === undefined || spec.trim() === '') return DEFAULT_STREAM_SIZES
  return spec.split(',').map((part) => {
    const m = /^\s*([\d_]+)\s*([kKmM]?)\s*$/.exec(part)
    const n = m ? Number(m[1]!.replace(/_/g, '')) * (m[2] === '' ? 1 : m[2]!.toLowerCase() === 'k' ? 1000 : 1_000_000) : NaN
    if (!Number.isSafeInteger(n) || n < 1) throw new RangeError(`BENCH_STREAM_SIZES: not a positive count: ${part}`)
    return n
  })
}

const int = (n: number) => Math.round(n).toLocaleString('en-US')
const flagsOf = (spec: string | undefined) => (spec ?? '').split(/\s+/).filter((f) => f !== '')

/** A heap cap for the extra row that shows what the live data needs (the rest of the peak is GC headroom). */
export const CAPPED_FLAGS = ['--max-old-space-size=128']

export interface StreamBenchOptions {
  sizes?: number[]
  pageSize?: number
  /** Node flags for the child (`BENCH_STREAM_NODE_FLAGS`); default none, as `cpcm` runs. */
  nodeFlags?: string[]
  /** When a peak is over the target, run the first size again with these flags (`BENCH_STREAM_CAPPED=0`: never). */
  cappedFlags?: string[] | false
}

export async function benchStreaming(options: StreamBenchOptions = {}): Promise<StreamRun[]> {
  const sizes = options.sizes ?? streamSizes()
  const pageSize = options.pageSize ?? (process.env.BENCH_STREAM_PAGE_SIZE ? Number(process.env.BENCH_STREAM_PAGE_SIZE) : CONFIGURED_PAGE_SIZE)
  if (!Number.isInteger(pageSize) || pageSize < 1) throw new RangeError(`BENCH_STREAM_PAGE_SIZE: not a positive integer: ${pageSize}`)
  const nodeFlags = options.nodeFlags ?? flagsOf(process.env.BENCH_STREAM_NODE_FLAGS)
  const capped = options.cappedFlags ?? (process.env.BENCH_STREAM_CAPPED === '0' ? false : CAPPED_FLAGS)
  console.log(`  streaming DHIS2 -> FHIR: real connector, zod, map, stringify in a child process; server generates 2.41 pages of ${pageSize} on the fly`)
  console.log('  (server: share of the wall time the server spent generating pages; peak RSS: the child\'s VmHWM)')
  console.log(
    `  ${'records'.padStart(10)} ${'served'.padStart(10)} ${'in'.padStart(10)} ${'bundles out'.padStart(12)} ${'invalid'.padStart(8)} ${'wall s'.padStart(7)} ` +
      `${'records/s'.padStart(10)} ${'server'.padStart(7)} ${'start RSS'.padStart(10)} ${'peak RSS'.padStart(9)}  <= ${RSS_TARGET_MIB} MiB  node flags`,
  )
  const runs: StreamRun[] = []
  const row = async (n: number, flags: string[]) => {
    const r = await runStream(n, pageSize, flags)
    const perSec = r.recordsIn / (r.ms / 1000)
    console.log(
      `  ${int(n).padStart(10)} ${int(r.served).padStart(10)} ${int(r.recordsIn).padStart(10)} ${int(r.bundlesOut).padStart(12)} ${int(r.invalid).padStart(8)} ` +
        `${(r.ms / 1000).toFixed(1).padStart(7)} ${int(perSec).padStart(10)} ${`${Math.round((100 * r.serverBusyMs) / Math.max(1, r.ms))}%`.padStart(7)} ${`${r.startRssMiB.toFixed(0)} MiB`.padStart(10)} ${`${r.peakRssMiB.toFixed(0)} MiB`.padStart(9)}  ` +
        `${(r.peakRssMiB <= RSS_TARGET_MIB ? 'yes' : 'NO').padEnd(11)} ${flags.join(' ') || '(none)'}`,
    )
    if (!r.complete) {
      console.error(`  ERROR: ${int(n)} records generated, ${int(r.served)} served, ${int(r.recordsIn)} received, ${int(r.bundlesOut)} bundles out (${int(r.invalid)} invalid): records were lost`)
      process.exitCode = 1
    }
    return r
  }
  for (const n of sizes) runs.push(await row(n, nodeFlags))
  const first = runs[0]
  const last = runs[runs.length - 1]
  if (first && last && runs.length > 1) {
    const delta = last.peakRssMiB - first.peakRssMiB
    console.log(`  peak RSS from ${int(first.total)} to ${int(last.total)} records: ${delta >= 0 ? '+' : ''}${delta.toFixed(0)} MiB (target: flat)`)
  }
  // A heap cap bounds the peak whatever N is, so the smallest size shows it as well as the largest, in less time.
  if (first && capped && runs.some((r) => r.peakRssMiB > RSS_TARGET_MIB)) {
    console.log(`  over ${RSS_TARGET_MIB} MiB: the first size again with a heap cap (what the live data needs; the rest is GC headroom)`)
    runs.push(await row(first.total, [...nodeFlags, ...capped]))
  }
  return runs
}
