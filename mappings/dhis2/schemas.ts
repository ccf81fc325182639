/**
 * zod schemas for DHIS2 tracker JSON (2.40-2.42). Tolerant: unknown fields pass through, as
 * servers add fields between versions. Validation is separate from mapping: callers validate
 * once at the edge (parse.ts), the maps then trust the typed value.
 */
import { z } from 'zod'
import { ENROLLMENT_STATUSES, EVENT_STATUSES } from '../codes/statuses'

/** DHIS2 UID: a letter then ten letters or digits. */
export const uidSchema = z.string().regex(/^[A-Za-z][A-Za-z0-9]{10}$/, 'not a DHIS2 UID')
/** Tracker timestamps: a date, or a local date-time without zone (a zone is tolerated). */
export const timestampSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/, 'not a DHIS2 date or timestamp')

export const attributeSchema = z.looseObject({
  attribute: uidSchema,
  value: z.string(),
  code: z.string().optional(),
  displayName: z.string().optional(),
  valueType: z.string().optional(),
  createdAt: timestampSchema.optional(),
  updatedAt: timestampSchema.optional(),
})

export const dataValueSchema = z.looseObject({
  dataElement: uidSchema,
  value: z.string(),
  createdAt: timestampSchema.optional(),
  updatedAt: timestampSchema.optional(),
  storedBy: z.string().optional(),
  providedElsewhere: z.boolean().optional(),
})

export const eventSchema = z.looseObject({
  event: uidSchema,
  programStage: uidSchema,
  program: uidSchema.optional(),
  enrollment: uidSchema.optional(),
  trackedEntity: uidSchema.optional(),
  orgUnit: uidSchema.optional(),
  status: z.enum(EVENT_STATUSES),
  occurredAt: timestampSchema.optional(),
  scheduledAt: timestampSchema.optional(),
  createdAt: timestampSchema.optional(),
  updatedAt: timestampSchema.optional(),
  completedAt: timestampSchema.optional(),
  deleted: z.boolean().optional(),
  dataValues: z.array(dataValueSchema).default([]),
})

export const enrollmentSchema = z.looseObject({
  enrollment: uidSchema,
  program: uidSchema,
  trackedEntity: uidSchema.optional(),
  orgUnit: uidSchema,
  status: z.enum(ENROLLMENT_STATUSES),
  enrolledAt: timestampSchema,
  occurredAt: timestampSchema.optional(),
  completedAt: timestampSchema.optional(),
  createdAt: timestampSchema.optional(),
  updatedAt: timestampSchema.optional(),
  deleted: z.boolean().optional(),
  attributes: z.array(attributeSchema).optional(),
  events: z.array(eventSchema).optional(),
})

export const trackedEntitySchema = z.looseObject({
  trackedEntity: uidSchema,
  trackedEntityType: uidSchema.optional(),
  orgUnit: uidSchema,
  createdAt: timestampSchema.optional(),
  updatedAt: timestampSchema.optional(),
  deleted: z.boolean().optional(),
  inactive: z.boolean().optional(),
  attributes: z.array(attributeSchema).optional(),
  enrollments: z.array(enrollmentSchema).optional(),
})

const pager = z.looseObject({
  page: z.number().int().optional(),
  pageSize: z.number().int().optional(),
  total: z.number().int().optional(),
  pageCount: z.number().int().optional(),
})

/**
 * A page of tracked entities: 2.40 puts them under `instances` with flat page fields; 2.41
 * under `trackedEntities` with a `pager` and the deprecated flat fields; 2.42 only `pager`.
 */
export const trackedEntityPageSchema = z
  .looseObject({
    instances: z.array(trackedEntitySchema).optional(),
    trackedEntities: z.array(trackedEntitySchema).optional(),
    pager: pager.optional(),
    page: z.number().int().optional(),
    pageSize: z.number().int().optional(),
    total: z.number().int().optional(),
    pageCount: z.number().int().optional(),
  })
  .refine((p) => p.instances !== undefined || p.trackedEntities !== undefined, {
    message: 'a page holds its items under "instances" (2.40) or "trackedEntities" (2.41+)',
  })

/** A page of events, same three envelope shapes. */
export const eventPageSchema = z
  .looseObject({
    instances: z.array(eventSchema).optional(),
    events: z.array(eventSchema).optional(),
    pager: pager.optional(),
    page: z.number().int().optional(),
    pageSize: z.number().int().optional(),
    total: z.number().int().optional(),
  })
  .refine((p) => p.instances !== undefined || p.events !== undefined, {
    message: 'a page holds its items under "instances" (2.40) or "events" (2.41+)',
  })

/**
 * The nested import payload (`POST /api/tracker`) that bundleToTrackedEntity's result goes into.
 * Stricter than DHIS2: every object carries its UID (DHIS2 would generate missing ones, but a
 * replayed import must address the same objects).
 */
export const nestedImportSchema = z.looseObject({ trackedEntities: z.array(trackedEntitySchema) })
