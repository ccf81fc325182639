import { formatTimestamp } from './clock'
import { ApiError, clone, compactDeep, invalidRecordJson, isObject, recordInvalid } from './http'
import { renderCase } from './query'
import type { PrimeroStore } from './store'
import { type CaseRow, type JsonObject, MODULE_GBV, type PrimeroUser, type TransitionRow, type TransitionStatus, type TransitionType } from './types'

/**
 * Referrals and transfers (Primero's Transition/Referral/Transfer models and their controllers).
 * Create: validations as the model runs them, all collected into one 422 (RecordInvalid, one error per field):
 * `transitioned_to` present unless `remote`; consent given or `consent_overridden` (referral: GBV needs
 * `consent_for_services`, other modules `disclosure_other_orgs` and `consent_for_services`; transfer: GBV
 * `consent_for_services`, CP `disclosure_other_orgs`); the recipient can receive (an emulated user working in
 * the case's module). The messages are the i18n keys Primero passes literally (`transition.errors.consent`).
 * Then `perform`: status `in_progress`, the recipient joins `assigned_user_names`, the referred service row
 * (`service_record_id`) gets `service_status_referred: true`, and the case is saved (new `last_updated_at`).
 * Referral PATCH (`Referral#process!`): same status: nothing; `accepted`/`rejected` only from `in_progress`,
 * `done` only from `accepted` (needs `success_status`, and `reason_not_successful` when not successful);
 * any other move is IGNORED, answering 200 with the referral unchanged, as Primero does. A status outside
 * in_progress/accepted/rejected/done/revoked fails the update schema (422 "Invalid Record JSON").
 * Referral DELETE (`revoke!`): `revoked` from any status. Transfer PATCH: `accepted` (the recipient becomes
 * `owned_by`) or `rejected`, only from `in_progress`; other values ignored.
 * Rendering (`_transition.json.jbuilder`): the row's non-null columns, `record_type` mapped to "case" (the docs'
 * samples show "Child", from an older serializer), `record_access_denied`, `user_can_accept_or_reject`, and
 * on writes `record`: the case's id and changed fields.
 * Not emulated: assigns and transfer requests, remote exports (`type_of_export`), notifications and alerts,
 * authorisation (anyone may accept anything; `record_access_denied` is always false), agency/group copies
 * beyond the agency ids, approvals, duplicate-referral checks.
 */
export const REFERRAL_STATUSES: TransitionStatus[] = ['in_progress', 'rejected', 'revoked', 'accepted', 'done']
const REFERRAL_PARAMS = ['transitioned_to', 'transitioned_to_remote', 'transitioned_to_agency', 'service', 'service_record_id', 'remote', 'type_of_export', 'notes', 'consent_overridden'] as const
const TRANSFER_PARAMS = ['transitioned_to', 'transitioned_to_remote', 'transitioned_to_agency', 'remote', 'type_of_export', 'notes', 'consent_overridden', 'consent_individual_transfer'] as const

export interface TransitionContext {
  store: PrimeroStore
  users: readonly PrimeroUser[]
  stamp: () => Date
  newId: () => string
}

const truthy = (v: unknown): boolean => v === true || v === 'true'
const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v : typeof v === 'number' ? String(v) : undefined)

function consentGiven(type: TransitionType, data: JsonObject): boolean {
  if (data.module_id === MODULE_GBV) return data.consent_for_services === true
  if (type === 'Referral') return data.disclosure_other_orgs === true && data.consent_for_services === true
  return data.module_id === 'primeromodule-cp' && data.disclosure_other_orgs === true
}

function assigned(row: CaseRow): string[] {
  return Array.isArray(row.data.assigned_user_names) ? (row.data.assigned_user_names as string[]) : []
}

/** `remove_assigned_user`, unless another active referral/transfer to the same user remains. */
function removeAssignedUser(ctx: TransitionContext, t: TransitionRow, row: CaseRow): void {
  const stillActive = ctx.store.transitionsOf(row.id).some(
    (o) => o.id !== t.id && o.transitioned_to === t.transitioned_to && (o.status === 'in_progress' || (o.type === 'Referral' && o.status === 'accepted')),
  )
  if (!stillActive) row.data.assigned_user_names = assigned(row).filter((u) => u !== t.transitioned_to)
}

function serviceRow(row: CaseRow, serviceRecordId: string | undefined): JsonObject | undefined {
  const services = Array.isArray(row.data.services_section) ? (row.data.services_section as unknown[]) : []
  return serviceRecordId ? (services.find((s) => isObject(s) && s.unique_id === serviceRecordId) as JsonObject | undefined) : undefined
}

/** POST a referral or transfer of one case; throws ApiError(422) when the transition is invalid. */
export function createTransition(ctx: TransitionContext, type: TransitionType, user: PrimeroUser, row: CaseRow, body: JsonObject, resource: string): { transition: TransitionRow; changed: string[] } {
  const params: JsonObject = {}
  for (const k of type === 'Referral' ? REFERRAL_PARAMS : TRANSFER_PARAMS) if (k in body) params[k] = body[k]
  const remote = truthy(params.remote)
  const to = str(params.transitioned_to)
  const recipient = to ? ctx.users.find((u) => u.user_name === to.toLowerCase()) : undefined
  const errors: Record<string, string[]> = {}
  const add = (field: string, message: string) => (errors[field] ??= []).push(message)
  if (!remote && !to) add('transitioned_to', "can't be blank")
  if (!consentGiven(type, row.data) && !truthy(params.consent_overridden)) add('consent', 'transition.errors.consent')
  if (!remote && !(recipient && recipient.modules.includes(String(row.data.module_id)))) add('transitioned_to', 'transition.errors.to_user_can_receive')
  if (Object.keys(errors).length > 0) throw new ApiError(recordInvalid(resource, errors))

  const transition: TransitionRow = {
    id: ctx.newId(),
    type,
    status: 'in_progress',
    record_id: row.id,
    record_type: 'Child',
    transitioned_to: recipient?.user_name ?? to,
    transitioned_to_remote: str(params.transitioned_to_remote),
    transitioned_to_agency: str(params.transitioned_to_agency),
    notes: str(params.notes),
    transitioned_by: user.user_name,
    service: str(params.service),
    service_record_id: str(params.service_record_id),
    remote,
    type_of_export: str(params.type_of_export),
    consent_overridden: truthy(params.consent_overridden),
    consent_individual_transfer: truthy(params.consent_individual_transfer),
    created_at: formatTimestamp(ctx.stamp()),
    record_owned_by: str(row.data.owned_by),
    record_owned_by_agency: str(row.data.owned_by_agency_id),
    transitioned_by_user_agency: user.agency,
    transitioned_to_user_agency: remote ? undefined : recipient?.agency,
  }
  const before = clone(row.data)
  const service = serviceRow(row, transition.service_record_id)
  if (type === 'Referral' && service) service.service_status_referred = true
  if (!remote && recipient) row.data.assigned_user_names = [...new Set([...assigned(row), recipient.user_name])]
  if (type === 'Transfer') {
    row.data.transfer_status = 'in_progress'
    row.data.reassigned_transferred_on = formatTimestamp(ctx.stamp())
  }
  ctx.store.transitions.set(transition.id, transition)
  return { transition, changed: ctx.store.save(row, user, before) }
}

/** PATCH a referral (`Referral#process!`); returns the case fields that changed. */
export function processReferral(ctx: TransitionContext, user: PrimeroUser, t: TransitionRow, row: CaseRow, body: JsonObject, resource: string): string[] {
  const status = body.status
  const bad: string[] = []
  if (status !== undefined && !REFERRAL_STATUSES.includes(status as TransitionStatus)) bad.push('/status')
  if (body.success_status != null && !['successful', 'not_successful'].includes(String(body.success_status))) bad.push('/success_status')
  if (bad.length > 0) throw new ApiError(invalidRecordJson(resource, bad))
  if (status === t.status) return []
  const before = clone(row.data)
  const now = formatTimestamp(ctx.stamp())
  if (status === 'accepted' && t.status === 'in_progress') {
    Object.assign(t, { status: 'accepted', responded_at: now })
  } else if (status === 'rejected' && t.status === 'in_progress') {
    Object.assign(t, { status: 'rejected', responded_at: now, rejected_reason: str(body.rejected_reason) })
    removeAssignedUser(ctx, t, row)
  } else if (status === 'done' && t.status === 'accepted') {
    if (!str(body.success_status)) throw new ApiError(recordInvalid(resource, { base: ['errors.models.referral.success_status_present'] }))
    if (body.success_status === 'not_successful' && !str(body.reason_not_successful))
      throw new ApiError(recordInvalid(resource, { base: ['errors.models.referral.reason_not_successful_present'] }))
    const service = serviceRow(row, t.service_record_id)
    if (service && !str(body.service_implemented)) throw new ApiError(recordInvalid(resource, { base: ['errors.models.referral.service_implemented_present'] }))
    const data = compactDeep({ ...t.data, service_implemented: body.service_implemented, success_status: body.success_status, reason_not_successful: body.reason_not_successful })
    Object.assign(t, { status: 'done', data })
    if (service) {
      if (body.service_implemented === 'implemented' && !service.service_implemented_day_time) service.service_implemented_day_time = now
      service.service_implemented = body.service_implemented
    }
    if (str(body.rejection_note)) {
      t.rejection_note = str(body.rejection_note)
      if (service) service.note_on_referral_from_provider = t.rejection_note
    }
    removeAssignedUser(ctx, t, row)
  } else {
    return [] // not a move Primero makes: the referral is left as it is, and the answer is still 200
  }
  return ctx.store.save(row, user, before)
}

/** DELETE a referral (`Referral#revoke!`): revoked from any status. */
export function revokeReferral(ctx: TransitionContext, user: PrimeroUser, t: TransitionRow, row: CaseRow): string[] {
  const before = clone(row.data)
  t.status = 'revoked'
  removeAssignedUser(ctx, t, row)
  return ctx.store.save(row, user, before)
}

/** PATCH a transfer: `accepted` makes the recipient the owner, `rejected` records the reason. */
export function processTransfer(ctx: TransitionContext, user: PrimeroUser, t: TransitionRow, row: CaseRow, body: JsonObject): string[] {
  if (t.status !== 'in_progress' || (body.status !== 'accepted' && body.status !== 'rejected')) return []
  const before = clone(row.data)
  t.status = body.status
  t.responded_at = formatTimestamp(ctx.stamp())
  row.data.transfer_status = body.status
  if (body.status === 'rejected') t.rejected_reason = str(body.rejected_reason)
  removeAssignedUser(ctx, t, row)
  const recipient = ctx.users.find((u) => u.user_name === t.transitioned_to)
  if (body.status === 'accepted' && recipient) {
    row.data.previously_owned_by = row.data.owned_by
    Object.assign(row.data, { owned_by: recipient.user_name, owned_by_full_name: recipient.full_name, owned_by_agency_id: recipient.agency })
  }
  return ctx.store.save(row, user, before)
}

export function renderTransition(t: TransitionRow, user: PrimeroUser, row?: CaseRow, changed?: string[]): JsonObject {
  const out = compactDeep({ ...t, record_type: 'case' }) as JsonObject
  if (isObject(out.data) && Object.keys(out.data).length === 0) delete out.data
  out.record_access_denied = false
  out.user_can_accept_or_reject = !t.remote && t.status === 'in_progress' && t.transitioned_to === user.user_name
  if (row && changed) out.record = renderCase(row, changed)
  return out
}
