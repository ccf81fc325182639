/**
 * `cpcm referrals sync --once`: referrals from DHIS2 to the facilities (under consent), their
 * feedback polled back, everything delivered; a summary table. Also what `cpcm sync --once` and
 * `cpcm serve` run when facilities are configured.
 */
import type { Command } from 'commander'
import { createMappingContext } from '../../mappings/context'
import { caseTargets, facilities, requireDhis2, requireFacilities, type Config, type Facility } from '../config'
import { createFhirConnector } from '../connectors/fhir'
import { CASE_BUNDLE_KIND } from '../pipelines/cases-to-fhir/collect'
import { caseBundleHandler } from '../pipelines/cases-to-fhir/deliver'
import { referralHandlers, runReferralPass, type FacilityRuntime, type ReferralPassSummary } from '../pipelines/referrals'
import { createFhirEndpoint } from '../server/fhir-endpoint'
import type { DeliveryHandler } from '../pipelines/outbox/worker'
import { dhis2From, fhirFrom } from '../runtime/connectors'
import { loadMetadataPackage } from '../runtime/metadata-package'
import { openRuntime, type Runtime } from '../runtime/open-runtime'
import { CliError, type Output, table } from './output'

/** Facilities retry little inside a call: the outbox retries with backoff, and a slow facility must not hold a lane. */
const FACILITY_RETRY = { attempts: 2, baseDelayMs: 200, maxDelayMs: 1000, maxRetryAfterMs: 5000 }

export function facilityRuntimes(config: Config, signal?: AbortSignal, list: Facility[] = facilities(config)): FacilityRuntime[] {
  const pkg = loadMetadataPackage()
  return list.map((f) => ({
    id: f.id, providers: f.providers, services: f.services, ...(f.ownerReference ? { ownerReference: f.ownerReference } : {}),
    pseudonymous: createMappingContext(pkg, { recipient: { id: f.id, allowIdentifiers: false } }),
    ...(f.allowIdentifiers ? { identified: createMappingContext(pkg, { recipient: { id: f.id, allowIdentifiers: true } }) } : {}),
    connector: createFhirConnector({
      baseUrl: f.baseUrl, timeoutMs: f.timeoutMs, retry: FACILITY_RETRY, ...(f.token ? { bearerToken: f.token.reveal() } : {}), ...(signal ? { signal } : {}),
    }),
  }))
}

export async function runReferrals(
  runtime: Runtime, options: { signal?: AbortSignal; poll?: boolean; collect?: boolean; extraHandlers?: Record<string, DeliveryHandler> } = {},
): Promise<ReferralPassSummary> {
  const { config } = runtime
  const dhis2Settings = requireDhis2(config, 'referrals')
  const list = requireFacilities(config, 'referrals')
  const onRetry = (error: Error, attempt: number, delayMs: number) => runtime.logger.warn({ attempt, delayMs }, `retrying: ${error.message}`)
  return runReferralPass(
    {
      store: runtime.store, owner: runtime.owner, dhis2: dhis2From(dhis2Settings, { onRetry }),
      mapping: createMappingContext(loadMetadataPackage()), facilities: facilityRuntimes(config, options.signal, list),
      logger: runtime.logger, metrics: runtime.metrics, ...(options.extraHandlers ? { extraHandlers: options.extraHandlers } : {}),
    },
    {
      toleranceSeconds: dhis2Settings.updatedAfterToleranceSeconds, batchSize: config.delivery.batchSize, leaseSeconds: config.delivery.leaseSeconds,
      concurrency: 4, ...(options.poll === false ? { poll: false } : {}), ...(options.collect === false ? { collect: false } : {}), ...(options.signal ? { signal: options.signal } : {}),
    },
  )
}

export function printReferralSummary(output: Output, s: ReferralPassSummary, seconds?: number): void {
  output.line('Referrals: DHIS2 -> facilities, feedback -> DHIS2')
  const o = s.outbound
  const rows: Array<[string, number | string]> = []
  if (o) {
    rows.push(
      ['cases read from DHIS2', o.fetched], ['referrals to facilities', o.referrals], ['queued: new or changed', o.queued],
      ['unchanged since queued', o.unchanged], ['blocked: no consent (nothing sent)', o.blockedNoConsent], ['consent withdrawals', o.withdrawals],
      ['cancellations', o.cancellations], ['not sent: service not offered', o.notOffered], ['rejected: not valid DHIS2 data', o.invalid],
    )
  }
  for (const [facility, p] of Object.entries(s.polled).sort(([a], [b]) => a.localeCompare(b))) {
    if ('error' in p) rows.push([`feedback from ${facility}`, 'unreachable (see log)'])
    else rows.push([`feedback from ${facility}: read / new / unchanged`, `${p.fetched} / ${p.queued} / ${p.unchanged}`])
  }
  rows.push(
    ['delivered (both ways)', s.delivered.done], ['to retry later', s.delivered.retry], ['dead letters (see cpcm dead-letters list)', s.delivered.dead],
  )
  if (seconds !== undefined) rows.push(['seconds', seconds.toFixed(1)])
  table(rows.map(([k, v]) => [k, typeof v === 'number' ? v.toLocaleString('en-US') : v])).forEach((l) => output.line(l))
}

export const referralExitCode = (s: ReferralPassSummary) =>
  (s.outbound?.invalid ?? 0) > 0 || s.delivered.dead > 0 || Object.values(s.polled).some((p) => 'error' in p) ? 2 : 0

export function registerReferralCommands(program: Command, output: Output): void {
  const referrals = program.command('referrals').description('closed-loop referrals with FHIR facilities (Isange One Stop Centres, health facilities)')
  referrals
    .command('sync')
    .description('send referrals to facilities under consent, poll their feedback, write it into DHIS2')
    .requiredOption('--once', 'run one pass and exit (use `cpcm serve` to keep running)')
    .option('--config <file>', 'JSON configuration file (or CPCM_CONFIG)')
    .action(async (options: { config?: string }) => {
      const check = (config: Config) => void (requireDhis2(config, 'referrals sync'), requireFacilities(config, 'referrals sync'))
      const runtime = await openRuntime({ check, ...(options.config ? { configFile: options.config } : {}) })
      const started = Date.now()
      try {
        const summary = await runReferrals(runtime)
        printReferralSummary(output, summary, (Date.now() - started) / 1000)
        const code = referralExitCode(summary)
        if (code !== 0) throw new CliError('some referrals need attention: see the summary above', code)
      } finally {
        await runtime.close()
      }
    })
}

/** Referral and feedback handlers, for drains run by other flows (cases) that share the outbox. */
export function referralHandlersFor(runtime: Runtime, signal?: AbortSignal): Record<string, DeliveryHandler> {
  if (facilities(runtime.config).length === 0) return {}
  return referralHandlers({
    store: runtime.store, dhis2: dhis2From(requireDhis2(runtime.config, 'referrals')), mapping: createMappingContext(loadMetadataPackage()),
    facilities: facilityRuntimes(runtime.config, signal),
  })
}

/** The case bundle handler, for the referral pass's drain. */
export function caseHandlersFor(runtime: Runtime, signal?: AbortSignal): Record<string, DeliveryHandler> {
  const targets = caseTargets(runtime.config)
  if (targets.length === 0) return {}
  return { [CASE_BUNDLE_KIND]: caseBundleHandler(new Map(targets.map((t) => [t.id, fhirFrom(t, signal)]))) }
}

/** The `/fhir` route for `cpcm serve`, when some facility has an inbound token. */
export function fhirEndpointFor(runtime: Runtime, onQueued: () => void) {
  const partners = facilities(runtime.config).filter((f) => f.inboundToken !== undefined)
  if (partners.length === 0) return undefined
  const runtimes = new Map(facilityRuntimes(runtime.config, undefined, partners).map((f) => [f.id, f]))
  return createFhirEndpoint({
    store: runtime.store, mapping: createMappingContext(loadMetadataPackage()), logger: runtime.logger, onQueued,
    partners: partners.map((f) => ({ id: f.id, provider: f.providers[0]!, token: f.inboundToken!.reveal(), baseUrl: f.baseUrl, connector: runtimes.get(f.id)!.connector })),
  })
}
