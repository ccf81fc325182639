/**
 * Outbox -> DHIS2: Primero cases upserted into DHIS2 in batches (one tracker export and one tracker
 * import per batch, not per case). For each case:
 * 1. where it lives: the store's link (Primero id -> tracked entity, enrollment), else the child found
 *    in DHIS2 by national id, else by child code (a Primero field some CPIMS+ configurations carry),
 *    never by name; else a new child (UIDs derived from Primero's id, so a replay finds it again);
 * 2. what DHIS2 has now, read in the same batch export;
 * 3. the mapped case (mappings/primero), and the state of referrals we sent to Primero for it;
 * 4. field by field against the values both sides last agreed on (`base` in the store): one-sided
 *    edits flow, a field edited on both sides is a conflict, kept by the field's owner
 *    (mappings/primero/exchange.ts) and recorded with both values;
 * 5. written only if something differs (a case Primero saved without a change in what we carry costs
 *    no DHIS2 write), with atomicMode OBJECT so one bad case does not hold the others;
 * 6. then the links, the new agreed values and the conflicts, with the item marked done, in one
 *    transaction; new children are checked against DHIS2 for possible duplicates (listed, never merged).
 */
import { ConnectorError, redactQuotedValues } from '../../connectors/errors'
import type { Dhis2Connector, TrackerImportReport } from '../../connectors/dhis2'
import { TrackerImportError } from '../../connectors/dhis2'
import type { PrimeroConnector, PrimeroTransition } from '../../connectors/primero'
import type { MappingContext } from '../../../mappings/context'
import { parseTrackedEntity, type Dhis2Event, type Dhis2TrackedEntity } from '../../../mappings/dhis2'
import { attributeValues, eventValues as eventValuesByCode } from '../../../mappings/dhis2/values'
import {
  childCodeFor, exchangedValues, transferStateValues, PRIMERO_CHILD_CODE_FIELD, primeroCaseSchema, primeroClosure, primeroIdsOf, primeroToTrackedEntity, referralStateValues, ruleFor,
  type PrimeroCase, type PrimeroReferral,
} from '../../../mappings/primero'
import { derivedUid } from '../../../mappings/uuid'
import type { Logger } from '../../observability/logger'
import type { OutboxItem, Store } from '../../store'
import type { ConflictInput, DuplicateInput, PrimeroCaseLink, PrimeroReferralRecord, PrimeroTransferRecord } from '../../store/primero'
import { PRIMERO_CASE_KIND, type PrimeroCasePayload } from './cases-collect'

export interface Placement {
  /** Primero location code -> DHIS2 org unit UID. */
  locations: Readonly<Record<string, string>>
  defaultOrgUnit?: string
}

export interface CaseDeliverDeps {
  store: Store
  owner: string
  dhis2: Pick<Dhis2Connector, 'exportTrackedEntities' | 'importTracker' | 'getMetadata'>
  primero: Pick<PrimeroConnector, 'listReferrals' | 'listTransfers'>
  mapping: MappingContext
  placement: Placement
  logger: Logger
  onItem?: (outcome: CaseOutcome) => void
}

export interface CaseDeliverOptions {
  batchSize: number
  leaseSeconds: number
  signal?: AbortSignal
}

export type CaseOutcome = 'created' | 'updated' | 'unchanged' | 'retry' | 'dead' | 'lease_lost'

export interface CaseDeliverCounts {
  created: number
  updated: number
  unchanged: number
  retry: number
  dead: number
  leaseLost: number
  conflicts: number
  duplicates: number
  /** Referral states brought back from Primero into DHIS2. */
  referralUpdates: number
  /** Transfer states brought back from Primero into DHIS2. */
  transferUpdates: number
  /** Tracked entities sent to DHIS2 (each a write). */
  dhis2Writes: number
  /** Derived child codes DHIS2 already held (E1064): the next candidate was taken, and the collision recorded. */
  childCodeCollisions: number
}

const UID = /^[A-Za-z][A-Za-z0-9]{10}$/

interface Prepared {
  item: OutboxItem
  case: PrimeroCase & { id: string }
  link: PrimeroCaseLink | undefined
  trackedEntity: string
  enrollment: string
  orgUnit: string
  current: Dhis2TrackedEntity | undefined
  isNewChild: boolean
  write: Dhis2TrackedEntity | undefined
  base: Record<string, string>
  conflicts: ConflictInput[]
  childCode: string | undefined
  /** A new child's code derived by us (not given by Primero): which candidate it is, to take the next one on E1064. */
  derivedCode?: { attempt: number; orgUnitCode: string }
  referralMoves: Array<{ record: PrimeroReferralRecord; transition: PrimeroTransition }>
  transferMoves: Array<{ record: PrimeroTransferRecord; transition: PrimeroTransition }>
  outcome: 'created' | 'updated' | 'unchanged'
  /** Closing: the enrollment to complete once DHIS2 took the closure event. */
  complete?: Dhis2TrackedEntity
}

class ItemFailure extends Error {
  constructor(message: string, readonly retryable: boolean, readonly httpStatus?: number) {
    super(message)
  }
}

export async function deliverPrimeroCases(deps: CaseDeliverDeps, options: CaseDeliverOptions): Promise<CaseDeliverCounts> {
  const counts: CaseDeliverCounts = { created: 0, updated: 0, unchanged: 0, retry: 0, dead: 0, leaseLost: 0, conflicts: 0, duplicates: 0, referralUpdates: 0, transferUpdates: 0, dhis2Writes: 0, childCodeCollisions: 0 }
  const orgUnitCodes = new Map<string, string>()
  for (;;) {
    if (options.signal?.aborted) break
    const batch = await deps.store.claim(options.batchSize, deps.owner, options.leaseSeconds, [PRIMERO_CASE_KIND])
    if (batch.length === 0) break
    await deliverBatch(deps, batch, counts, orgUnitCodes)
  }
  if (options.signal?.aborted) await deps.store.release(deps.owner)
  return counts
}

async function deliverBatch(deps: CaseDeliverDeps, batch: OutboxItem[], counts: CaseDeliverCounts, orgUnitCodes: Map<string, string>): Promise<void> {
  const started = new Date()
  const fail = async (item: OutboxItem, error: unknown) => {
    const f = asFailure(error)
    if (!(error instanceof ItemFailure) && !(error instanceof ConnectorError)) deps.logger.error({ err: error, outboxId: item.id }, 'primero case delivery failed with an internal error')
    const result = await deps.store.fail(item.id, deps.owner, { error: f.message, retryable: f.retryable, ...(f.httpStatus ? { httpStatus: f.httpStatus } : {}) })
    const outcome: CaseOutcome = result.outcome === 'lease_lost' ? 'lease_lost' : result.outcome
    if (outcome === 'dead') deps.logger.warn({ outboxId: item.id, key: item.key }, `dead letter: ${f.message}`)
    tally(counts, outcome)
    deps.onItem?.(outcome)
  }

  // 1-3: parse, place, read DHIS2.
  let prepared: Prepared[]
  const codesInBatch = new Set<string>()
  try {
    prepared = await prepare(deps, batch, fail, orgUnitCodes, codesInBatch)
  } catch (error) {
    // The batch read failed (DHIS2 or the store): every item is retried.
    for (const item of batch) await fail(item, error)
    return
  }

  // 5: one import for the batch.
  const writes = prepared.filter((p) => p.write)
  const reports = new Map<Prepared, TrackerImportReport>()
  if (writes.length > 0) {
    let report: TrackerImportReport
    try {
      report = await deps.dhis2.importTracker({ trackedEntities: writes.map((p) => p.write) }, { importStrategy: 'CREATE_AND_UPDATE', atomicMode: 'OBJECT' })
    } catch (error) {
      if (error instanceof TrackerImportError) report = error.report
      else {
        for (const p of prepared) await (p.write ? fail(p.item, error) : settle(deps, p, counts, started))
        return
      }
    }
    counts.dhis2Writes += writes.length
    for (const p of writes) reports.set(p, report)
    // A derived child code DHIS2 already holds (E1064, a code it generated itself): record it, take the
    // next candidate and send those children again. The candidates are a fixed sequence per Primero id
    // and recorded collisions are skipped, so a replay picks the same code.
    const dropped = new Set<Prepared>()
    for (let round = 0; round < MAX_CODE_ATTEMPTS; round++) {
      const collided = writes.filter((p) => !dropped.has(p) && childCodeCollided(reports.get(p), p, deps.mapping))
      if (collided.length === 0) break
      try {
        counts.childCodeCollisions += await deps.store.primero.childCodeCollisions.record(
          collided.map((p) => ({ code: p.childCode!, primeroId: p.case.id, trackedEntity: p.trackedEntity, attempt: p.derivedCode!.attempt })),
        )
        for (const p of collided) {
          deps.logger.warn({ primeroId: p.case.id, trackedEntity: p.trackedEntity, attempt: p.derivedCode!.attempt }, 'derived child code already held in DHIS2 (E1064): taking the next candidate')
          const next = await nextChildCode(deps, p.case.id, p.derivedCode!.orgUnitCode, p.derivedCode!.attempt + 1, codesInBatch)
          p.childCode = next.code
          p.derivedCode = { attempt: next.attempt, orgUnitCode: p.derivedCode!.orgUnitCode }
          p.write!.attributes = [...(p.write!.attributes ?? []).filter((a) => a.attribute !== deps.mapping.attr.CPCM_CHILD_CODE), { attribute: deps.mapping.attr.CPCM_CHILD_CODE, value: next.code }]
        }
      } catch (error) {
        for (const p of collided) {
          dropped.add(p)
          await fail(p.item, error)
        }
        break
      }
      let again: TrackerImportReport
      try {
        again = await deps.dhis2.importTracker({ trackedEntities: collided.map((p) => p.write) }, { importStrategy: 'CREATE_AND_UPDATE', atomicMode: 'OBJECT' })
      } catch (error) {
        if (error instanceof TrackerImportError) again = error.report
        else {
          for (const p of collided) {
            dropped.add(p)
            await fail(p.item, error)
          }
          break
        }
      }
      counts.dhis2Writes += collided.length
      for (const p of collided) reports.set(p, again)
    }
    if (dropped.size > 0) prepared = prepared.filter((p) => !dropped.has(p))
  }
  // Closures whose event DHIS2 took: complete their enrollments, in one more import.
  const refused = new Map<Prepared, string[]>()
  for (const p of prepared) {
    const report = reports.get(p)
    const problems = p.write && report ? issuesOf(report, p) : []
    if (problems.length > 0) refused.set(p, problems)
  }
  const closing = prepared.filter((p) => p.complete && !refused.has(p))
  if (closing.length > 0) {
    let closed: TrackerImportReport | undefined
    try {
      closed = await deps.dhis2.importTracker({ trackedEntities: closing.map((p) => p.complete!) }, { importStrategy: 'CREATE_AND_UPDATE', atomicMode: 'OBJECT' })
    } catch (error) {
      if (error instanceof TrackerImportError) closed = error.report
      else {
        for (const p of closing) refused.set(p, [`completing the enrollment failed: ${error instanceof ConnectorError ? error.message : 'internal error'}`])
      }
    }
    counts.dhis2Writes += closing.length
    if (closed) for (const p of closing) {
      const problems = (closed.errorsByUid[p.enrollment] ?? []).map((i) => `enrollment ${p.enrollment} not completed: ${i.errorCode}${i.message ? ` ${redactQuotedValues(i.message)}` : ''}`)
      if (problems.length > 0) refused.set(p, problems)
    }
  }
  const newChildren: Prepared[] = []
  for (const p of prepared) {
    const problems = refused.get(p) ?? []
    if (problems.length > 0) {
      await fail(p.item, new ItemFailure(`DHIS2 refused the case: ${problems.join('; ')}`, false, 409))
      continue
    }
    if (await settle(deps, p, counts, started)) if (p.isNewChild) newChildren.push(p)
  }
  if (newChildren.length > 0) {
    try {
      counts.duplicates += await detectDuplicates(deps, newChildren)
    } catch (error) {
      // Detection is advisory: the cases are in; the next change to them checks again.
      deps.logger.warn({ err: error instanceof ConnectorError ? error.message : String(error) }, 'possible-duplicate check failed')
    }
  }
}

/** Links, agreed values, conflicts and the item's completion, in one transaction. */
async function settle(deps: CaseDeliverDeps, p: Prepared, counts: CaseDeliverCounts, started: Date): Promise<boolean> {
  const ids = primeroIdsOf(p.case)
  const result = await deps.store.transaction(async (tx) => {
    const done = await tx.complete(p.item.id, deps.owner, p.write ? 200 : undefined)
    if (done !== 'done') return done
    await tx.primero.cases.put({
      primeroId: p.case.id, caseId: ids.caseId ?? null, caseIdDisplay: ids.caseIdDisplay ?? null, moduleId: p.case.module_id ?? null,
      trackedEntity: p.trackedEntity, enrollment: p.enrollment, orgUnit: p.orgUnit, childCode: p.childCode ?? null, base: p.base,
      primeroUpdatedAt: typeof p.case.last_updated_at === 'string' ? p.case.last_updated_at : null,
    })
    await tx.links.put({ system: 'primero', kind: 'case', localId: p.enrollment, remoteId: p.case.id })
    if (ids.caseId) await putLinkQuietly(tx, { system: 'primero', kind: 'case_id', localId: p.enrollment, remoteId: ids.caseId })
    if (ids.caseIdDisplay) await putLinkQuietly(tx, { system: 'primero', kind: 'case_id_display', localId: p.enrollment, remoteId: ids.caseIdDisplay })
    for (const m of p.referralMoves) await tx.primero.referrals.put({ ...m.record, primeroStatus: m.transition.status })
    for (const m of p.transferMoves) await tx.primero.transfers.put({ ...m.record, primeroStatus: m.transition.status })
    const added = p.conflicts.length > 0 ? await tx.primero.conflicts.record(p.conflicts) : 0
    return { added }
  })
  if (typeof result === 'string') {
    tally(counts, 'lease_lost')
    deps.onItem?.('lease_lost')
    return false
  }
  await deps.store.recordAttempt({ outboxId: p.item.id, owner: deps.owner, startedAt: started, outcome: 'done', ...(p.write ? { httpStatus: 200 } : {}) })
  counts.conflicts += result.added
  counts.referralUpdates += p.referralMoves.length
  counts.transferUpdates += p.transferMoves.length
  tally(counts, p.outcome)
  deps.onItem?.(p.outcome)
  return true
}

/** case_id_display is short and may, in a large Primero, repeat: a clash is not worth failing the case. */
async function putLinkQuietly(tx: Pick<Store, 'links'>, link: { system: string; kind: string; localId: string; remoteId: string }): Promise<void> {
  try {
    await tx.links.put(link)
  } catch {
    // StoreConflictError: already linked otherwise; the primero_cases row keeps the value.
  }
}

async function prepare(
  deps: CaseDeliverDeps, batch: OutboxItem[], fail: (item: OutboxItem, error: unknown) => Promise<void>, orgUnitCodes: Map<string, string>,
  codesInBatch: Set<string>,
): Promise<Prepared[]> {
  const ctx = deps.mapping
  const parsed: Array<{ item: OutboxItem; case: PrimeroCase & { id: string } }> = []
  for (const item of batch) {
    const raw = (item.payload as PrimeroCasePayload | undefined)?.case
    const result = primeroCaseSchema.safeParse(raw)
    if (!result.success || typeof result.data.id !== 'string') {
      const paths = result.success ? ['id'] : result.error.issues.slice(0, 5).map((i) => i.path.join('.') || '(case)')
      await fail(item, new ItemFailure(`not a Primero case this adapter can read: ${paths.join(', ')}`, false))
      continue
    }
    parsed.push({ item, case: result.data as PrimeroCase & { id: string } })
  }
  const links = await deps.store.primero.cases.getMany(parsed.map((p) => p.case.id))

  // Unlinked: find the child by national id or child code, one search each (never by name).
  const matched = new Map<string, string>()
  for (const p of parsed) {
    if (links.has(p.case.id)) continue
    const te = await findChild(deps, p.case)
    if (te) matched.set(p.case.id, te)
  }
  // What DHIS2 has: linked, matched, and the derived UID of the others (a write whose link was lost).
  const wanted = new Set<string>()
  for (const p of parsed) wanted.add(links.get(p.case.id)?.trackedEntity ?? matched.get(p.case.id) ?? derivedUid('trackedEntity', p.case.id))
  const current = await readTrackedEntities(deps, [...wanted])
  const referralRecords = await deps.store.primero.referrals.ofCases(parsed.map((p) => p.case.id))
  const transferRecords = await deps.store.primero.transfers.ofCases(parsed.map((p) => p.case.id))

  const out: Prepared[] = []
  for (const p of parsed) {
    try {
      const link = links.get(p.case.id)
      const te = link?.trackedEntity ?? matched.get(p.case.id) ?? derivedUid('trackedEntity', p.case.id)
      const cur = current.get(te)
      const location = typeof p.case.location_current === 'string' ? p.case.location_current : undefined
      const curEnrollment = link ? cur?.enrollments?.find((e) => e.enrollment === link.enrollment) : undefined
      const orgUnit = link?.orgUnit ?? curEnrollment?.orgUnit ?? (location ? deps.placement.locations[location] : undefined) ?? deps.placement.defaultOrgUnit
      if (!orgUnit) {
        throw new ItemFailure(`Primero location ${location && /^[\w.-]{1,64}$/.test(location) ? location : '(none)'} has no DHIS2 org unit: add it to PRIMERO_LOCATIONS or set PRIMERO_DEFAULT_ORG_UNIT`, false)
      }
      const sentReferrals = referralRecords.filter((r) => r.primeroCaseId === p.case.id && r.primeroReferralId)
      const referred = (p.case.services_section ?? []).some((s) => s.service_status_referred === true)
      const transitions = sentReferrals.length > 0 || referred ? await deps.primero.listReferrals(p.case.id) : []
      const sentTransfers = transferRecords.filter((r) => r.primeroCaseId === p.case.id && r.primeroTransferId)
      const transfers = sentTransfers.length > 0 ? await deps.primero.listTransfers(p.case.id) : []
      out.push(await plan(deps, p.item, p.case, link, te, cur, orgUnit, transitions, sentReferrals, orgUnitCodes, codesInBatch, { transfers, sent: sentTransfers }))
    } catch (error) {
      if (error instanceof ItemFailure || (error instanceof ConnectorError && error.details.system === 'primero')) await fail(p.item, error)
      else throw error
    }
  }
  return out
}

async function findChild(deps: CaseDeliverDeps, c: PrimeroCase): Promise<string | undefined> {
  const ctx = deps.mapping
  const childCode = typeof c[PRIMERO_CHILD_CODE_FIELD] === 'string' ? (c[PRIMERO_CHILD_CODE_FIELD] as string) : undefined
  const keys: Array<[string, string | undefined]> = [[ctx.attr.CPCM_NATIONAL_ID, c.national_id_no], [ctx.attr.CPCM_CHILD_CODE, childCode]]
  for (const [attribute, value] of keys) {
    if (!value || /[:;,]/.test(value)) continue
    for await (const page of deps.dhis2.exportTrackedEntities({
      program: ctx.program.case, ouMode: 'ALL', fields: 'trackedEntity', params: { filter: `${attribute}:eq:${value}` },
    })) {
      const found = page.items.map((t) => t.trackedEntity).filter((t): t is string => typeof t === 'string')
      // Unique attributes: more than one hit would be a DHIS2 data problem; take none rather than guess.
      if (found.length === 1) return found[0]
      if (found.length > 1) return undefined
    }
  }
  return undefined
}

async function readTrackedEntities(deps: CaseDeliverDeps, uids: string[]): Promise<Map<string, Dhis2TrackedEntity>> {
  const out = new Map<string, Dhis2TrackedEntity>()
  for (let i = 0; i < uids.length; i += 100) {
    const chunk = uids.slice(i, i + 100)
    for await (const page of deps.dhis2.exportTrackedEntities({
      program: deps.mapping.program.case, ouMode: 'ALL', fields: '*,enrollments[*,events[*]]', params: { trackedEntities: chunk.join(',') },
    })) {
      for (const raw of page.items) {
        const te = parseTrackedEntity(raw)
        if (te.ok) out.set(te.value.trackedEntity, te.value)
        else throw new ItemFailure(`DHIS2 tracked entity ${String(raw.trackedEntity)} does not match the contract: ${te.errors.slice(0, 3).join('; ')}`, true)
      }
    }
  }
  return out
}

async function plan(
  deps: CaseDeliverDeps, item: OutboxItem, c: PrimeroCase & { id: string }, link: PrimeroCaseLink | undefined, te: string,
  cur: Dhis2TrackedEntity | undefined, orgUnit: string, transitions: PrimeroTransition[], sent: PrimeroReferralRecord[],
  orgUnitCodes: Map<string, string>, codesInBatch: Set<string>,
  moved: { transfers: PrimeroTransition[]; sent: PrimeroTransferRecord[] },
): Promise<Prepared> {
  const ctx = deps.mapping
  const closure = primeroClosure(c)
  // Closed in Primero for a reason the framework does not allow: a person decides (nothing is written).
  if (closure.closed && 'refused' in closure && !(cur?.enrollments ?? []).some((e) => e.enrollment === link?.enrollment && e.status !== 'ACTIVE'))
    throw new ItemFailure(`Primero case ${c.id} ${closure.refused}`, false)
  const referrals = transitions.map(toMappingReferral)
  const mapped = primeroToTrackedEntity({ case: c, referrals }, ctx, {
    links: { trackedEntity: te, orgUnit, ...(link ? { enrollment: link.enrollment } : {}) }, ...(cur ? { current: cur } : {}),
  })
  const en = mapped.enrollments![0]!
  const curEn = cur?.enrollments?.find((e) => e.enrollment === en.enrollment)
  const curEvents = new Map((curEn?.events ?? []).map((e) => [e.event, e]))

  // Referrals we sent from DHIS2: their state in Primero goes back into their referral events.
  const referralMoves: Prepared['referralMoves'] = []
  const followed = new Set<string>()
  let followChanged = false
  /** Puts a followed referral's or transfer's state into its event in `en`; true if a value changes. */
  const writeFollowedState = (event: NonNullable<ReturnType<typeof curEvents.get>>, values: Record<string, string>): boolean => {
    followed.add(event.event)
    const now = eventValuesByCode(event, ctx)
    const dataValues = Object.entries(values).map(([code, value]) => ({ dataElement: ctx.de[code as keyof typeof ctx.de], value }))
    en.events = (en.events ?? []).filter((e) => e.event !== event.event)
    en.events.push({ event: event.event, program: ctx.program.case, programStage: event.programStage, enrollment: en.enrollment, orgUnit: event.orgUnit ?? en.orgUnit, status: event.status, ...(event.occurredAt ? { occurredAt: event.occurredAt } : {}), dataValues })
    return Object.entries(values).some(([code, value]) => now[code] !== value)
  }
  for (const record of sent) {
    const t = transitions.find((x) => x.id === record.primeroReferralId)
    const event = curEvents.get(record.referralEvent)
    if (!t || !event) continue
    const values = referralStateValues(t, event, ctx)
    if (writeFollowedState(event, values)) followChanged = true
    if (record.primeroStatus !== t.status) referralMoves.push({ record, transition: t })
  }
  // Transfers we sent from DHIS2: their state in Primero goes back into their transfer events.
  const transferMoves: Prepared['transferMoves'] = []
  for (const record of moved.sent) {
    const t = moved.transfers.find((x) => x.id === record.primeroTransferId)
    const event = curEvents.get(record.transferEvent)
    if (!t || !event) continue
    const values = transferStateValues(t, event, ctx)
    if (writeFollowedState(event, values)) followChanged = true
    if (record.primeroStatus !== t.status) transferMoves.push({ record, transition: t })
  }

  // Referral events we follow are Primero's to move (we wrote their REQUESTED): no three-way compare.
  const events = new Set((en.events ?? []).map((e) => e.event).filter((e) => !followed.has(e)))
  const incoming = exchangedValues(mapped, en.enrollment, ctx, events)
  const have = cur ? exchangedValues(cur, en.enrollment, ctx, events) : {}
  const base = link?.base
  const agreed: Record<string, string> = { ...(base ?? {}) }
  const apply = new Set<string>()
  const conflicts: ConflictInput[] = []
  for (const [key, p] of Object.entries(incoming)) {
    const d = have[key] ?? ''
    const b = base?.[key]
    if (p === d) {
      agreed[key] = p
      continue
    }
    if (b === undefined ? d === '' : d === b) {
      apply.add(key) // only Primero changed it (or DHIS2 never had it)
      agreed[key] = p
      continue
    }
    if (b !== undefined && p === b) continue // only DHIS2 changed it: keep DHIS2's, Primero is behind
    // Both sides changed it, differently: the owner's value is kept; both are recorded.
    const rule = ruleFor(key)
    const kept = rule.owner === 'primero' ? 'primero' : 'dhis2'
    if (kept === 'primero') {
      apply.add(key)
      agreed[key] = p
    }
    conflicts.push({
      primeroId: c.id, trackedEntity: te, enrollment: en.enrollment, field: key, owner: rule.owner, identifying: rule.identifying === true,
      primeroValue: p, dhis2Value: d === '' ? null : d, baseValue: b ?? null, kept,
    })
  }

  // Keep only what is applied: DHIS2 merges attributes and data values by key, so leaving one out keeps DHIS2's.
  mapped.attributes = (mapped.attributes ?? []).filter((a) => {
    const code = ctx.codeOf('trackedEntityAttribute', a.attribute)
    return code === undefined || !(code in incoming) || apply.has(code)
  })
  if (curEn && !apply.has('enrollment.status')) {
    en.status = curEn.status
    if (curEn.completedAt) en.completedAt = curEn.completedAt
  }
  for (const ev of en.events ?? []) {
    const intake = ev.programStage === ctx.stage.CPCM_INTAKE
    const dateKey = `${ev.event}.occurredAt`
    if (dateKey in incoming && !apply.has(dateKey)) {
      const kept = curEvents.get(ev.event)?.occurredAt
      if (kept) ev.occurredAt = kept
    }
    ev.dataValues = ev.dataValues.filter((dv) => {
      const code = ctx.codeOf('dataElement', dv.dataElement)
      if (code === undefined) return true
      const key = intake ? code : `${ev.event}.${code}`
      return !(key in incoming) || apply.has(key)
    })
  }

  const isNewChild = !cur
  let childCode: string | undefined = link?.childCode ?? undefined
  let derivedCode: Prepared['derivedCode']
  if (isNewChild) {
    const given = await newChildCode(deps, c, orgUnit, orgUnitCodes, codesInBatch)
    childCode = given.code
    if (given.derived) derivedCode = given.derived
    mapped.attributes.push({ attribute: ctx.attr.CPCM_CHILD_CODE, value: childCode })
    mapped.orgUnit = orgUnit
  } else if (!childCode) {
    childCode = attributeValues(cur, ctx).CPCM_CHILD_CODE
  }

  const structural = !curEn || (en.events ?? []).some((e) => !curEvents.has(e.event))
  const changes = [...apply].some((k) => incoming[k] !== (have[k] ?? ''))
  const write = structural || changes || followChanged ? mapped : undefined
  const outcome = !write ? 'unchanged' : !curEn ? 'created' : 'updated'
  // Closing: the closure event goes first with the enrollment as it is; the enrollment is completed only
  // once DHIS2 took the event, so a closure DHIS2 refuses (a benchmark rule) never leaves a case closed.
  let complete: Prepared['complete']
  if (write && en.status === 'COMPLETED' && curEn?.status !== 'COMPLETED') {
    complete = { trackedEntity: te, trackedEntityType: mapped.trackedEntityType, orgUnit: mapped.orgUnit, enrollments: [{ ...en, events: [], status: 'COMPLETED' }] }
    en.status = curEn?.status ?? 'ACTIVE'
    delete en.completedAt
  }
  return {
    item, case: c, link, trackedEntity: te, enrollment: en.enrollment, orgUnit, current: cur, isNewChild, write, base: agreed, conflicts, ...(complete ? { complete } : {}),
    ...(childCode ? { childCode } : { childCode: undefined }), ...(derivedCode ? { derivedCode } : {}), referralMoves, transferMoves, outcome,
  }
}

const MAX_CODE_ATTEMPTS = 20

async function newChildCode(
  deps: CaseDeliverDeps, c: PrimeroCase & { id: string }, orgUnit: string, codes: Map<string, string>, inBatch: Set<string>,
): Promise<{ code: string; derived?: { attempt: number; orgUnitCode: string } }> {
  const given = c[PRIMERO_CHILD_CODE_FIELD]
  if (typeof given === 'string' && /^[A-Za-z0-9][A-Za-z0-9_.-]{2,63}$/.test(given) && /\d/.test(given)) return { code: given }
  let ouCode = codes.get(orgUnit)
  if (ouCode === undefined) {
    const [unit] = await deps.dhis2.getMetadata('organisationUnits', { ids: [orgUnit], fields: 'id,code' })
    ouCode = typeof unit?.code === 'string' ? unit.code : 'RW'
    codes.set(orgUnit, ouCode)
  }
  const next = await nextChildCode(deps, c.id, ouCode, 0, inBatch)
  return { code: next.code, derived: { attempt: next.attempt, orgUnitCode: ouCode } }
}

/**
 * The first candidate from `from` on (childCodeFor's fixed sequence for this Primero id) that no other
 * Primero case holds, that DHIS2 was not found to hold (recorded collisions) and that this batch did not take.
 */
async function nextChildCode(deps: CaseDeliverDeps, primeroId: string, ouCode: string, from: number, inBatch: Set<string>): Promise<{ code: string; attempt: number }> {
  for (let attempt = from; attempt < MAX_CODE_ATTEMPTS; attempt++) {
    const code = childCodeFor(ouCode, primeroId, attempt)
    if (inBatch.has(code)) continue
    const taken = await deps.store.primero.cases.childCodesTaken([code])
    if (taken.size === 0) {
      inBatch.add(code)
      return { code, attempt }
    }
  }
  throw new ItemFailure(`no free child code after ${MAX_CODE_ATTEMPTS} attempts`, true)
}

/** DHIS2 refused a new child because the child code we derived is held by another tracked entity (E1064). */
function childCodeCollided(report: TrackerImportReport | undefined, p: Prepared, ctx: MappingContext): boolean {
  if (!report || !p.isNewChild || !p.derivedCode || !p.childCode) return false
  const attr = ctx.attr.CPCM_CHILD_CODE
  // DHIS2's E1064 message names the value and the attribute: "Non-unique attribute value `<value>` for attribute `<uid>`".
  return (report.errorsByUid[p.trackedEntity] ?? []).some((i) => i.errorCode === 'E1064' && (i.message.includes(`\`${attr}\``) || i.message.includes(`\`${p.childCode}\``)))
}

/** The connector's transition as the mappings read a referral (success_status may sit in `data`). */
function toMappingReferral(t: PrimeroTransition): PrimeroReferral {
  const data = (typeof t.data === 'object' && t.data !== null ? t.data : {}) as Record<string, unknown>
  const success = (t.success_status ?? data.success_status) as string | undefined
  const { record: _record, ...rest } = t
  return { ...rest, ...(success ? { success_status: success } : {}) } as PrimeroReferral
}

function issuesOf(report: TrackerImportReport, p: Prepared): string[] {
  const uids = new Set([p.trackedEntity, p.enrollment, ...((p.write?.enrollments?.[0]?.events ?? []) as Dhis2Event[]).map((e) => e.event)])
  const out: string[] = []
  // DHIS2's message says which rule refused it (a benchmark gate, say); quoted values are redacted.
  for (const uid of uids) for (const issue of report.errorsByUid[uid] ?? []) out.push(`${issue.trackerType ?? 'object'} ${uid}: ${issue.errorCode}${issue.message ? ` ${redactQuotedValues(issue.message)}` : ''}`)
  return out
}

async function detectDuplicates(deps: CaseDeliverDeps, children: Prepared[]): Promise<number> {
  const ctx = deps.mapping
  const byDob = new Map<string, Prepared[]>()
  for (const p of children) {
    const dob = attributeValues(p.write!, ctx).CPCM_DATE_OF_BIRTH?.slice(0, 10)
    if (dob && /^\d{4}-\d{2}-\d{2}$/.test(dob)) byDob.set(dob, [...(byDob.get(dob) ?? []), p])
  }
  if (byDob.size === 0) return 0
  const candidates: Dhis2TrackedEntity[] = []
  const dobs = [...byDob.keys()]
  for (let i = 0; i < dobs.length; i += 50) {
    for await (const page of deps.dhis2.exportTrackedEntities({
      program: ctx.program.case, ouMode: 'ALL', fields: 'trackedEntity,attributes',
      params: { filter: `${ctx.attr.CPCM_DATE_OF_BIRTH}:in:${dobs.slice(i, i + 50).join(';')}` },
    })) {
      for (const raw of page.items) {
        const te = parseTrackedEntity({ ...raw, trackedEntityType: raw.trackedEntityType ?? ctx.trackedEntityType, orgUnit: raw.orgUnit ?? 'unknown0000' })
        if (te.ok) candidates.push(te.value)
      }
    }
  }
  const fromPrimero = await deps.store.primero.cases.trackedEntitiesFromPrimero(candidates.map((c) => c.trackedEntity))
  const norm = (s: string | undefined) => (s ?? '').normalize('NFKD').replace(/[^\p{L}\p{N}]/gu, '').toLowerCase()
  const found: DuplicateInput[] = []
  for (const cand of candidates) {
    if (fromPrimero.has(cand.trackedEntity)) continue
    const a = attributeValues(cand, ctx)
    for (const p of byDob.get(a.CPCM_DATE_OF_BIRTH?.slice(0, 10) ?? '') ?? []) {
      if (p.trackedEntity === cand.trackedEntity) continue
      const b = attributeValues(p.write!, ctx)
      const reasons = ['CPCM_DATE_OF_BIRTH']
      if (a.CPCM_SEX && a.CPCM_SEX === b.CPCM_SEX) reasons.push('CPCM_SEX')
      else continue
      if (norm(a.CPCM_FIRST_NAME) !== '' && norm(a.CPCM_FIRST_NAME) === norm(b.CPCM_FIRST_NAME)) reasons.push('CPCM_FIRST_NAME')
      if (norm(a.CPCM_LAST_NAME) !== '' && norm(a.CPCM_LAST_NAME) === norm(b.CPCM_LAST_NAME)) reasons.push('CPCM_LAST_NAME')
      // A birth date and sex alone are shared by many children: a name must agree too.
      if (reasons.length < 3) continue
      found.push({ primeroId: p.case.id, trackedEntity: p.trackedEntity, candidate: cand.trackedEntity, reasons })
    }
  }
  return found.length > 0 ? deps.store.primero.duplicates.record(found) : 0
}

function asFailure(error: unknown): { message: string; retryable: boolean; httpStatus?: number } {
  if (error instanceof ItemFailure) return { message: error.message, retryable: error.retryable, ...(error.httpStatus ? { httpStatus: error.httpStatus } : {}) }
  if (error instanceof ConnectorError) return { message: error.message, retryable: error.retryable, ...(error.details.status ? { httpStatus: error.details.status } : {}) }
  return { message: `internal error: ${error instanceof Error ? error.name : 'unknown'} (see log)`, retryable: false }
}

function tally(counts: CaseDeliverCounts, outcome: CaseOutcome): void {
  if (outcome === 'lease_lost') counts.leaseLost++
  else counts[outcome]++
}

export { UID }
