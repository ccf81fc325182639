import { UUID_PATTERN } from './clock'
import { isObject } from './http'
import type { JsonObject } from './types'

/**
 * The emulated case form: a small, fixed subset of a CPIMS+ configuration (real instances are configured
 * with hundreds of fields over forms and modules). Writes go through what Primero does with them:
 * 1. strong params: keys that are not writable fields are silently dropped (no error);
 * 2. RecordJsonValidatorService (json_schemer): type errors -> 422 "Invalid Record JSON", detail = pointers;
 * 3. model validations (`Child#validate_date_of_birth`) -> 422 per field (RecordInvalid).
 * Not emulated: per-role field permissions (every user may read and write every field), option-list
 * (lookup) values, required fields, calculated fields, subforms other than `services_section`,
 * attachments and photos, incident details, tally fields.
 */
export type FieldType = 'string' | 'integer' | 'date' | 'datetime' | 'boolean' | 'radio' | 'string[]' | 'subform'

/** Fields a client may write (case form fields). */
export const CASE_FIELDS: Record<string, FieldType> = {
  name: 'string',
  name_first: 'string',
  name_last: 'string',
  name_nickname: 'string',
  hidden_name: 'boolean',
  sex: 'string',
  age: 'integer',
  date_of_birth: 'date',
  estimated: 'boolean',
  nationality: 'string[]',
  location_current: 'string',
  registration_date: 'date',
  module_id: 'string',
  status: 'string',
  record_state: 'boolean',
  protection_concerns: 'string[]',
  risk_level: 'string',
  consent_for_services: 'boolean',
  disclosure_other_orgs: 'boolean',
  consent_reporting: 'radio',
  date_closure: 'date',
  closure_reason: 'string',
  services_section: 'subform',
}

/** Fields of the `services_section` subform (plus `unique_id` and `_destroy`). */
export const SERVICE_FIELDS: Record<string, FieldType> = {
  service_type: 'string',
  service_response_type: 'string',
  service_response_day_time: 'datetime',
  service_appointment_date: 'date',
  service_implementing_agency: 'string',
  service_implementing_agency_individual: 'string',
  service_delivery_location: 'string',
  service_referral_notes: 'string',
  service_status_referred: 'boolean',
  service_implemented: 'string',
  service_implemented_day_time: 'datetime',
  note_on_referral_from_provider: 'string',
}

/** Fields Primero sets itself; readable and filterable, never taken from a client payload. */
export const SYSTEM_FIELDS = [
  'unique_identifier', 'case_id', 'short_id', 'case_id_display', 'created_at', 'created_by', 'created_by_full_name',
  'created_organization', 'last_updated_at', 'last_updated_by', 'posted_at', 'owned_by', 'owned_by_full_name',
  'owned_by_agency_id', 'previously_owned_by', 'associated_user_names', 'assigned_user_names', 'transfer_status',
  'reassigned_transferred_on',
] as const

/** `fields=short` (and `id_search=true`): the case list's summary fields. */
export const SHORT_FIELDS = [
  'short_id', 'case_id_display', 'name', 'age', 'sex', 'registration_date', 'owned_by', 'owned_by_agency_id',
  'status', 'record_state', 'module_id', 'risk_level', 'last_updated_at', 'created_at',
]

/** Child.filterable_id_fields (subset): what `query=` matches by prefix, case-insensitively. */
export const ID_SEARCH_FIELDS = ['case_id', 'unique_identifier', 'short_id', 'case_id_display']

const DATE = /^\d{4}-\d{2}-\d{2}$/
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/
const INT32 = 2_147_483_647

function valid(type: FieldType, value: unknown): boolean {
  if (type === 'boolean') return typeof value === 'boolean' // TICK_BOX: null is not allowed
  if (value === null) return true
  switch (type) {
    case 'string':
      return typeof value === 'string'
    case 'radio':
      return typeof value === 'string' || typeof value === 'boolean'
    case 'integer':
      return Number.isInteger(value) && Math.abs(value as number) <= INT32
    case 'date':
      return typeof value === 'string' && DATE.test(value) && !Number.isNaN(Date.parse(value))
    case 'datetime':
      return typeof value === 'string' && DATE_TIME.test(value) && !Number.isNaN(Date.parse(value))
    case 'string[]':
      return Array.isArray(value) && value.every((v) => typeof v === 'string')
    case 'subform':
      return Array.isArray(value) && value.every(isObject)
  }
}

/** Strong params: keeps the writable keys (and known subform keys); everything else is dropped. */
export function permitted(data: JsonObject, fields: Record<string, FieldType>): JsonObject {
  const out: JsonObject = {}
  for (const [key, value] of Object.entries(data)) {
    if (!(key in fields)) continue
    if (fields[key] === 'subform' && Array.isArray(value)) {
      out[key] = value.map((row) =>
        isObject(row) ? Object.fromEntries(Object.entries(row).filter(([k]) => k in SERVICE_FIELDS || k === 'unique_id' || k === '_destroy')) : row,
      )
    } else out[key] = value
  }
  return out
}

/** JSON pointers of the properties that fail the generated schema (empty when valid). */
export function invalidPointers(data: JsonObject, fields: Record<string, FieldType>): string[] {
  const pointers: string[] = []
  for (const [key, value] of Object.entries(data)) {
    const type = fields[key]
    if (!type) continue
    if (!valid(type, value)) {
      pointers.push(`/${key}`)
      continue
    }
    if (type !== 'subform' || !Array.isArray(value)) continue
    value.forEach((row: JsonObject, i) => {
      for (const [k, v] of Object.entries(row)) {
        const ok =
          k === 'unique_id' ? typeof v === 'string' && UUID_PATTERN.test(v) : k === '_destroy' ? v === null || typeof v === 'boolean' : valid(SERVICE_FIELDS[k] ?? 'string', v)
        if (!ok) pointers.push(`/${key}/${i}/${k}`)
      }
    })
  }
  return pointers
}

/**
 * Child model validations that run on save (ActiveRecord::RecordInvalid). Only `validate_date_of_birth`
 * (a birth year after the current year) is emulated; the message text approximates Primero's en locale.
 */
export function modelErrors(data: JsonObject, now: Date): Record<string, string[]> {
  const dob = data.date_of_birth
  if (typeof dob === 'string' && Number(dob.slice(0, 4)) > now.getUTCFullYear()) return { date_of_birth: ['Date of birth cannot be in the future'] }
  return {}
}
