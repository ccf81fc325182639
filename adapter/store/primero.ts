/**
 * The Primero exchange's tables (migrations/003_primero.ts): which Primero case is which DHIS2
 * case, the values both sides last agreed on, referrals sent to CSOs on Primero, conflicts and
 * possible duplicates. Codes and ids only, except conflict values, which keep both sides' values
 * of a field (a name among them) so that neither is lost: list them with care (the CLI masks
 * identifying ones).
 */
import type { Ctx } from './context'

/** A Primero case and where it lives in DHIS2. */
export interface PrimeroCaseLink {
  primeroId: string
  caseId: string | null
  caseIdDisplay: string | null
  moduleId: string | null
  trackedEntity: string
  enrollment: string
  orgUnit: string
  childCode: string | null
  /** Field code -> value both systems last agreed on ('' = no value). */
  base: Record<string, string>
  /** Primero's `last_updated_at` of the version last applied. */
  primeroUpdatedAt: string | null
}

export type PrimeroCaseLinkInput = Omit<PrimeroCaseLink, 'caseId' | 'caseIdDisplay' | 'moduleId' | 'childCode' | 'primeroUpdatedAt'> &
  Partial<Pick<PrimeroCaseLink, 'caseId' | 'caseIdDisplay' | 'moduleId' | 'childCode' | 'primeroUpdatedAt'>>

export interface PrimeroReferralRecord {
  referralEvent: string
  enrollment: string
  trackedEntity: string
  provider: string
  primeroCaseId: string | null
  primeroReferralId: string | null
  state: 'blocked' | 'sent'
  primeroStatus: string | null
  reason: string | null
  updatedAt: Date
}

export type PrimeroReferralInput = Omit<PrimeroReferralRecord, 'updatedAt' | 'primeroCaseId' | 'primeroReferralId' | 'primeroStatus' | 'reason'> &
  Partial<Pick<PrimeroReferralRecord, 'primeroCaseId' | 'primeroReferralId' | 'primeroStatus' | 'reason'>>

export type FieldOwner = 'primero' | 'dhis2' | 'shared'

export interface ConflictInput {
  primeroId: string
  trackedEntity: string
  enrollment: string
  /** A metadata code, e.g. CPCM_LAST_NAME, or `enrollment.status`. */
  field: string
  owner: FieldOwner
  identifying: boolean
  primeroValue: string | null
  dhis2Value: string | null
  baseValue: string | null
  /** Which value DHIS2 now holds. */
  kept: 'dhis2' | 'primero'
}

export interface Conflict extends ConflictInput {
  id: number
  status: 'open' | 'resolved'
  detectedAt: Date
  resolvedAt: Date | null
}

export interface DuplicateInput {
  primeroId: string
  /** The tracked entity the Primero case was placed in. */
  trackedEntity: string
  /** The DHIS2 tracked entity it may be the same child as. */
  candidate: string
  /** Codes of what matched, e.g. ['CPCM_DATE_OF_BIRTH', 'CPCM_SEX', 'CPCM_LAST_NAME']. */
  reasons: string[]
}

export interface Duplicate extends DuplicateInput {
  status: 'open' | 'dismissed'
  detectedAt: Date
}

interface CaseRow {
  primero_id: string
  case_id: string | null
  case_id_display: string | null
  module_id: string | null
  tracked_entity: string
  enrollment: string
  org_unit: string
  child_code: string | null
  base: Record<string, string>
  primero_updated_at: string | null
}

const toCase = (r: CaseRow): PrimeroCaseLink => ({
  primeroId: r.primero_id, caseId: r.case_id, caseIdDisplay: r.case_id_display, moduleId: r.module_id, trackedEntity: r.tracked_entity,
  enrollment: r.enrollment, orgUnit: r.org_unit, childCode: r.child_code, base: r.base ?? {}, primeroUpdatedAt: r.primero_updated_at,
})

export async function getPrimeroCases(ctx: Ctx, primeroIds: readonly string[]): Promise<Map<string, PrimeroCaseLink>> {
  if (primeroIds.length === 0) return new Map()
  const { rows } = await ctx.q.query<CaseRow>(`select * from ${ctx.s}.primero_cases where primero_id = any($1::text[])`, [[...primeroIds]])
  return new Map(rows.map((r) => [r.primero_id, toCase(r)]))
}

export async function primeroCaseByEnrollment(ctx: Ctx, enrollment: string): Promise<PrimeroCaseLink | null> {
  const { rows } = await ctx.q.query<CaseRow>(`select * from ${ctx.s}.primero_cases where enrollment = $1`, [enrollment])
  return rows[0] ? toCase(rows[0]) : null
}

/** Tracked entities that hold a case from Primero (of those given). */
export async function trackedEntitiesFromPrimero(ctx: Ctx, trackedEntities: readonly string[]): Promise<Set<string>> {
  if (trackedEntities.length === 0) return new Set()
  const { rows } = await ctx.q.query<{ tracked_entity: string }>(
    `select distinct tracked_entity from ${ctx.s}.primero_cases where tracked_entity = any($1::text[])`, [[...trackedEntities]],
  )
  return new Set(rows.map((r) => r.tracked_entity))
}

/** Child codes already given to a Primero case, or found held in DHIS2 (a recorded collision), of those given. */
export async function childCodesTaken(ctx: Ctx, codes: readonly string[]): Promise<Set<string>> {
  if (codes.length === 0) return new Set()
  const { rows } = await ctx.q.query<{ code: string }>(
    `select child_code as code from ${ctx.s}.primero_cases where child_code = any($1::text[])
     union select code from ${ctx.s}.primero_child_code_collisions where code = any($1::text[])`, [[...codes]],
  )
  return new Set(rows.map((r) => r.code))
}

/** A derived child code DHIS2 already held (E1064) when a child from Primero was created with it. */
export interface ChildCodeCollision {
  code: string
  primeroId: string
  trackedEntity: string
  /** Which candidate of the derivation it was (0: the first). */
  attempt: number
  detectedAt: Date
}

/** Records collisions; a code already recorded is kept as first seen. Returns how many are new. */
export async function recordChildCodeCollisions(ctx: Ctx, collisions: readonly Omit<ChildCodeCollision, 'detectedAt'>[]): Promise<number> {
  let added = 0
  for (const c of collisions) {
    const { rowCount } = await ctx.q.query(
      `insert into ${ctx.s}.primero_child_code_collisions (code, primero_id, tracked_entity, attempt) values ($1, $2, $3, $4) on conflict (code) do nothing`,
      [c.code, c.primeroId, c.trackedEntity, c.attempt],
    )
    added += rowCount
  }
  return added
}

export async function listChildCodeCollisions(ctx: Ctx, filter: { primeroId?: string; limit?: number } = {}): Promise<ChildCodeCollision[]> {
  const { rows } = await ctx.q.query<{ code: string; primero_id: string; tracked_entity: string; attempt: number; detected_at: Date }>(
    `select * from ${ctx.s}.primero_child_code_collisions where ($1::text is null or primero_id = $1) order by detected_at, code limit $2`,
    [filter.primeroId ?? null, filter.limit ?? 1000],
  )
  return rows.map((r) => ({ code: r.code, primeroId: r.primero_id, trackedEntity: r.tracked_entity, attempt: Number(r.attempt), detectedAt: r.detected_at }))
}

/** Inserts or updates the case's row; the child code, once set, is kept. */
export async function putPrimeroCase(ctx: Ctx, c: PrimeroCaseLinkInput): Promise<void> {
  await ctx.q.query(
    `insert into ${ctx.s}.primero_cases (primero_id, case_id, case_id_display, module_id, tracked_entity, enrollment, org_unit, child_code, base, primero_updated_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb, $10)
     on conflict (primero_id) do update set
       case_id = coalesce(excluded.case_id, ${ctx.s}.primero_cases.case_id),
       case_id_display = coalesce(excluded.case_id_display, ${ctx.s}.primero_cases.case_id_display),
       module_id = coalesce(excluded.module_id, ${ctx.s}.primero_cases.module_id),
       tracked_entity = excluded.tracked_entity, enrollment = excluded.enrollment, org_unit = excluded.org_unit,
       child_code = coalesce(${ctx.s}.primero_cases.child_code, excluded.child_code),
       base = excluded.base,
       primero_updated_at = coalesce(excluded.primero_updated_at, ${ctx.s}.primero_cases.primero_updated_at),
       updated_at = now()`,
    [c.primeroId, c.caseId ?? null, c.caseIdDisplay ?? null, c.moduleId ?? null, c.trackedEntity, c.enrollment, c.orgUnit, c.childCode ?? null,
      JSON.stringify(c.base), c.primeroUpdatedAt ?? null],
  )
}

interface ReferralRow {
  referral_event: string
  enrollment: string
  tracked_entity: string
  provider: string
  primero_case_id: string | null
  primero_referral_id: string | null
  state: 'blocked' | 'sent'
  primero_status: string | null
  reason: string | null
  updated_at: Date
}

const toReferral = (r: ReferralRow): PrimeroReferralRecord => ({
  referralEvent: r.referral_event, enrollment: r.enrollment, trackedEntity: r.tracked_entity, provider: r.provider,
  primeroCaseId: r.primero_case_id, primeroReferralId: r.primero_referral_id, state: r.state, primeroStatus: r.primero_status,
  reason: r.reason, updatedAt: r.updated_at,
})

export async function getPrimeroReferral(ctx: Ctx, referralEvent: string): Promise<PrimeroReferralRecord | null> {
  const { rows } = await ctx.q.query<ReferralRow>(`select * from ${ctx.s}.primero_referrals where referral_event = $1`, [referralEvent])
  return rows[0] ? toReferral(rows[0]) : null
}

export async function primeroReferralsOfCases(ctx: Ctx, primeroCaseIds: readonly string[]): Promise<PrimeroReferralRecord[]> {
  if (primeroCaseIds.length === 0) return []
  const { rows } = await ctx.q.query<ReferralRow>(
    `select * from ${ctx.s}.primero_referrals where primero_case_id = any($1::text[]) and state = 'sent' order by created_at`, [[...primeroCaseIds]],
  )
  return rows.map(toReferral)
}

/** Inserts or moves a referral; ids and statuses once known are kept unless new ones are given. */
export async function putPrimeroReferral(ctx: Ctx, r: PrimeroReferralInput): Promise<void> {
  await ctx.q.query(
    `insert into ${ctx.s}.primero_referrals (referral_event, enrollment, tracked_entity, provider, primero_case_id, primero_referral_id, state, primero_status, reason)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9)
     on conflict (referral_event) do update set
       provider = excluded.provider, state = excluded.state,
       primero_case_id = coalesce(excluded.primero_case_id, ${ctx.s}.primero_referrals.primero_case_id),
       primero_referral_id = coalesce(excluded.primero_referral_id, ${ctx.s}.primero_referrals.primero_referral_id),
       primero_status = coalesce(excluded.primero_status, ${ctx.s}.primero_referrals.primero_status),
       reason = excluded.reason, updated_at = now()`,
    [r.referralEvent, r.enrollment, r.trackedEntity, r.provider, r.primeroCaseId ?? null, r.primeroReferralId ?? null, r.state, r.primeroStatus ?? null, r.reason ?? null],
  )
}

/** A transfer from DHIS2 (a CPCM_TRANSFER event) to a CSO on Primero. */
export interface PrimeroTransferRecord {
  transferEvent: string
  enrollment: string
  trackedEntity: string
  provider: string
  primeroCaseId: string | null
  primeroTransferId: string | null
  state: 'blocked' | 'sent'
  primeroStatus: string | null
  reason: string | null
  updatedAt: Date
}

export type PrimeroTransferInput = Omit<PrimeroTransferRecord, 'updatedAt' | 'primeroCaseId' | 'primeroTransferId' | 'primeroStatus' | 'reason'> &
  Partial<Pick<PrimeroTransferRecord, 'primeroCaseId' | 'primeroTransferId' | 'primeroStatus' | 'reason'>>

interface TransferRow {
  transfer_event: string
  enrollment: string
  tracked_entity: string
  provider: string
  primero_case_id: string | null
  primero_transfer_id: string | null
  state: 'blocked' | 'sent'
  primero_status: string | null
  reason: string | null
  updated_at: Date
}

const toTransfer = (r: TransferRow): PrimeroTransferRecord => ({
  transferEvent: r.transfer_event, enrollment: r.enrollment, trackedEntity: r.tracked_entity, provider: r.provider,
  primeroCaseId: r.primero_case_id, primeroTransferId: r.primero_transfer_id, state: r.state, primeroStatus: r.primero_status,
  reason: r.reason, updatedAt: r.updated_at,
})

export async function getPrimeroTransfer(ctx: Ctx, transferEvent: string): Promise<PrimeroTransferRecord | null> {
  const { rows } = await ctx.q.query<TransferRow>(`select * from ${ctx.s}.primero_transfers where transfer_event = $1`, [transferEvent])
  return rows[0] ? toTransfer(rows[0]) : null
}

/** Transfers sent for these Primero cases (blocked ones were never in Primero). */
export async function primeroTransfersOfCases(ctx: Ctx, primeroCaseIds: readonly string[]): Promise<PrimeroTransferRecord[]> {
  if (primeroCaseIds.length === 0) return []
  const { rows } = await ctx.q.query<TransferRow>(
    `select * from ${ctx.s}.primero_transfers where primero_case_id = any($1::text[]) and state = 'sent' order by created_at`, [[...primeroCaseIds]],
  )
  return rows.map(toTransfer)
}

/** Inserts or moves a transfer; ids and statuses once known are kept unless new ones are given. */
export async function putPrimeroTransfer(ctx: Ctx, t: PrimeroTransferInput): Promise<void> {
  await ctx.q.query(
    `insert into ${ctx.s}.primero_transfers (transfer_event, enrollment, tracked_entity, provider, primero_case_id, primero_transfer_id, state, primero_status, reason)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9)
     on conflict (transfer_event) do update set
       provider = excluded.provider, state = excluded.state,
       primero_case_id = coalesce(excluded.primero_case_id, ${ctx.s}.primero_transfers.primero_case_id),
       primero_transfer_id = coalesce(excluded.primero_transfer_id, ${ctx.s}.primero_transfers.primero_transfer_id),
       primero_status = coalesce(excluded.primero_status, ${ctx.s}.primero_transfers.primero_status),
       reason = excluded.reason, updated_at = now()`,
    [t.transferEvent, t.enrollment, t.trackedEntity, t.provider, t.primeroCaseId ?? null, t.primeroTransferId ?? null, t.state, t.primeroStatus ?? null, t.reason ?? null],
  )
}

/** Records conflicts; one already open for the same field and values is not repeated. Returns how many are new. */
export async function recordConflicts(ctx: Ctx, conflicts: readonly ConflictInput[]): Promise<number> {
  let added = 0
  for (const c of conflicts) {
    const { rowCount } = await ctx.q.query(
      `insert into ${ctx.s}.primero_conflicts (primero_id, tracked_entity, enrollment, field, owner, identifying, primero_value, dhis2_value, base_value, kept)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
       on conflict (primero_id, field, coalesce(primero_value, ''), coalesce(dhis2_value, '')) where status = 'open' do nothing`,
      [c.primeroId, c.trackedEntity, c.enrollment, c.field, c.owner, c.identifying, c.primeroValue, c.dhis2Value, c.baseValue, c.kept],
    )
    added += rowCount
  }
  return added
}

interface ConflictRow {
  id: string | number
  primero_id: string
  tracked_entity: string
  enrollment: string
  field: string
  owner: FieldOwner
  identifying: boolean
  primero_value: string | null
  dhis2_value: string | null
  base_value: string | null
  kept: 'dhis2' | 'primero'
  status: 'open' | 'resolved'
  detected_at: Date
  resolved_at: Date | null
}

export async function listConflicts(ctx: Ctx, filter: { status?: 'open' | 'resolved' | 'all'; limit?: number } = {}): Promise<Conflict[]> {
  const status = filter.status ?? 'open'
  const { rows } = await ctx.q.query<ConflictRow>(
    `select * from ${ctx.s}.primero_conflicts where ($1::text = 'all' or status = $1) order by detected_at, id limit $2`,
    [status, filter.limit ?? 1000],
  )
  return rows.map((r) => ({
    id: Number(r.id), primeroId: r.primero_id, trackedEntity: r.tracked_entity, enrollment: r.enrollment, field: r.field, owner: r.owner,
    identifying: r.identifying, primeroValue: r.primero_value, dhis2Value: r.dhis2_value, baseValue: r.base_value, kept: r.kept,
    status: r.status, detectedAt: r.detected_at, resolvedAt: r.resolved_at,
  }))
}

/** Marks conflicts resolved (a person settled them on one side); returns the ids changed. */
export async function resolveConflicts(ctx: Ctx, ids: readonly number[]): Promise<number[]> {
  const { rows } = await ctx.q.query<{ id: string | number }>(
    `update ${ctx.s}.primero_conflicts set status = 'resolved', resolved_at = now() where id = any($1::bigint[]) and status = 'open' returning id`, [[...ids]],
  )
  return rows.map((r) => Number(r.id))
}

/** Records possible duplicates; a pair already listed is kept as it is. Returns how many are new. */
export async function recordDuplicates(ctx: Ctx, duplicates: readonly DuplicateInput[]): Promise<number> {
  let added = 0
  for (const d of duplicates) {
    const { rowCount } = await ctx.q.query(
      `insert into ${ctx.s}.primero_duplicates (primero_id, tracked_entity, candidate, reasons) values ($1, $2, $3, $4::text[]) on conflict do nothing`,
      [d.primeroId, d.trackedEntity, d.candidate, d.reasons],
    )
    added += rowCount
  }
  return added
}

export async function listDuplicates(ctx: Ctx, filter: { status?: 'open' | 'dismissed' | 'all'; limit?: number } = {}): Promise<Duplicate[]> {
  const status = filter.status ?? 'open'
  const { rows } = await ctx.q.query<{ primero_id: string; tracked_entity: string; candidate: string; reasons: string[]; status: 'open' | 'dismissed'; detected_at: Date }>(
    `select * from ${ctx.s}.primero_duplicates where ($1::text = 'all' or status = $1) order by detected_at, primero_id, candidate limit $2`,
    [status, filter.limit ?? 1000],
  )
  return rows.map((r) => ({ primeroId: r.primero_id, trackedEntity: r.tracked_entity, candidate: r.candidate, reasons: r.reasons, status: r.status, detectedAt: r.detected_at }))
}

/** The operations, bound to a connection: `store.primero`. */
export function primeroOps(ctx: Ctx) {
  return {
    cases: {
      getMany: (ids: readonly string[]) => getPrimeroCases(ctx, ids),
      get: async (id: string) => (await getPrimeroCases(ctx, [id])).get(id) ?? null,
      byEnrollment: (enrollment: string) => primeroCaseByEnrollment(ctx, enrollment),
      put: (c: PrimeroCaseLinkInput) => putPrimeroCase(ctx, c),
      childCodesTaken: (codes: readonly string[]) => childCodesTaken(ctx, codes),
      trackedEntitiesFromPrimero: (tes: readonly string[]) => trackedEntitiesFromPrimero(ctx, tes),
    },
    childCodeCollisions: {
      record: (c: readonly Omit<ChildCodeCollision, 'detectedAt'>[]) => recordChildCodeCollisions(ctx, c),
      list: (f?: { primeroId?: string; limit?: number }) => listChildCodeCollisions(ctx, f),
    },
    referrals: {
      get: (event: string) => getPrimeroReferral(ctx, event),
      ofCases: (ids: readonly string[]) => primeroReferralsOfCases(ctx, ids),
      put: (r: PrimeroReferralInput) => putPrimeroReferral(ctx, r),
    },
    transfers: {
      get: (event: string) => getPrimeroTransfer(ctx, event),
      ofCases: (ids: readonly string[]) => primeroTransfersOfCases(ctx, ids),
      put: (t: PrimeroTransferInput) => putPrimeroTransfer(ctx, t),
    },
    conflicts: {
      record: (c: readonly ConflictInput[]) => recordConflicts(ctx, c),
      list: (f?: { status?: 'open' | 'resolved' | 'all'; limit?: number }) => listConflicts(ctx, f),
      resolve: (ids: readonly number[]) => resolveConflicts(ctx, ids),
    },
    duplicates: {
      record: (d: readonly DuplicateInput[]) => recordDuplicates(ctx, d),
      list: (f?: { status?: 'open' | 'dismissed' | 'all'; limit?: number }) => listDuplicates(ctx, f),
    },
  }
}

export type PrimeroStoreOps = ReturnType<typeof primeroOps>
