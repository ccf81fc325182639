/**
 * Prometheus metrics of the adapter. A registry per process (not prom-client's global
 * one), so tests and several services in one process do not share counters.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client'

export interface AdapterMetrics {
  registry: Registry
  recordsFetched: Counter<'source'>
  recordsInvalid: Counter<'source'>
  outboxEnqueued: Counter<'kind'>
  deliveries: Counter<'target' | 'outcome'>
  deliverySeconds: Histogram<'target'>
  outboxDepth: Gauge<'status'>
}

export function createMetrics(options: { defaultMetrics?: boolean } = {}): AdapterMetrics {
  const registry = new Registry()
  if (options.defaultMetrics !== false) collectDefaultMetrics({ register: registry, prefix: 'cpcm_process_' })
  return {
    registry,
    recordsFetched: new Counter({ name: 'cpcm_records_fetched_total', help: 'Records read from a source system', labelNames: ['source'], registers: [registry] }),
    recordsInvalid: new Counter({ name: 'cpcm_records_invalid_total', help: 'Records rejected by validation', labelNames: ['source'], registers: [registry] }),
    outboxEnqueued: new Counter({ name: 'cpcm_outbox_enqueued_total', help: 'Work items written to the outbox', labelNames: ['kind'], registers: [registry] }),
    deliveries: new Counter({ name: 'cpcm_deliveries_total', help: 'Delivery attempts by target and outcome (done, retry, dead)', labelNames: ['target', 'outcome'], registers: [registry] }),
    deliverySeconds: new Histogram({
      name: 'cpcm_delivery_seconds', help: 'Time to deliver one outbox item', labelNames: ['target'], registers: [registry],
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    }),
    outboxDepth: new Gauge({ name: 'cpcm_outbox_items', help: 'Outbox items by status, as of the last status read', labelNames: ['status'], registers: [registry] }),
  }
}
