/**
 * `cpcm serve`: sync passes on an interval, the HTTP service beside them. On SIGTERM or
 * SIGINT it stops claiming work, aborts what is in flight and returns it to the outbox,
 * closes the HTTP server and the store, then exits.
 */
import { caseTargets, facilities, requireDhis2, requireFhirTargets, requirePrimero } from '../config'
import { OUTBOX_STATUSES } from '../store'
import { sleep } from '../connectors/retry'
import { startService } from '../server/http-server'
import { openRuntime, type RuntimeOptions } from '../runtime/open-runtime'
import type { Output } from './output'
import { runCaseSync } from './sync-command'
import { caseHandlersFor, fhirEndpointFor, referralHandlersFor, runReferrals } from './referral-commands'
import { primeroConfigured, runPrimeroSync } from './primero-commands'

export interface ServeOptions extends RuntimeOptions {
  intervalSeconds: number
  /** Stops the service (tests); signals do it otherwise. */
  stop?: AbortSignal
  onListening?: (url: string) => void
}

export async function runServe(output: Output, options: ServeOptions): Promise<void> {
  const runtime = await openRuntime({
    ...options,
    // DHIS2 always; FHIR targets unless Primero is the only partner configured.
    check: (config) => void (requireDhis2(config, 'serve'), primeroConfigured(config) ? requirePrimero(config, 'serve') : requireFhirTargets(config, 'serve')),
  })
  const controller = new AbortController()
  const stop = () => controller.abort(new Error('shutting down'))
  options.stop?.addEventListener('abort', stop, { once: true })
  process.once('SIGTERM', stop)
  process.once('SIGINT', stop)
  // Each pass's last failure, if any: /ready names the pass and the reason, so an operator sees a
  // revoked token or a server that is down, not just a process that is alive.
  const passErrors = new Map<string, string>()
  let releasedOnStop = 0
  // Pushed feedback wakes the loop, so it reaches DHIS2 now rather than at the next interval.
  let wake = new AbortController()
  let woken = false
  const fhirRoute = fhirEndpointFor(runtime, () => {
    woken = true
    wake.abort()
  })
  const withCases = caseTargets(runtime.config).length > 0
  const withFacilities = facilities(runtime.config).length > 0
  const withPrimero = primeroConfigured(runtime.config)
  /** Runs one pass on its own: its failure is recorded under its name and does not stop the others. */
  const pass = async (name: string, run: () => Promise<string | undefined>): Promise<void> => {
    try {
      const failure = await run()
      if (failure) {
        passErrors.set(name, failure)
        runtime.logger.error({ pass: name, reason: failure }, 'sync pass failed')
      } else passErrors.delete(name)
    } catch (error) {
      if (controller.signal.aborted) return
      // Connector and store messages are already free of data and secrets.
      const reason = error instanceof Error ? error.message : String(error)
      passErrors.set(name, reason)
      runtime.logger.error({ pass: name, reason }, 'sync pass failed')
    }
  }
  try {
    const service = await startService(
      {
        ...(fhirRoute ? { routes: { '/fhir': fhirRoute } } : {}),
        metrics: runtime.metrics,
        readiness: [
          { name: 'store', check: async () => void (await runtime.store.status()) },
          {
            name: 'last sync pass',
            check: async () => {
              if (passErrors.size > 0) throw new Error([...passErrors].map(([name, reason]) => `${name} pass failed: ${reason}`).join('; '))
            },
          },
        ],
        beforeMetrics: async () => {
          const status = await runtime.store.status()
          for (const s of OUTBOX_STATUSES) runtime.metrics.outboxDepth.set({ status: s }, status.outbox[s])
        },
      },
      runtime.config.server.port,
      runtime.config.server.host,
    )
    output.line(`cpcm serve: listening on ${service.url} (health, ready, metrics${fhirRoute ? ', fhir' : ''}); syncing every ${options.intervalSeconds} s`)
    options.onListening?.(service.url)
    try {
      while (!controller.signal.aborted) {
        const pushed = woken
        woken = false
        if (withCases && !pushed)
          await pass('cases', async () => {
            const extra = withFacilities ? referralHandlersFor(runtime, controller.signal) : undefined
            const summary = await runCaseSync(runtime, controller.signal, false, extra)
            // A pass cut short by the stop signal has already handed its work back.
            if (controller.signal.aborted) releasedOnStop += summary.delivered.released
            runtime.logger.info({ collected: summary.collected, delivered: summary.delivered }, 'sync pass finished')
            return undefined
          })
        if (withFacilities && !controller.signal.aborted)
          await pass('referrals', async () => {
            // Woken by a push: deliver what was pushed (no DHIS2 read, no poll); otherwise the full pass.
            const r = await runReferrals(runtime, { signal: controller.signal, extraHandlers: caseHandlersFor(runtime, controller.signal), ...(pushed ? { poll: false, collect: false } : {}) })
            if (controller.signal.aborted) releasedOnStop += r.delivered.released
            runtime.logger.info({ outbound: r.outbound, polled: r.polled, delivered: r.delivered }, 'referral pass finished')
            return undefined
          })
        if (withPrimero && !pushed && !controller.signal.aborted)
          await pass('primero', async () => {
            const p = await runPrimeroSync(runtime, controller.signal, false)
            if (controller.signal.aborted) releasedOnStop += p.referrals.released
            runtime.logger.info({ listed: p.listed, cases: p.cases, referrals: p.referrals }, 'primero pass finished')
            // Listing stopped by an outage: what was queued is delivered, but the pass did not finish.
            return p.listingError ?? p.referralsCollectError ?? p.transfersCollectError
          })
        if (controller.signal.aborted) break
        if (!woken) {
          wake = new AbortController()
          await sleep(options.intervalSeconds * 1000, AbortSignal.any([controller.signal, wake.signal])).catch(() => undefined)
        }
      }
    } finally {
      const released = releasedOnStop + (await runtime.store.release(runtime.owner))
      await service.close()
      output.line(`cpcm serve: stopped${released > 0 ? `; ${released} item(s) returned to the outbox` : ''}`)
    }
  } finally {
    process.off('SIGTERM', stop)
    process.off('SIGINT', stop)
    await runtime.close()
  }
}
