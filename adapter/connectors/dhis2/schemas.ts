/**
 * The DHIS2 Web API contract as far as the connector relies on it, in zod. Objects are loose
 * (unknown keys kept): DHIS2 adds fields between releases, and tracker items are handed on whole.
 * Shapes checked against ../shared/reference/dhis2 (2.40-2.42 envelopes, import reports).
 */
import { z } from 'zod'

const count = z.number().int().nonnegative()

export const statsSchema = z.looseObject({
  created: count.default(0),
  updated: count.default(0),
  deleted: count.default(0),
  ignored: count.default(0),
  total: count.default(0),
})

/** `{httpStatus, httpStatusCode, status, message, devMessage?, errorCode?, response?}`. */
export const webMessageSchema = z.looseObject({
  httpStatus: z.string().optional(),
  httpStatusCode: z.number().optional(),
  status: z.string().optional(),
  message: z.string().optional(),
  devMessage: z.string().optional(),
  errorCode: z.string().optional(),
  response: z.unknown().optional(),
})

export const systemInfoSchema = z.looseObject({
  version: z.string(),
  serverTimeZoneId: z.string(),
  serverDate: z.string(),
  revision: z.string().optional(),
  systemId: z.string().optional(),
  systemName: z.string().optional(),
})

// ---- tracker ----

const trackerIssueSchema = z.looseObject({
  errorCode: z.string(),
  message: z.string(),
  trackerType: z.string().optional(),
  uid: z.string().optional(),
})

export const trackerReportSchema = z.looseObject({
  status: z.enum(['OK', 'WARNING', 'ERROR']),
  validationReport: z
    .looseObject({
      errorReports: z.array(trackerIssueSchema).default([]),
      warningReports: z.array(trackerIssueSchema).default([]),
    })
    .optional(),
  stats: statsSchema,
  bundleReport: z
    .looseObject({
      typeReportMap: z
        .record(
          z.string(),
          z.looseObject({
            trackerType: z.string().optional(),
            objectReports: z.array(z.looseObject({ trackerType: z.string().optional(), uid: z.string() })).default([]),
          }),
        )
        .default({}),
    })
    .optional(),
})
export type TrackerReportBody = z.infer<typeof trackerReportSchema>

/** The answer to an async `POST /api/tracker`: a WebMessage whose response names the job. */
export const jobAddedSchema = z.looseObject({ response: z.looseObject({ id: z.string().min(1) }) })

/** `GET /api/tracker/jobs/{id}`: notifications, newest first. */
export const jobNotificationsSchema = z.array(
  z.looseObject({ message: z.string().optional(), completed: z.boolean().optional(), level: z.string().optional() }),
)

// ---- metadata ----

const metadataErrorSchema = z.looseObject({
  errorCode: z.string(),
  message: z.string(),
  mainKlass: z.string().optional(),
  errorKlass: z.string().optional(),
  errorProperty: z.string().optional(),
  mainId: z.string().optional(),
})

export const metadataReportSchema = z.looseObject({
  status: z.enum(['OK', 'WARNING', 'ERROR']),
  stats: statsSchema,
  typeReports: z
    .array(
      z.looseObject({
        klass: z.string(),
        stats: statsSchema,
        objectReports: z
          .array(
            z.looseObject({
              uid: z.string().optional(),
              index: z.number().optional(),
              errorReports: z.array(metadataErrorSchema).default([]),
            }),
          )
          .default([]),
      }),
    )
    .default([]),
})
export type MetadataReportBody = z.infer<typeof metadataReportSchema>

// ---- aggregate data ----

export const importSummarySchema = z.looseObject({
  status: z.enum(['SUCCESS', 'WARNING', 'ERROR']),
  description: z.string().optional(),
  importCount: z.looseObject({ imported: count, updated: count, ignored: count, deleted: count }),
  conflicts: z
    .array(
      z.looseObject({
        object: z.string().optional(),
        objects: z.record(z.string(), z.string()).optional(),
        value: z.string(),
        errorCode: z.string().optional(),
        property: z.string().optional(),
        indexes: z.array(z.number()).optional(),
      }),
    )
    .default([]),
  rejectedIndexes: z.array(z.number()).default([]),
})
export type ImportSummaryBody = z.infer<typeof importSummarySchema>

// ---- exports ----

const itemsSchema = z.array(z.record(z.string(), z.unknown()))
const pagerSchema = z.looseObject({
  page: z.number().int().positive(),
  pageSize: z.number().int().positive(),
  total: z.number().optional(),
  pageCount: z.number().optional(),
})
const envelopeSchema = z.looseObject({
  instances: z.unknown().optional(),
  pager: pagerSchema.optional(),
  page: z.number().int().positive().optional(),
  pageSize: z.number().int().positive().optional(),
  total: z.number().optional(),
})

/**
 * One list page in any version's envelope: 2.40 `{page, pageSize, total?, instances}`, 2.41
 * `{pager, page, pageSize, <entity>}`, 2.42 `{pager, <entity>}`; read as items + paging. The items
 * array is required: a page without one breaks the contract.
 */
export function pageSchema(entity: string) {
  return envelopeSchema.transform((body, ctx) => {
    const key = entity in body ? entity : 'instances'
    const raw: unknown = entity in body ? (body as Record<string, unknown>)[entity] : body.instances
    const items = itemsSchema.safeParse(raw)
    if (!items.success) {
      const message = raw === undefined ? `no items: neither \`${entity}\` nor \`instances\`` : 'items must be JSON objects'
      ctx.addIssue({ code: 'custom', message, path: [key] })
      return z.NEVER
    }
    return {
      items: items.data,
      page: body.pager?.page ?? body.page,
      pageSize: body.pager?.pageSize ?? body.pageSize,
      total: body.pager?.total ?? body.total,
    }
  })
}

/** Reads a WebMessage's `response` when the body is one (2.38+), else the body itself (older releases). */
export function unwrapResponse(body: unknown): unknown {
  const message = webMessageSchema.safeParse(body)
  if (message.success && typeof message.data.response === 'object' && message.data.response !== null) return message.data.response
  return body
}

/** `path: message` of the first few issues, for an invalid-response error. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.length ? issue.path.join('.') : '(body)'}: ${issue.message}`)
    .join('; ')
}
