import { canSearch, hasOwnershipAccess } from './access'
import { applyFields, parseFields } from './fieldFilter'
import type { MetadataStore } from './metadataStore'
import {
  dataValueKey,
  envelope,
  list,
  type OrderCriterion,
  ORDERABLE_FIELDS,
  orgUnitPredicate,
  parseOrder,
  QueryError,
  type SortKey,
  sortByOrder,
  valueFilters,
  windowPredicate,
} from './trackerQuery'
import { type RenderContext, renderEnrollment, renderEvent, renderRelationship, renderTrackedEntity } from './trackerRender'
import type { StoredEnrollment, StoredEvent, StoredRelationship, StoredTrackedEntity, TrackerStore } from './trackerStore'
import type { Dhis2Version, EmulatorResponse, ResolvedUser } from './types'
import { badRequest, errorResponse, jsonResponse, notFound } from './webMessage'

/**
 * `GET /api/tracker/{trackedEntities|enrollments|events|relationships}[/{uid}]`.
 * Default `fields` per endpoint follow dhis2-core's export controllers. Not emulated: CSV/zip/gzip,
 * idSchemes, assignedUserMode, followUp and potentialDuplicate filters, `updatedWithin`, audit of
 * reads, break-the-glass (`/tracker/ownership/override`). `order` follows dhis2-core (see
 * `parseOrder` in trackerQuery.ts): fields, data element and attribute UIDs, then internal id desc.
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

const ORDER_FIELD = {
  trackedEntities: new Set(ORDERABLE_FIELDS.trackedEntities),
  events: new Set(ORDERABLE_FIELDS.events),
}

const has = (item: object, field: string): SortKey => {
  const v = (item as unknown as Record<string, unknown>)[field]
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? v : null
}

/** Raw attribute text (JdbcEventStore / JdbcTrackedEntityStore select `value` as is). */
const attributeKey = (te: StoredTrackedEntity | undefined, uid: string): SortKey => te?.attributes.get(uid)?.value ?? null

/** Sort key readers per endpoint, after the UIDs in `order` are resolved against metadata (400 when unknown). */
function trackedEntityKeys(deps: ExportDeps, criteria: OrderCriterion[], program: string | undefined) {
  for (const { field } of criteria)
    if (!ORDER_FIELD.trackedEntities.has(field) && !deps.meta.attribute(field))
      throw new QueryError(400, `Cannot order by '${field}' as its not a tracked entity attribute. Tracked entities can be ordered by fields and tracked entity attributes.`)
  return (te: StoredTrackedEntity, field: string): SortKey => {
    switch (field) {
      case 'trackedEntity':
      case 'createdAt':
      case 'createdAtClient':
      case 'updatedAt':
      case 'updatedAtClient':
      case 'inactive':
        return has(te, field)
      case 'enrolledAt': {
        // joined on the enrollment (in the program when given); the earliest when there are several
        const dates = [...deps.store.enrollments.values()]
          .filter((e) => e.trackedEntity === te.trackedEntity && !e.deleted && (!program || e.program === program))
          .map((e) => e.enrolledAt)
          .sort()
        return dates[0] ?? null
      }
      default:
        return attributeKey(te, field)
    }
  }
}

function eventKeys(deps: ExportDeps, criteria: OrderCriterion[]) {
  for (const { field } of criteria)
    if (!ORDER_FIELD.events.has(field) && !deps.meta.dataElement(field) && !deps.meta.attribute(field))
      throw new QueryError(
        400,
        `Cannot order by '${field}' as its neither a data element nor a tracked entity attribute. Events can be ordered by event fields, data elements and tracked entity attributes.`,
      )
  const enrollmentOf = (e: StoredEvent): StoredEnrollment | undefined => (e.enrollment ? deps.store.enrollments.get(e.enrollment) : undefined)
  return (e: StoredEvent, field: string): SortKey => {
    switch (field) {
      case 'enrolledAt':
        return enrollmentOf(e)?.enrolledAt ?? null
      case 'enrollmentStatus':
        return enrollmentOf(e)?.status ?? null
      case 'followUp':
      case 'followup':
        return enrollmentOf(e)?.followUp ?? e.followUp
      case 'assignedUserDisplayName':
        return e.assignedUser ?? null
      case 'createdBy':
      case 'updatedBy':
        return e.storedBy ?? null
      default:
        if (ORDER_FIELD.events.has(field)) return has(e, field)
        if (deps.meta.dataElement(field)) return dataValueKey(deps.meta.valueTypeOf('dataElements', field), e.dataValues.get(field)?.value)
        return attributeKey(e.trackedEntity ? deps.store.trackedEntities.get(e.trackedEntity) : undefined, field)
    }
  }
}

export function listTrackedEntities(deps: ExportDeps, url: URL): EmulatorResponse {
  return guarded(() => {
    const order = parseOrder(url, 'trackedEntities')
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
    const keyOf = trackedEntityKeys(deps, order, program)
    const items = sortByOrder([...deps.store.trackedEntities.values()], order, keyOf).filter((te) => {
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
    const order = parseOrder(url, 'enrollments')
    const program = url.searchParams.get('program') ?? undefined
    const trackedEntity = url.searchParams.get('trackedEntity') ?? undefined
    const uids = list(url, 'enrollments', 'enrollment')
    const status = url.searchParams.get('status') ?? url.searchParams.get('programStatus')
    const inOrgUnits = orgUnitPredicate(deps.meta, deps.user, url)
    const updated = windowPredicate(url, 'updated')
    const enrolled = windowPredicate(url, 'enrolled')
    const ctx = renderContext(deps, url)
    const items = sortByOrder([...deps.store.enrollments.values()], order, (en: StoredEnrollment, field) => has(en, field)).filter(
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
    const order = parseOrder(url, 'events')
    const q = (name: string) => url.searchParams.get(name) ?? undefined
    const [program, stage, trackedEntity, status] = [q('program'), q('programStage'), q('trackedEntity'), q('status')]
    const enrollments = list(url, 'enrollments', 'enrollment')
    const uids = list(url, 'events', 'event')
    const inOrgUnits = orgUnitPredicate(deps.meta, deps.user, url)
    const updated = windowPredicate(url, 'updated')
    const occurred = windowPredicate(url, 'occurred')
    const filters = valueFilters(url)
    const ctx = renderContext(deps, url)
    const keyOf = eventKeys(deps, order)
    const items = sortByOrder([...deps.store.events.values()], order, keyOf).filter(
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
  return guarded(() => relationships(deps, url))
}

function relationships(deps: ExportDeps, url: URL): EmulatorResponse {
  const order = parseOrder(url, 'relationships')
  const given = (['trackedEntity', 'enrollment', 'event'] as const).filter((p) => url.searchParams.get(p))
  if (given.length === 0) return badRequest("Missing required parameter 'trackedEntity', 'enrollment' or 'event'.")
  if (given.length > 1) return badRequest("Only one parameter of 'trackedEntity', 'enrollment' or 'event' must be specified.")
  const kind = given[0] as 'trackedEntity' | 'enrollment' | 'event'
  const uid = url.searchParams.get(kind) as string
  const owner = { trackedEntity: deps.store.trackedEntities, enrollment: deps.store.enrollments, event: deps.store.events }[kind].get(uid)
  if (!owner || owner.deleted) return notFound({ trackedEntity: 'TrackedEntity', enrollment: 'Enrollment', event: 'Event' }[kind], uid)
  const ctx = renderContext(deps, url)
  const items = sortByOrder([...deps.store.relationships.values()], order, (r: StoredRelationship, field) => has(r, field)).filter(
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
