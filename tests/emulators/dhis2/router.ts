import { importDataValueSet } from './dataValueSets'
import type { EmulatorState } from './emulator'
import { applyFields, parseFields } from './fieldFilter'
import { clone, str } from './json'
import { importMetadata, metadataParams } from './metadataImport'
import { COLLECTION_ORDER } from './metadataSchema'
import { getOne, listEnrollments, listEvents, listRelationships, listTrackedEntities } from './trackerExport'
import { runTrackerImport, trackerParams } from './trackerImport'
import type { EmulatorRequest, EmulatorResponse, JsonObject, ResolvedUser } from './types'
import { badRequest, errorResponse, jsonResponse, webMessage } from './webMessage'

/**
 * Routes of the emulated Web API, after the context path and `/api` (with an optional API version,
 * `/api/41/...`). Anything else answers 404.
 */
type Handler = (state: EmulatorState, request: EmulatorRequest, user: ResolvedUser, params: string[]) => EmulatorResponse

function parseBody(request: EmulatorRequest): { ok: true; value: unknown } | { ok: false; response: EmulatorResponse } {
  if (!request.body || request.body.trim() === '') return { ok: true, value: {} }
  try {
    return { ok: true, value: JSON.parse(request.body) }
  } catch (e) {
    return { ok: false, response: badRequest(`JSON parse error: ${(e as Error).message}`) }
  }
}

const withBody =
  (handler: (state: EmulatorState, request: EmulatorRequest, user: ResolvedUser, body: unknown, params: string[]) => EmulatorResponse): Handler =>
  (state, request, user, params) => {
    const parsed = parseBody(request)
    return parsed.ok ? handler(state, request, user, parsed.value, params) : parsed.response
  }

const exportDeps = (state: EmulatorState, user: ResolvedUser) => ({ version: state.version, meta: state.meta, store: state.tracker, user })

const systemInfo: Handler = (state, request) =>
  jsonResponse(200, {
    contextPath: `${request.url.origin}${request.basePath ?? ''}`,
    userAgent: request.headers['user-agent'] ?? '',
    calendar: 'iso8601',
    dateFormat: 'yyyy-mm-dd',
    serverDate: state.stamp(),
    version: `${state.version}.0`,
    revision: 'emulator',
    buildTime: '2024-01-01T00:00:00.000',
    environmentVariable: 'DHIS2_HOME',
    databaseInfo: { type: 'PostgreSQL', spatialSupport: true },
    encryption: false,
    systemId: state.systemId,
    systemName: state.systemName,
    serverTimeZoneId: 'Etc/UTC',
    isMetadataVersionEnabled: false,
    isMetadataSyncEnabled: false,
  })

const me: Handler = (_state, _request, user) =>
  jsonResponse(200, {
    id: user.uid,
    username: user.username,
    firstName: user.firstName,
    surname: user.surname,
    name: `${user.firstName} ${user.surname}`.trim(),
    displayName: `${user.firstName} ${user.surname}`.trim(),
    authorities: user.authorities,
    organisationUnits: user.organisationUnits.map((id) => ({ id })),
    teiSearchOrganisationUnits: user.teiSearchOrganisationUnits.map((id) => ({ id })),
    dataViewOrganisationUnits: user.dataViewOrganisationUnits.map((id) => ({ id })),
    userGroups: [],
    userRoles: [],
  })

const postMetadata = withBody((state, request, _user, body) => {
  const result = importMetadata(state.meta, body, metadataParams(request.url.searchParams), state.stamp)
  return jsonResponse(result.httpStatus, result.body)
})

const postTracker = withBody((state, request, user, body) => {
  const params = trackerParams(request.url.searchParams)
  const report = runTrackerImport({ meta: state.meta, store: state.tracker, user, stamp: state.stamp }, body, params)
  if (!params.async) return jsonResponse(report.status === 'ERROR' ? 409 : 200, report)
  const id = state.jobs.add(report, params, user.uid, state.stamp, state.asyncJobPendingPolls)
  const location = `${request.url.origin}${request.basePath ?? ''}/api/tracker/jobs/${id}`
  return jsonResponse(200, webMessage(200, 'OK', 'Tracker job added', { response: { id, location } }))
})

const jobNotifications: Handler = (state, _request, _user, [id = '']) => {
  const notifications = state.jobs.notifications(id)
  return notifications ? jsonResponse(200, notifications) : errorResponse(404, `Job with id ${id} could not be found.`, { errorCode: 'E1005' })
}

const jobReport: Handler = (state, _request, _user, [id = '']) => {
  const job = state.jobs.report(id)
  if (!job?.ready) return errorResponse(404, `TrackerImportReport with id ${id} could not be found.`, { errorCode: 'E1005' })
  return jsonResponse(200, job.report)
}

const postDataValueSets = withBody((state, request, user, body) => {
  const result = importDataValueSet(state.meta, state.dataValues, user, body, request.url.searchParams, state.stamp)
  return jsonResponse(result.httpStatus, result.body)
})

/**
 * `GET /api/{collection}` for the metadata collections the emulator stores: DHIS2's object list
 * (AbstractCrudController.getObjectList). `fields` as fieldFilter.ts reads it, default `id,displayName`
 * (dhis2-core's default field preset); `filter=property:eq:value` and `property:in:[a,b,...]` on
 * top-level properties, several filters all applying (rootJunction AND, the default); paging as
 * `{pager: {page, pageCount, total, pageSize}, <collection>: [...]}` (page 1, pageSize 50 by default),
 * or `{<collection>: [...]}` with `paging=false`; ordered by name, as the default order of most lists.
 * Not emulated: other filter operators (answered 400), nested filter paths, `order`, `query`,
 * rootJunction=OR, sharing (every stored object is readable), `displayName` translations.
 */
function listMetadata(state: EmulatorState, request: EmulatorRequest, collection: string): EmulatorResponse {
  const query = request.url.searchParams
  const predicates: Array<(o: Record<string, unknown>) => boolean> = []
  for (const filter of query.getAll('filter')) {
    const match = /^([A-Za-z]+):(eq|in):(.*)$/.exec(filter)
    if (!match) return badRequest(`Filter not emulated (only property:eq:value and property:in:[a,b]): ${filter}`)
    const [, property = '', operator, value = ''] = match
    const values = operator === 'in' ? (/^\[(.*)\]$/.exec(value)?.[1] ?? value).split(',').map((v) => v.trim()) : [value]
    const wanted = new Set(values)
    predicates.push((o) => {
      const v = o[property]
      return (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') && wanted.has(String(v))
    })
  }
  const all = state.meta
    .list(collection)
    .map((o): JsonObject => ({ ...o, displayName: str(o.displayName) ?? str(o.name) ?? str(o.code) ?? o.id }))
    .filter((o) => predicates.every((p) => p(o)))
    .sort((a, b) => String(a.name ?? a.displayName).localeCompare(String(b.name ?? b.displayName)))
  const fields = parseFields(query.get('fields') ?? 'id,displayName')
  const render = (list: JsonObject[]) => list.map((o) => clone(applyFields(o, fields)))
  if (query.get('paging') === 'false') return jsonResponse(200, { [collection]: render(all) })
  const page = Math.max(1, Number(query.get('page')) || 1)
  const pageSize = Math.max(1, Number(query.get('pageSize')) || 50)
  const slice = all.slice((page - 1) * pageSize, page * pageSize)
  const pager = { page, pageCount: Math.max(1, Math.ceil(all.length / pageSize)), total: all.length, pageSize }
  return jsonResponse(200, { pager, [collection]: render(slice) })
}

const KINDS = 'trackedEntities|enrollments|events|relationships'
const ROUTES: [string, RegExp, Handler][] = [
  ['GET', /^\/system\/info$/, systemInfo],
  ['GET', /^\/me$/, me],
  ['POST', /^\/metadata$/, postMetadata],
  ['POST', /^\/tracker$/, postTracker],
  ['GET', /^\/tracker\/jobs\/([^/]+)$/, jobNotifications],
  ['GET', /^\/tracker\/jobs\/([^/]+)\/report$/, jobReport],
  ['GET', /^\/tracker\/trackedEntities$/, (s, r, u) => listTrackedEntities(exportDeps(s, u), r.url)],
  ['GET', /^\/tracker\/enrollments$/, (s, r, u) => listEnrollments(exportDeps(s, u), r.url)],
  ['GET', /^\/tracker\/events$/, (s, r, u) => listEvents(exportDeps(s, u), r.url)],
  ['GET', /^\/tracker\/relationships$/, (s, r, u) => listRelationships(exportDeps(s, u), r.url)],
  ['GET', new RegExp(`^/tracker/(${KINDS})/([^/]+)$`), (s, r, u, [kind, uid]) => getOne(exportDeps(s, u), kind as 'events', uid as string, r.url)],
  ['POST', /^\/dataValueSets$/, postDataValueSets],
  ['GET', new RegExp(`^/(${COLLECTION_ORDER.join('|')})$`), (s, r, _u, [collection]) => listMetadata(s, r, collection as string)],
]

/** `/dhis/api/41/tracker` -> `/tracker` (undefined when the path is not under `/api`). */
export function apiPath(request: EmulatorRequest): string | undefined {
  let path = request.url.pathname
  const base = (request.basePath ?? '').replace(/\/$/, '')
  if (base && path.startsWith(base)) path = path.slice(base.length)
  const match = /^\/api(?:\/\d{2})?(\/.*)?$/.exec(path.replace(/\.json$/, ''))
  return match ? (match[1] ?? '/') : undefined
}

export function route(state: EmulatorState, request: EmulatorRequest, user: ResolvedUser, path: string): EmulatorResponse {
  const matching = ROUTES.filter(([, pattern]) => pattern.test(path))
  if (matching.length === 0) return errorResponse(404, `No endpoint emulated for ${request.method} /api${path}`)
  const hit = matching.find(([method]) => method === request.method.toUpperCase())
  if (!hit) return errorResponse(405, `Request method '${request.method}' is not supported`)
  const [, pattern, handler] = hit
  return handler(state, request, user, (pattern.exec(path) ?? []).slice(1))
}
