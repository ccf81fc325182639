import { randomUUID } from 'node:crypto'
import { formatDate, formatHistoryTime, formatTimestamp } from './clock'
import { clone, isObject } from './http'
import type { CaseRow, HistoryRow, JsonObject, PrimeroUser, TransitionRow } from './types'

/**
 * The emulated database: cases (`id` + `data` jsonb), transitions and record histories, with the
 * callbacks Primero runs on save. What a save does, as in Primero's Record/Historical/Ownable concerns:
 * - create: `record_state: true`, `status: "open"`, `unique_identifier` (a uuid distinct from `id`),
 *   `case_id` = unique_identifier, `short_id` = its last 7 characters, `case_id_display` = short_id,
 *   `registration_date` = today, `created_*`, `owned_by*` from the user, a "create" history entry;
 * - every save (`before_save :update_last_updated_at`): `last_updated_at` = now, even when nothing else
 *   changed (so accepting a referral moves the case's `last_updated_at`);
 * - updates merge (Record::Utils.merge_data): objects merge recursively, subform rows merge by
 *   `unique_id` (rows with `_destroy: true` are removed, new rows get a `unique_id`), other values are
 *   replaced; an "update" history entry lists changed fields (not `last_updated_at`/`last_updated_by`).
 * Not emulated: phonetic data, `associated_user_groups`/agencies, flags, alerts, approvals, incidents,
 * workflow status, duplicates, encryption of attachments.
 */
const UNTRACKED = new Set(['last_updated_at', 'last_updated_by'])
const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b)

export function mergeData(oldValue: unknown, newValue: unknown): unknown {
  if (isObject(oldValue) && isObject(newValue)) {
    const out: JsonObject = { ...oldValue }
    for (const [k, v] of Object.entries(newValue)) out[k] = k in oldValue ? mergeData(oldValue[k], v) : v
    return out
  }
  const rowsOf = (v: unknown): v is JsonObject[] => Array.isArray(v) && (v.length === 0 || isObject(v[0]))
  if (rowsOf(oldValue) && rowsOf(newValue)) {
    const merged = oldValue.map((old) => {
      const match = old.unique_id !== undefined ? newValue.find((n) => n.unique_id === old.unique_id) : undefined
      return match ? (mergeData(old, match) as JsonObject) : old
    })
    const appended = newValue.filter((n) => !merged.some((m) => m.unique_id !== undefined && m.unique_id === n.unique_id))
    return [...merged, ...appended].filter((row) => row._destroy !== true)
  }
  return newValue
}

/** `before_save :populate_subform_ids`: every subform row gets a `unique_id`. */
function populateSubformIds(data: JsonObject): void {
  for (const value of Object.values(data)) {
    if (Array.isArray(value)) for (const row of value) if (isObject(row) && !row.unique_id) row.unique_id = randomUUID()
  }
}

export class PrimeroStore {
  readonly cases = new Map<string, CaseRow>()
  readonly transitions = new Map<string, TransitionRow>()
  readonly histories: HistoryRow[] = []

  constructor(readonly stamp: () => Date) {}

  /** Creates a case as `Child.new_with_user(user, data)` + save. Returns the row and the fields it set. */
  createCase(user: PrimeroUser, data: JsonObject, id: string = randomUUID(), uniqueIdentifier: string = randomUUID()): { row: CaseRow; changed: string[] } {
    const now = this.stamp()
    const base: JsonObject = {
      record_state: true,
      status: 'open',
      unique_identifier: uniqueIdentifier,
      case_id: uniqueIdentifier,
      short_id: uniqueIdentifier.slice(-7),
      case_id_display: uniqueIdentifier.slice(-7),
      registration_date: formatDate(now),
      created_by: user.user_name,
      created_by_full_name: user.full_name,
      created_organization: user.agency,
      created_at: formatTimestamp(now),
      posted_at: formatTimestamp(now),
      last_updated_by: user.user_name,
      last_updated_at: formatTimestamp(now),
      owned_by: user.user_name,
      owned_by_full_name: user.full_name,
      owned_by_agency_id: user.agency,
    }
    const merged = mergeData(base, clone(data)) as JsonObject
    populateSubformIds(merged)
    merged.associated_user_names = associatedUsers(merged)
    const row: CaseRow = { id, data: merged }
    this.cases.set(id, row)
    this.histories.push({ record_id: id, record_type: 'cases', datetime: formatHistoryTime(now), user_name: user.user_name, action: 'create', record_changes: [] })
    return { row, changed: Object.keys(merged).filter((k) => !UNTRACKED.has(k) && merged[k] !== null) }
  }

  /** `update_properties` + save; returns the fields whose value changed (history's `record_changes`). */
  updateCase(user: PrimeroUser, row: CaseRow, data: JsonObject): string[] {
    const before = clone(row.data)
    const merged = mergeData(row.data, clone(data)) as JsonObject
    populateSubformIds(merged)
    row.data = merged
    return this.save(row, user, before)
  }

  /** A save with whatever the caller changed in `row.data` since `before` (default: nothing). */
  save(row: CaseRow, user: PrimeroUser, before: JsonObject = clone(row.data)): string[] {
    const now = this.stamp()
    row.data.associated_user_names = associatedUsers(row.data)
    row.data.last_updated_by = user.user_name
    row.data.last_updated_at = formatTimestamp(now)
    const keys = new Set([...Object.keys(before), ...Object.keys(row.data)])
    const changed = [...keys].filter((k) => !UNTRACKED.has(k) && !same(before[k], row.data[k]))
    if (changed.length > 0) {
      this.histories.push({
        record_id: row.id,
        record_type: 'cases',
        datetime: formatHistoryTime(now),
        user_name: user.user_name,
        action: 'update',
        record_changes: changed.map((k) => ({ [k]: { from: before[k] ?? null, to: row.data[k] ?? null } })),
      })
    }
    return changed
  }

  historyOf(recordId: string): HistoryRow[] {
    return this.histories.filter((h) => h.record_id === recordId).reverse() // ordered_histories: datetime desc
  }

  transitionsOf(recordId: string, type?: TransitionRow['type']): TransitionRow[] {
    return [...this.transitions.values()].filter((t) => t.record_id === recordId && (type === undefined || t.type === type))
  }
}

/** Ownable: the owner plus the users the case is assigned to by referrals and transfers. */
function associatedUsers(data: JsonObject): string[] {
  const assigned = Array.isArray(data.assigned_user_names) ? (data.assigned_user_names as string[]) : []
  return [...new Set([...(typeof data.owned_by === 'string' ? [data.owned_by] : []), ...assigned])]
}
