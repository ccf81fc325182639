/**
 * The FHIR envelope the connector relies on, in zod: resource type and id, Bundle structure,
 * CapabilityStatement basics, OperationOutcome issues. Objects are loose: resource content is the
 * server's to validate, and is handed on whole.
 */
import { z } from 'zod'

export const RESOURCE_TYPE = /^[A-Z][A-Za-z]+$/
/** R4 `id`: 1 to 64 of letters, digits, `-` and `.`. */
export const RESOURCE_ID = /^[A-Za-z0-9\-.]{1,64}$/

export const resourceSchema = z.looseObject({ resourceType: z.string().regex(RESOURCE_TYPE), id: z.string().optional() })

/** `resourceType` must be this one (zod's own message hides the expected value). */
const typeIs = (type: string) => z.literal(type, { error: `expected ${type}` })

export const resourceOf = (type: string) => z.looseObject({ resourceType: typeIs(type), id: z.string().optional() })

export const bundleSchema = z.looseObject({
  resourceType: typeIs('Bundle'),
  type: z.string(),
  total: z.number().int().nonnegative().optional(),
  link: z.array(z.looseObject({ relation: z.string(), url: z.string() })).default([]),
  entry: z
    .array(
      z.looseObject({
        fullUrl: z.string().optional(),
        resource: resourceSchema.optional(),
        search: z.looseObject({ mode: z.string().optional() }).optional(),
        response: z
          .looseObject({
            status: z.string().regex(/^\d{3}\b/, 'must start with an HTTP status code'),
            location: z.string().optional(),
            etag: z.string().optional(),
            lastModified: z.string().optional(),
            outcome: z.unknown().optional(),
          })
          .optional(),
      }),
    )
    .default([]),
})
export type BundleBody = z.infer<typeof bundleSchema>

export const capabilitySchema = z.looseObject({
  resourceType: typeIs('CapabilityStatement'),
  status: z.string(),
  kind: z.string(),
  fhirVersion: z.string(),
  format: z.array(z.string()),
})

export const outcomeSchema = z.looseObject({
  resourceType: typeIs('OperationOutcome'),
  issue: z
    .array(
      z.looseObject({
        severity: z.string().optional(),
        code: z.string(),
        diagnostics: z.string().optional(),
        details: z.looseObject({ text: z.string().optional() }).optional(),
        expression: z.array(z.string()).optional(),
        location: z.array(z.string()).optional(),
      }),
    )
    .default([]),
})

/** `path: message` of the first few issues, for an invalid-response error. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.length ? issue.path.join('.') : '(body)'}: ${issue.message}`)
    .join('; ')
}
