/**
 * Outbox -> facility: the referral bundle as one transaction (conditional on our identifiers; the
 * Task created once), a Consent withdrawal, or a Task cancellation. The disclosure and the referral's
 * new state are returned to the worker, which writes them in the statement that marks the item done
 * (no store write of its own per referral); withdrawals and cancellations disclose nothing new.
 *
 * A facility that is down, slow or rate-limiting delays only its own items: after one retryable
 * failure (network, timeout, 5xx, 429) the rest of its items in this pass fail at once with the same
 * reason, without a request, and the outbox retries them with backoff; other facilities flow on.
 */
import type { Task } from 'fhir/r4'
import { ConnectorError } from '../../connectors/errors'
import type { FhirConnector } from '../../connectors/fhir'
import { SID } from '../../../mappings/identifiers'
import type { ReferralMark, Store } from '../../store'
import type { DeliveryHandler } from '../outbox/worker'
import type { ReferralPayload } from './collect'

export type FacilityConnector = Pick<FhirConnector, 'transaction' | 'search' | 'conditionalUpdate'>

/** Per pass: the first retryable failure of a target, to fail its other items fast. */
export class TargetBreaker {
  readonly #open = new Map<string, ConnectorError>()

  async run<T>(target: string, fn: () => Promise<T>): Promise<T> {
    const open = this.#open.get(target)
    if (open) throw new ConnectorError({ ...open.details, serverMessage: `${open.details.serverMessage ?? open.message} (not tried again in this pass)` })
    try {
      return await fn()
    } catch (error) {
      if (error instanceof ConnectorError && error.retryable) this.#open.set(target, error)
      throw error
    }
  }
}

const taskIdOf = (location: string | undefined) => /(?:^|\/)Task\/([^/]+)/.exec(location ?? '')?.[1]

export function referralHandler(deps: { store: Store; connectors: ReadonlyMap<string, FacilityConnector>; breaker?: TargetBreaker }): DeliveryHandler {
  const breaker = deps.breaker ?? new TargetBreaker()
  return async (item) => {
    const connector = deps.connectors.get(item.target)
    if (!connector) throw new Error(`facility ${item.target} is no longer configured`)
    const payload = item.payload as ReferralPayload
    const { record } = payload
    const mark = (state: 'sent' | 'withdrawn' | 'cancelled', taskId?: string): ReferralMark[] =>
      [{ facility: item.target, ...record, state, ...(taskId ? { taskId } : {}) }]
    if (payload.action === 'send') {
      const result = await breaker.run(item.target, () => connector.transaction(payload.bundle as never))
      const bundle = payload.bundle as { entry: Array<{ resource: { resourceType: string } }> }
      const index = bundle.entry.findIndex((e) => e.resource.resourceType === 'Task')
      return {
        httpStatus: 200,
        referrals: mark('sent', taskIdOf(result.entries[index]?.location)),
        disclosures: [{
          recipient: item.target, resourceTypes: payload.disclosure.resourceTypes, childCode: record.childCode, caseUid: record.enrollment,
          consentRef: payload.disclosure.consentRef, purpose: 'referral',
        }],
      }
    }
    // Nothing reached the facility: there is nothing to withdraw or cancel there. (Read only here: a send needs no lookup.)
    const current = await deps.store.referrals.get(item.target, record.referralEvent)
    if (current?.state !== 'sent') return { referrals: mark(payload.action === 'withdraw' ? 'withdrawn' : 'cancelled') }
    if (payload.action === 'withdraw') {
      await breaker.run(item.target, () => connector.transaction(payload.bundle as never))
      return { httpStatus: 200, referrals: mark('withdrawn') }
    }
    const identifier = { system: SID.referral, value: record.referralEvent }
    await breaker.run(item.target, async () => {
      for await (const page of connector.search('Task', { identifier: `${identifier.system}|${identifier.value}` })) {
        for (const task of page.resources as Task[]) {
          if (['cancelled', 'completed', 'failed', 'rejected', 'entered-in-error'].includes(task.status)) continue
          const cancelled: Task = { ...task, status: 'cancelled', ...(payload.reason ? { statusReason: { text: payload.reason } } : {}) }
          await connector.conditionalUpdate(cancelled, identifier, task.meta?.versionId ? { ifMatch: task.meta.versionId } : {})
        }
        break
      }
    })
    return { httpStatus: 200, referrals: mark('cancelled') }
  }
}
