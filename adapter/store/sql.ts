/**
 * The one identifier that is placed into SQL text: the schema name. It is checked against a
 * strict pattern and quoted; every value goes in as a bound parameter.
 */
import { StoreError } from './errors'

export const DEFAULT_SCHEMA = 'cpcm'

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/

/** `cpcm` -> `"cpcm"`, or a StoreError for anything but lower-case letters, digits and `_`. */
export function quoteSchema(name: string): string {
  if (!SCHEMA_NAME.test(name) || name.startsWith('pg_')) {
    throw new StoreError(`schema name ${JSON.stringify(name)} must be 1 to 63 lower-case letters, digits or _, not starting with a digit or pg_`)
  }
  return `"${name}"`
}

/** Replace the `:SCHEMA` placeholder of a migration with the quoted schema. */
export function withSchema(sql: string, quotedSchema: string): string {
  return sql.replace(/:SCHEMA\b/g, quotedSchema)
}

/** Errors are stored and printed: keep them bounded. */
export function clip(text: string, max = 2000): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text
}
