/**
 * A secret (token, password, database URL with a password) that cannot leak by accident:
 * printing, string interpolation, JSON and `util.inspect` all show `[redacted]`.
 * Only `reveal()` gives the value, at the one place that sends it (an HTTP header, a pool).
 */
import { inspect } from 'node:util'

export const REDACTED = '[redacted]'

export class Secret {
  readonly #value: string

  constructor(value: string) {
    this.#value = value
  }

  reveal(): string {
    return this.#value
  }

  toString(): string {
    return REDACTED
  }

  toJSON(): string {
    return REDACTED
  }

  [inspect.custom](): string {
    return `Secret(${REDACTED})`
  }
}

/**
 * A URL for printing: the password (and any `password=` query parameter) replaced.
 * Unparseable input is not echoed at all, since it may be a secret pasted in the wrong place.
 */
export function redactUrl(url: string): string {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return REDACTED
  }
  if (parsed.password) parsed.password = '***'
  for (const key of [...parsed.searchParams.keys()]) {
    if (/pass|secret|token|key/i.test(key)) parsed.searchParams.set(key, '***')
  }
  return parsed.toString()
}
