import { normalizeTimestamp } from './clock'
import { objects, refId, str } from './json'
import { DEFAULT_CATEGORY_OPTION, DEFAULT_CATEGORY_OPTION_COMBO } from './metadataSchema'
import type { MetadataStore } from './metadataStore'
import type { FlatBundle } from './trackerFlatten'
import type { Note, StoredValue, TrackerStore, TrackerType } from './trackerStore'
import { relationshipItems } from './trackerValidateEvents'
import type { ImportStrategy, JsonObject } from './types'
import { generateUid } from './uid'
import { valueAsString } from './valueTypes'

/**
 * Persists validated tracker objects. Updates replace the non-collection fields and merge
 * attribute/data values by key (`value: null` deletes one); notes are append-only; deletes are soft
 * and cascade to children and linked relationships. `updatedAt` of parents follows their children.
 */
export interface Persisted {
  type: TrackerType
  uid: string
  action: 'CREATE' | 'UPDATE' | 'DELETE'
}

interface Deps {
  store: TrackerStore
  meta: MetadataStore
  username: string
  stamp: () => string
}

function mergeValues(target: Map<string, StoredValue>, raw: unknown, key: 'attribute' | 'dataElement', at: string, username: string): void {
  for (const v of objects(raw)) {
    const id = refId(v[key])
    if (id === undefined) continue
    const value = valueAsString(v.value)
    if (value === null || value === undefined) {
      target.delete(id)
      continue
    }
    const previous = target.get(id)
    target.set(id, {
      value,
      createdAt: previous?.createdAt ?? at,
      updatedAt: at,
      storedBy: str(v.storedBy) ?? username,
      ...(key === 'dataElement' ? { providedElsewhere: v.providedElsewhere === true } : {}),
    })
  }
}

function appendNotes(notes: Note[], raw: unknown, at: string, username: string): void {
  for (const n of objects(raw)) {
    const value = str(n.value)
    const uid = str(n.note) ?? generateUid()
    if (value && !notes.some((existing) => existing.note === uid)) notes.push({ note: uid, value, storedAt: at, storedBy: str(n.storedBy) ?? username })
  }
}

const completedAt = (status: string, given: unknown, previous: string | undefined, at: string) =>
  status === 'COMPLETED' ? (normalizeTimestamp(given) ?? previous ?? at) : undefined

export function commitBundle(deps: Deps, bundle: FlatBundle, strategy: ImportStrategy): Persisted[] {
  return strategy === 'DELETE' ? deleteBundle(deps, bundle) : persistBundle(deps, bundle)
}

function persistBundle({ store, meta, username, stamp }: Deps, bundle: FlatBundle): Persisted[] {
  const done: Persisted[] = []
  for (const te of bundle.trackedEntities) {
    const uid = te.trackedEntity as string
    const at = stamp()
    const previous = store.trackedEntities.get(uid)
    const entity = previous ?? {
      seq: store.nextSeq(),
      trackedEntity: uid,
      trackedEntityType: refId(te.trackedEntityType) ?? '',
      orgUnit: refId(te.orgUnit) ?? '',
      createdAt: at,
      createdAtClient: normalizeTimestamp(te.createdAtClient),
      updatedAt: at,
      inactive: false,
      deleted: false,
      potentialDuplicate: false,
      storedBy: str(te.storedBy),
      attributes: new Map<string, StoredValue>(),
    }
    Object.assign(entity, {
      orgUnit: refId(te.orgUnit) ?? entity.orgUnit,
      inactive: te.inactive === true,
      potentialDuplicate: te.potentialDuplicate === true,
      geometry: te.geometry ?? undefined,
      updatedAt: at,
      updatedAtClient: normalizeTimestamp(te.updatedAtClient),
    })
    mergeValues(entity.attributes, te.attributes, 'attribute', at, username)
    store.trackedEntities.set(uid, entity)
    done.push({ type: 'TRACKED_ENTITY', uid, action: previous ? 'UPDATE' : 'CREATE' })
  }
  for (const en of bundle.enrollments) {
    const uid = en.enrollment as string
    const at = stamp()
    const previous = store.enrollments.get(uid)
    const trackedEntity = str(en.trackedEntity) ?? previous?.trackedEntity ?? ''
    const program = refId(en.program) ?? previous?.program ?? ''
    const status = str(en.status) ?? 'ACTIVE'
    const enrollment = previous ?? {
      seq: store.nextSeq(),
      enrollment: uid,
      trackedEntity,
      program,
      createdAt: at,
      createdAtClient: normalizeTimestamp(en.createdAtClient),
      deleted: false,
      notes: [] as Note[],
      storedBy: str(en.storedBy) ?? username,
    }
    const stored = Object.assign(enrollment, {
      status,
      orgUnit: refId(en.orgUnit) ?? '',
      enrolledAt: normalizeTimestamp(en.enrolledAt) ?? at,
      occurredAt: normalizeTimestamp(en.occurredAt),
      completedAt: completedAt(status, en.completedAt, previous?.completedAt, at),
      completedBy: status === 'COMPLETED' ? (previous?.completedBy ?? username) : undefined,
      followUp: en.followUp === true,
      geometry: en.geometry ?? undefined,
      updatedAt: at,
      updatedAtClient: normalizeTimestamp(en.updatedAtClient),
    })
    appendNotes(stored.notes, en.notes, at, username)
    store.enrollments.set(uid, stored)
    store.setOwnerIfAbsent(trackedEntity, program, stored.orgUnit)
    const te = store.trackedEntities.get(trackedEntity)
    if (te) mergeValues(te.attributes, en.attributes, 'attribute', at, username)
    store.touchTrackedEntity(trackedEntity, at)
    done.push({ type: 'ENROLLMENT', uid, action: previous ? 'UPDATE' : 'CREATE' })
  }
  for (const ev of bundle.events) {
    const uid = ev.event as string
    const at = stamp()
    const previous = store.events.get(uid)
    const stage = refId(ev.programStage) ?? previous?.programStage ?? ''
    const enrollmentUid = str(ev.enrollment) ?? previous?.enrollment
    const enrollment = enrollmentUid ? store.enrollments.get(enrollmentUid) : undefined
    const status = str(ev.status) ?? 'ACTIVE'
    const event = previous ?? {
      seq: store.nextSeq(),
      event: uid,
      createdAt: at,
      createdAtClient: normalizeTimestamp(ev.createdAtClient),
      deleted: false,
      dataValues: new Map<string, StoredValue>(),
      notes: [] as Note[],
      storedBy: str(ev.storedBy) ?? username,
    }
    const stored = Object.assign(event, {
      program: refId(ev.program) ?? meta.programOfStage(stage) ?? '',
      programStage: stage,
      enrollment: enrollmentUid,
      trackedEntity: enrollment?.trackedEntity,
      orgUnit: refId(ev.orgUnit) ?? '',
      status,
      occurredAt: normalizeTimestamp(ev.occurredAt),
      scheduledAt: normalizeTimestamp(ev.scheduledAt),
      completedAt: completedAt(status, ev.completedAt, previous?.completedAt, at),
      completedBy: status === 'COMPLETED' ? (previous?.completedBy ?? username) : undefined,
      followUp: ev.followUp === true || ev.followup === true,
      attributeOptionCombo: refId(ev.attributeOptionCombo) ?? DEFAULT_CATEGORY_OPTION_COMBO,
      attributeCategoryOptions: str(ev.attributeCategoryOptions) ?? DEFAULT_CATEGORY_OPTION,
      assignedUser: refId(ev.assignedUser) ?? str((ev.assignedUser as JsonObject | undefined)?.uid),
      geometry: ev.geometry ?? undefined,
      updatedAt: at,
      updatedAtClient: normalizeTimestamp(ev.updatedAtClient),
    })
    mergeValues(stored.dataValues, ev.dataValues, 'dataElement', at, username)
    appendNotes(stored.notes, ev.notes, at, username)
    store.events.set(uid, stored)
    if (enrollment) enrollment.updatedAt = at
    store.touchTrackedEntity(enrollment?.trackedEntity, at)
    done.push({ type: 'EVENT', uid, action: previous ? 'UPDATE' : 'CREATE' })
  }
  for (const rel of bundle.relationships) {
    const uid = rel.relationship as string
    if (store.relationships.has(uid)) continue // not updatable: ignored
    const [from] = relationshipItems(rel.from)
    const [to] = relationshipItems(rel.to)
    if (!from?.uid || !to?.uid) continue
    const at = stamp()
    store.relationships.set(uid, {
      seq: store.nextSeq(),
      relationship: uid,
      relationshipType: refId(rel.relationshipType) ?? '',
      from: { kind: from.kind, uid: from.uid },
      to: { kind: to.kind, uid: to.uid },
      createdAt: at,
      createdAtClient: normalizeTimestamp(rel.createdAtClient),
      updatedAt: at,
      deleted: false,
    })
    if (from.kind === 'trackedEntity') store.touchTrackedEntity(from.uid, at)
    done.push({ type: 'RELATIONSHIP', uid, action: 'CREATE' })
  }
  return done
}

function deleteBundle({ store, stamp }: Deps, bundle: FlatBundle): Persisted[] {
  const done: Persisted[] = []
  const at = stamp()
  const dropRelationships = (uid: string) => {
    for (const r of store.relationships.values()) if (r.from.uid === uid || r.to.uid === uid) Object.assign(r, { deleted: true, updatedAt: at })
  }
  const deleteEvent = (uid: string) => {
    const e = store.events.get(uid)
    if (!e) return
    Object.assign(e, { deleted: true, updatedAt: at })
    dropRelationships(uid)
    store.touchTrackedEntity(e.trackedEntity, at)
  }
  const deleteEnrollment = (uid: string) => {
    const en = store.enrollments.get(uid)
    if (!en) return
    Object.assign(en, { deleted: true, updatedAt: at })
    for (const e of store.events.values()) if (e.enrollment === uid) deleteEvent(e.event)
    dropRelationships(uid)
    store.touchTrackedEntity(en.trackedEntity, at)
  }
  for (const r of bundle.relationships) {
    const stored = store.relationships.get(r.relationship as string)
    if (stored) Object.assign(stored, { deleted: true, updatedAt: at })
    done.push({ type: 'RELATIONSHIP', uid: r.relationship as string, action: 'DELETE' })
  }
  for (const e of bundle.events) {
    deleteEvent(e.event as string)
    done.push({ type: 'EVENT', uid: e.event as string, action: 'DELETE' })
  }
  for (const en of bundle.enrollments) {
    deleteEnrollment(en.enrollment as string)
    done.push({ type: 'ENROLLMENT', uid: en.enrollment as string, action: 'DELETE' })
  }
  for (const te of bundle.trackedEntities) {
    const uid = te.trackedEntity as string
    const stored = store.trackedEntities.get(uid)
    if (stored) Object.assign(stored, { deleted: true, updatedAt: at })
    for (const en of store.enrollments.values()) if (en.trackedEntity === uid) deleteEnrollment(en.enrollment)
    dropRelationships(uid)
    done.push({ type: 'TRACKED_ENTITY', uid, action: 'DELETE' })
  }
  return done
}
