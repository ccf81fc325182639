/** `cpcm sync --once`: DHIS2 cases -> FHIR targets, with progress and a summary table. */
import { createMappingContext } from '../../mappings/context'
import { caseTargets, requireDhis2, requireFhirTargets } from '../config'
import type { DeliveryHandler } from '../pipelines/outbox/worker'
import { syncCasesOnce, type CaseSyncSummary } from '../pipelines/cases-to-fhir/sync-once'
import { dhis2From, fhirFrom } from '../runtime/connectors'
import { loadMetadataPackage } from '../runtime/metadata-package'
import type { Runtime } from '../runtime/open-runtime'
import { type Output, table } from './output'
import { createProgress } from './progress'

export async function runCaseSync(
  runtime: Runtime, signal?: AbortSignal, showProgress = true, extraHandlers?: Record<string, DeliveryHandler>,
): Promise<CaseSyncSummary> {
  const { config } = runtime
  const dhis2Settings = requireDhis2(config, 'sync')
  requireFhirTargets(config, 'sync')
  // Facilities receive referrals only (cpcm referrals), never whole cases.
  const targets = caseTargets(config)
  const pkg = loadMetadataPackage()
  const onRetry = (error: Error, attempt: number, delayMs: number) => runtime.logger.warn({ attempt, delayMs }, `retrying: ${error.message}`)
  const progress = showProgress ? createProgress({ label: 'sync' }) : { set: () => undefined, tick: () => undefined, done: () => undefined }
  try {
    return await syncCasesOnce(
      {
        store: runtime.store,
        owner: runtime.owner,
        dhis2: dhis2From(dhis2Settings, { onRetry }),
        targets: targets.map((t) => ({
          id: t.id,
          mapping: createMappingContext(pkg, { recipient: { id: t.id, allowIdentifiers: t.allowIdentifiers } }),
          connector: fhirFrom(t, signal, { onRetry }),
        })),
        logger: runtime.logger,
        metrics: runtime.metrics,
        onCollected: (c) => progress.set('fetched', c.fetched),
        onDelivered: (outcome) => progress.tick(outcome === 'done' ? 'delivered' : outcome),
        ...(extraHandlers ? { extraHandlers } : {}),
      },
      {
        toleranceSeconds: dhis2Settings.updatedAfterToleranceSeconds,
        batchSize: config.delivery.batchSize,
        leaseSeconds: config.delivery.leaseSeconds,
        concurrency: 4,
        ...(signal ? { signal } : {}),
      },
    )
  } finally {
    progress.done()
  }
}

export function printSyncSummary(output: Output, summary: CaseSyncSummary, seconds: number): void {
  const { collected: c, delivered: d } = summary
  output.line('Sync summary: cases, DHIS2 -> FHIR')
  const rows: Array<[string, number | string]> = [
    ['fetched from DHIS2', c.fetched],
    ['rejected: not valid DHIS2 data (see log)', c.invalid],
    ['withheld: no consent to share', c.withheldNoConsent],
    ['skipped: deleted in DHIS2', c.deleted],
    ['queued: new or changed', c.enqueued],
    ['unchanged since queued', c.unchanged],
    ['delivered', d.done],
    ['to retry later', d.retry],
    ['dead letters (see cpcm dead-letters list)', d.dead],
    ['returned after a stopped run', summary.orphansReleased],
    ['seconds', seconds.toFixed(1)],
  ]
  table(rows.map(([k, v]) => [k, typeof v === 'number' ? v.toLocaleString('en-US') : v])).forEach((l) => output.line(l))
}

/** Non-zero when this run left something a person must look at. */
export const syncExitCode = (summary: CaseSyncSummary) => (summary.collected.invalid > 0 || summary.delivered.dead > 0 ? 2 : 0)
