/**
 * `cpcm primero sync --once | conflicts | duplicates`: the exchange with CPIMS+/Primero.
 * Summaries go to stdout, progress to stderr. Values of identifying fields (names, national id) are
 * never printed: a conflict on one says which side holds what, not the value.
 */
import type { Command } from 'commander'
import { createMappingContext } from '../../mappings/context'
import { requireDhis2, requirePrimero, type Config, type PrimeroConnection } from '../config'
import { createPrimeroConnector, type PrimeroConnector } from '../connectors/primero'
import type { RetryHooks } from '../connectors/retry'
import { syncPrimeroOnce, type PrimeroSyncSummary } from '../pipelines/primero'
import { dhis2From } from '../runtime/connectors'
import { loadMetadataPackage } from '../runtime/metadata-package'
import { openRuntime, type Runtime } from '../runtime/open-runtime'
import { CliError, type Output, table } from './output'
import { createProgress } from './progress'

/** `PRIMERO_URL` is set: `cpcm sync --once` and `cpcm serve` run the Primero pass too. */
export const primeroConfigured = (config: Config): boolean => Boolean(config.primero.url)

export function primeroFrom(settings: PrimeroConnection, signal?: AbortSignal, hooks?: Pick<RetryHooks, 'onRetry'>): PrimeroConnector {
  return createPrimeroConnector({
    baseUrl: settings.url,
    auth: { username: settings.username, password: settings.password.reveal() },
    timeoutMs: settings.timeoutMs,
    per: settings.pageSize,
    ...(signal ? { signal } : {}),
    ...(hooks ? { retryHooks: hooks } : {}),
  })
}

export async function runPrimeroSync(runtime: Runtime, signal?: AbortSignal, showProgress = true): Promise<PrimeroSyncSummary> {
  const { config } = runtime
  const dhis2Settings = requireDhis2(config, 'primero sync')
  const primero = requirePrimero(config, 'primero sync')
  const pkg = loadMetadataPackage()
  const onRetry = (error: Error, attempt: number, delayMs: number) => runtime.logger.warn({ attempt, delayMs }, `retrying: ${error.message}`)
  const progress = showProgress ? createProgress({ label: 'primero sync' }) : { set: () => undefined, tick: () => undefined, done: () => undefined }
  try {
    return await syncPrimeroOnce(
      {
        store: runtime.store,
        owner: runtime.owner,
        primero: primeroFrom(primero, signal, { onRetry }),
        dhis2: dhis2From(dhis2Settings, { onRetry }),
        mapping: createMappingContext(pkg, { recipient: { id: 'primero', allowIdentifiers: true } }),
        identified: createMappingContext(pkg, { recipient: { id: 'primero', allowIdentifiers: true } }),
        placement: { locations: primero.locations, ...(primero.defaultOrgUnit ? { defaultOrgUnit: primero.defaultOrgUnit } : {}) },
        providers: primero.providers,
        logger: runtime.logger,
        onListed: (c) => progress.set('listed', c.fetched),
        onCase: (o) => progress.tick(o === 'created' || o === 'updated' || o === 'unchanged' ? 'applied' : o),
        onReferral: (o) => progress.tick(`referrals ${o}`),
      },
      {
        modules: primero.modules,
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

export function printPrimeroSummary(output: Output, s: PrimeroSyncSummary, seconds: number): void {
  const c = s.cases
  const r = s.referrals
  output.line('Primero summary: cases Primero -> DHIS2, referrals DHIS2 -> Primero')
  const rows: Array<[string, number | string]> = [
    ['cases listed from Primero', s.listed.fetched],
    ['queued: new or changed', s.listed.queued],
    ['unchanged since queued', s.listed.unchanged],
    ['created in DHIS2', c.created],
    ['updated in DHIS2', c.updated],
    ['no change for DHIS2', c.unchanged],
    ['conflicts recorded (cpcm primero conflicts)', c.conflicts],
    ['possible duplicates (cpcm primero duplicates)', c.duplicates],
    ['child codes already in DHIS2: next one taken', c.childCodeCollisions],
    ['referral states brought back', c.referralUpdates],
    ['referrals sent to Primero', r.sent],
    ['referrals blocked: no consent (nothing sent)', r.blocked],
    ['transfers sent to Primero', s.transfers.sent],
    ['transfers blocked: no consent (nothing sent)', s.transfers.blocked],
    ['to retry later', c.retry + r.retry],
    ['dead letters (cpcm dead-letters list)', c.dead + r.dead],
    ['returned after a stopped run', s.orphansReleased],
    ['Primero cursor', s.listed.cursor ?? '-'],
    ['seconds', seconds.toFixed(1)],
  ]
  if (s.listingError) rows.push(['listing stopped', 'Primero unreachable: resumes from the cursor next run'])
  table(rows.map(([k, v]) => [k, typeof v === 'number' ? v.toLocaleString('en-US') : v])).forEach((l) => output.line(l))
}

export const primeroExitCode = (s: PrimeroSyncSummary) => (s.listingError || s.referralsCollectError || s.transfersCollectError ? 69 : s.cases.dead + s.referrals.dead > 0 ? 2 : 0)

const when = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z')
const shown = (identifying: boolean, value: string | null) => (value === null ? '(none)' : identifying ? '[identifying: not shown]' : value)

export function registerPrimeroCommands(program: Command, output: Output): void {
  const primero = program.command('primero').description('exchange with CPIMS+/Primero: cases both ways, referrals, conflicts, duplicates')

  primero
    .command('sync')
    .description('Primero cases changed since the cursor into DHIS2; DHIS2 referrals to CSOs on Primero, under consent')
    .requiredOption('--once', 'run one pass and exit')
    .option('--config <file>', 'JSON configuration file (or CPCM_CONFIG)')
    .action(async (options: { config?: string }) => {
      const check = (config: Config) => void (requireDhis2(config, 'primero sync'), requirePrimero(config, 'primero sync'))
      const runtime = await openRuntime({ check, ...(options.config ? { configFile: options.config } : {}) })
      const started = Date.now()
      try {
        const summary = await runPrimeroSync(runtime)
        printPrimeroSummary(output, summary, (Date.now() - started) / 1000)
        const code = primeroExitCode(summary)
        if (summary.listingError) throw new CliError(`${summary.listingError}; cases queued so far were delivered, the next run resumes from the cursor`, code)
        if (summary.referralsCollectError) throw new CliError(summary.referralsCollectError, code)
        if (summary.transfersCollectError) throw new CliError(summary.transfersCollectError, code)
        if (code !== 0) throw new CliError('some records need attention: see the summary above', code)
      } finally {
        await runtime.close()
      }
    })

  primero
    .command('conflicts')
    .description('fields edited on both sides since the last sync: both values are kept, DHIS2 holds the owner\'s')
    .option('--all', 'resolved ones too')
    .option('--json', 'print JSON')
    .option('--config <file>', 'JSON configuration file (or CPCM_CONFIG)')
    .action(async (options: { all?: boolean; json?: boolean; config?: string }) => {
      const runtime = await openRuntime(options.config ? { configFile: options.config } : {})
      try {
        const list = await runtime.store.primero.conflicts.list({ status: options.all ? 'all' : 'open' })
        if (options.json) {
          const masked = list.map((c) => ({
            ...c, primeroValue: c.identifying ? null : c.primeroValue, dhis2Value: c.identifying ? null : c.dhis2Value, baseValue: c.identifying ? null : c.baseValue,
            valuesShown: !c.identifying,
          }))
          return output.line(JSON.stringify(masked, null, 2))
        }
        if (list.length === 0) return output.line('No conflicts.')
        output.line(`${list.length} conflict(s): edited on both sides since the last sync`)
        for (const c of list) {
          output.line(`#${c.id}  Primero case ${c.primeroId}  tracked entity ${c.trackedEntity}  enrollment ${c.enrollment}  ${when(c.detectedAt)}${c.status === 'resolved' ? '  [resolved]' : ''}`)
          output.line(`      ${c.field} (owner: ${c.owner}; DHIS2 keeps the ${c.kept} value)`)
          output.line(`      Primero: ${shown(c.identifying, c.primeroValue)}   DHIS2: ${shown(c.identifying, c.dhis2Value)}   last agreed: ${shown(c.identifying, c.baseValue)}`)
        }
      } finally {
        await runtime.close()
      }
    })

  primero
    .command('duplicates')
    .description('Primero cases that may be a child DHIS2 already has (listed, never merged)')
    .option('--json', 'print JSON')
    .option('--config <file>', 'JSON configuration file (or CPCM_CONFIG)')
    .action(async (options: { json?: boolean; config?: string }) => {
      const runtime = await openRuntime(options.config ? { configFile: options.config } : {})
      try {
        const list = await runtime.store.primero.duplicates.list()
        if (options.json) return output.line(JSON.stringify(list, null, 2))
        if (list.length === 0) return output.line('No possible duplicates.')
        output.line(`${list.length} possible duplicate(s): check each and merge in DHIS2 if it is the same child`)
        for (const d of list) {
          output.line(`  Primero case ${d.primeroId} (now tracked entity ${d.trackedEntity})  may be  tracked entity ${d.candidate}  same: ${d.reasons.join(', ')}`)
        }
      } finally {
        await runtime.close()
      }
    })
}
