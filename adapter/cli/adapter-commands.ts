/** `cpcm sync`, `status`, `dead-letters`, `serve`: the adapter's commands. */
import type { Command } from 'commander'
import { caseTargets, facilities, requireDhis2, requireFhirTargets, requirePrimero, type Config } from '../config'
import { primeroConfigured, printPrimeroSummary, primeroExitCode, runPrimeroSync } from './primero-commands'
import { caseHandlersFor, printReferralSummary, referralExitCode, referralHandlersFor, runReferrals } from './referral-commands'
import { openRuntime } from '../runtime/open-runtime'
import { runServe } from './serve-command'
import { CliError, type Output, table } from './output'
import { printSyncSummary, runCaseSync, runFlows, type SyncFlow, syncExitCode } from './sync-command'

const when = (d: Date | string | null | undefined) => (d ? new Date(d).toISOString().replace('.000Z', 'Z') : '-')

export function registerAdapterCommands(program: Command, output: Output): void {
  program
    .command('sync')
    .description('move changed cases from DHIS2 to the configured FHIR targets')
    .requiredOption('--once', 'run one pass and exit (use `cpcm serve` to keep running)')
    .option('--config <file>', 'JSON configuration file (or CPCM_CONFIG)')
    .action(async (options: { config?: string }) => {
      // DHIS2 always; FHIR targets unless Primero is the only partner configured.
      const check = (config: Config) => void (requireDhis2(config, 'sync'), primeroConfigured(config) ? requirePrimero(config, 'sync') : requireFhirTargets(config, 'sync'))
      const runtime = await openRuntime({ check, ...(options.config ? { configFile: options.config } : {}) })
      const started = Date.now()
      const seconds = () => (Date.now() - started) / 1000
      try {
        // Cases go to case targets; referrals (with their feedback) to facilities; the Primero exchange
        // when PRIMERO_URL is set. Each flow runs on its own: one failing does not stop the others.
        const withFacilities = facilities(runtime.config).length > 0
        const flows: SyncFlow[] = []
        if (caseTargets(runtime.config).length > 0)
          flows.push({ name: 'cases (DHIS2 -> FHIR)', run: async () => {
            const summary = await runCaseSync(runtime, undefined, true, withFacilities ? referralHandlersFor(runtime) : undefined)
            printSyncSummary(output, summary, seconds())
            return syncExitCode(summary)
          } })
        if (withFacilities)
          flows.push({ name: 'referrals (FHIR facilities)', run: async () => {
            const referrals = await runReferrals(runtime, { extraHandlers: caseHandlersFor(runtime) })
            printReferralSummary(output, referrals, seconds())
            return referralExitCode(referrals)
          } })
        if (primeroConfigured(runtime.config))
          flows.push({ name: 'Primero (CPIMS+)', run: async () => {
            const summary = await runPrimeroSync(runtime)
            printPrimeroSummary(output, summary, seconds())
            if (summary.listingError) output.error(`cpcm: Primero listing stopped: ${summary.listingError}`)
            if (summary.referralsCollectError) output.error(`cpcm: Primero referrals not read: ${summary.referralsCollectError}`)
            if (summary.transfersCollectError) output.error(`cpcm: Primero transfers not read: ${summary.transfersCollectError}`)
            return primeroExitCode(summary)
          } })
        await runFlows(output, flows)
      } finally {
        await runtime.close()
      }
    })

  program
    .command('status')
    .description('cursors, outbox depth and dead letters')
    .option('--json', 'print JSON')
    .option('--config <file>', 'JSON configuration file (or CPCM_CONFIG)')
    .action(async (options: { json?: boolean; config?: string }) => {
      const runtime = await openRuntime(options.config ? { configFile: options.config } : {})
      try {
        const status = await runtime.store.status()
        if (options.json) return output.line(JSON.stringify(status, null, 2))
        output.line(`Store: ${runtime.store.description} (schema ${status.schema}, migration ${status.migration})`)
        output.line()
        output.line('Cursors')
        if (status.cursors.length === 0) output.line('  none yet: nothing has been synchronised')
        else table(status.cursors.map((c) => [c.name, c.value])).forEach((l) => output.line(l))
        output.line()
        output.line('Outbox')
        table([
          ['pending', status.outbox.pending], ['in flight', status.outbox.in_flight], ['done', status.outbox.done], ['dead', status.outbox.dead],
          ['oldest pending (seconds)', status.oldestPendingAgeSeconds ?? '-'], ['dead letters to look at', status.deadLetters],
        ]).forEach((l) => output.line(l))
      } finally {
        await runtime.close()
      }
    })

  const deadLetters = program.command('dead-letters').description('work that failed for good, with the reason')
  deadLetters
    .command('list')
    .option('--target <id>', 'only this target')
    .option('--limit <n>', 'at most this many', '50')
    .option('--config <file>', 'JSON configuration file (or CPCM_CONFIG)')
    .action(async (options: { target?: string; limit: string; config?: string }) => {
      const runtime = await openRuntime(options.config ? { configFile: options.config } : {})
      try {
        const rows = await runtime.store.deadLetters.list({ ...(options.target ? { target: options.target } : {}), limit: Number(options.limit) })
        if (rows.length === 0) return output.line('No dead letters.')
        for (const d of rows) {
          output.line(`#${d.id}  ${d.target}  ${d.key} (v${d.version})  ${d.attempts} attempt(s), died ${when(d.diedAt)}${d.superseded ? '  [superseded by a newer version]' : ''}`)
          output.line(`      ${d.lastError ?? d.reason}`)
        }
      } finally {
        await runtime.close()
      }
    })
  deadLetters
    .command('retry')
    .argument('[ids...]', 'dead letter ids (see list)')
    .option('--all', 'every dead letter that is not superseded')
    .option('--config <file>', 'JSON configuration file (or CPCM_CONFIG)')
    .action(async (ids: string[], options: { all?: boolean; config?: string }) => {
      if (!options.all && ids.length === 0) throw new CliError('name the dead letters to retry, or use --all')
      const numbers = ids.map((id) => Number(id.replace(/^#/, '')))
      if (numbers.some((n) => !Number.isInteger(n) || n <= 0)) throw new CliError(`not a dead letter id: ${ids.join(' ')}`)
      const runtime = await openRuntime(options.config ? { configFile: options.config } : {})
      try {
        const revived = await runtime.store.deadLetters.retry(options.all ? 'all' : numbers)
        output.line(`${revived.length} item(s) back in the outbox; they are delivered by the next \`cpcm sync --once\` or by \`cpcm serve\`.`)
        const missed = numbers.filter((n) => !revived.includes(n))
        if (!options.all && missed.length > 0) throw new CliError(`not retried (unknown, not dead, or superseded): ${missed.join(', ')}`)
      } finally {
        await runtime.close()
      }
    })

  program
    .command('serve')
    .description('run the adapter: sync continuously, with /health, /ready and /metrics')
    .option('--interval <seconds>', 'seconds between sync passes', '60')
    .option('--config <file>', 'JSON configuration file (or CPCM_CONFIG)')
    .action(async (options: { interval: string; config?: string }) => {
      const seconds = Number(options.interval)
      if (!Number.isFinite(seconds) || seconds < 1) throw new CliError(`--interval must be at least 1 second: ${options.interval}`)
      await runServe(output, { intervalSeconds: seconds, ...(options.config ? { configFile: options.config } : {}) })
    })
}
