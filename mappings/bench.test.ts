import { benchMappings } from './bench'

it('benchMappings reports the three figures (a smoke test; the target is checked by running the script)', () => {
  const r = benchMappings(40, 1)
  expect(r.records).toBe(40)
  expect(r.averageRecordBytes).toBeGreaterThan(9000)
  for (const k of ['parseSerialisePerSec', 'mapPerSec', 'parseMapSerialisePerSec'] as const) expect(r[k]).toBeGreaterThan(0)
  expect(r.ratio).toBeCloseTo(r.mapPerSec / r.parseSerialisePerSec, 1)
})
