import { createHash } from 'node:crypto'

/**
 * Time and identifiers as Primero renders them. Record timestamps (`created_at`, `last_updated_at`,
 * transition `created_at`) are Rails `as_json` of a UTC time: ISO 8601 with milliseconds and `Z`
 * (`2019-05-10T05:34:59.514Z`); record history `datetime` has no milliseconds (`2020-04-15T17:18:58Z`);
 * date fields are `YYYY-MM-DD`. The emulated server runs in UTC.
 */
export type Clock = () => Date

export const formatTimestamp = (date: Date): string => date.toISOString()
export const formatHistoryTime = (date: Date): string => date.toISOString().replace(/\.\d{3}Z$/, 'Z')
export const formatDate = (date: Date): string => date.toISOString().slice(0, 10)

/**
 * Wraps a clock so that successive stamps are strictly increasing (1 ms apart at least): two writes in
 * the same millisecond still order correctly for `last_updated_at` cursors. (A real server can produce
 * equal stamps; adapters must not rely on uniqueness, only on order.)
 */
export function monotonicStamper(clock: Clock): () => Date {
  let last = 0
  return () => {
    const now = Math.max(clock().getTime(), last + 1)
    last = now
    return new Date(now)
  }
}

/** A version-4-shaped UUID derived from a label: deterministic ids for seeded records. */
export function deterministicUuid(label: string): string {
  const h = createHash('sha256').update(`primero-emulator:${label}`).digest('hex')
  const variant = ((parseInt(h.slice(16, 17), 16) & 0x3) | 0x8).toString(16)
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`
}

export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
