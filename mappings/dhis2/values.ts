/**
 * Reading DHIS2 values by code in the hot path: one pass over the data values or attributes,
 * one Map lookup each, into a plain object keyed by code.
 */
import type { MappingContext } from '../context'
import type { AttributeCode, DataElementCode } from './codes'
import type { Dhis2Attribute, Dhis2DataValue, Dhis2Enrollment, Dhis2Event, Dhis2TrackedEntity } from './types'

export type Values = Partial<Record<DataElementCode, string>> & Record<string, string | undefined>
export type AttributeValues = Partial<Record<AttributeCode, string>> & Record<string, string | undefined>

/** An event's non-empty data values by data element code. */
export function eventValues(event: Dhis2Event, ctx: MappingContext): Values {
  const out: Values = {}
  const byUid = ctx.dataElementCodeByUid
  const dvs = event.dataValues
  for (let i = 0; i < dvs.length; i++) {
    const dv = dvs[i]!
    const code = byUid.get(dv.dataElement)
    if (code !== undefined && dv.value !== '' && dv.value != null) out[code] = dv.value
  }
  return out
}

function addAttributes(out: AttributeValues, list: Dhis2Attribute[] | undefined, byUid: ReadonlyMap<string, string>) {
  if (!list) return
  for (let i = 0; i < list.length; i++) {
    const a = list[i]!
    const code = byUid.get(a.attribute)
    if (code !== undefined && out[code] === undefined && a.value !== '' && a.value != null) out[code] = a.value
  }
}

/** A tracked entity's attribute values by code: its own, then its enrollments' (2.41 sends both). */
export function attributeValues(te: Dhis2TrackedEntity, ctx: MappingContext): AttributeValues {
  const out: AttributeValues = {}
  addAttributes(out, te.attributes, ctx.attributeCodeByUid)
  const enrollments = te.enrollments
  if (enrollments) for (let i = 0; i < enrollments.length; i++) addAttributes(out, enrollments[i]!.attributes, ctx.attributeCodeByUid)
  return out
}

/** Data values from codes, in the given order, skipping absent ones. */
export function dataValuesFrom(values: Values, order: readonly string[], ctx: MappingContext): Dhis2DataValue[] {
  const out: Dhis2DataValue[] = []
  for (const code of order) {
    const v = values[code]
    const uid = ctx.uidOf('dataElement', code)
    if (v !== undefined && uid !== undefined) out.push({ dataElement: uid, value: v })
  }
  return out
}

/** The events of an enrollment in one stage (by stage code), in input order. */
export function eventsInStage(enrollment: Dhis2Enrollment, stageUid: string): Dhis2Event[] {
  const out: Dhis2Event[] = []
  const events = enrollment.events
  if (events) for (let i = 0; i < events.length; i++) if (events[i]!.programStage === stageUid && events[i]!.deleted !== true) out.push(events[i]!)
  return out
}
