import { normalizeTimestamp } from './clock'
import { asObject, objects, refId, str } from './json'
import type { ValidationContext } from './trackerContext'
import type { ItemKind } from './trackerStore'
import { validateDataValues } from './trackerValues'
import type { JsonObject } from './types'
import { isValidUid } from './uid'

const EVENT_STATUSES = ['ACTIVE', 'COMPLETED', 'VISITED', 'SCHEDULE', 'OVERDUE', 'SKIPPED']

export function validateEvent(ctx: ValidationContext, ev: JsonObject): boolean {
  const uid = ev.event as string
  if (!isValidUid(uid)) return ctx.error('EVENT', uid, 'E1048', uid, uid)
  const enrollmentUid = str(ev.enrollment)
  if (ctx.inPayload('en', enrollmentUid) && ctx.isPayloadInvalid(enrollmentUid))
    return ctx.error('EVENT', uid, 'E5000', 'event', uid, 'enrollment', enrollmentUid)
  const existing = ctx.store.events.get(uid)
  const action = ctx.action(existing !== undefined)
  if (action === 'DELETE') return existing && !existing.deleted ? true : ctx.error('EVENT', uid, 'E1032', uid)
  if (action === 'CREATE' && existing) return ctx.error('EVENT', uid, 'E1030', uid)
  if (action === 'UPDATE' && !existing) return ctx.error('EVENT', uid, 'E1032', uid)
  if (existing?.deleted) return ctx.error('EVENT', uid, 'E1082', uid)

  const stageUid = refId(ev.programStage)
  const orgUnit = refId(ev.orgUnit)
  if (!stageUid) ctx.error('EVENT', uid, 'E1123', 'programStage')
  if (!orgUnit) ctx.error('EVENT', uid, 'E1123', 'orgUnit')
  if (!stageUid || !orgUnit) return false
  const stage = ctx.meta.programStage(stageUid)
  if (!stage) ctx.error('EVENT', uid, 'E1013', stageUid)
  if (!ctx.meta.orgUnit(orgUnit)) ctx.error('EVENT', uid, 'E1011', orgUnit)
  const given = refId(ev.program)
  if (given && !ctx.meta.program(given)) ctx.error('EVENT', uid, 'E1010', given)
  if (!stage || ctx.errorCountFor(uid) > 0) return false
  const stageProgram = ctx.meta.programOfStage(stageUid)
  const programUid = given ?? stageProgram
  if (!programUid || stageProgram !== programUid) return ctx.error('EVENT', uid, 'E1089', uid, stageUid, programUid ?? '')
  const program = ctx.meta.program(programUid)
  if (!program) return ctx.error('EVENT', uid, 'E1010', programUid)

  if (existing && existing.program !== programUid) ctx.error('EVENT', uid, 'E1128', 'program')
  if (!ctx.meta.programHasOrgUnit(programUid, orgUnit)) ctx.error('EVENT', uid, 'E1029', orgUnit, programUid)
  if (!ctx.canCapture(orgUnit)) ctx.error('EVENT', uid, 'E1000', ctx.user.username, orgUnit)
  const status = str(ev.status) ?? 'ACTIVE'
  if (ctx.meta.isTrackerProgram(program)) {
    const enrollment = ctx.enrollment(enrollmentUid)
    if (!enrollment || enrollment.deleted) return ctx.error('EVENT', uid, 'E1033', uid)
    if (enrollment.program !== programUid) ctx.error('EVENT', uid, 'E1079', uid, programUid, enrollmentUid)
    const te = enrollment.trackedEntity
    if (te && ctx.store.trackedEntities.has(te) && !ctx.hasOwnershipAccess(te, programUid))
      ctx.error('EVENT', uid, 'E1102', ctx.user.username, te, programUid)
    if (action === 'CREATE' && stage.repeatable !== true && hasStageEvent(ctx, uid, enrollmentUid as string, stageUid))
      ctx.error('EVENT', uid, 'E1039', stageUid)
  }
  if (!EVENT_STATUSES.includes(status)) ctx.error('EVENT', uid, 'E1123', 'status')
  const occurredAt = normalizeTimestamp(ev.occurredAt)
  const occurredMandatory = !ctx.meta.isTrackerProgram(program) || status === 'ACTIVE' || status === 'COMPLETED'
  if (!occurredAt && occurredMandatory) ctx.error('EVENT', uid, 'E1031')
  if (status === 'SCHEDULE' && !normalizeTimestamp(ev.scheduledAt)) ctx.error('EVENT', uid, 'E1050')
  const aoc = refId(ev.attributeOptionCombo)
  if (aoc && !ctx.meta.has('categoryOptionCombos', aoc)) ctx.error('EVENT', uid, 'E1115', aoc)
  validateDataValues(ctx, uid, ev.dataValues, stageUid, status, action === 'CREATE')
  for (const note of objects(ev.notes)) {
    const noteUid = str(note.note)
    if (noteUid && existing?.notes.some((n) => n.note === noteUid)) ctx.warn('EVENT', uid, 'E1119', noteUid)
  }
  return ctx.errorCountFor(uid) === 0
}

function hasStageEvent(ctx: ValidationContext, uid: string, enrollment: string, stage: string): boolean {
  for (const e of ctx.store.events.values()) if (e.event !== uid && !e.deleted && e.enrollment === enrollment && e.programStage === stage) return true
  return ctx.bundle.events.some(
    (e) => e.event !== uid && ctx.accepted.has(e.event as string) && str(e.enrollment) === enrollment && refId(e.programStage) === stage,
  )
}

const ENTITY_OF: Record<string, ItemKind> = {
  TRACKED_ENTITY_INSTANCE: 'trackedEntity',
  PROGRAM_INSTANCE: 'enrollment',
  PROGRAM_STAGE_INSTANCE: 'event',
}

/** `{trackedEntity: {trackedEntity: uid}}` (or a bare uid) -> the linked kinds and uids. */
export function relationshipItems(side: unknown): { kind: ItemKind; uid: string | undefined }[] {
  const item = asObject(side)
  return (['trackedEntity', 'enrollment', 'event'] as const)
    .filter((kind) => item[kind] !== undefined && item[kind] !== null)
    .map((kind) => {
      const value = item[kind]
      return { kind, uid: typeof value === 'string' ? value : str(asObject(value)[kind]) }
    })
}

export function validateRelationship(ctx: ValidationContext, rel: JsonObject): boolean {
  const uid = rel.relationship as string
  if (!isValidUid(uid)) return ctx.error('RELATIONSHIP', uid, 'E1048', uid, uid)
  const existing = ctx.store.relationships.get(uid)
  const action = ctx.action(existing !== undefined)
  if (action === 'DELETE') return existing && !existing.deleted ? true : ctx.error('RELATIONSHIP', uid, 'E4016', uid)
  if (action === 'CREATE' && existing) return ctx.error('RELATIONSHIP', uid, 'E4015', uid)
  if (action === 'UPDATE' && !existing) return ctx.error('RELATIONSHIP', uid, 'E4016', uid)
  if (existing?.deleted) return ctx.error('RELATIONSHIP', uid, 'E4017', uid)
  if (existing) return true // relationships are not updatable: DHIS2 ignores them

  const typeUid = refId(rel.relationshipType)
  if (!typeUid) ctx.error('RELATIONSHIP', uid, 'E1124', 'relationshipType')
  if (!rel.from) ctx.error('RELATIONSHIP', uid, 'E1124', 'from')
  if (!rel.to) ctx.error('RELATIONSHIP', uid, 'E1124', 'to')
  if (!typeUid || !rel.from || !rel.to) return false
  const type = ctx.meta.relationshipType(typeUid)
  if (!type) return ctx.error('RELATIONSHIP', uid, 'E4006', typeUid)

  const ends: { kind: ItemKind; uid: string }[] = []
  for (const side of ['from', 'to'] as const) {
    const items = relationshipItems(rel[side])
    const item = items[0]
    if (items.length !== 1 || !item?.uid) {
      ctx.error('RELATIONSHIP', uid, 'E4001', side, uid)
      continue
    }
    const linked = { kind: item.kind, uid: item.uid }
    const payloadKind = linked.kind === 'trackedEntity' ? 'te' : linked.kind === 'enrollment' ? 'en' : 'ev'
    if (ctx.inPayload(payloadKind, linked.uid) && ctx.isPayloadInvalid(linked.uid)) {
      ctx.error('RELATIONSHIP', uid, 'E5000', 'relationship', uid, linked.kind, linked.uid)
      continue
    }
    const found = linked.kind === 'trackedEntity' ? ctx.trackedEntity(linked.uid) : linked.kind === 'enrollment' ? ctx.enrollment(linked.uid) : ctx.event(linked.uid)
    if (!found || found.deleted) {
      ctx.error('RELATIONSHIP', uid, 'E4012', linked.kind, linked.uid)
      continue
    }
    const constraint = asObject(type[side === 'from' ? 'fromConstraint' : 'toConstraint'])
    const expected = ENTITY_OF[str(constraint.relationshipEntity) ?? '']
    if (expected && expected !== linked.kind) ctx.error('RELATIONSHIP', uid, 'E4010', typeUid, expected, linked.kind)
    const expectedType = refId(constraint.trackedEntityType)
    const actualType = linked.kind === 'trackedEntity' ? ctx.trackedEntity(linked.uid)?.trackedEntityType : undefined
    if (expectedType && actualType && expectedType !== actualType) ctx.error('RELATIONSHIP', uid, 'E4014', typeUid, expectedType, actualType)
    ends.push(linked)
  }
  const [from, to] = ends
  if (ctx.errorCountFor(uid) > 0 || !from || !to) return false
  if (from.kind === to.kind && from.uid === to.uid) return ctx.error('RELATIONSHIP', uid, 'E4000', uid)
  const same = (a: { kind: string; uid: string }, b: { kind: string; uid: string }) => a.kind === b.kind && a.uid === b.uid
  for (const r of ctx.store.relationships.values()) {
    if (r.deleted || r.relationshipType !== typeUid) continue
    const duplicate = (same(r.from, from) && same(r.to, to)) || (type.bidirectional === true && same(r.from, to) && same(r.to, from))
    if (duplicate) return ctx.error('RELATIONSHIP', uid, 'E4018', r.relationship, from.kind, from.uid, to.kind, to.uid)
  }
  return true
}
