import { createMetrics } from '../observability/metrics'
import { startService, type RunningService } from './http-server'

describe('adapter HTTP service', () => {
  let service: RunningService
  let storeUp = true
  const metrics = createMetrics({ defaultMetrics: false })

  beforeAll(async () => {
    service = await startService(
      {
        metrics,
        readiness: [{ name: 'store', check: async () => { if (!storeUp) throw new Error('store unreachable') } }],
        beforeMetrics: async () => metrics.outboxDepth.set({ status: 'pending' }, 3),
      },
      0,
      '127.0.0.1',
    )
  })
  afterAll(() => service.close())

  it('answers /health while the process lives', async () => {
    const res = await fetch(`${service.url}/health`)
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ status: 'ok' })
  })

  it('answers /ready 200 only when every check passes, naming the one that fails', async () => {
    expect((await fetch(`${service.url}/ready`)).status).toBe(200)
    storeUp = false
    const res = await fetch(`${service.url}/ready`)
    expect(res.status).toBe(503)
    expect(await res.json()).toEqual({ status: 'not ready', checks: [{ name: 'store', ok: false, error: 'store unreachable' }] })
    storeUp = true
  })

  it('exposes Prometheus metrics with refreshed gauges', async () => {
    metrics.deliveries.inc({ target: 'isange', outcome: 'done' }, 2)
    const text = await (await fetch(`${service.url}/metrics`)).text()
    expect(text).toContain('cpcm_deliveries_total{target="isange",outcome="done"} 2')
    expect(text).toContain('cpcm_outbox_items{status="pending"} 3')
  })

  it('answers 404 for unknown paths', async () => {
    expect((await fetch(`${service.url}/nope`)).status).toBe(404)
  })
})
