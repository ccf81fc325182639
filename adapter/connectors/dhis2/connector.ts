/**
 * `createDhis2Connector`: the DHIS2 Web API operations the adapter needs, over one HTTP seam
 * (http.ts). HTTP only: no mapping, every answer validated, every failure a ConnectorError.
 */
import { readImport, readJson, type Dhis2Http, createDhis2Http } from './http'
import { toImportSummary, toMetadataReport } from './reports'
import { importSummarySchema, metadataReportSchema, systemInfoSchema } from './schemas'
import { exportPages, type ExportKind, isLegacyVersion } from './trackerExport'
import { DEFAULT_JOB_POLLING, importTracker } from './trackerImport'
import type {
  DataValueImportSummary,
  DataValueSetOptions,
  Dhis2ConnectorOptions,
  Dhis2Object,
  Dhis2Page,
  MetadataImportOptions,
  MetadataImportReport,
  SystemInfo,
  TrackerExportQuery,
  TrackerImportOptions,
  TrackerImportReport,
} from './types'

export interface Dhis2Connector {
  /** `GET /api/system/info`: version, server time zone and the server's (zone-less) clock. */
  systemInfo(): Promise<SystemInfo>
  /** `POST /api/metadata`. The report is returned whatever its status (VALIDATE exists to list errors). */
  importMetadata(payload: Dhis2Object, options: MetadataImportOptions): Promise<MetadataImportReport>
  /** `POST /api/tracker`. Status ERROR throws a TrackerImportError; OK with errors (atomicMode OBJECT) returns. */
  importTracker(payload: Dhis2Object, options: TrackerImportOptions): Promise<TrackerImportReport>
  exportTrackedEntities(query: TrackerExportQuery): AsyncIterable<Dhis2Page>
  exportEnrollments(query: TrackerExportQuery): AsyncIterable<Dhis2Page>
  exportEvents(query: TrackerExportQuery): AsyncIterable<Dhis2Page>
  /** `POST /api/dataValueSets`. The summary is returned whatever its status; conflicts are typed. */
  pushDataValueSet(payload: Dhis2Object, options: DataValueSetOptions): Promise<DataValueImportSummary>
}

export const DEFAULT_PAGE_SIZE = 500

export function createDhis2Connector(options: Dhis2ConnectorOptions): Dhis2Connector {
  const pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE
  if (!Number.isInteger(pageSize) || pageSize < 1) throw new RangeError(`pageSize must be a positive integer: ${pageSize}`)
  const http: Dhis2Http = createDhis2Http(options)
  const polling = { ...DEFAULT_JOB_POLLING, ...options.jobPolling }

  const systemInfo = async (): Promise<SystemInfo> => {
    const info = await http.call({ method: 'GET', path: 'system/info' }, readJson(systemInfoSchema))
    return {
      version: info.version,
      serverTimeZoneId: info.serverTimeZoneId,
      serverDate: info.serverDate,
      ...(info.revision !== undefined ? { revision: info.revision } : {}),
      ...(info.systemId !== undefined ? { systemId: info.systemId } : {}),
      ...(info.systemName !== undefined ? { systemName: info.systemName } : {}),
    }
  }

  // Parameter names depend on the version: asked once, unless configured; a failed ask is not kept.
  let legacy: Promise<boolean> | undefined
  const isLegacy = (): Promise<boolean> => {
    if (options.version !== undefined) return Promise.resolve(isLegacyVersion(options.version))
    legacy ??= systemInfo().then((info) => isLegacyVersion(info.version))
    legacy.catch(() => (legacy = undefined))
    return legacy
  }
  const pages = (kind: ExportKind) => (query: TrackerExportQuery) => exportPages(http, kind, query, pageSize, isLegacy)

  return {
    systemInfo,
    importMetadata: (payload, { importMode, importStrategy, atomicMode }) =>
      http.call(
        { method: 'POST', path: 'metadata', query: { importMode, importStrategy, atomicMode }, body: payload },
        readImport(metadataReportSchema, toMetadataReport),
      ),
    importTracker: (payload, importOptions) => importTracker(http, payload, importOptions, polling),
    exportTrackedEntities: pages('trackedEntities'),
    exportEnrollments: pages('enrollments'),
    exportEvents: pages('events'),
    pushDataValueSet: (payload, { dryRun, importStrategy }) =>
      http.call(
        { method: 'POST', path: 'dataValueSets', query: { dryRun, importStrategy }, body: payload },
        readImport(importSummarySchema, toImportSummary),
      ),
  }
}
