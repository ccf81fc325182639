/**
 * The disclosure log: who received what about which child, when, under which consent.
 * It holds codes, never names: the input type has no field for a name, unknown fields are
 * refused at run time too (a name passed through `any` does not slip in), and each field must
 * look like a code (no spaces; the child code contains digits, as `ORG-XX1234` does).
 * Validation messages name the field, never its value. The table is append-only.
 */
import { z } from 'zod'
import type { Ctx } from './context'
import { StoreError } from './errors'

export interface DisclosureInput {
  /** Who received it: a FHIR target id, `primero`, a partner code. */
  recipient: string
  /** What kinds of data: FHIR resource types or DHIS2 object types, e.g. ['ServiceRequest', 'Patient']. */
  resourceTypes: string[]
  /** The pseudonymous child code (CPCM_CHILD_CODE), never a name. */
  childCode: string
  /** The case: the DHIS2 enrollment UID. */
  caseUid?: string
  /** The consent that allowed it: e.g. the UID of the consent event. */
  consentRef: string
  /** Why, as a code: `referral`, `referral_feedback`, `case_transfer`. */
  purpose: string
  outboxId?: number
  /** Default: now (database clock). */
  at?: Date
}

export interface Disclosure extends Required<Omit<DisclosureInput, 'caseUid' | 'outboxId'>> {
  id: number
  caseUid: string | null
  outboxId: number | null
}

const CODE = /^[A-Za-z0-9][A-Za-z0-9_.:/-]{0,127}$/
const schema = z.strictObject({
  recipient: z.string().regex(CODE),
  resourceTypes: z.array(z.string().regex(/^[A-Za-z][A-Za-z0-9_.-]{0,63}$/)).min(1),
  childCode: z.string().regex(/^(?=.*\d)[A-Za-z0-9][A-Za-z0-9_.-]{2,63}$/),
  caseUid: z.string().regex(/^[A-Za-z][A-Za-z0-9]{10}$/).optional(),
  consentRef: z.string().regex(CODE),
  purpose: z.string().regex(/^[a-z][a-z0-9_.-]{1,63}$/),
  outboxId: z.number().int().positive().optional(),
  at: z.date().optional(),
})

/** The disclosure checked (codes only, no unknown field), or a StoreError naming the field, never its value. */
export function checkDisclosure(input: DisclosureInput): DisclosureInput {
  const parsed = schema.safeParse(input)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    const field = issue?.code === 'unrecognized_keys' ? issue.keys.join(', ') : (issue?.path.join('.') ?? '?')
    const why = issue?.code === 'unrecognized_keys' ? 'is not a field of the disclosure log (it holds codes only)' : 'is missing or not a code'
    throw new StoreError(`disclosure: ${field} ${why}`)
  }
  return parsed.data
}

export async function recordDisclosure(ctx: Ctx, input: DisclosureInput): Promise<number> {
  const d = checkDisclosure(input)
  const { rows } = await ctx.q.query<{ id: string | number }>(
    `insert into ${ctx.s}.disclosures (recipient, resource_types, child_code, case_uid, consent_ref, purpose, outbox_id, disclosed_at)
     values ($1, $2::text[], $3, $4, $5, $6, $7, coalesce($8, now())) returning id`,
    [d.recipient, d.resourceTypes, d.childCode, d.caseUid ?? null, d.consentRef, d.purpose, d.outboxId ?? null, d.at ?? null],
  )
  return Number(rows[0]?.id)
}

export interface DisclosureFilter {
  childCode?: string
  recipient?: string
  since?: Date
  limit?: number
}

interface DisclosureRow {
  id: string | number
  recipient: string
  resource_types: string[]
  child_code: string
  case_uid: string | null
  consent_ref: string
  purpose: string
  outbox_id: string | number | null
  disclosed_at: Date
}

/** Oldest first. */
export async function listDisclosures(ctx: Ctx, filter: DisclosureFilter = {}): Promise<Disclosure[]> {
  const { rows } = await ctx.q.query<DisclosureRow>(
    `select * from ${ctx.s}.disclosures
      where ($1::text is null or child_code = $1) and ($2::text is null or recipient = $2) and ($3::timestamptz is null or disclosed_at >= $3)
      order by disclosed_at, id limit $4`,
    [filter.childCode ?? null, filter.recipient ?? null, filter.since ?? null, filter.limit ?? 1000],
  )
  return rows.map((r) => ({
    id: Number(r.id),
    recipient: r.recipient,
    resourceTypes: r.resource_types,
    childCode: r.child_code,
    caseUid: r.case_uid,
    consentRef: r.consent_ref,
    purpose: r.purpose,
    outboxId: r.outbox_id === null ? null : Number(r.outbox_id),
    at: r.disclosed_at,
  }))
}
