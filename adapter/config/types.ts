/** The adapter's configuration, typed and validated. Secrets are `Secret`s: see secret.ts. */
import type { Secret } from './secret'

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace'] as const
export type LogLevel = (typeof LOG_LEVELS)[number]

export type Dhis2Auth =
  | { kind: 'token'; token: Secret } // personal access token: `Authorization: ApiToken d2pat_…`
  | { kind: 'basic'; username: string; password: Secret }

export interface Dhis2Settings {
  /** Base URL without a trailing slash, e.g. https://dhis2.example.rw (no `/api`). */
  url: string | undefined
  auth: Dhis2Auth | undefined
  /** e.g. 41 for `/api/41/…`; unset means the unversioned `/api/…`. */
  apiVersion: number | undefined
  pageSize: number
  /** `updatedAfter` is moved back this much so records saved while a page was read are not missed. */
  updatedAfterToleranceSeconds: number
  programCode: string
}

export interface FhirTarget {
  id: string
  baseUrl: string
  token: Secret | undefined
  /** May identifying data (names, phone numbers) go to this target? Off unless a data-sharing agreement says so. */
  allowIdentifiers: boolean
  timeoutMs: number
  /** `case`: whole case bundles (cpcm sync); `facility`: referrals only, under the referral's own consent. */
  role: 'case' | 'facility'
  /** Facility: the CPCM_REF_PROVIDER codes it answers for. */
  providers: string[]
  /** Facility: the referral services (CPCM_REFERRAL_SERVICE codes) it offers; empty means any. */
  services: string[]
  /** Facility: the bearer token it presents when it pushes to our `/fhir`. */
  inboundToken: Secret | undefined
  /** Facility: literal Task.owner reference on its server; polling uses `Task?owner=` with it. */
  ownerReference: string | undefined
}

/** A FHIR target with role facility. */
export type Facility = FhirTarget & { role: 'facility' }

export interface PrimeroSettings {
  url: string | undefined
  username: string | undefined
  password: Secret | undefined
  modules: string[]
  /** Primero location code -> DHIS2 org unit UID (PRIMERO_LOCATIONS). */
  locations: Record<string, string>
  /** DHIS2 org unit UID for unmapped locations (PRIMERO_DEFAULT_ORG_UNIT). */
  defaultOrgUnit: string | undefined
  /** CPCM_REF_PROVIDER code of a CSO on Primero -> the Primero user who receives its referrals (PRIMERO_PROVIDERS). */
  providers: Record<string, string>
  timeoutMs: number
  /** Cases per page when listing (PRIMERO_PAGE_SIZE, at most 1000). */
  pageSize: number
}

export interface DeliverySettings {
  batchSize: number
  maxAttempts: number
  backoff: { baseMs: number; maxMs: number }
  leaseSeconds: number
}

export interface Config {
  /** Absolute path; PGlite keeps its database in `<dataDir>/pglite`. */
  dataDir: string
  /** When set, PostgreSQL is used instead of the embedded PGlite. */
  databaseUrl: Secret | undefined
  /** Plain http to hosts other than localhost is refused unless this is true. */
  allowInsecureHttp: boolean
  logLevel: LogLevel
  dhis2: Dhis2Settings
  fhir: { targets: FhirTarget[] }
  primero: PrimeroSettings
  ncda: { dataSetCode: string }
  server: { host: string; port: number }
  delivery: DeliverySettings
  /** Where the settings came from, for `cpcm config show`. */
  sources: { file: string | undefined }
}
