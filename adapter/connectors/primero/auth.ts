/**
 * The Authorization header for each request: Basic, a fixed bearer token, or a bearer token from
 * `POST /api/v2/tokens` (one login shared by concurrent requests, renewed once after a 401).
 */
import type { PrimeroAuth } from './types'

export interface Credentials {
  /** The header value for the next request (logs in first when needed). */
  header(): Promise<string>
  /** After a 401 answered to `used`: forget that token; true when a new login may help. */
  renew(used: string): boolean
  /** Strings to scrub from anything printed. */
  secrets(): string[]
}

/** Logs in with user name and password and returns the token; failures are ConnectorErrors. */
export type Login = (userName: string, password: string) => Promise<string>

export function createCredentials(auth: PrimeroAuth, login: Login): Credentials {
  if ('token' in auth) {
    if (!auth.token) throw new TypeError('Primero auth.token is empty')
    return { header: async () => `Bearer ${auth.token}`, renew: () => false, secrets: () => [auth.token] }
  }
  if (!auth.username || !auth.password) throw new TypeError('Primero auth needs a username and a password')
  if (auth.scheme !== 'token') {
    const encoded = Buffer.from(`${auth.username}:${auth.password}`).toString('base64')
    return { header: async () => `Basic ${encoded}`, renew: () => false, secrets: () => [auth.password, encoded] }
  }

  let token: Promise<string> | undefined
  let current: string | undefined
  return {
    header() {
      token ??= login(auth.username, auth.password).then(
        (value) => (current = value),
        (error: unknown) => {
          token = undefined // the next request tries again
          throw error
        },
      )
      return token.then((value) => `Bearer ${value}`)
    },
    renew(used) {
      if (used !== `Bearer ${current}`) return true // another request already logged in again
      token = undefined
      current = undefined
      return true
    },
    secrets: () => [auth.password, ...(current ? [current] : [])],
  }
}
