import type { EmulatorResponse, JsonObject } from './types'

/**
 * Response bodies as Primero's API renders them.
 * - Records and transitions: `{data: ...}`; case lists and record history add `metadata: {total, per, page}`.
 * - Errors (ErrorService + `api/v2/errors`): `{errors: [{status, resource, detail?, message}]}` where
 *   `resource` is the request path. The published docs sometimes show `code` instead of `status`; the
 *   jbuilder view writes `status`. For ActiveRecord validation errors Primero puts one error per field,
 *   `detail` = the field name and `message` = that field's list of messages (an array of strings, not a
 *   string); for JSON-schema failures `message` = "Invalid Record JSON" and `detail` = the list of JSON
 *   pointers (`["/age"]`). Adapters must accept both.
 * - Authentication failures come from Devise, not ErrorService: `401 {"error": "..."}`.
 */
export function json(status: number, body: unknown, headers: Record<string, string> = {}): EmulatorResponse {
  return { status, headers: { 'content-type': 'application/json; charset=utf-8', ...headers }, body }
}

export const noContent = (): EmulatorResponse => ({ status: 204, headers: {} })

export interface ErrorEntry {
  status: number
  resource: string
  detail?: unknown
  message: unknown
}

export function errorsBody(entries: ErrorEntry[]): JsonObject {
  return {
    errors: entries.map(({ status, resource, detail, message }) =>
      detail === undefined ? { status, resource, message } : { status, resource, detail, message },
    ),
  }
}

export function errorResponse(status: number, resource: string, message: unknown, detail?: unknown, headers: Record<string, string> = {}): EmulatorResponse {
  return json(status, errorsBody([{ status, resource, detail, message }]), headers)
}

/** ActiveRecord::RecordNotFound, as ErrorService renders it (detail = the exception message). */
export const notFound = (resource: string, model: string, id: string): EmulatorResponse =>
  errorResponse(404, resource, 'Not Found', `Couldn't find ${model} with 'id'=${id}`)

/** ActiveRecord::RecordInvalid: one error per invalid field, `message` = the field's messages. */
export const recordInvalid = (resource: string, fields: Record<string, string[]>): EmulatorResponse =>
  json(422, errorsBody(Object.entries(fields).map(([detail, message]) => ({ status: 422, resource, detail, message }))))

/** Errors::InvalidRecordJson (json_schemer failure): detail = JSON pointers of the invalid properties. */
export const invalidRecordJson = (resource: string, pointers: string[]): EmulatorResponse =>
  errorResponse(422, resource, 'Invalid Record JSON', pointers)

/** ActionController::ParameterMissing (`params.require(:data)`). */
export const parameterMissing = (resource: string, name: string): EmulatorResponse =>
  errorResponse(422, resource, `param is missing or the value is empty: ${name}`)

/** Thrown inside handlers to answer with a ready response (as Rails' `rescue_from` does). */
export class ApiError extends Error {
  constructor(readonly response: EmulatorResponse) {
    super(`Primero emulator answered ${response.status}`)
  }
}

/** Drops null/undefined values recursively, like Ruby's `compact_deep` on the stored jsonb. */
export function compactDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.filter((v) => v !== null && v !== undefined).map(compactDeep)
  if (typeof value === 'object' && value !== null) {
    const out: JsonObject = {}
    for (const [k, v] of Object.entries(value)) if (v !== null && v !== undefined) out[k] = compactDeep(v)
    return out
  }
  return value
}

export const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v)
export const clone = <T>(v: T): T => structuredClone(v)
