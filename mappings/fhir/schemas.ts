/**
 * zod schemas for the FHIR R4 resources CPCM reads from partners (a facility's Task update,
 * its Encounters, a Bundle of them). They check what the readers rely on, with R4's required
 * codes, and let everything else through: partners send profiles and extensions we ignore.
 * Run them at the edge (inbound endpoint, connector); the readers then trust the shape.
 */
import { z } from 'zod'
import { parseWith, type ParseResult } from '../dhis2/parse'

const coding = z.looseObject({ system: z.string().optional(), code: z.string().optional(), display: z.string().optional() })
const concept = z.looseObject({ coding: z.array(coding).optional(), text: z.string().optional() })
const identifier = z.looseObject({ system: z.string().optional(), value: z.string().optional() })
const reference = z.looseObject({ reference: z.string().optional(), identifier: identifier.optional(), display: z.string().optional(), type: z.string().optional() })
const extension = z.looseObject({ url: z.string() })
const dateTime = z.string().regex(/^\d{4}(-\d{2}(-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?)?)?$/, 'not a FHIR dateTime')
const base = { id: z.string().optional(), meta: z.looseObject({}).optional(), extension: z.array(extension).optional(), identifier: z.array(identifier).optional() }

const parameter = z.looseObject({
  type: concept,
  valueBoolean: z.boolean().optional(), valueString: z.string().optional(), valueDate: z.string().optional(),
  valueDateTime: dateTime.optional(), valueInteger: z.number().int().optional(), valueReference: reference.optional(),
})

export const TASK_STATUSES = [
  'draft', 'requested', 'received', 'accepted', 'rejected', 'ready', 'cancelled', 'in-progress', 'on-hold', 'failed', 'completed', 'entered-in-error',
] as const
export const REQUEST_INTENTS = ['proposal', 'plan', 'directive', 'order', 'original-order', 'reflex-order', 'filler-order', 'instance-order', 'option'] as const

export const fhirTaskSchema = z.looseObject({
  resourceType: z.literal('Task'), ...base,
  status: z.enum(TASK_STATUSES),
  intent: z.enum(['unknown', ...REQUEST_INTENTS]),
  businessStatus: concept.optional(),
  statusReason: concept.optional(),
  code: concept.optional(),
  focus: reference.optional(),
  for: reference.optional(),
  owner: reference.optional(),
  authoredOn: dateTime.optional(),
  lastModified: dateTime.optional(),
  input: z.array(parameter).optional(),
  output: z.array(parameter).optional(),
})

export const fhirServiceRequestSchema = z.looseObject({
  resourceType: z.literal('ServiceRequest'), ...base,
  status: z.enum(['draft', 'active', 'on-hold', 'revoked', 'completed', 'entered-in-error', 'unknown']),
  intent: z.enum(REQUEST_INTENTS),
  priority: z.enum(['routine', 'urgent', 'asap', 'stat']).optional(),
  category: z.array(concept).optional(),
  code: concept.optional(),
  subject: reference,
  authoredOn: dateTime.optional(),
  performer: z.array(reference).optional(),
  reasonCode: z.array(concept).optional(),
  supportingInfo: z.array(reference).optional(),
})

export const fhirEncounterSchema = z.looseObject({
  resourceType: z.literal('Encounter'), ...base,
  status: z.enum(['planned', 'arrived', 'triaged', 'in-progress', 'onleave', 'finished', 'cancelled', 'entered-in-error', 'unknown']),
  class: coding,
  type: z.array(concept).optional(),
  subject: reference.optional(),
  episodeOfCare: z.array(reference).optional(),
  basedOn: z.array(reference).optional(),
  period: z.looseObject({ start: dateTime.optional(), end: dateTime.optional() }).optional(),
  serviceProvider: reference.optional(),
})

const resource = z.looseObject({ resourceType: z.string() })

export const fhirBundleSchema = z.looseObject({
  resourceType: z.literal('Bundle'),
  type: z.enum(['document', 'message', 'transaction', 'transaction-response', 'batch', 'batch-response', 'history', 'searchset', 'collection']),
  entry: z.array(z.looseObject({ fullUrl: z.string().optional(), resource: resource.optional() })).optional(),
})

const BY_TYPE: Record<string, z.ZodType> = {
  Task: fhirTaskSchema, ServiceRequest: fhirServiceRequestSchema, Encounter: fhirEncounterSchema, Bundle: fhirBundleSchema,
}

/**
 * Parses a resource CPCM reads, by its resourceType; a Bundle's entries are each checked too,
 * their problems named `entry[i].resource.<path>`. Types CPCM does not read only need a resourceType.
 */
export function parseFhirResource<T = unknown>(input: unknown): ParseResult<T> {
  const type = (input as { resourceType?: unknown } | null)?.resourceType
  const top = parseWith<T>(typeof type === 'string' && BY_TYPE[type] ? BY_TYPE[type]! : resource, input)
  if (!top.ok || type !== 'Bundle') return top
  const errors: string[] = []
  ;((input as { entry?: Array<{ resource?: unknown }> }).entry ?? []).forEach((e, i) => {
    const t = (e.resource as { resourceType?: string } | undefined)?.resourceType
    const schema = t !== undefined ? BY_TYPE[t] : undefined
    if (!schema) return
    const r = parseWith(schema, e.resource, `entry[${i}].resource`)
    if (!r.ok) errors.push(...r.errors)
  })
  return errors.length > 0 ? { ok: false, errors } : top
}
