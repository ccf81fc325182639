import type { MetadataStore } from './metadataStore'
import type {
  Note,
  RelationshipItem,
  StoredEnrollment,
  StoredEvent,
  StoredRelationship,
  StoredTrackedEntity,
  StoredValue,
  TrackerStore,
} from './trackerStore'
import type { Dhis2Version, JsonObject } from './types'

/**
 * Stored tracker objects rendered as the export API does, with every field present (the `fields`
 * filter trims afterwards). Values are strings, timestamps zone-less. Version differences emulated:
 * 2.40 enrollments carry `orgUnitName` and `trackedEntityType`; 2.40/2.41 events repeat the
 * deprecated `followup` next to `followUp`. `createdBy`/`updatedBy` user objects are not emulated.
 */
export interface RenderContext {
  version: Dhis2Version
  meta: MetadataStore
  store: TrackerStore
  /** program whose attributes are added to tracked entity attributes (the `program` parameter) */
  program?: string
  includeDeleted: boolean
}

const defined = (o: JsonObject): JsonObject => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined))

function renderAttribute(ctx: RenderContext, id: string, v: StoredValue): JsonObject {
  const tea = ctx.meta.attribute(id)
  return defined({
    attribute: id,
    code: tea?.code,
    displayName: ctx.meta.displayName('trackedEntityAttributes', id),
    createdAt: v.createdAt,
    updatedAt: v.updatedAt,
    storedBy: v.storedBy,
    valueType: tea?.valueType,
    value: v.value,
  })
}

const renderNotes = (notes: Note[]) => notes.map((n) => defined({ note: n.note, value: n.value, storedAt: n.storedAt, storedBy: n.storedBy }))

const item = (i: RelationshipItem): JsonObject => ({ [i.kind]: { [i.kind]: i.uid } })

export function renderRelationship(ctx: RenderContext, r: StoredRelationship): JsonObject {
  const type = ctx.meta.relationshipType(r.relationshipType)
  return defined({
    relationship: r.relationship,
    relationshipType: r.relationshipType,
    relationshipName: type?.name,
    createdAt: r.createdAt,
    createdAtClient: r.createdAtClient,
    updatedAt: r.updatedAt,
    bidirectional: type?.bidirectional === true,
    from: item(r.from),
    to: item(r.to),
  })
}

function relationshipsOf(ctx: RenderContext, uid: string): JsonObject[] {
  return [...ctx.store.relationships.values()]
    .filter((r) => (ctx.includeDeleted || !r.deleted) && (r.from.uid === uid || r.to.uid === uid))
    .map((r) => renderRelationship(ctx, r))
}

export function renderEvent(ctx: RenderContext, e: StoredEvent): JsonObject {
  return defined({
    event: e.event,
    status: e.status,
    program: e.program,
    programStage: e.programStage,
    enrollment: e.enrollment,
    trackedEntity: e.trackedEntity,
    orgUnit: e.orgUnit,
    occurredAt: e.occurredAt,
    scheduledAt: e.scheduledAt,
    followUp: e.followUp,
    deleted: e.deleted,
    createdAt: e.createdAt,
    createdAtClient: e.createdAtClient,
    updatedAt: e.updatedAt,
    updatedAtClient: e.updatedAtClient,
    completedAt: e.completedAt,
    completedBy: e.completedBy,
    attributeOptionCombo: e.attributeOptionCombo,
    attributeCategoryOptions: e.attributeCategoryOptions,
    assignedUser: e.assignedUser ? { uid: e.assignedUser } : undefined,
    geometry: e.geometry,
    storedBy: e.storedBy,
    dataValues: [...e.dataValues].map(([dataElement, v]) =>
      defined({ createdAt: v.createdAt, updatedAt: v.updatedAt, storedBy: v.storedBy, providedElsewhere: v.providedElsewhere === true, dataElement, value: v.value }),
    ),
    notes: renderNotes(e.notes),
    relationships: relationshipsOf(ctx, e.event),
    followup: ctx.version === '2.42' ? undefined : e.followUp,
  })
}

/** Program attributes of an enrollment: the tracked entity's values for the program's attributes. */
function programAttributeValues(ctx: RenderContext, te: StoredTrackedEntity | undefined, program: string): JsonObject[] {
  if (!te) return []
  const ids = ctx.meta.programAttributes(program)
  return [...te.attributes].filter(([id]) => ids.has(id)).map(([id, v]) => renderAttribute(ctx, id, v))
}

export function renderEnrollment(ctx: RenderContext, en: StoredEnrollment): JsonObject {
  const te = ctx.store.trackedEntities.get(en.trackedEntity)
  const v40 = ctx.version === '2.40'
  return defined({
    enrollment: en.enrollment,
    createdAt: en.createdAt,
    createdAtClient: en.createdAtClient,
    updatedAt: en.updatedAt,
    updatedAtClient: en.updatedAtClient,
    trackedEntity: en.trackedEntity,
    trackedEntityType: v40 ? te?.trackedEntityType : undefined,
    program: en.program,
    status: en.status,
    orgUnit: en.orgUnit,
    orgUnitName: v40 ? ctx.meta.displayName('organisationUnits', en.orgUnit) : undefined,
    enrolledAt: en.enrolledAt,
    occurredAt: en.occurredAt,
    completedAt: en.completedAt,
    completedBy: en.completedBy,
    followUp: en.followUp,
    deleted: en.deleted,
    storedBy: en.storedBy,
    geometry: en.geometry,
    events: [...ctx.store.events.values()]
      .filter((e) => e.enrollment === en.enrollment && (ctx.includeDeleted || !e.deleted))
      .map((e) => renderEvent(ctx, e)),
    relationships: relationshipsOf(ctx, en.enrollment),
    attributes: programAttributeValues(ctx, te, en.program),
    notes: renderNotes(en.notes),
  })
}

export function renderTrackedEntity(ctx: RenderContext, te: StoredTrackedEntity): JsonObject {
  const visible = new Set(ctx.meta.typeAttributes(te.trackedEntityType).keys())
  if (ctx.program) for (const id of ctx.meta.programAttributes(ctx.program).keys()) visible.add(id)
  const owners = ctx.store.programOwners.get(te.trackedEntity) ?? new Map<string, string>()
  return defined({
    trackedEntity: te.trackedEntity,
    trackedEntityType: te.trackedEntityType,
    createdAt: te.createdAt,
    createdAtClient: te.createdAtClient,
    updatedAt: te.updatedAt,
    updatedAtClient: te.updatedAtClient,
    orgUnit: te.orgUnit,
    inactive: te.inactive,
    deleted: te.deleted,
    potentialDuplicate: te.potentialDuplicate,
    geometry: te.geometry,
    storedBy: te.storedBy,
    attributes: [...te.attributes].filter(([id]) => visible.has(id)).map(([id, v]) => renderAttribute(ctx, id, v)),
    enrollments: [...ctx.store.enrollments.values()]
      .filter((en) => en.trackedEntity === te.trackedEntity && (ctx.includeDeleted || !en.deleted))
      .filter((en) => ctx.program === undefined || en.program === ctx.program)
      .map((en) => renderEnrollment(ctx, en)),
    relationships: relationshipsOf(ctx, te.trackedEntity),
    programOwners: [...owners].map(([program, orgUnit]) => ({ orgUnit, trackedEntity: te.trackedEntity, program })),
  })
}
