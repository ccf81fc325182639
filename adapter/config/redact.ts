/**
 * `redactConfig`: the configuration as plain JSON for printing (`cpcm config show`, logs at
 * start-up). Secrets become `[redacted]`; the database URL keeps host, port and database but
 * loses its password, so an operator can still see where the adapter is pointed.
 */
import { REDACTED, Secret, redactUrl } from './secret'
import type { Config } from './types'

export type Redacted<T> = T extends Secret
  ? string
  : T extends Array<infer U>
    ? Array<Redacted<U>>
    : T extends object
      ? { [K in keyof T]: Redacted<T[K]> }
      : T

function redactValue(value: unknown): unknown {
  if (value instanceof Secret) return REDACTED
  if (Array.isArray(value)) return value.map(redactValue)
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactValue(v)]))
  }
  return value
}

export function redactConfig(config: Config): Redacted<Config> {
  const out = redactValue(config) as Redacted<Config>
  if (config.databaseUrl) out.databaseUrl = redactUrl(config.databaseUrl.reveal())
  return out
}
