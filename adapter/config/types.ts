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
}

export interface PrimeroSettings {
  url: string | undefined
  username: string | undefined
  password: Secret | undefined
  modules: string[]
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
