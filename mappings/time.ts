/**
 * DHIS2 timestamps carry no zone ("2026-01-05T09:30:00.000", server local time); FHIR
 * dateTime and instant need one once they have a time. The DHIS2 server's zone comes in as a
 * fixed offset (Rwanda, Africa/Kigali, is +02:00 all year), so conversion is pure and exact.
 */

const ZONED = /(Z|[+-]\d{2}:\d{2})$/
const OFFSET = /^[+-]\d{2}:\d{2}$/

export function checkOffset(offset: string): string {
  if (!OFFSET.test(offset)) throw new Error(`time zone offset must look like +02:00, got ${offset}`)
  return offset
}

/** DHIS2 date or timestamp -> FHIR dateTime (dates stay dates; local times get the offset). */
export function toFhirDateTime(value: string, offset: string): string {
  if (value.length <= 10 || ZONED.test(value)) return value
  return value + offset
}

/** DHIS2 timestamp -> FHIR instant (seconds required, zone required). */
export function toFhirInstant(value: string, offset: string): string {
  if (ZONED.test(value)) return value
  if (value.length <= 10) return `${value.slice(0, 10)}T00:00:00${offset}`
  if (value.length === 16) return `${value}:00${offset}`
  return value + offset
}

/** DHIS2 DATE or AGE value -> FHIR date. */
export const toFhirDate = (value: string) => value.slice(0, 10)

const pad = (n: number, width = 2) => String(n).padStart(width, '0')

/** FHIR dateTime/instant -> DHIS2 local timestamp in the server's zone (dates stay dates). */
export function fromFhirDateTime(value: string, offset: string): string {
  if (value.length <= 10) return value
  if (value.endsWith(offset)) return value.slice(0, value.length - offset.length)
  const m = ZONED.exec(value)
  if (!m) return value
  const ms = Date.parse(value)
  if (Number.isNaN(ms)) return value
  const sign = offset[0] === '-' ? -1 : 1
  const shift = sign * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(4, 6))) * 60_000
  const d = new Date(ms + shift)
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)}`
}

/** Whole years between a date of birth and a reference date (both YYYY-MM-DD). */
export function ageInYears(dateOfBirth: string, asOf: string): number {
  const [by, bm, bd] = dateOfBirth.slice(0, 10).split('-').map(Number) as [number, number, number]
  const [ay, am, ad] = asOf.slice(0, 10).split('-').map(Number) as [number, number, number]
  return ay - by - (am < bm || (am === bm && ad < bd) ? 1 : 0)
}
