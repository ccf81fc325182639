import { objects, refId, str } from './json'
import type { ValidationContext } from './trackerContext'
import type { TrackerType } from './trackerStore'
import { valueAsString, valueTypeError } from './valueTypes'

/**
 * Attribute values (tracked entity and enrollment) and event data values:
 * E1006 unknown attribute, E1019 not a program attribute, E1007 value type, E1125 option code,
 * E1064 unique value taken, E1304 unknown data element, E1305 not in the stage, E1302 value type,
 * E1303 compulsory data element missing. A `null` value means "delete this value" and is not checked.
 */
export function validateAttributes(
  ctx: ValidationContext,
  type: TrackerType,
  ownerUid: string,
  raw: unknown,
  allowed: Map<string, unknown> | undefined,
  trackedEntity: string | undefined,
): void {
  for (const attr of objects(raw)) {
    const id = refId(attr.attribute)
    if (id === undefined) continue
    const tea = ctx.meta.attribute(id)
    if (!tea) {
      ctx.error(type, ownerUid, 'E1006', id)
      continue
    }
    if (allowed && !allowed.has(id)) {
      ctx.error(type, ownerUid, 'E1019', id)
      continue
    }
    const value = valueAsString(attr.value)
    if (value === null || value === undefined) continue
    const valueType = str(tea.valueType) ?? 'TEXT'
    const problem = valueTypeError(valueType, value)
    if (problem) ctx.error(type, ownerUid, 'E1007', valueType, problem)
    const optionSet = refId(tea.optionSet)
    if (optionSet && !ctx.meta.optionCodes(optionSet).has(value)) ctx.error(type, ownerUid, 'E1125', value, optionSet)
    if (tea.unique === true && isTaken(ctx, id, value, trackedEntity)) ctx.error(type, ownerUid, 'E1064', value, id)
  }
}

/** Unique attributes are system-wide here (org-unit-scoped uniqueness is not emulated). */
function isTaken(ctx: ValidationContext, attribute: string, value: string, trackedEntity: string | undefined): boolean {
  for (const te of ctx.store.trackedEntities.values())
    if (!te.deleted && te.trackedEntity !== trackedEntity && te.attributes.get(attribute)?.value === value) return true
  const holders = [
    ...ctx.bundle.trackedEntities.map((te) => ({ te: str(te.trackedEntity), attributes: te.attributes })),
    ...ctx.bundle.enrollments.map((en) => ({ te: str(en.trackedEntity), attributes: en.attributes })),
  ]
  return holders.some(
    (h) => h.te !== trackedEntity && objects(h.attributes).some((a) => refId(a.attribute) === attribute && valueAsString(a.value) === value),
  )
}

export function validateDataValues(
  ctx: ValidationContext,
  eventUid: string,
  raw: unknown,
  stageUid: string,
  status: string,
  creating: boolean,
): void {
  const members = ctx.meta.stageDataElements(stageUid)
  const present = new Set<string>()
  for (const dv of objects(raw)) {
    const id = refId(dv.dataElement)
    if (id === undefined) continue
    const de = ctx.meta.dataElement(id)
    if (!de) {
      ctx.error('EVENT', eventUid, 'E1304', id)
      continue
    }
    if (!members.has(id)) {
      ctx.error('EVENT', eventUid, 'E1305', id, stageUid)
      continue
    }
    const value = valueAsString(dv.value)
    if (value === null || value === undefined) continue
    present.add(id)
    const problem = valueTypeError(str(de.valueType) ?? 'TEXT', value)
    if (problem) ctx.error('EVENT', eventUid, 'E1302', id, problem)
    const optionSet = refId(de.optionSet)
    if (optionSet && !ctx.meta.optionCodes(optionSet).has(value)) ctx.error('EVENT', eventUid, 'E1125', value, optionSet)
  }
  if (!creating || !needsMandatoryCheck(ctx, stageUid, status)) return
  for (const [id, member] of members) if (member.compulsory && !present.has(id)) ctx.error('EVENT', eventUid, 'E1303', id)
}

/** dhis2-core `ValidationUtils.needsToValidateDataValues`. */
function needsMandatoryCheck(ctx: ValidationContext, stageUid: string, status: string): boolean {
  if (status === 'SCHEDULE' || status === 'SKIPPED') return false
  const strategy = str(ctx.meta.programStage(stageUid)?.validationStrategy) ?? 'ON_COMPLETE'
  return strategy === 'ON_COMPLETE' ? status === 'COMPLETED' : true
}
