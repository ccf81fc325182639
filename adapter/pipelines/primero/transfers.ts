/**
 * DHIS2 -> Primero transfers: a CPCM_TRANSFER event with CPCM_TRF_STATUS REQUESTED whose receiving
 * agency (CPCM_TRF_RECEIVING_AGENCY) is a CSO working on Primero (PRIMERO_PROVIDERS) goes to that
 * CSO's user as a Primero transfer, under the same consent rule as referrals
 * (mappings/primero/transfer-state.ts), read from the case's intake, plus the transfer's own
 * CPCM_TRF_CONSENT.
 * - refused: the transfer event becomes BLOCKED_NO_CONSENT with the reason in CPCM_TRF_STATUS_REASON;
 *   nothing is sent to Primero and no disclosure is logged;
 * - allowed: the case is created in Primero if it is not there (as for referrals), then the transfer
 *   (once: the store remembers it, and after an unknown outcome the one Primero made is adopted by our
 *   note); the disclosure is logged with the delivery; the event gets Primero's transfer id. Its later
 *   states (accepted, rejected with reason, revoked) come back with the case (deliver-cases.ts), since
 *   every transfer move changes the case's `last_updated_at`.
 * Collected from DHIS2 events changed since the cursor, as referrals are.
 */
import { ConnectorError } from '../../connectors/errors'
import type { PrimeroConnector, PrimeroTransition } from '../../connectors/primero'
import { attributeValues, eventValues } from '../../../mappings/dhis2/values'
import { primeroTransferConsentMissing } from '../../../mappings/primero'
import type { Delivered, DeliveryHandler } from '../outbox/worker'
import { DEFAULT_MODULE, ensurePrimeroCase, readCase, Refused, type ReferralDeps, writeEvent } from './referrals'
import { collectStageEvents, type StageCollectCounts } from './collect-stage-events'

export const PRIMERO_TRANSFER_KIND = 'primero-transfer'
export const transfersCursorName = (stage: string) => `dhis2:primero-transfers:${stage}`
export const transferItemKey = (event: string) => `primero:transfer:${event}`

export interface PrimeroTransferPayload {
  event: string
  enrollment: string
  trackedEntity: string
  provider: string
}

export interface TransferDeps extends Omit<ReferralDeps, 'primero'> {
  primero: Pick<PrimeroConnector, 'createCase' | 'createTransfer' | 'listTransfers'>
}

export type TransferCollectCounts = StageCollectCounts

export interface TransferOutcomes {
  sent: number
  blocked: number
}

export async function collectPrimeroTransfers(deps: TransferDeps, options: { toleranceSeconds: number }): Promise<TransferCollectCounts> {
  if (Object.keys(deps.providers).length === 0) return { eventsRead: 0, queued: 0, unchanged: 0 }
  const stage = deps.mapping.stage.CPCM_TRANSFER
  return collectStageEvents(deps, { stage, cursor: transfersCursorName(stage), toleranceSeconds: options.toleranceSeconds }, async (ev, v) => {
    const provider = v.CPCM_TRF_RECEIVING_AGENCY
    if (!provider || !(provider in deps.providers) || v.CPCM_TRF_STATUS !== 'REQUESTED') return undefined
    if ((await deps.store.primero.transfers.get(ev.event))?.state === 'sent') return undefined
    return {
      key: transferItemKey(ev.event), kind: PRIMERO_TRANSFER_KIND, target: 'primero',
      payload: { event: ev.event, enrollment: ev.enrollment, trackedEntity: ev.trackedEntity ?? '', provider } satisfies PrimeroTransferPayload,
    }
  })
}

/** Our mark on the transfer's notes, to find it again after an unknown outcome (codes only). */
const transferNote = (event: string) => `CPCM transfer ${event}`

export function primeroTransferHandler(deps: TransferDeps, outcomes: TransferOutcomes): DeliveryHandler {
  const ctx = deps.mapping
  return async (item): Promise<Delivered> => {
    const p = item.payload as PrimeroTransferPayload
    const already = await deps.store.primero.transfers.get(p.event)
    if (already?.state === 'sent') return {}
    const te = await readCase(deps, p)
    const en = te.enrollments?.find((e) => e.enrollment === p.enrollment)
    const event = en?.events?.find((e) => e.event === p.event)
    if (!en || !event) throw new Refused(`transfer event ${p.event} or its case ${p.enrollment} is no longer in DHIS2`)
    const user = deps.providers[p.provider]
    if (!user) throw new Refused(`provider ${p.provider} is no longer in PRIMERO_PROVIDERS`)
    const ev = eventValues(event, ctx)
    if (ev.CPCM_TRF_STATUS !== 'REQUESTED') return {} // withdrawn or decided in DHIS2 since it was queued: nothing to send
    const link = await deps.store.primero.cases.byEnrollment(p.enrollment)
    const moduleId = link?.moduleId ?? DEFAULT_MODULE
    const intake = en.events?.find((e) => e.programStage === ctx.stage.CPCM_INTAKE && e.deleted !== true)
    const iv = intake ? eventValues(intake, ctx) : {}
    const consent = { consent_for_services: iv.CPCM_INT_CONSENT_SERVICES === 'true', disclosure_other_orgs: iv.CPCM_INT_CONSENT_SHARING === 'true' }
    const missing = primeroTransferConsentMissing(moduleId, consent, ev.CPCM_TRF_CONSENT === 'true')
    const trackedEntity = te.trackedEntity
    const block = async (reason: string) => {
      await writeEvent(deps, event, en.orgUnit, { CPCM_TRF_STATUS: 'BLOCKED_NO_CONSENT', CPCM_TRF_STATUS_REASON: reason })
      await deps.store.primero.transfers.put({ transferEvent: p.event, enrollment: p.enrollment, trackedEntity, provider: p.provider, state: 'blocked', reason })
      outcomes.blocked++
      deps.logger.info({ event: p.event, provider: p.provider }, 'transfer to Primero blocked: no consent')
      return {}
    }
    if (missing.length > 0 || !intake) {
      return block(`consent rule for a transfer (${moduleId}): ${missing.length > 0 ? missing.join(' and ') : 'consent_for_services'} not given`)
    }

    // Transfers share the case's identifying details: the receiving CSO owns the case afterwards.
    const caseId = link?.primeroId ?? await ensurePrimeroCase(deps, te, en, intake, deps.identified, moduleId)

    let transfer: PrimeroTransition | undefined
    if (item.attempts > 1) {
      const existing = await deps.primero.listTransfers(caseId)
      transfer = existing.find((t) => t.transitioned_to === user && t.status !== 'revoked' && t.notes === transferNote(p.event))
    }
    if (!transfer) {
      try {
        transfer = await deps.primero.createTransfer(caseId, { transitioned_to: user, notes: transferNote(p.event) })
      } catch (error) {
        // Primero checks consent on its own copy of the case: its refusal is a block too, with its message.
        if (error instanceof ConnectorError && error.details.status === 422 && /consent/i.test(error.details.serverMessage ?? '')) {
          return block(`Primero refused for consent: ${error.details.serverMessage}`)
        }
        throw error
      }
    }
    await deps.store.primero.transfers.put({
      transferEvent: p.event, enrollment: p.enrollment, trackedEntity, provider: p.provider, state: 'sent', primeroCaseId: caseId,
      primeroTransferId: transfer.id, primeroStatus: transfer.status,
    })
    await writeEvent(deps, event, en.orgUnit, { CPCM_TRF_EXTERNAL_ID: transfer.id })
    outcomes.sent++
    const childCode = attributeValues(te, ctx).CPCM_CHILD_CODE ?? trackedEntity
    return {
      httpStatus: 200,
      disclosures: [{
        recipient: `primero:${p.provider}`, resourceTypes: ['case', 'transfer'], childCode: /\d/.test(childCode) ? childCode : `${childCode}-0`,
        caseUid: p.enrollment, consentRef: event.event, purpose: 'transfer',
      }],
    }
  }
}
