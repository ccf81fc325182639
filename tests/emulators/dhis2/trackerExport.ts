import { canSearch, hasOwnershipAccess } from './access'
import { applyFields, parseFields } from './fieldFilter'
import type { MetadataStore } from './metadataStore'
import { envelope, list, orgUnitPredicate, QueryError, sortItems, valueFilters, windowPredicate } from './trackerQuery'
import { type RenderContext, renderEnrollment, renderEvent, renderRelationship, renderTrackedEntity } from './trackerRender'
import type { TrackerStore } from './trackerStore'
import type { Dhis2Version, EmulatorResponse, ResolvedUser } from './types'
import { badRequest, errorResponse, jsonResponse, notFound } from './webMessage'

/**
 * `GET /api/tracker/{trackedEntities|enrollments|events|relationships}[/{uid}]`.
 * Default `fields` per endpoint follow dhis2-core's export controllers. Not emulated: CSV/zip/gzip,
 * idSchemes, assignedUserMode, followUp and potentialDuplicate filters, `updatedWithin`,
 * attribute-based ordering, audit of reads, break-the-glass (`/tracker/ownership/override`).
 */
export interface ExportDeps {
  version: Dhis2Version
  meta: MetadataStore
  store: TrackerStore
  user: ResolvedUser
}

const DEFAULT_FIELDS = {
  trackedEntities: '*,!relationships,!enrollments,!events,!programOwners',
  enrollments: (v: Dhis2Version) => (v === '2.40' ? '*' : '*,!relationships,!events,!attributes'),
  events: '*,!relationships',
  relationships:
    'relationship,relationshipType,from[trackedEntity[trackedEntity],enrollment[enrollment],event[event]],to[trackedEntity[trackedEntity],enrollment[enrollment],event[event]]',
}

function renderContext(deps: ExportDeps, url: URL): RenderContext {
  return {
    version: deps.version,
    meta: deps.meta,
    store: deps.store,
    program: url.searchParams.get('program') ?? undefined,
    includeDeleted: url.searchParams.get('includeDeleted') === 'true',
  }
}

const fieldsOf = (url: URL, fallback: string) => parseFields(url.searchParams.get('fields') ?? fallback)

function guarded(run: () => EmulatorResponse): EmulatorResponse {
  try {
    return run()
  } catch (e) {
    if (e instanceof QueryError) return errorResponse(e.status, e.message)
    throw e
  }
}

export function listTrackedEntities(deps: ExportDeps, url: URL): EmulatorResponse {
  return guarded(() => {
    const program = url.searchParams.get('program') ?? undefined
    const type = url.searchParams.get('trackedEntityType') ?? undefined
    const uids = list(url, 'trackedEntities', 'trackedEntity')
    if (!program && !type && uids.length === 0) return badRequest('Either `program`, `trackedEntityType` or `trackedEntities` should be specified')
    if (program && !deps.meta.program(program)) return badRequest(`Program is specified but does not exist: ${program}`)
    const inOrgUnits = orgUnitPredicate(deps.meta, deps.user, url)
    const updated = windowPredicate(url, 'updated')
    const filters = valueFilters(url)
    const status = url.searchParams.get('enrollmentStatus') ?? url.searchParams.get('programStatus')
    const ctx = renderContext(deps, url)
    const items = sortItems([...deps.store.trackedEntities.values()], url).filter((te) => {
      if (!ctx.includeDeleted && te.deleted) return false
      if (uids.length && !uids.includes(te.trackedEntity)) return false
      if (type && te.trackedEntityType !== type) return false
      const enrollments = [...deps.store.enrollments.values()].filter((e) => e.trackedEntity === te.trackedEntity && !e.deleted && (!program || e.program === program))
      if (program && enrollments.length === 0) return false
      if (status && !enrollments.some((e) => e.status === status)) return false
      const orgUnit = (program && deps.store.owner(te.trackedEntity, program)) || te.orgUnit
      return inOrgUnits(orgUnit) && updated(te.updatedAt) && filters.every((f) => f(te.attributes))
    })
    const fields = fieldsOf(url, DEFAULT_FIELDS.trackedEntities)
    const rendered = items.map((te) => applyFields(renderTrackedEntity(ctx, te), fields))
    return jsonResponse(200, envelope(deps.version, url, 'trackedEntities', rendered))
  })
}

export function listEnrollments(deps: ExportDeps, url: URL): EmulatorResponse {
  return guarded(() => {
    const program = url.searchParams.get('program') ?? undefined
    const trackedEntity = url.searchParams.get('trackedEntity') ?? undefined
    const uids = list(url, 'enrollments', 'enrollment')
    const status = url.searchParams.get('status') ?? url.searchParams.get('programStatus')
    const inOrgUnits = orgUnitPredicate(deps.meta, deps.user, url)
    const updated = windowPredicate(url, 'updated')
    const enrolled = windowPredicate(url, 'enrolled')
    const ctx = renderContext(deps, url)
    const items = sortItems([...deps.store.enrollments.values()], url).filter(
      (en) =>
        (ctx.includeDeleted || !en.deleted) &&
        (!program || en.program === program) &&
        (!trackedEntity || en.trackedEntity === trackedEntity) &&
        (uids.length === 0 || uids.includes(en.enrollment)) &&
        (!status || en.status === status) &&
        inOrgUnits(en.orgUnit) &&
        updated(en.updatedAt) &&
        enrolled(en.enrolledAt),
    )
    const fields = fieldsOf(url, DEFAULT_FIELDS.enrollments(deps.version))
    return jsonResponse(200, envelope(deps.version, url, 'enrollments', items.map((en) => applyFields(renderEnrollment(ctx, en), fields))))
  })
}

export function listEvents(deps: ExportDeps, url: URL): EmulatorResponse {
  return guarded(() => {
    const q = (name: string) => url.searchParams.get(name) ?? undefined
    const [program, stage, trackedEntity, status] = [q('program'), q('programStage'), q('trackedEntity'), q('status')]
    const enrollments = list(url, 'enrollments', 'enrollment')
    const uids = list(url, 'events', 'event')
    const inOrgUnits = orgUnitPredicate(deps.meta, deps.user, url)
    const updated = windowPredicate(url, 'updated')
    const occurred = windowPredicate(url, 'occurred')
    const filters = valueFilters(url)
    const ctx = renderContext(deps, url)
    const items = sortItems([...deps.store.events.values()], url).filter(
      (e) =>
        (ctx.includeDeleted || !e.deleted) &&
        (!program || e.program === program) &&
        (!stage || e.programStage === stage) &&
        (!trackedEntity || e.trackedEntity === trackedEntity) &&
        (!status || e.status === status) &&
        (enrollments.length === 0 || enrollments.includes(e.enrollment ?? '')) &&
        (uids.length === 0 || uids.includes(e.event)) &&
        inOrgUnits(e.orgUnit) &&
        updated(e.updatedAt) &&
        occurred(e.occurredAt) &&
        filters.every((f) => f(e.dataValues)),
    )
    const fields = fieldsOf(url, DEFAULT_FIELDS.events)
    return jsonResponse(200, envelope(deps.version, url, 'events', items.map((e) => applyFields(renderEvent(ctx, e), fields))))
  })
}

export function listRelationships(deps: ExportDeps, url: URL): EmulatorResponse {
  const given = (['trackedEntity', 'enrollment', 'event'] as const).filter((p) => url.searchParams.get(p))
  if (given.length === 0) return badRequest("Missing required parameter 'trackedEntity', 'enrollment' or 'event'.")
  if (given.length > 1) return badRequest("Only one parameter of 'trackedEntity', 'enrollment' or 'event' must be specified.")
  const kind = given[0] as 'trackedEntity' | 'enrollment' | 'event'
  const uid = url.searchParams.get(kind) as string
  const owner = { trackedEntity: deps.store.trackedEntities, enrollment: deps.store.enrollments, event: deps.store.events }[kind].get(uid)
  if (!owner || owner.deleted) return notFound({ trackedEntity: 'TrackedEntity', enrollment: 'Enrollment', event: 'Event' }[kind], uid)
  const ctx = renderContext(deps, url)
  const items = sortItems([...deps.store.relationships.values()], url).filter(
    (r) => (ctx.includeDeleted || !r.deleted) && (r.from.uid === uid || r.to.uid === uid),
  )
  const fields = fieldsOf(url, DEFAULT_FIELDS.relationships)
  return jsonResponse(200, envelope(deps.version, url, 'relationships', items.map((r) => applyFields(renderRelationship(ctx, r), fields))))
}

/** Single objects; deleted ones are not found. 403 body as the Android SDK fixture (OWNERSHIP_ACCESS_DENIED, E1006). */
export function getOne(deps: ExportDeps, kind: 'trackedEntities' | 'enrollments' | 'events' | 'relationships', uid: string, url: URL): EmulatorResponse {
  const ctx = renderContext(deps, url)
  const fields = (fallback: string) => fieldsOf(url, fallback)
  if (kind === 'trackedEntities') {
    const te = deps.store.trackedEntities.get(uid)
    if (!te || te.deleted) return notFound('TrackedEntity', uid)
    if (ctx.program && !hasOwnershipAccess(deps.meta, deps.store, deps.user, uid, ctx.program))
      return errorResponse(403, 'OWNERSHIP_ACCESS_DENIED', { errorCode: 'E1006' })
    if (!ctx.program && !canSearch(deps.meta, deps.user, te.orgUnit)) return notFound('TrackedEntity', uid)
    return jsonResponse(200, applyFields(renderTrackedEntity(ctx, te), fields(DEFAULT_FIELDS.trackedEntities)))
  }
  if (kind === 'enrollments') {
    const en = deps.store.enrollments.get(uid)
    if (!en || en.deleted) return notFound('Enrollment', uid)
    return jsonResponse(200, applyFields(renderEnrollment(ctx, en), fields(DEFAULT_FIELDS.enrollments(deps.version))))
  }
  if (kind === 'events') {
    const e = deps.store.events.get(uid)
    if (!e || e.deleted) return notFound('Event', uid)
    return jsonResponse(200, applyFields(renderEvent(ctx, e), fields(DEFAULT_FIELDS.events)))
  }
  const r = deps.store.relationships.get(uid)
  if (!r || r.deleted) return notFound('Relationship', uid)
  return jsonResponse(200, applyFields(renderRelationship(ctx, r), fields(DEFAULT_FIELDS.relationships)))
}
