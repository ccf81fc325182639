/**
 * DHIS2 -> Primero: a referral event whose receiving provider (CPCM_REF_PROVIDER) is a CSO working
 * on Primero (PRIMERO_PROVIDERS) goes to that CSO as a Primero referral, under Primero's own consent
 * rule (child protection: `disclosure_other_orgs` and `consent_for_services`; GBV:
 * `consent_for_services`), read from the case's intake in DHIS2.
 * - refused: the DHIS2 referral becomes BLOCKED_NO_CONSENT with the reason in CPCM_REF_STATUS_REASON;
 *   nothing is sent to Primero;
 * - allowed: the case is created in Primero if it is not there (client id derived from the
 *   enrollment, so a replay answers 409 and is taken as done), then the referral; the disclosure is
 *   logged with the delivery; the event gets Primero's referral id. Its later states come back with
 *   the case (deliver-cases.ts), since every referral move changes the case's `last_updated_at`.
 * Collected from DHIS2 events changed since the cursor (moved, after every page is queued, to the
 * server time read before the first page).
 */
import { ConnectorError } from '../../connectors/errors'
import type { Dhis2Connector } from '../../connectors/dhis2'
import type { PrimeroConnector, PrimeroTransition } from '../../connectors/primero'
import type { MappingContext } from '../../../mappings/context'
import { parseTrackedEntity, type Dhis2Event, type Dhis2TrackedEntity } from '../../../mappings/dhis2'
import { attributeValues, eventValues } from '../../../mappings/dhis2/values'
import {
  exchangedValues, PRIMERO_CHILD_CODE_FIELD, primeroReferralConsentMissing, toPrimero, trackedEntityToPrimero,
} from '../../../mappings/primero'
import { M, primeroRecordIdFor } from '../../../mappings/primero/lookups'
import type { Logger } from '../../observability/logger'
import type { Store } from '../../store'
import type { Delivered, DeliveryHandler } from '../outbox/worker'
import { collectStageEvents, type StageCollectCounts } from './collect-stage-events'

export const PRIMERO_REFERRAL_KIND = 'primero-referral'
export const PRIMERO_TARGET = 'primero'
export const referralsCursorName = (stage: string) => `dhis2:primero-referrals:${stage}`
export const referralItemKey = (event: string) => `primero:referral:${event}`
export const DEFAULT_MODULE = 'primeromodule-cp'

export interface PrimeroReferralPayload {
  event: string
  enrollment: string
  trackedEntity: string
  provider: string
}

export type ReferralCollectCounts = StageCollectCounts

export interface ReferralDeps {
  store: Store
  dhis2: Pick<Dhis2Connector, 'exportEvents' | 'exportTrackedEntities' | 'importTracker' | 'systemInfo'>
  primero: Pick<PrimeroConnector, 'createCase' | 'createReferral' | 'listReferrals'>
  mapping: MappingContext
  /** Mapping with identifiers allowed, for a referral whose CPCM_REF_SHARE_IDENTITY is yes. */
  identified: MappingContext
  /** CPCM_REF_PROVIDER code -> Primero user name. */
  providers: Readonly<Record<string, string>>
  logger: Logger
  /** Today (YYYY-MM-DD) for the age Primero is sent. */
  today?: () => string
}

export async function collectPrimeroReferrals(deps: ReferralDeps, options: { toleranceSeconds: number }): Promise<ReferralCollectCounts> {
  if (Object.keys(deps.providers).length === 0) return { eventsRead: 0, queued: 0, unchanged: 0 }
  const stage = deps.mapping.stage.CPCM_REFERRAL
  return collectStageEvents(deps, { stage, cursor: referralsCursorName(stage), toleranceSeconds: options.toleranceSeconds }, async (ev, v) => {
    const provider = v.CPCM_REF_PROVIDER
    if (!provider || !(provider in deps.providers) || v.CPCM_REF_STATUS !== 'REQUESTED') return undefined
    if ((await deps.store.primero.referrals.get(ev.event))?.state === 'sent') return undefined
    return {
      key: referralItemKey(ev.event), kind: PRIMERO_REFERRAL_KIND, target: PRIMERO_TARGET,
      payload: { event: ev.event, enrollment: ev.enrollment, trackedEntity: ev.trackedEntity ?? '', provider } satisfies PrimeroReferralPayload,
    }
  })
}

export interface ReferralOutcomes {
  sent: number
  blocked: number
}

export class Refused extends Error {}

export function primeroReferralHandler(deps: ReferralDeps, outcomes: ReferralOutcomes): DeliveryHandler {
  const ctx = deps.mapping
  return async (item): Promise<Delivered> => {
    const p = item.payload as PrimeroReferralPayload
    const already = await deps.store.primero.referrals.get(p.event)
    if (already?.state === 'sent') return {}
    const te = await readCase(deps, p)
    const en = te.enrollments?.find((e) => e.enrollment === p.enrollment)
    const event = en?.events?.find((e) => e.event === p.event)
    if (!en || !event) throw new Refused(`referral event ${p.event} or its case ${p.enrollment} is no longer in DHIS2`)
    const user = deps.providers[p.provider]
    if (!user) throw new Refused(`provider ${p.provider} is no longer in PRIMERO_PROVIDERS`)
    const link = await deps.store.primero.cases.byEnrollment(p.enrollment)
    const moduleId = link?.moduleId ?? DEFAULT_MODULE
    const intake = en.events?.find((e) => e.programStage === ctx.stage.CPCM_INTAKE && e.deleted !== true)
    const iv = intake ? eventValues(intake, ctx) : {}
    const consent = { consent_for_services: iv.CPCM_INT_CONSENT_SERVICES === 'true', disclosure_other_orgs: iv.CPCM_INT_CONSENT_SHARING === 'true' }
    const missing = primeroReferralConsentMissing(moduleId, consent)
    const trackedEntity = te.trackedEntity
    const block = async (reason: string) => {
      await writeEvent(deps, event, en.orgUnit, { CPCM_REF_STATUS: 'BLOCKED_NO_CONSENT', CPCM_REF_STATUS_REASON: reason })
      await deps.store.primero.referrals.put({ referralEvent: p.event, enrollment: p.enrollment, trackedEntity, provider: p.provider, state: 'blocked', reason })
      outcomes.blocked++
      deps.logger.info({ event: p.event, provider: p.provider }, 'referral to Primero blocked: no consent under Primero\'s rule')
      return {}
    }
    if (missing.length > 0 || !intake) {
      return block(`Primero consent rule (${moduleId}): ${missing.length > 0 ? missing.join(' and ') : 'consent_for_services'} not given at intake`)
    }

    // The case in Primero: created once, with the client id derived from the enrollment.
    const ev = eventValues(event, ctx)
    const mapping = ev.CPCM_REF_SHARE_IDENTITY === 'true' ? deps.identified : ctx
    const caseId = link?.primeroId ?? await ensurePrimeroCase(deps, te, en, intake, mapping, moduleId)

    // The referral (Primero takes no client id: after an unknown outcome, adopt the one it made).
    let referral: PrimeroTransition | undefined
    if (item.attempts > 1) {
      const existing = await deps.primero.listReferrals(caseId)
      referral = existing.find((t) => t.transitioned_to === user && t.status !== 'revoked' && t.notes === referralNote(p.event))
    }
    if (!referral) {
      try {
        const service = toPrimero(M.service, ev.CPCM_REF_SERVICE)
        referral = await deps.primero.createReferral(caseId, { transitioned_to: user, notes: referralNote(p.event), ...(service ? { service } : {}) })
      } catch (error) {
        // Primero checks consent on its own copy of the case: its refusal is a block too, with its message.
        if (error instanceof ConnectorError && error.details.status === 422 && /consent/i.test(error.details.serverMessage ?? '')) {
          return block(`Primero refused for consent: ${error.details.serverMessage}`)
        }
        throw error
      }
    }
    await deps.store.primero.referrals.put({
      referralEvent: p.event, enrollment: p.enrollment, trackedEntity, provider: p.provider, state: 'sent', primeroCaseId: caseId,
      primeroReferralId: referral.id, primeroStatus: referral.status,
    })
    await writeEvent(deps, event, en.orgUnit, { CPCM_REF_EXTERNAL_ID: referral.id })
    outcomes.sent++
    const childCode = attributeValues(te, ctx).CPCM_CHILD_CODE ?? trackedEntity
    return {
      httpStatus: 200,
      disclosures: [{
        recipient: `primero:${p.provider}`, resourceTypes: ['case', 'referral'], childCode: /\d/.test(childCode) ? childCode : `${childCode}-0`,
        caseUid: p.enrollment, consentRef: intake.event, purpose: 'referral',
      }],
    }
  }
}

/**
 * Creates the case in Primero (client id derived from the enrollment: a replay answers 409 and is taken
 * as done) and links it in the store; returns its Primero id.
 */
export async function ensurePrimeroCase(
  deps: Pick<ReferralDeps, 'store' | 'mapping' | 'today'> & { primero: Pick<PrimeroConnector, 'createCase'> }, te: Dhis2TrackedEntity, en: NonNullable<Dhis2TrackedEntity['enrollments']>[number],
  intake: Dhis2Event | undefined, mapping: MappingContext, moduleId: string,
): Promise<string> {
  const caseId = primeroRecordIdFor(en.enrollment)
  const record = trackedEntityToPrimero(te, mapping, { asOf: (deps.today ?? todayUtc)(), enrollment: en.enrollment, recordId: caseId })
  const { id: _id, services_section: _services, ...data } = record.case
  const childCode = attributeValues(te, deps.mapping).CPCM_CHILD_CODE
  try {
    await deps.primero.createCase({ ...data, module_id: moduleId, ...(childCode ? { [PRIMERO_CHILD_CODE_FIELD]: childCode } : {}) }, { id: caseId })
  } catch (error) {
    if (!(error instanceof ConnectorError && error.details.codes?.includes('conflict'))) throw error // 409: created by an earlier attempt
  }
  const intakeOnly = new Set(intake ? [intake.event] : [])
  await deps.store.primero.cases.put({
    primeroId: caseId, moduleId, trackedEntity: te.trackedEntity, enrollment: en.enrollment, orgUnit: en.orgUnit,
    childCode: childCode ?? null, base: exchangedValues(te, en.enrollment, mapping, intakeOnly),
  })
  return caseId
}

/** Our mark on the referral's notes, to find it again after an unknown outcome (codes only). */
const referralNote = (event: string) => `CPCM referral ${event}`

export const todayUtc = () => new Date().toISOString().slice(0, 10)

export async function readCase(deps: Pick<ReferralDeps, 'dhis2' | 'mapping'>, p: { trackedEntity: string; enrollment: string }): Promise<Dhis2TrackedEntity> {
  const params: Record<string, string> = p.trackedEntity ? { trackedEntities: p.trackedEntity } : { enrollments: p.enrollment }
  for await (const page of deps.dhis2.exportTrackedEntities({ program: deps.mapping.program.case, ouMode: 'ALL', fields: '*,enrollments[*,events[*]]', params })) {
    for (const raw of page.items) {
      const te = parseTrackedEntity(raw)
      if (te.ok && te.value.enrollments?.some((e) => e.enrollment === p.enrollment)) return te.value
    }
  }
  throw new Refused(`case ${p.enrollment} is not in DHIS2`)
}

export async function writeEvent(deps: Pick<ReferralDeps, 'dhis2' | 'mapping'>, event: Dhis2Event, orgUnit: string, values: Record<string, string>): Promise<void> {
  const ctx = deps.mapping
  const dataValues = Object.entries(values).map(([code, value]) => ({ dataElement: ctx.de[code as keyof typeof ctx.de], value }))
  await deps.dhis2.importTracker({
    events: [{
      event: event.event, program: ctx.program.case, programStage: event.programStage, enrollment: event.enrollment, orgUnit: event.orgUnit ?? orgUnit,
      status: event.status, ...(event.occurredAt ? { occurredAt: event.occurredAt } : {}), ...(event.scheduledAt ? { scheduledAt: event.scheduledAt } : {}), dataValues,
    }],
  }, { importStrategy: 'UPDATE', atomicMode: 'ALL' })
}
