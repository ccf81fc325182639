/**
 * DHIS2 referral events -> outbox, one item per (facility, referral), under consent.
 *
 * Reads the cases changed since the cursor (like cases-to-fhir: whole tracked entities, so a
 * consent withdrawn at intake is seen too), and for every referral event whose provider is a
 * facility decides:
 *
 * - cancelled in DHIS2, and sent (or queued): queue a cancellation of the facility's Task;
 * - no consent (the case's consent to share at intake AND the referral's own CPCM_REF_CONSENT):
 *   if it was sent (or queued), queue a Consent withdrawal; otherwise nothing leaves: the event is
 *   set to BLOCKED_NO_CONSENT with the reason in CPCM_REF_STATUS_REASON, and no disclosure is logged;
 * - consent: queue the referral bundle (names and contacts only when CPCM_REF_SHARE_IDENTITY and the
 *   facility allows identifiers). A referral is first sent when REQUESTED (or BLOCKED_NO_CONSENT and
 *   now consented: it becomes REQUESTED again); after that, changes the caseworker makes are sent again.
 *
 * All actions for one (facility, referral) share one outbox key, so a later decision replaces an
 * earlier one still waiting, and versions are delivered in order. The bundle holds only what the
 * caseworker decides, so the feedback this adapter writes into DHIS2 queues nothing (unchanged).
 * The page's outbox items, referral marks and (then) the cursor are written as cases-to-fhir does.
 */
import type { Dhis2Connector } from '../../connectors/dhis2'
import type { MappingContext } from '../../../mappings/context'
import { parseTrackedEntity, type Dhis2Enrollment, type Dhis2Event, type Dhis2TrackedEntity } from '../../../mappings/dhis2'
import { eventValues } from '../../../mappings/dhis2/values'
import { consentWithdrawalBundle, referralToBundle } from '../../../mappings/fhir/referral-bundle'
import type { Logger } from '../../observability/logger'
import type { OutboxInput, ReferralMark, ReferralRecord, Store } from '../../store'

export const REFERRAL_KIND = 'fhir-referral'
export const referralCursor = (programUid: string) => `dhis2:referrals:${programUid}`
export const referralKey = (facility: string, event: string) => `fhir:${facility}:referral:${event}`

export interface FacilityRecipient {
  id: string
  providers: readonly string[]
  /** Empty: any service. */
  services: readonly string[]
  ownerReference?: string
  /** Contexts for this facility: pseudonymous, and with identifiers when the facility allows them. */
  pseudonymous: MappingContext
  identified?: MappingContext
}

export interface ReferralRecordInfo { enrollment: string; trackedEntity: string; childCode: string; referralEvent: string }

export type ReferralPayload =
  | { action: 'send'; bundle: unknown; record: ReferralRecordInfo; disclosure: { resourceTypes: string[]; consentRef: string } }
  | { action: 'withdraw'; bundle: unknown; record: ReferralRecordInfo }
  | { action: 'cancel'; record: ReferralRecordInfo; reason?: string }

export interface ReferralCollectCounts {
  fetched: number
  invalid: number
  referrals: number
  queued: number
  unchanged: number
  blockedNoConsent: number
  withdrawals: number
  cancellations: number
  notOffered: number
}

export interface ReferralCollectDeps {
  store: Store
  dhis2: Pick<Dhis2Connector, 'exportTrackedEntities' | 'systemInfo' | 'importTracker'>
  facilities: FacilityRecipient[]
  /** Any context (metadata lookups). */
  mapping: MappingContext
  logger: Logger
}

const FIRST_SEND = new Set(['REQUESTED', 'BLOCKED_NO_CONSENT'])

export const NO_CASE_CONSENT = 'No consent to share information with service providers is recorded at intake: nothing was sent to'
export const NO_REFERRAL_CONSENT = 'No consent for this referral (CPCM_REF_CONSENT) is recorded: nothing was sent to'

function caseConsent(enrollment: Dhis2Enrollment, ctx: MappingContext): boolean {
  return (enrollment.events ?? []).some(
    (e) => e.deleted !== true && e.programStage === ctx.stage.CPCM_INTAKE && eventValues(e, ctx).CPCM_INT_CONSENT_SHARING === 'true',
  )
}

/** A DHIS2 event update: header fields as they are, the given data values (null deletes one). */
export function eventUpdate(event: Dhis2Event, values: Record<string, string | null>, ctx: MappingContext, extra: Record<string, unknown> = {}) {
  return {
    event: event.event, program: event.program, programStage: event.programStage, enrollment: event.enrollment, orgUnit: event.orgUnit,
    occurredAt: event.occurredAt, status: event.status, ...extra,
    dataValues: Object.entries(values).map(([code, value]) => ({ dataElement: ctx.uidOf('dataElement', code)!, value })),
  }
}

export async function collectReferrals(deps: ReferralCollectDeps, options: { toleranceSeconds: number }): Promise<ReferralCollectCounts> {
  const ctx = deps.mapping
  const counts: ReferralCollectCounts = { fetched: 0, invalid: 0, referrals: 0, queued: 0, unchanged: 0, blockedNoConsent: 0, withdrawals: 0, cancellations: 0, notOffered: 0 }
  const byProvider = new Map<string, FacilityRecipient>()
  for (const f of deps.facilities) for (const p of f.providers) byProvider.set(p, f)
  const cursor = referralCursor(ctx.program.case)
  const since = (await deps.store.cursors.get(cursor)) ?? undefined
  const { serverDate } = await deps.dhis2.systemInfo()
  const pages = deps.dhis2.exportTrackedEntities({
    program: ctx.program.case, ouMode: 'ALL', ...(since ? { updatedAfter: since } : {}), toleranceSeconds: options.toleranceSeconds,
    fields: '*,enrollments[*,events[*]]',
  })
  for await (const page of pages) {
    const items: OutboxInput[] = []
    const marks: ReferralMark[] = []
    const updates: unknown[] = []
    const referrals: Array<[Dhis2TrackedEntity, Dhis2Enrollment, Dhis2Event]> = []
    for (const raw of page.items) {
      counts.fetched++
      const parsed = parseTrackedEntity(raw)
      if (!parsed.ok) {
        counts.invalid++
        deps.logger.warn({ trackedEntity: typeof raw.trackedEntity === 'string' ? raw.trackedEntity : undefined, problems: parsed.errors.slice(0, 5) }, 'tracked entity rejected: does not match the DHIS2 contract')
        continue
      }
      const te = parsed.value
      if (te.deleted) continue
      for (const enrollment of te.enrollments ?? []) {
        if (enrollment.program !== ctx.program.case || enrollment.deleted === true) continue
        for (const event of enrollment.events ?? []) {
          if (event.deleted === true || event.programStage !== ctx.stage.CPCM_REFERRAL) continue
          referrals.push([te, enrollment, event])
        }
      }
    }
    // What the store knows of this page's referrals: one query for the page, not one per referral.
    const known = new Map<string, ReferralRecord>()
    for (const r of await deps.store.referrals.ofEvents(referrals.map(([, , e]) => e.event))) known.set(`${r.facility}|${r.referralEvent}`, r)
    for (const [te, enrollment, event] of referrals) {
      const decision = decide(deps, te, enrollment, event, byProvider, counts, known)
      if (!decision) continue
      if (decision.item) items.push(decision.item)
      if (decision.mark) marks.push(decision.mark)
      if (decision.update) updates.push(decision.update)
    }
    // DHIS2 first: a referral is shown blocked (or unblocked) before anything is queued for it.
    if (updates.length > 0) await deps.dhis2.importTracker({ events: updates }, { importStrategy: 'UPDATE', atomicMode: 'OBJECT' })
    if (items.length > 0 || marks.length > 0) {
      const results = await deps.store.transaction(async (tx) => {
        const r = items.length > 0 ? await tx.enqueue(items) : []
        for (const m of marks) await tx.referrals.mark(m)
        return r
      })
      for (const r of results) r.outcome === 'unchanged' ? counts.unchanged++ : counts.queued++
    }
  }
  await deps.store.cursors.set(cursor, serverDate)
  return counts
}

interface Decision { item?: OutboxInput; mark?: ReferralMark; update?: unknown }

function decide(
  deps: ReferralCollectDeps, te: Dhis2TrackedEntity, enrollment: Dhis2Enrollment, event: Dhis2Event,
  byProvider: ReadonlyMap<string, FacilityRecipient>, counts: ReferralCollectCounts, known: ReadonlyMap<string, ReferralRecord>,
): Decision | undefined {
  const ctx = deps.mapping
  const v = eventValues(event, ctx)
  const facility = v.CPCM_REF_PROVIDER !== undefined ? byProvider.get(v.CPCM_REF_PROVIDER) : undefined
  if (!facility) return undefined // not a FHIR-connected facility
  counts.referrals++
  const childCodeAttr = ctx.attr.CPCM_CHILD_CODE
  const childCode = te.attributes?.find((a) => a.attribute === childCodeAttr)?.value
    ?? enrollment.attributes?.find((a) => a.attribute === childCodeAttr)?.value ?? te.trackedEntity
  const record: ReferralRecordInfo = { enrollment: enrollment.enrollment, trackedEntity: te.trackedEntity, childCode, referralEvent: event.event }
  const key = referralKey(facility.id, event.event)
  const existing = known.get(`${facility.id}|${event.event}`) ?? null
  const live = existing !== null && (existing.state === 'queued' || existing.state === 'sent')
  const status = v.CPCM_REF_STATUS ?? 'REQUESTED'
  const input = { trackedEntity: te, enrollment, referral: event, ...(facility.ownerReference ? { ownerReference: facility.ownerReference } : {}) }

  if (status === 'CANCELLED') {
    if (!live) return undefined
    counts.cancellations++
    return { item: { key, kind: REFERRAL_KIND, target: facility.id, payload: { action: 'cancel', record, ...(v.CPCM_REF_STATUS_REASON ? { reason: v.CPCM_REF_STATUS_REASON } : {}) } } }
  }
  const hasCaseConsent = caseConsent(enrollment, ctx)
  if (!hasCaseConsent || v.CPCM_REF_CONSENT !== 'true') {
    if (live || existing?.state === 'withdrawn') {
      if (existing?.state !== 'withdrawn') counts.withdrawals++
      return { item: { key, kind: REFERRAL_KIND, target: facility.id, payload: { action: 'withdraw', bundle: consentWithdrawalBundle(input, facility.pseudonymous), record } } }
    }
    if (status === 'DRAFT') return undefined
    counts.blockedNoConsent++
    const reason = `${hasCaseConsent ? NO_REFERRAL_CONSENT : NO_CASE_CONSENT} ${v.CPCM_REF_PROVIDER}`
    if (status === 'BLOCKED_NO_CONSENT' && v.CPCM_REF_STATUS_REASON === reason) return {}
    return { update: eventUpdate(event, { CPCM_REF_STATUS: 'BLOCKED_NO_CONSENT', CPCM_REF_STATUS_REASON: reason }, ctx) }
  }
  if (existing === null && !FIRST_SEND.has(status)) return undefined
  if (existing !== null && existing.state !== 'sent' && existing.state !== 'queued' && !FIRST_SEND.has(status)) return undefined
  const service = v.CPCM_REF_SERVICE
  if (facility.services.length > 0 && (service === undefined || !facility.services.includes(service))) {
    counts.notOffered++
    deps.logger.warn({ referralEvent: event.event, facility: facility.id, service }, 'referral not sent: the facility does not offer this service')
    return undefined
  }
  const mapping = v.CPCM_REF_SHARE_IDENTITY === 'true' && facility.identified ? facility.identified : facility.pseudonymous
  const { bundle, resourceTypes } = referralToBundle(input, mapping)
  const payload: ReferralPayload = { action: 'send', bundle, record, disclosure: { resourceTypes, consentRef: event.event } }
  const decision: Decision = { item: { key, kind: REFERRAL_KIND, target: facility.id, payload } }
  if (!live) decision.mark = { facility: facility.id, ...record, state: 'queued' }
  if (status === 'BLOCKED_NO_CONSENT') decision.update = eventUpdate(event, { CPCM_REF_STATUS: 'REQUESTED', CPCM_REF_STATUS_REASON: null }, ctx)
  return decision
}
