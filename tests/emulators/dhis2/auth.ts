import type { EmulatorResponse, EmulatorUser, ResolvedUser } from './types'
import { generateUid } from './uid'
import { errorResponse } from './webMessage'

/**
 * Basic auth and personal access tokens (`Authorization: ApiToken d2pat_...`). No sessions, cookies,
 * OAuth2 or token expiry/IP/referrer restrictions. The 401 texts are dhis2-core's usual ones but
 * were not compared with a live server.
 */
export const DEFAULT_USER: EmulatorUser = {
  uid: 'M5zQapPyTZI',
  username: 'admin',
  password: 'district',
  firstName: 'admin',
  surname: 'admin',
  authorities: ['ALL'],
}

export function resolveUsers(users: EmulatorUser[] | undefined): ResolvedUser[] {
  return (users ?? [DEFAULT_USER]).map((u) => ({
    uid: u.uid ?? generateUid(),
    username: u.username,
    password: u.password,
    tokens: u.tokens ?? [],
    firstName: u.firstName ?? u.username,
    surname: u.surname ?? '',
    authorities: u.authorities ?? [],
    organisationUnits: u.organisationUnits ?? [],
    teiSearchOrganisationUnits: u.teiSearchOrganisationUnits ?? [],
    dataViewOrganisationUnits: u.dataViewOrganisationUnits ?? u.organisationUnits ?? [],
  }))
}

/** `Authorization` header value for Basic auth, for tests. */
export const basicAuth = (username: string, password: string): string => `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`

export type AuthResult = { user: ResolvedUser } | { response: EmulatorResponse }

const UNAUTHORIZED_HEADERS = { 'www-authenticate': 'Basic realm="DHIS2"' }

export function authenticate(users: ResolvedUser[], authorization: string | undefined): AuthResult {
  const [scheme = '', credentials = ''] = (authorization ?? '').trim().split(/\s+/, 2)
  if (scheme.toLowerCase() === 'basic') {
    const decoded = Buffer.from(credentials, 'base64').toString('utf8')
    const colon = decoded.indexOf(':')
    const [username, password] = [decoded.slice(0, colon), decoded.slice(colon + 1)]
    const user = users.find((u) => u.username === username && u.password !== undefined && u.password === password)
    if (colon > 0 && user) return { user }
  } else if (scheme.toLowerCase() === 'apitoken') {
    const user = users.find((u) => u.tokens.includes(credentials))
    if (user) return { user }
    return { response: errorResponse(401, 'The API token does not exist', { headers: UNAUTHORIZED_HEADERS }) }
  }
  return { response: errorResponse(401, 'Unauthorized', { headers: UNAUTHORIZED_HEADERS }) }
}
