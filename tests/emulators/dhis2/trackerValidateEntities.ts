import { normalizeTimestamp, timestampMillis } from './clock'
import { objects, refId, str } from './json'
import type { ValidationContext } from './trackerContext'
import { validateAttributes } from './trackerValues'
import { isValidUid } from './uid'
import { valueAsString } from './valueTypes'
import type { JsonObject } from './types'

/**
 * Tracked entity and enrollment validation, in dhis2-core's order: UID form, existence for the
 * strategy, required properties, metadata references, then rules. Each stage stops the object at
 * its first failing stage, so one bad reference gives one error, not a cascade of them.
 */
export function validateTrackedEntity(ctx: ValidationContext, te: JsonObject): boolean {
  const uid = te.trackedEntity as string
  if (!isValidUid(uid)) return ctx.error('TRACKED_ENTITY', uid, 'E1048', uid, uid)
  const existing = ctx.store.trackedEntities.get(uid)
  const action = ctx.action(existing !== undefined)
  if (action === 'DELETE') {
    if (!existing || existing.deleted) return ctx.error('TRACKED_ENTITY', uid, 'E1063', uid)
    const hasEnrollments = [...ctx.store.enrollments.values()].some((e) => e.trackedEntity === uid && !e.deleted)
    if (hasEnrollments && !ctx.hasAuthority('F_TEI_CASCADE_DELETE')) return ctx.error('TRACKED_ENTITY', uid, 'E1100', ctx.user.username, uid)
    return true
  }
  if (action === 'CREATE' && existing) return ctx.error('TRACKED_ENTITY', uid, 'E1002', uid)
  if (action === 'UPDATE' && !existing) return ctx.error('TRACKED_ENTITY', uid, 'E1063', uid)
  if (existing?.deleted) return ctx.error('TRACKED_ENTITY', uid, 'E1114', uid)

  const type = refId(te.trackedEntityType)
  const orgUnit = refId(te.orgUnit)
  if (!type) ctx.error('TRACKED_ENTITY', uid, 'E1121', 'trackedEntityType')
  if (!orgUnit) ctx.error('TRACKED_ENTITY', uid, 'E1121', 'orgUnit')
  if (!type || !orgUnit) return false
  if (!ctx.meta.trackedEntityType(type)) ctx.error('TRACKED_ENTITY', uid, 'E1005', type)
  if (!ctx.meta.orgUnit(orgUnit)) ctx.error('TRACKED_ENTITY', uid, 'E1049', orgUnit)
  if (ctx.errorCountFor(uid) > 0) return false

  if (existing && existing.trackedEntityType !== type) ctx.error('TRACKED_ENTITY', uid, 'E1126', 'trackedEntityType')
  if (!ctx.canCapture(orgUnit)) ctx.error('TRACKED_ENTITY', uid, 'E1000', ctx.user.username, orgUnit)
  validateAttributes(ctx, 'TRACKED_ENTITY', uid, te.attributes, undefined, uid)
  if (action === 'CREATE') {
    const given = new Set(objects(te.attributes).filter((a) => valueAsString(a.value) != null).map((a) => refId(a.attribute)))
    for (const [attribute, spec] of ctx.meta.typeAttributes(type))
      if (spec.mandatory && !given.has(attribute)) ctx.error('TRACKED_ENTITY', uid, 'E1090', attribute, type, uid)
  }
  return ctx.errorCountFor(uid) === 0
}

export function validateEnrollment(ctx: ValidationContext, en: JsonObject): boolean {
  const uid = en.enrollment as string
  if (!isValidUid(uid)) return ctx.error('ENROLLMENT', uid, 'E1048', uid, uid)
  const teUid = str(en.trackedEntity)
  if (ctx.inPayload('te', teUid) && ctx.isPayloadInvalid(teUid)) return ctx.error('ENROLLMENT', uid, 'E5000', 'enrollment', uid, 'trackedEntity', teUid)
  const existing = ctx.store.enrollments.get(uid)
  const action = ctx.action(existing !== undefined)
  if (action === 'DELETE') {
    if (!existing || existing.deleted) return ctx.error('ENROLLMENT', uid, 'E1081', uid)
    const hasEvents = [...ctx.store.events.values()].some((e) => e.enrollment === uid && !e.deleted)
    if (hasEvents && !ctx.hasAuthority('F_ENROLLMENT_CASCADE_DELETE')) return ctx.error('ENROLLMENT', uid, 'E1103', ctx.user.username, uid)
    return true
  }
  if (action === 'CREATE' && existing) return ctx.error('ENROLLMENT', uid, 'E1080', uid)
  if (action === 'UPDATE' && !existing) return ctx.error('ENROLLMENT', uid, 'E1081', uid)
  if (existing?.deleted) return ctx.error('ENROLLMENT', uid, 'E1113', uid)

  const programUid = refId(en.program)
  const orgUnit = refId(en.orgUnit)
  const enrolledAt = normalizeTimestamp(en.enrolledAt)
  if (!programUid) ctx.error('ENROLLMENT', uid, 'E1122', 'program')
  if (!orgUnit) ctx.error('ENROLLMENT', uid, 'E1122', 'orgUnit')
  if (!teUid) ctx.error('ENROLLMENT', uid, 'E1122', 'trackedEntity')
  if (!enrolledAt) ctx.error('ENROLLMENT', uid, 'E1025')
  if (!programUid || !orgUnit || !teUid || !enrolledAt) return false
  const program = ctx.meta.program(programUid)
  const te = ctx.trackedEntity(teUid)
  if (!program) ctx.error('ENROLLMENT', uid, 'E1069', programUid)
  if (!ctx.meta.orgUnit(orgUnit)) ctx.error('ENROLLMENT', uid, 'E1070', orgUnit)
  if (!te || te.deleted) ctx.error('ENROLLMENT', uid, 'E1068', teUid)
  if (!program || !te || ctx.errorCountFor(uid) > 0) return false
  if (!ctx.meta.isTrackerProgram(program)) return ctx.error('ENROLLMENT', uid, 'E1014', programUid)

  if (existing && existing.program !== programUid) ctx.error('ENROLLMENT', uid, 'E1127', 'program')
  if (!ctx.meta.programHasOrgUnit(programUid, orgUnit)) ctx.error('ENROLLMENT', uid, 'E1041', orgUnit, programUid)
  if (!ctx.canCapture(orgUnit)) ctx.error('ENROLLMENT', uid, 'E1000', ctx.user.username, orgUnit)
  if (!te.fromPayload && !ctx.hasOwnershipAccess(teUid, programUid)) ctx.error('ENROLLMENT', uid, 'E1102', ctx.user.username, teUid, programUid)
  if (te.trackedEntityType !== refId(program.trackedEntityType)) ctx.error('ENROLLMENT', uid, 'E1022', teUid, programUid)
  const occurredAt = normalizeTimestamp(en.occurredAt)
  if (program.displayIncidentDate === true && !occurredAt) ctx.error('ENROLLMENT', uid, 'E1023')
  const future = (t: string) => timestampMillis(t) > timestampMillis(ctx.now)
  if (future(enrolledAt) && program.selectEnrollmentDatesInFuture !== true) ctx.error('ENROLLMENT', uid, 'E1020', enrolledAt)
  if (occurredAt && future(occurredAt) && program.selectIncidentDatesInFuture !== true) ctx.error('ENROLLMENT', uid, 'E1021', occurredAt)

  const status = str(en.status) ?? 'ACTIVE'
  const siblings = enrollmentsOf(ctx, teUid, programUid).filter((e) => e.uid !== uid)
  if (status === 'ACTIVE' && siblings.some((e) => e.status === 'ACTIVE')) ctx.error('ENROLLMENT', uid, 'E1015', teUid, programUid)
  else if (action === 'CREATE' && program.onlyEnrollOnce === true && siblings.some((e) => e.status !== 'CANCELLED'))
    ctx.error('ENROLLMENT', uid, 'E1016', teUid, programUid)

  const programAttributes = ctx.meta.programAttributes(programUid)
  validateAttributes(ctx, 'ENROLLMENT', uid, en.attributes, programAttributes, teUid)
  if (action === 'CREATE') {
    const given = new Set(objects(en.attributes).filter((a) => valueAsString(a.value) != null).map((a) => refId(a.attribute)))
    const onTe = new Set(ctx.store.trackedEntities.get(teUid)?.attributes.keys() ?? [])
    for (const te of ctx.bundle.trackedEntities.filter((t) => t.trackedEntity === teUid))
      for (const a of objects(te.attributes)) if (valueAsString(a.value) != null) onTe.add(refId(a.attribute) ?? '')
    for (const [attribute, spec] of programAttributes)
      if (spec.mandatory && !given.has(attribute) && !onTe.has(attribute)) ctx.error('ENROLLMENT', uid, 'E1018', attribute, programUid, uid)
  }
  return ctx.errorCountFor(uid) === 0
}

/** Non-deleted enrollments of a tracked entity in a program: stored ones and valid payload ones seen so far. */
function enrollmentsOf(ctx: ValidationContext, te: string, program: string): { uid: string; status: string }[] {
  const result = new Map<string, string>()
  for (const e of ctx.store.enrollments.values())
    if (e.trackedEntity === te && e.program === program && !e.deleted) result.set(e.enrollment, e.status)
  for (const e of ctx.bundle.enrollments) {
    const uid = e.enrollment as string
    if (str(e.trackedEntity) === te && refId(e.program) === program && ctx.accepted.has(uid)) result.set(uid, str(e.status) ?? 'ACTIVE')
  }
  return [...result].map(([uid, status]) => ({ uid, status }))
}
