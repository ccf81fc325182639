/**
 * Value conversion at the engine boundary: DHIS2 value types to the engine's
 * four kinds, tracker strings to engine strings, engine results to typed values,
 * and DHIS2 date strings to js-joda LocalDate / Instant.
 */
import { Instant, LocalDate, LocalDateTime, ZonedDateTime, ZoneId } from '@js-joda/core'
import type { ItemValueTypeName, RuleValueTypeName } from './engineModule'
import type { FieldValue } from './types'

const NUMERIC = new Set([
  'NUMBER',
  'INTEGER',
  'INTEGER_POSITIVE',
  'INTEGER_NEGATIVE',
  'INTEGER_ZERO_OR_POSITIVE',
  'PERCENTAGE',
  'UNIT_INTERVAL',
])
const BOOLEAN = new Set(['BOOLEAN', 'TRUE_ONLY'])
const DATE = new Set(['DATE', 'DATETIME', 'AGE'])

/** The engine's kind for a DHIS2 value type; anything unknown is text. */
export function ruleValueKind(valueType: string | undefined): RuleValueTypeName {
  if (valueType === undefined) return 'TEXT'
  if (NUMERIC.has(valueType)) return 'NUMERIC'
  if (BOOLEAN.has(valueType)) return 'BOOLEAN'
  if (DATE.has(valueType)) return 'DATE'
  return 'TEXT'
}

/** The expression validator's kind (its enum says NUMBER where the rule engine says NUMERIC). */
export function itemValueKind(kind: RuleValueTypeName): ItemValueTypeName {
  return kind === 'NUMERIC' ? 'NUMBER' : kind
}

/** The expression parser's ValueType name (STRING where the others say TEXT). */
export function parserValueType(kind: RuleValueTypeName): 'STRING' | 'NUMBER' | 'BOOLEAN' | 'DATE' {
  if (kind === 'TEXT') return 'STRING'
  if (kind === 'NUMERIC') return 'NUMBER'
  return kind
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/
const ZONED = /(Z|[+-]\d{2}:?\d{2})$/

function normaliseDateTime(text: string): string {
  const withT = text.trim().replace(' ', 'T')
  // +0200 -> +02:00, which js-joda's ISO parser needs
  return withT.replace(/([+-]\d{2})(\d{2})$/, '$1:$2')
}

/**
 * A DHIS2 date or date-time as a LocalDate. `YYYY-MM-DD` and local date-times keep
 * their calendar date; date-times with an offset are moved to the system zone,
 * as the engine reads instants in the system zone.
 */
export function toLocalDate(text: string): LocalDate {
  const trimmed = text.trim()
  if (DATE_ONLY.test(trimmed)) return LocalDate.parse(trimmed)
  const iso = normaliseDateTime(trimmed)
  if (ZONED.test(iso)) return ZonedDateTime.parse(iso).withZoneSameInstant(ZoneId.systemDefault()).toLocalDate()
  return LocalDateTime.parse(iso).toLocalDate()
}

/**
 * A DHIS2 date-time as an Instant. Local date-times (what /api/tracker returns) are
 * placed in the system zone, because the engine turns instants back into dates
 * (V{event_date}) in the system zone; a UTC reading would shift dates west of UTC.
 */
export function toInstant(text: string): Instant {
  const trimmed = text.trim()
  if (DATE_ONLY.test(trimmed)) return LocalDate.parse(trimmed).atStartOfDay(ZoneId.systemDefault()).toInstant()
  const iso = normaliseDateTime(trimmed)
  if (ZONED.test(iso)) return ZonedDateTime.parse(iso).toInstant()
  return LocalDateTime.parse(iso).atZone(ZoneId.systemDefault()).toInstant()
}

export function isValidDate(text: string): boolean {
  try {
    toLocalDate(text)
    return true
  } catch {
    return false
  }
}

export type EngineValue = { ok: true; value: string } | { ok: false; reason: string } | { ok: 'empty' }

/**
 * A tracker value (always text in /api/tracker) as the engine wants it for a field
 * of `valueType`: numbers normalised, booleans lower-case, dates and date-times cut
 * to `YYYY-MM-DD` (the engine cannot coerce a date-time to a date), TRUE_ONLY values
 * other than true dropped. Option codes pass unchanged (the engine maps codes to names).
 */
export function toEngineValue(raw: string | null | undefined, valueType: string | undefined): EngineValue {
  if (raw === null || raw === undefined) return { ok: 'empty' }
  const text = String(raw).trim()
  if (text === '') return { ok: 'empty' }
  switch (ruleValueKind(valueType)) {
    case 'NUMERIC': {
      const number = Number(text)
      return Number.isFinite(number) ? { ok: true, value: String(number) } : { ok: false, reason: `'${text}' is not a number` }
    }
    case 'BOOLEAN': {
      const lower = text.toLowerCase()
      if (lower === 'true') return { ok: true, value: 'true' }
      if (lower === 'false') return valueType === 'TRUE_ONLY' ? { ok: 'empty' } : { ok: true, value: 'false' }
      return { ok: false, reason: `'${text}' is not a boolean` }
    }
    case 'DATE':
      try {
        return { ok: true, value: toLocalDate(text).toString() }
      } catch {
        return { ok: false, reason: `'${text}' is not a date` }
      }
    case 'TEXT':
      return { ok: true, value: text }
  }
}

export interface OptionCodeName {
  code: string
  name: string
}

/**
 * An engine result (always text) converted to the value type of the field it is
 * assigned to; null means "clear the field" or "not a valid value for it".
 * For option-set fields, option names are resolved to codes.
 */
export function toFieldValue(
  data: string | null,
  valueType: string | undefined,
  options: readonly OptionCodeName[] | undefined,
): FieldValue {
  if (data === null || data === '') return null
  if (options && options.length > 0) {
    const byCode = options.find((option) => option.code === data)
    if (byCode) return convertScalar(byCode.code, valueType)
    const byName = options.find((option) => option.name === data)
    return byName ? convertScalar(byName.code, valueType) : null
  }
  return convertScalar(data, valueType)
}

function convertScalar(text: string, valueType: string | undefined): FieldValue {
  switch (ruleValueKind(valueType)) {
    case 'NUMERIC': {
      const number = Number(text)
      return Number.isFinite(number) ? number : null
    }
    case 'BOOLEAN':
      if (text === 'true') return true
      if (text === 'false') return valueType === 'TRUE_ONLY' ? null : false
      return null
    case 'DATE':
      if (valueType === 'DATETIME') return text
      return isValidDate(text) ? toLocalDate(text).toString() : null
    case 'TEXT':
      return text
  }
}
