/**
 * Shared types of the Primero API v2 emulator (tests only, never shipped).
 * The core speaks plain requests and responses; the msw and node:http transports translate.
 */
export type JsonObject = Record<string, unknown>

export const MODULE_CP = 'primeromodule-cp'
export const MODULE_GBV = 'primeromodule-gbv'

/** A user the emulator accepts (Basic auth, or a JWT from `POST /api/v2/tokens`). */
export interface PrimeroUserInput {
  user_name: string
  password: string
  /** agency unique id, e.g. `agency-unicef`; copied to `owned_by_agency_id` of the cases the user creates */
  agency: string
  /** Primero modules the user works in; a referral or transfer can only go to a user of the record's module */
  modules?: string[]
  full_name?: string
}

export interface PrimeroUser {
  id: number
  user_name: string
  password: string
  agency: string
  modules: string[]
  full_name: string
}

/** A request as the core sees it. Header names are lower-case. */
export interface EmulatorRequest {
  method: string
  url: URL
  headers: Record<string, string>
  body?: string
}

export interface EmulatorResponse {
  status: number
  headers: Record<string, string>
  /** JSON-serialisable body, or a string when `content-type` is `text/*`; undefined for an empty body */
  body?: unknown
}

/** A case as Primero stores it: the uuid primary key and the `data` jsonb column. */
export interface CaseRow {
  id: string
  data: JsonObject
}

export type TransitionType = 'Referral' | 'Transfer'
export type TransitionStatus = 'in_progress' | 'accepted' | 'rejected' | 'done' | 'revoked'

/** A row of Primero's `transitions` table (columns in table order; unset ones are left out when rendered). */
export interface TransitionRow {
  id: string
  type: TransitionType
  status: TransitionStatus
  record_id: string
  record_type: 'Child'
  transitioned_to?: string
  transitioned_to_remote?: string
  transitioned_to_agency?: string
  rejected_reason?: string
  notes?: string
  transitioned_by: string
  service?: string
  service_record_id?: string
  remote: boolean
  type_of_export?: string
  consent_overridden: boolean
  consent_individual_transfer: boolean
  created_at: string
  responded_at?: string
  rejection_note?: string
  record_owned_by?: string
  record_owned_by_agency?: string
  transitioned_by_user_agency?: string
  transitioned_to_user_agency?: string
  /** Referral `store_accessor :data`: success_status, service_implemented, reason_not_successful */
  data?: JsonObject
}

/** A row of `record_histories`, as `GET /api/v2/cases/:id/record_history` renders it. */
export interface HistoryRow {
  record_id: string
  record_type: 'cases'
  datetime: string
  user_name: string
  action: 'create' | 'update'
  record_changes: Record<string, { from: unknown; to: unknown }>[]
}
