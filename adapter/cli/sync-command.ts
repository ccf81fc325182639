/** `cpcm sync --once`: DHIS2 cases -> FHIR targets, with progress and a summary table. */
import { createMappingContext } from '../../mappings/context'
import { caseTargets, ConfigError, requireDhis2, requireFhirTargets } from '../config'
import { ConnectorError } from '../connectors/errors'
import { StoreError } from '../store'
import type { DeliveryHandler } from '../pipelines/outbox/worker'
import { syncCasesOnce, type CaseSyncSummary } from '../pipelines/cases-to-fhir/sync-once'
import { dhis2From, fhirFrom } from '../runtime/connectors'
import { loadMetadataPackage } from '../runtime/metadata-package'
import type { Runtime } from '../runtime/open-runtime'
import { CliError, type Output, table } from './output'
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

/** One flow of `cpcm sync --once`: runs, prints its own summary, and returns its exit code. */
export interface SyncFlow {
  name: string
  run: () => Promise<number>
}

export interface FlowResult {
  name: string
  code: number
  /** One line, free of data and secrets, when the flow stopped with an error. */
  error?: string
}

/** The exit code the CLI gives an error (as `main` does): configuration 78, a server or the store 69, else 70. */
export function exitCodeOf(error: unknown): number {
  if (error instanceof CliError) return error.exitCode
  if (error instanceof ConfigError) return 78
  if (error instanceof ConnectorError || error instanceof StoreError) return 69
  return 70
}

/**
 * Runs every flow, each on its own: one that fails (a server down) does not stop the others. With a
 * single flow its error is the command's, unchanged; with several, a last table names each flow and
 * how it ended, and the command exits with the highest code.
 */
export async function runFlows(output: Output, flows: SyncFlow[]): Promise<FlowResult[]> {
  if (flows.length === 1) {
    const only = flows[0]!
    const code = await only.run()
    if (code !== 0) throw new CliError('some records need attention: see the summary above', code)
    return [{ name: only.name, code }]
  }
  const results: FlowResult[] = []
  for (const [i, flow] of flows.entries()) {
    if (i > 0) output.line()
    try {
      results.push({ name: flow.name, code: await flow.run() })
    } catch (error) {
      // Connector, store and configuration messages are already free of data and secrets.
      if (!(error instanceof ConnectorError || error instanceof StoreError || error instanceof ConfigError || error instanceof CliError)) throw error
      const reason = error.message
      output.error(`cpcm: ${flow.name} failed: ${reason}`)
      results.push({ name: flow.name, code: exitCodeOf(error), error: reason })
    }
  }
  output.line()
  output.line('Flows')
  table(results.map((r) => [r.name, r.error ? `failed (exit ${r.code}): ${r.error}` : r.code === 0 ? 'ok' : `needs attention (exit ${r.code})`])).forEach((l) => output.line(l))
  const code = Math.max(...results.map((r) => r.code))
  if (code !== 0) {
    const failed = results.filter((r) => r.code !== 0).map((r) => r.name)
    throw new CliError(`${failed.join(', ')}: see the summary above`, code)
  }
  return results
}
