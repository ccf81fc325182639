/**
 * The Primero API v2 contract as far as the adapter relies on it, in zod: the `{data}` and
 * `{data, metadata}` envelopes, the ids, timestamps and statuses the pipelines use. Objects are loose
 * (unknown keys kept), since every CPIMS+ configuration has its own case fields.
 * Shapes checked against ../shared/reference/primero and the emulator (tests/emulators/primero).
 */
import { z } from 'zod'
import type { ListedCase, PrimeroCase, PrimeroTransition, TransitionStatus } from './types'

export const TRANSITION_STATUSES = ['in_progress', 'accepted', 'rejected', 'done', 'revoked'] as const satisfies readonly TransitionStatus[]

const id = z.string().min(1)
const count = z.number().int().nonnegative()
export const timestamp = z.string().refine((s) => !Number.isNaN(Date.parse(s)), { message: 'not an ISO 8601 date-time' })

export const caseSchema: z.ZodType<PrimeroCase> = z.looseObject({ id, last_updated_at: timestamp.optional() })
const listedCaseSchema: z.ZodType<ListedCase> = z.looseObject({ id, last_updated_at: timestamp })

/** `GET /api/v2/cases`. `metadata.per` is the page size the server used, which may be less than asked. */
export const caseListSchema = z.looseObject({
  data: z.array(listedCaseSchema),
  metadata: z.looseObject({ total: count, per: count, page: z.number().int().positive() }),
})
export type CaseList = z.infer<typeof caseListSchema>

/** `GET|PATCH /api/v2/cases/:id`, `POST /api/v2/cases` (200). */
export const caseReplySchema = z.looseObject({ data: caseSchema })

const text = z.string().optional()
export const transitionSchema: z.ZodType<PrimeroTransition> = z.looseObject({
  id,
  type: z.string().min(1),
  status: z.enum(TRANSITION_STATUSES),
  record_id: id,
  transitioned_to: text,
  transitioned_by: text,
  transitioned_to_remote: text,
  transitioned_to_agency: text,
  notes: text,
  service: text,
  service_record_id: text,
  rejected_reason: text,
  rejection_note: text,
  remote: z.boolean().optional(),
  consent_overridden: z.boolean().optional(),
  created_at: timestamp.optional(),
  responded_at: timestamp.optional(),
  record: caseSchema.optional(),
})

export const transitionReplySchema = z.looseObject({ data: transitionSchema })
/** Referral and transition lists: `{data: [...]}`, no metadata. */
export const transitionListSchema = z.looseObject({ data: z.array(transitionSchema) })

/** `POST /api/v2/tokens`: `{id, user_name, token}`. */
export const tokenReplySchema = z.looseObject({ token: z.string().min(1) })

/**
 * ErrorService's `{errors: [{status, resource, detail?, message}]}` (the docs sometimes show `code`).
 * Validation: `detail` a field name and `message` its messages, or `message` "Invalid Record JSON" and
 * `detail` the JSON pointers.
 */
export const errorsBodySchema = z.looseObject({
  errors: z.array(
    z.looseObject({
      status: z.number().optional(),
      code: z.number().optional(),
      resource: z.string().optional(),
      detail: z.unknown().optional(),
      message: z.unknown().optional(),
    }),
  ),
})
export type ErrorEntry = z.infer<typeof errorsBodySchema>['errors'][number]

/** Devise (authentication) failures: `{error: "..."}`. */
export const deviseErrorSchema = z.looseObject({ error: z.string() })

const MAX_ISSUES = 5

/** Where the answer breaks the contract: paths and expectations only, never the values found. */
export function describeIssues(error: z.ZodError): string {
  const issues = error.issues.slice(0, MAX_ISSUES).map((issue) => `${pathOf(issue.path)}: ${issue.message}`)
  const more = error.issues.length > MAX_ISSUES ? ` (and ${error.issues.length - MAX_ISSUES} more)` : ''
  return `${issues.join('; ')}${more}`
}

function pathOf(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(body)'
  return path.map((part, i) => (typeof part === 'number' ? `[${part}]` : `${i === 0 ? '' : '.'}${String(part)}`)).join('')
}
