/**
 * Shared types of the DHIS2 Web API emulator (tests only, never shipped).
 * The core speaks plain requests and responses; the msw and node:http transports translate.
 */
export type Dhis2Version = '2.40' | '2.41' | '2.42'
export const SUPPORTED_VERSIONS: readonly Dhis2Version[] = ['2.40', '2.41', '2.42']

export type JsonObject = Record<string, unknown>

/** A user the emulator accepts (Basic auth with `password`, or `ApiToken` with one of `tokens`). */
export interface EmulatorUser {
  uid?: string
  username: string
  password?: string
  /** Personal access tokens accepted as `Authorization: ApiToken <token>`. */
  tokens?: string[]
  firstName?: string
  surname?: string
  /** `ALL` bypasses org unit scopes, as in DHIS2. `F_TEI_CASCADE_DELETE`, `F_ENROLLMENT_CASCADE_DELETE` gate cascades. */
  authorities?: string[]
  /** Capture (data entry) scope: org unit UIDs, descendants included. */
  organisationUnits?: string[]
  /** Search scope; defaults to the capture scope. */
  teiSearchOrganisationUnits?: string[]
  dataViewOrganisationUnits?: string[]
}

export interface ResolvedUser {
  uid: string
  username: string
  password?: string
  tokens: string[]
  firstName: string
  surname: string
  authorities: string[]
  organisationUnits: string[]
  teiSearchOrganisationUnits: string[]
  dataViewOrganisationUnits: string[]
}

export const isSuperUser = (user: ResolvedUser): boolean => user.authorities.includes('ALL')

/** A request as the core sees it. Header names are lower-case. */
export interface EmulatorRequest {
  method: string
  url: URL
  /** context path the API is served under (`/dhis` in `https://host/dhis/api/...`), '' by default */
  basePath?: string
  headers: Record<string, string>
  body?: string
}

export interface EmulatorResponse {
  status: number
  headers: Record<string, string>
  /** JSON-serialisable body; undefined for an empty body. */
  body?: unknown
}

export type ImportStrategy = 'CREATE' | 'UPDATE' | 'CREATE_AND_UPDATE' | 'DELETE'
