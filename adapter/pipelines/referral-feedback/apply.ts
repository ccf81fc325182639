/**
 * Inbound item -> DHIS2: reads the referral event (and, for an encounter, the case's events), decides
 * the referral's values and status (mappings: decideReferralUpdate: COMPLETED only when accessed,
 * outcome achieved and feedback received), writes the health encounter event (its UID derived from
 * the facility's Encounter id, so a second delivery updates rather than duplicates), and writes
 * nothing when DHIS2 already says all of it: a replay leaves DHIS2 untouched.
 */
import type { Dhis2Connector } from '../../connectors/dhis2'
import type { MappingContext } from '../../../mappings/context'
import type { Dhis2Event } from '../../../mappings/dhis2'
import { eventValues } from '../../../mappings/dhis2/values'
import { decideReferralUpdate } from '../../../mappings/fhir/referral-feedback'
import type { DeliveryHandler } from '../outbox/worker'
import { eventUpdate } from '../referrals/collect'
import { ConnectorError } from '../../connectors/errors'
import type { FeedbackPayload, InvalidFeedbackPayload } from './ingest'

export function feedbackHandler(deps: { dhis2: Pick<Dhis2Connector, 'exportEvents' | 'importTracker'>; mapping: MappingContext }): DeliveryHandler {
  const ctx = deps.mapping
  const eventsOf = async (params: Record<string, string>): Promise<Dhis2Event[]> => {
    const out: Dhis2Event[] = []
    for await (const page of deps.dhis2.exportEvents({ program: ctx.program.case, ouMode: 'ALL', fields: '*', params })) out.push(...(page.items as unknown as Dhis2Event[]))
    return out
  }
  return async (item) => {
    if ('invalid' in (item.payload as object)) {
      // Not valid FHIR R4 (poll.ts): a dead letter with the validator's reason, never applied.
      const bad = item.payload as InvalidFeedbackPayload
      throw new ConnectorError({ system: 'fhir', kind: 'invalid-response', method: 'GET', url: `${bad.facility}: ${bad.source}`, serverMessage: bad.invalid, retryable: false })
    }
    const p = item.payload as FeedbackPayload
    const events = await eventsOf(p.encounter ? { enrollments: p.enrollment } : { events: p.referralEvent })
    const referral = events.find((e) => e.event === p.referralEvent)
    if (!referral || referral.deleted === true) throw new Error(`referral event ${p.referralEvent} is not in DHIS2 (deleted?)`)
    const writes: unknown[] = []
    if (p.patch) {
      const current = eventValues(referral, ctx)
      const flag = (referral as { followUp?: boolean }).followUp === true
      const update = decideReferralUpdate(current, p.patch, flag)
      if (!update.unchanged) {
        const values = Object.fromEntries(Object.entries(update.values).map(([k, v]) => [k, v === '' || v === undefined ? null : v]))
        writes.push(eventUpdate(referral, values, ctx, { followUp: update.flag }))
      }
    }
    if (p.encounter) {
      const { event: uid, view } = p.encounter
      const existing = events.find((e) => e.event === uid)
      const current = existing ? eventValues(existing, ctx) : {}
      const changed: Record<string, string | null> = {}
      for (const [code, value] of Object.entries(view.values)) if (value !== undefined && current[code] !== value) changed[code] = value
      const occurredAt = view.occurredAt ?? referral.occurredAt
      if (!existing || Object.keys(changed).length > 0 || existing.status !== view.status || (view.occurredAt && existing.occurredAt?.slice(0, 19) !== view.occurredAt.slice(0, 19))) {
        writes.push({
          event: uid, program: ctx.program.case, programStage: ctx.stage.CPCM_HEALTH_ENCOUNTER, enrollment: p.enrollment, orgUnit: referral.orgUnit,
          occurredAt, status: view.status,
          dataValues: Object.entries(existing ? changed : view.values).map(([code, value]) => ({ dataElement: ctx.uidOf('dataElement', code)!, value })),
        })
      }
    }
    if (writes.length > 0) await deps.dhis2.importTracker({ events: writes }, { importStrategy: 'CREATE_AND_UPDATE', atomicMode: 'ALL' })
    return { httpStatus: 200 }
  }
}
