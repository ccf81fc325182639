/**
 * Store errors meant for the user: one line, no stack trace needed, never a password.
 * Database errors from queries (bugs, constraint violations) are passed through as they are.
 */

export class StoreError extends Error {
  override name = 'StoreError'
}

/** The database could not be opened: `cannot connect to PostgreSQL at 127.0.0.1:5433: connection refused`. */
export class StoreOpenError extends StoreError {
  override name = 'StoreOpenError'
}

/** A write contradicts what is stored, e.g. a link to a different remote id. */
export class StoreConflictError extends StoreError {
  override name = 'StoreConflictError'
}

/** Migrations cannot run: the schema is newer than this program, or an applied migration was edited. */
export class MigrationError extends StoreError {
  override name = 'MigrationError'
}

const NETWORK: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host not found (DNS lookup failed)',
  ETIMEDOUT: 'timed out',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ECONNRESET: 'connection reset',
}

interface ErrorLike {
  code?: unknown
  message?: unknown
  errors?: unknown
}

/** Why a connection failed, in a few words; node's AggregateError (IPv4 and IPv6 tried) included. */
export function connectionFailureReason(error: unknown): string {
  const e = (error ?? {}) as ErrorLike
  const first = Array.isArray(e.errors) ? (e.errors[0] as ErrorLike | undefined) : undefined
  const code = typeof e.code === 'string' ? e.code : typeof first?.code === 'string' ? first.code : undefined
  if (code && NETWORK[code]) return NETWORK[code]
  const message = typeof e.message === 'string' ? e.message : String(error)
  if (/timeout/i.test(message)) return 'timed out'
  return message.split('\n')[0] ?? 'unknown error'
}

/** Remove every occurrence of the given secrets from a message. */
export function scrub(message: string, secrets: ReadonlyArray<string | undefined>): string {
  return secrets.reduce<string>((text, s) => (s && s.length >= 3 ? text.split(s).join('***') : text), message)
}

/** A data-folder failure in a few words. */
export function fsFailureReason(error: unknown): string {
  const code = (error as { code?: unknown }).code
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return 'permission denied'
    case 'EROFS':
      return 'read-only file system'
    case 'ENOTDIR':
      return 'part of the path is a file'
    case 'EEXIST':
      return 'a file is in the way'
    case 'ENOSPC':
      return 'no space left on device'
    default:
      return typeof code === 'string' ? code : String((error as Error).message ?? error)
  }
}
