/**
 * Timestamps as DHIS2 renders them: server-local time without a zone, millisecond precision
 * (`2024-03-19T13:18:16.370`). The emulated server runs in `Etc/UTC`, so local time is UTC.
 */
export type Clock = () => Date

const pad = (n: number, width = 2): string => String(n).padStart(width, '0')

export function formatTimestamp(date: Date): string {
  return (
    `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}` +
    `T${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}.${pad(date.getUTCMilliseconds(), 3)}`
  )
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/
const HAS_ZONE = /(Z|[+-]\d{2}:?\d{2})$/

/**
 * Parses an ISO-8601 date or date-time as DHIS2 accepts it on import (with or without zone, `+0000` too)
 * and renders it zone-less in server time. Returns undefined when the value is not a date.
 */
export function normalizeTimestamp(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.trim() === '') return undefined
  const text = value.trim()
  let iso: string
  if (DATE_ONLY.test(text)) iso = `${text}T00:00:00.000Z`
  else if (HAS_ZONE.test(text)) iso = text.replace(/([+-]\d{2})(\d{2})$/, '$1:$2')
  else iso = `${text}Z`
  const parsed = new Date(iso)
  return Number.isNaN(parsed.getTime()) ? undefined : formatTimestamp(parsed)
}

/** Parses a query-parameter date (`updatedAfter=2024-01-01` or a date-time) to epoch millis. */
export function parseQueryDate(value: string | null): number | undefined {
  const normalized = normalizeTimestamp(value ?? undefined)
  return normalized === undefined ? undefined : Date.parse(`${normalized}Z`)
}

export const timestampMillis = (timestamp: string): number => Date.parse(`${timestamp}Z`)

/**
 * Wraps a clock so that successive stamps are strictly increasing (1 ms apart at least):
 * two writes in the same millisecond still order correctly for `updatedAfter` cursors.
 */
export function monotonicStamper(clock: Clock): () => string {
  let last = 0
  return () => {
    const now = Math.max(clock().getTime(), last + 1)
    last = now
    return formatTimestamp(new Date(now))
  }
}
