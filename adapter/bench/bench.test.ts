/** The benchmarks' plumbing with small N: counts and shapes only, never times. */
import { benchMappingThroughput } from './mapping-throughput'
import { runStream, startGeneratedTracker, streamSizes } from './streaming-memory'
import { STREAM_TOKEN } from './stream-worker'

it('mapping throughput returns its figures and loses no record', () => {
  const r = benchMappingThroughput(30, 1, false)
  expect(r.records).toBe(30)
  expect(r.bundlesOut).toBe(30)
  expect(r.invalid).toBe(0)
  expect(r.averageRecordBytes).toBeGreaterThan(9000)
  expect(r.averageBundleBytes).toBeGreaterThan(0)
  for (const k of ['parseSerialisePerSec', 'parseValidateMapSerialisePerSec', 'validateMapPerSec', 'validatePerSec', 'mapPerSec'] as const) expect(r[k]).toBeGreaterThan(0)
  expect(r.pipelineRatio).toBeCloseTo(r.parseValidateMapSerialisePerSec / r.parseSerialisePerSec, 1)
})

it('the generated tracker serves 2.41 pages on demand, the last one short', async () => {
  const tracker = await startGeneratedTracker(5)
  try {
    const get = async (query: string) => {
      const response = await fetch(`${tracker.baseUrl}/api/tracker/trackedEntities?${query}`, { headers: { Authorization: `ApiToken ${STREAM_TOKEN}` } })
      return { status: response.status, body: (await response.json()) as { pager?: { page: number; pageSize: number }; trackedEntities?: Array<{ trackedEntity: string }> } }
    }
    const { ids } = await import('../../tests/fixtures/package-lookup')
    const program = ids.program('CPCM_CASE')
    const first = await get(`program=${program}&page=1&pageSize=3`)
    expect(first.status).toBe(200)
    expect(first.body.pager).toEqual({ page: 1, pageSize: 3 })
    expect(first.body.trackedEntities).toHaveLength(3)
    const second = await get(`program=${program}&page=2&pageSize=3`)
    expect(second.body.trackedEntities).toHaveLength(2)
    expect(new Set([...first.body.trackedEntities!, ...second.body.trackedEntities!].map((t) => t.trackedEntity)).size).toBe(5)
    expect(tracker.served()).toBe(5)
    expect((await get('page=1&pageSize=3')).status).toBe(400)
  } finally {
    await tracker.stop()
  }
})

it('streams 2,000 cases through the connector in a child process: count in == count out, peak RSS reported', async () => {
  const r = await runStream(2000, 200)
  expect(r).toMatchObject({ total: 2000, served: 2000, recordsIn: 2000, bundlesOut: 2000, invalid: 0, pages: 10, pageSize: 200, complete: true })
  expect(r.bundleChars).toBeGreaterThan(2000 * 1000)
  expect(r.peakRssMiB).toBeGreaterThan(0)
  expect(r.startRssMiB).toBeGreaterThan(0)
  expect(Number.isFinite(r.peakRssMiB)).toBe(true)
}, 120_000)

it('reads BENCH_STREAM_SIZES', () => {
  expect(streamSizes('')).toEqual([10_000, 100_000])
  expect(streamSizes('10000, 100_000,1M,20k')).toEqual([10_000, 100_000, 1_000_000, 20_000])
  expect(() => streamSizes('ten')).toThrow(RangeError)
  expect(() => streamSizes('0')).toThrow(RangeError)
})
