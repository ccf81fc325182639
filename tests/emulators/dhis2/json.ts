import type { JsonObject } from './types'

/** Small readers for untrusted JSON. */
export const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v)

export const asObject = (v: unknown): JsonObject => (isObject(v) ? v : {})

export const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : [])

export const objects = (v: unknown): JsonObject[] => asArray(v).filter(isObject)

export const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined)

/** A metadata reference: `{ "id": "..." }` or a bare UID string (tracker payloads use bare UIDs). */
export function refId(v: unknown): string | undefined {
  if (typeof v === 'string') return v === '' ? undefined : v
  if (isObject(v)) return str(v.id)
  return undefined
}

export const clone = <T>(v: T): T => structuredClone(v)
