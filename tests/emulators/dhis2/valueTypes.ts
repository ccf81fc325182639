import { normalizeTimestamp } from './clock'
import { isValidUid } from './uid'

/**
 * Value-type checks for attribute and data values, returning the error keys dhis2-core's
 * `ValidationUtils.valueIsValid` returns (`value_not_integer`, ...), or undefined when valid.
 * Not emulated: file resources and images are checked for UID form only (no file store),
 * ORGANISATION_UNIT values are not checked against the hierarchy, USERNAME is not looked up,
 * GEOJSON only needs to be a JSON object with a `type`.
 */
const MAX_TEXT = 50000

const INTEGER = /^(0|-?[1-9]\d*)$/
const NUMBER = /^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/
const PHONE = /^[0-9+\-() ]{1,50}$/
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/
const COORDINATE = /^\[\s*-?\d+(\.\d+)?\s*,\s*-?\d+(\.\d+)?\s*\]$/

function isNumber(v: string): boolean {
  return NUMBER.test(v) && Number.isFinite(Number(v))
}

export function valueTypeError(valueType: string | undefined, value: string): string | undefined {
  switch (valueType) {
    case undefined:
    case 'TEXT':
    case 'LONG_TEXT':
    case 'MULTI_TEXT':
      return value.length > MAX_TEXT ? 'value_length_greater_than_max_length' : undefined
    case 'LETTER':
      return /^[A-Za-z]$/.test(value) ? undefined : 'value_not_valid_letter'
    case 'NUMBER':
      return isNumber(value) ? undefined : 'value_not_numeric'
    case 'UNIT_INTERVAL':
      return isNumber(value) && Number(value) >= 0 && Number(value) <= 1 ? undefined : 'value_not_unit_interval'
    case 'PERCENTAGE':
      return isNumber(value) && Number(value) >= 0 && Number(value) <= 100 ? undefined : 'value_not_percentage'
    case 'INTEGER':
      return INTEGER.test(value) ? undefined : 'value_not_integer'
    case 'INTEGER_POSITIVE':
      return INTEGER.test(value) && Number(value) > 0 ? undefined : 'value_not_positive_integer'
    case 'INTEGER_NEGATIVE':
      return INTEGER.test(value) && Number(value) < 0 ? undefined : 'value_not_negative_integer'
    case 'INTEGER_ZERO_OR_POSITIVE':
      return INTEGER.test(value) && Number(value) >= 0 ? undefined : 'value_not_zero_or_positive_integer'
    case 'BOOLEAN':
      return value === 'true' || value === 'false' ? undefined : 'value_not_bool'
    case 'TRUE_ONLY':
      return value === 'true' ? undefined : 'value_not_true_only'
    case 'DATE':
    case 'AGE':
      return /^\d{4}-\d{2}-\d{2}/.test(value) && normalizeTimestamp(value) !== undefined ? undefined : 'value_not_valid_date'
    case 'DATETIME':
      return normalizeTimestamp(value) !== undefined ? undefined : 'value_not_valid_datetime'
    case 'TIME':
      return TIME.test(value) ? undefined : 'value_not_valid_time'
    case 'EMAIL':
      return EMAIL.test(value) ? undefined : 'value_not_valid_email'
    case 'PHONE_NUMBER':
      return PHONE.test(value) ? undefined : 'value_not_valid_phone_number'
    case 'URL':
      return /^https?:\/\/\S+$/.test(value) ? undefined : 'value_not_url'
    case 'COORDINATE':
      return COORDINATE.test(value) ? undefined : 'value_not_coordinate'
    case 'FILE_RESOURCE':
    case 'IMAGE':
      return isValidUid(value) ? undefined : 'value_not_valid_file_resource_uid'
    case 'ORGANISATION_UNIT':
    case 'TRACKER_ASSOCIATE':
      return isValidUid(value) ? undefined : 'value_not_valid_uid'
    case 'GEOJSON':
      try {
        const parsed: unknown = JSON.parse(value)
        return typeof parsed === 'object' && parsed !== null && 'type' in parsed ? undefined : 'value_not_valid_geojson'
      } catch {
        return 'value_not_valid_geojson'
      }
    default:
      return undefined
  }
}

/** Values arrive as strings; DHIS2 also accepts JSON numbers/booleans and stores their text. */
export function valueAsString(value: unknown): string | null | undefined {
  if (value === null) return null
  if (value === undefined) return undefined
  if (typeof value === 'string') return value
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  return JSON.stringify(value)
}
