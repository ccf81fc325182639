/**
 * zod schemas for Primero v2 records and envelopes. Tolerant of fields CPCM does not map
 * (Primero deployments configure their own forms); strict about the shapes the map reads.
 */
import { z } from 'zod'
import { parseWith, type ParseResult } from '../dhis2/parse'
import type { PrimeroCase, PrimeroReferral } from './types'

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'not a date (YYYY-MM-DD)')
const isoDateTime = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/, 'not a date-time with zone')

export const primeroServiceSchema = z.looseObject({
  unique_id: z.string().min(1),
  service_type: z.string().optional(),
  service_response_type: z.string().optional(),
  service_response_day_time: isoDateTime.optional(),
  service_referral: z.string().optional(),
  service_implementing_agency: z.string().optional(),
  service_provider: z.string().optional(),
  service_referral_notes: z.string().optional(),
  service_status_referred: z.boolean().optional(),
  service_implemented: z.string().optional(),
  service_implemented_day_time: isoDateTime.optional(),
  note_on_referral_from_provider: z.string().optional(),
})

export const primeroCaseSchema = z.looseObject({
  id: z.string().optional(),
  case_id: z.string().optional(),
  case_id_display: z.string().optional(),
  status: z.string().optional(),
  module_id: z.string().optional(),
  owned_by: z.string().optional(),
  registration_date: isoDate.optional(),
  sex: z.string().optional(),
  age: z.number().int().min(0).optional(),
  date_of_birth: isoDate.optional(),
  estimated: z.boolean().optional(),
  name: z.string().optional(),
  name_first: z.string().optional(),
  name_last: z.string().optional(),
  national_id_no: z.string().optional(),
  protection_concerns: z.array(z.string()).optional(),
  risk_level: z.string().optional(),
  consent_for_services: z.boolean().optional(),
  disclosure_other_orgs: z.boolean().optional(),
  interview_subject: z.string().optional(),
  services_section: z.array(primeroServiceSchema).optional(),
  created_at: isoDateTime.optional(),
})

export const primeroReferralSchema = z.looseObject({
  id: z.string().optional(),
  type: z.string().optional(),
  record_id: z.string().optional(),
  record_type: z.string().optional(),
  status: z.enum(['in_progress', 'accepted', 'rejected', 'done', 'revoked', 'pending']).optional(),
  transitioned_to: z.string().optional(),
  transitioned_by: z.string().optional(),
  notes: z.string().optional(),
  service_record_id: z.string().optional(),
  rejected_reason: z.string().nullable().optional(),
  success_status: z.enum(['successful', 'not_successful']).nullable().optional(),
  created_at: isoDateTime.optional(),
})

/** `{ data: {...} }`: one record. */
export const primeroOne = <T extends z.ZodType>(inner: T) => z.looseObject({ data: inner })
/** `{ data: [...], metadata?: { total, per, page } }`: case lists have metadata, referral lists do not. */
export const primeroMany = <T extends z.ZodType>(inner: T) =>
  z.looseObject({
    data: z.array(inner),
    metadata: z.looseObject({ total: z.number().int(), per: z.number().int(), page: z.number().int() }).optional(),
  })
/** Error replies: `errors[]` with `status` (or `code` in some docs), `resource`, `message`, maybe `detail`. */
export const primeroErrorsSchema = z.looseObject({
  errors: z.array(z.looseObject({
    status: z.number().int().optional(), code: z.number().int().optional(), resource: z.string(), message: z.string(), detail: z.string().optional(),
  }).refine((e) => e.status !== undefined || e.code !== undefined, { message: 'an error needs a status (or code)' })).min(1),
})
/** `/api/v2/tokens` 401: a different shape, `{ error: "..." }`. */
export const primeroTokenErrorSchema = z.looseObject({ error: z.string() })

/** `{ data: case }` -> the case, or the problems with their paths (`data.services_section[0].unique_id: ...`). */
export const parsePrimeroCase = (input: unknown): ParseResult<PrimeroCase> => {
  const r = parseWith<{ data: PrimeroCase }>(primeroOne(primeroCaseSchema), input)
  return r.ok ? { ok: true, value: r.value.data } : r
}

/** `{ data: [referral...] }` -> the referrals. */
export const parsePrimeroReferrals = (input: unknown): ParseResult<PrimeroReferral[]> => {
  const r = parseWith<{ data: PrimeroReferral[] }>(primeroMany(primeroReferralSchema), input)
  return r.ok ? { ok: true, value: r.value.data } : r
}
