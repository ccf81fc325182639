/**
 * `createDhis2Connector`: the DHIS2 Web API operations the adapter needs, over one HTTP seam
 * (http.ts). HTTP only: no mapping, every answer validated, every failure a ConnectorError.
 */
import { z } from 'zod'
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
  /**
   * `GET /api/{type}?filter=id:in:[...]&fields=...&paging=false`: those of `ids` that exist on the
   * server, with `fields` (`id` is always included), in no particular order. Long id lists are sent
   * in several requests so no URL passes ~8 KB (Tomcat's and many proxies' default limit).
   */
  getMetadata(type: string, query: MetadataQuery): Promise<MetadataObject[]>
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

export interface MetadataQuery {
  ids: readonly string[]
  /** DHIS2's `fields`, e.g. `organisationUnits[id],sharing`. */
  fields: string
}
export type MetadataObject = Dhis2Object & { id: string }

/** Longest URL a metadata read builds: under the 8 KB (8192 bytes, request line included) of Tomcat's default. */
export const MAX_URL_LENGTH = 8000

/** `{ <type>: [{ id, ... }] }`: the list DHIS2 answers with `paging=false`. */
const metadataListSchema = (type: string) => z.looseObject({ [type]: z.array(z.looseObject({ id: z.string().min(1) })) })

/** Splits ids so that each URL (the fixed part plus `id1,id2,...` as the query string encodes it) fits. */
export function chunkIds(ids: readonly string[], fixedLength: number, maxLength = MAX_URL_LENGTH): string[][] {
  const budget = maxLength - fixedLength
  const chunks: string[][] = []
  let current: string[] = []
  let used = 0
  for (const id of ids) {
    const cost = new URLSearchParams({ _: id }).toString().length - 2 + 3 // the id, then `,` as %2C
    if (cost > budget) throw new RangeError(`an id is too long for one request: ${id.slice(0, 40)}`)
    if (current.length > 0 && used + cost > budget) {
      chunks.push(current)
      current = []
      used = 0
    }
    current.push(id)
    used += cost
  }
  if (current.length > 0) chunks.push(current)
  return chunks
}

/** `id,organisationUnits[id,name],sharing` -> `['id', 'organisationUnits[id,name]', 'sharing']`. */
function topLevelFields(fields: string): string[] {
  const parts: string[] = []
  let depth = 0
  let current = ''
  for (const ch of fields) {
    if (ch === '[' || ch === '(') depth++
    if (ch === ']' || ch === ')') depth--
    if (ch === ',' && depth === 0) {
      parts.push(current.trim())
      current = ''
    } else current += ch
  }
  parts.push(current.trim())
  return parts.filter((p) => p !== '')
}

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

  const getMetadata = async (type: string, { ids, fields }: MetadataQuery): Promise<MetadataObject[]> => {
    if (!/^[A-Za-z]+$/.test(type)) throw new TypeError(`not a DHIS2 metadata type: ${type}`)
    const wanted = [...new Set(ids)]
    const withId = topLevelFields(fields).includes('id') ? fields : `id,${fields}`
    const request = (chunk: string[]) => ({ method: 'GET' as const, path: type, query: { filter: `id:in:[${chunk.join(',')}]`, fields: withId, paging: false } })
    const fixed = new URL(`${options.baseUrl.replace(/\/+$/, '')}/api/${type}?${new URLSearchParams({ filter: 'id:in:[]', fields: withId, paging: 'false' })}`).toString().length
    const objects: MetadataObject[] = []
    for (const chunk of chunkIds(wanted, fixed)) {
      const body = await http.call(request(chunk), readJson(metadataListSchema(type)))
      objects.push(...(body[type] as MetadataObject[]))
    }
    return objects
  }

  return {
    systemInfo,
    getMetadata,
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
