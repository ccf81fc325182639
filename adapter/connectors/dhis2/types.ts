/**
 * What the DHIS2 connector offers and returns. Tracker objects stay plain JSON objects: the
 * connector moves them, mappings read them. Timestamps are DHIS2 server-local times without a
 * zone (`2024-03-19T13:18:16.370`) and are passed through as strings, never reinterpreted.
 */
import type { RetryHooks, RetryPolicy } from '../retry'

export type Dhis2Auth = { token: string } | { username: string; password: string }

export interface Dhis2ConnectorOptions {
  /** Server root including any context path, e.g. `https://dhis2.example.rw/dhis` (no `/api`). */
  baseUrl: string
  /** A personal access token (`Authorization: ApiToken d2pat_...`) or Basic credentials. */
  auth: Dhis2Auth
  /** Whole-request deadline per attempt (connect, send, answer and body). */
  timeoutMs: number
  retry?: RetryPolicy
  /** Test and logging hooks for the retry loop (sleep, random, onRetry). */
  retryHooks?: Pick<RetryHooks, 'sleep' | 'random' | 'onRetry'>
  /** Page size for exports (default 500). */
  pageSize?: number
  /** `2.40`, `2.41`, ...; when omitted it is read once from `/api/system/info` before the first export. */
  version?: string
  /** Aborts requests, retry waits and job polling (process shutdown). */
  signal?: AbortSignal
  /** Async tracker jobs: how often to poll and for how long in all (defaults 1 s and 10 min). */
  jobPolling?: { intervalMs?: number; maxWaitMs?: number }
}

export interface SystemInfo {
  /** As the server says it, e.g. `2.41.3` or `2.42-SNAPSHOT`. */
  version: string
  serverTimeZoneId: string
  /** Server-local, zone-less. */
  serverDate: string
  revision?: string
  systemId?: string
  systemName?: string
}

export type ImportStrategy = 'CREATE' | 'UPDATE' | 'CREATE_AND_UPDATE' | 'DELETE'
export type ReportStatus = 'OK' | 'WARNING' | 'ERROR'

export interface ImportStats {
  created: number
  updated: number
  deleted: number
  ignored: number
  total: number
}

// ---- metadata ----

export interface MetadataImportOptions {
  importMode: 'VALIDATE' | 'COMMIT'
  importStrategy?: ImportStrategy
  /** ALL (DHIS2's default): any error commits nothing; NONE: valid objects are committed. */
  atomicMode?: 'ALL' | 'NONE'
}

export interface MetadataErrorReport {
  errorCode: string
  message: string
  mainKlass?: string
  errorKlass?: string
  errorProperty?: string
  /** The object the error is about (`mainId`, else the object report's uid). */
  uid?: string
  /** Position of the object in its collection in the payload. */
  index?: number
}

export interface MetadataImportReport {
  status: ReportStatus
  stats: ImportStats
  typeStats: { klass: string; stats: ImportStats }[]
  errors: MetadataErrorReport[]
}

// ---- tracker import ----

export interface TrackerImportOptions {
  /** Required on purpose: DHIS2's default (CREATE_AND_UPDATE) is not always what a flow means. */
  importStrategy: ImportStrategy
  /** Required on purpose: ALL rejects the whole payload for one bad object, OBJECT saves the valid ones. */
  atomicMode: 'ALL' | 'OBJECT'
  importMode?: 'COMMIT' | 'VALIDATE'
  /** false (default): `async=false`, the report in the answer. true: a job, polled until done. */
  async?: boolean
}

export interface TrackerIssue {
  errorCode: string
  message: string
  trackerType?: string
  uid?: string
}

export interface TrackerImportReport {
  status: ReportStatus
  stats: ImportStats
  errors: TrackerIssue[]
  warnings: TrackerIssue[]
  /** Errors per object uid: with atomicMode OBJECT these objects were not saved, the others were. */
  errorsByUid: Record<string, TrackerIssue[]>
  /** Objects the server reports as processed (bundle report), with their type. */
  objects: { trackerType: string; uid: string }[]
}

// ---- tracker export ----

export type OrgUnitMode = 'SELECTED' | 'CHILDREN' | 'DESCENDANTS' | 'ACCESSIBLE' | 'CAPTURE' | 'ALL'

export interface TrackerExportQuery {
  program: string
  orgUnit?: string
  /** Sent as `ouMode` to 2.40 and `orgUnitMode` to 2.41+ (2.42 dropped `ouMode`). */
  ouMode?: OrgUnitMode
  /** Zone-less server time (or a date); the tolerance is subtracted before sending. */
  updatedAfter?: string
  updatedBefore?: string
  /** Seconds subtracted from `updatedAfter` (default 60): late commits carry earlier timestamps. */
  toleranceSeconds?: number
  /**
   * e.g. `updatedAt:asc`. Default: the server's (newest created first), under which an update does
   * not move an object between pages; `updatedAt` ordering does, and page-number paging then skips one.
   */
  order?: string
  fields?: string
  /** true also keeps deleted objects in place while paging (a deletion would otherwise shift the pages). */
  includeDeleted?: boolean
  /** Anything else the endpoint takes (`programStage`, `trackedEntityType`, `filter`, ...). */
  params?: Record<string, string>
}

/** A JSON object as DHIS2 sent it. */
export type Dhis2Object = Record<string, unknown>

export interface Dhis2Page {
  items: Dhis2Object[]
  page: number
  pageSize: number
  /** Only when the server counted (2.40/2.41 with totalPages=true); 2.42 does not by default. */
  total?: number
}

// ---- aggregate data ----

export interface DataValueSetOptions {
  dryRun: boolean
  importStrategy: 'CREATE' | 'UPDATE' | 'CREATE_AND_UPDATE' | 'DELETE'
}

export interface DataValueConflict {
  /** What the conflict is about (a UID, a period, a value). */
  object?: string
  objects?: Record<string, string>
  value: string
  errorCode?: string
  property?: string
  /** Positions of the data values concerned in the payload. */
  indexes: number[]
}

export interface DataValueImportSummary {
  status: 'SUCCESS' | 'WARNING' | 'ERROR'
  description?: string
  importCount: { imported: number; updated: number; ignored: number; deleted: number }
  conflicts: DataValueConflict[]
  rejectedIndexes: number[]
}
