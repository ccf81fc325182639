import { createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto'
import { isObject, json } from './http'
import type { EmulatorResponse, PrimeroUser, PrimeroUserInput } from './types'
import { MODULE_CP, MODULE_GBV } from './types'

/**
 * Authentication as far as emulated:
 * - `Authorization: Bearer <jwt>` from `POST /api/v2/tokens` (devise-jwt; HS256, 60 minutes, `sub` = user id;
 *   `DELETE /api/v2/tokens` revokes it). The reply is `{id, user_name, token}` plus an `Authorization:
 *   Bearer` header, as Api::V2::TokensController answers with native authentication.
 * - `Authorization: Basic` (Devise `http_authenticatable`), which CPIMS+ deployments enable for integrations.
 *   Primero's published docs only describe bearer tokens, so whether Basic works depends on the deployment.
 * Failures are Devise's: `401 {"error": "..."}` (not the `errors[]` envelope). Messages: "Invalid User name
 * or password." (the published token-401 sample) for wrong credentials, "You need to sign in or sign up
 * before continuing." without credentials; JWT failure texts are ruby-jwt's, not compared with a live server.
 * Not emulated: identity providers (Azure B2C, Keycloak), cookies, password rules, lockout, user disabling,
 * roles and permissions (every user may do everything to every case: no 403 is ever produced).
 */
export const DEFAULT_USERS: PrimeroUserInput[] = [
  { user_name: 'primero', password: 'primer0!', agency: 'agency-unicef', modules: [MODULE_CP, MODULE_GBV], full_name: 'System Superuser' },
  { user_name: 'primero_cp', password: 'primer0!', agency: 'agency-cp-partner', modules: [MODULE_CP], full_name: 'CP Worker' },
  { user_name: 'primero_gbv', password: 'primer0!', agency: 'agency-gbv-partner', modules: [MODULE_GBV], full_name: 'GBV Worker' },
]

export const INVALID_CREDENTIALS = 'Invalid User name or password.'
export const UNAUTHENTICATED = 'You need to sign in or sign up before continuing.'
const TOKEN_LIFETIME_SECONDS = 60 * 60

export function resolveUsers(users: PrimeroUserInput[] | undefined): PrimeroUser[] {
  return (users ?? DEFAULT_USERS).map((u, i) => ({
    id: i + 1,
    user_name: u.user_name.trim().toLowerCase(), // Devise case_insensitive_keys / strip_whitespace_keys
    password: u.password,
    agency: u.agency,
    modules: u.modules ?? [MODULE_CP],
    full_name: u.full_name ?? u.user_name,
  }))
}

/** `Authorization` header value for Basic auth, for tests. */
export const basicAuth = (userName: string, password: string): string => `Basic ${Buffer.from(`${userName}:${password}`).toString('base64')}`

const b64url = (data: Buffer | string): string => Buffer.from(data).toString('base64url')
const unauthorized = (error: string, basic = false): { response: EmulatorResponse } => ({
  response: json(401, { error }, basic ? { 'www-authenticate': 'Basic realm="Application"' } : {}),
})

export class Authenticator {
  private readonly secret = randomBytes(32)
  private readonly revoked = new Set<string>()

  constructor(
    readonly users: readonly PrimeroUser[],
    private readonly now: () => Date,
  ) {}

  findByCredentials(userName: unknown, password: unknown): PrimeroUser | undefined {
    if (typeof userName !== 'string' || typeof password !== 'string') return undefined
    return this.users.find((u) => u.user_name === userName.trim().toLowerCase() && u.password === password)
  }

  issueToken(user: PrimeroUser): string {
    const iat = Math.floor(this.now().getTime() / 1000)
    const header = b64url(JSON.stringify({ alg: 'HS256' }))
    const payload = b64url(JSON.stringify({ sub: String(user.id), scp: 'user', aud: null, iat, exp: iat + TOKEN_LIFETIME_SECONDS, jti: randomUUID() }))
    const signature = b64url(createHmac('sha256', this.secret).update(`${header}.${payload}`).digest())
    return `${header}.${payload}.${signature}`
  }

  /** Returns the user, or the reason the token is refused (ruby-jwt / warden-jwt_auth messages). */
  verifyToken(token: string): { user: PrimeroUser; jti: string } | { error: string } {
    const [header = '', payload = '', signature = ''] = token.split('.')
    const expected = createHmac('sha256', this.secret).update(`${header}.${payload}`).digest()
    const given = Buffer.from(signature, 'base64url')
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { error: 'Signature verification failed' }
    let claims: unknown
    try {
      claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'))
    } catch {
      return { error: 'Invalid segment encoding' }
    }
    if (!isObject(claims)) return { error: 'Invalid segment encoding' }
    if (typeof claims.exp !== 'number' || claims.exp * 1000 <= this.now().getTime()) return { error: 'Signature has expired' }
    const jti = String(claims.jti)
    if (this.revoked.has(jti)) return { error: 'revoked token' }
    const user = this.users.find((u) => String(u.id) === claims.sub)
    return user ? { user, jti } : { error: UNAUTHENTICATED }
  }

  revoke(jti: string): void {
    this.revoked.add(jti)
  }

  authenticate(authorization: string | undefined): { user: PrimeroUser; jti?: string } | { response: EmulatorResponse } {
    const [scheme = '', credentials = ''] = (authorization ?? '').trim().split(/\s+/, 2)
    if (scheme.toLowerCase() === 'bearer' && credentials) {
      const verified = this.verifyToken(credentials)
      return 'error' in verified ? unauthorized(verified.error) : verified
    }
    if (scheme.toLowerCase() === 'basic' && credentials) {
      const decoded = Buffer.from(credentials, 'base64').toString('utf8')
      const colon = decoded.indexOf(':')
      const user = colon > 0 ? this.findByCredentials(decoded.slice(0, colon), decoded.slice(colon + 1)) : undefined
      return user ? { user } : unauthorized(INVALID_CREDENTIALS, true)
    }
    return unauthorized(UNAUTHENTICATED)
  }

  /** `POST /api/v2/tokens` with `{user: {user_name, password}}` (or a still valid bearer token, to refresh). */
  login(body: unknown, authorization: string | undefined): EmulatorResponse {
    let user: PrimeroUser | undefined
    const credentials = isObject(body) && isObject(body.user) ? body.user : undefined
    if (credentials) user = this.findByCredentials(credentials.user_name, credentials.password)
    else if (/^bearer\s/i.test(authorization ?? '')) {
      const auth = this.authenticate(authorization)
      if ('user' in auth) user = auth.user
    }
    if (!user) return json(401, { error: INVALID_CREDENTIALS })
    const token = this.issueToken(user)
    return json(200, { id: user.id, user_name: user.user_name, token }, { authorization: `Bearer ${token}` })
  }
}
