/**
 * Primero v2 records as its API (`/api/v2/cases`, `/api/v2/cases/:id/referrals`) sends and
 * takes them, inside `{ data: ... }`. Field names are Primero's own (case form seeds and
 * app/models/referral.rb of primeroIMS/primero); only the fields CPCM maps are named.
 */

/** One entry of the case's services subform (`services_section`). */
export interface PrimeroService {
  unique_id: string
  service_type?: string
  service_response_type?: string
  /** When the service was asked for (date-time with zone). */
  service_response_day_time?: string
  service_referral?: string
  service_implementing_agency?: string
  service_provider?: string
  service_referral_notes?: string
  service_status_referred?: boolean
  service_implemented?: string
  service_implemented_day_time?: string
  note_on_referral_from_provider?: string
  [field: string]: unknown
}

export interface PrimeroCase {
  id?: string
  case_id?: string
  case_id_display?: string
  short_id?: string
  status?: string
  record_state?: boolean
  module_id?: string
  owned_by?: string
  registration_date?: string
  sex?: string
  age?: number
  date_of_birth?: string
  estimated?: boolean
  name?: string
  name_first?: string
  name_last?: string
  national_id_no?: string
  protection_concerns?: string[]
  risk_level?: string
  consent_for_services?: boolean
  disclosure_other_orgs?: boolean
  interview_subject?: string
  services_section?: PrimeroService[]
  created_at?: string
  [field: string]: unknown
}

/** A referral (Primero's Transition of type Referral). */
export interface PrimeroReferral {
  id?: string
  type?: string
  record_id?: string
  record_type?: string
  status?: string
  transitioned_to?: string
  transitioned_by?: string
  notes?: string
  service_record_id?: string
  rejected_reason?: string
  success_status?: string
  created_at?: string
  [field: string]: unknown
}

/** One case as CPCM exchanges it with Primero: the case record and its referrals. */
export interface PrimeroCaseRecord {
  case: PrimeroCase
  referrals: PrimeroReferral[]
}

/** Where a Primero case sits in DHIS2, as the adapter's store knows it. */
export interface PrimeroLinks {
  trackedEntity?: string
  enrollment?: string
  orgUnit?: string
}
