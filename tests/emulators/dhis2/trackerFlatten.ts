import { isObject, objects, str } from './json'
import type { JsonObject } from './types'
import { generateUid } from './uid'

/**
 * DHIS2 flattens nested payloads before importing (tracked entity -> enrollments -> events, and
 * relationships at any level), filling in parent references and generating missing UIDs.
 * Top-level objects come first, nested ones follow in payload order.
 */
export interface FlatBundle {
  trackedEntities: JsonObject[]
  enrollments: JsonObject[]
  events: JsonObject[]
  relationships: JsonObject[]
}

export const bundleSize = (b: FlatBundle): number =>
  b.trackedEntities.length + b.enrollments.length + b.events.length + b.relationships.length

function withUid(source: JsonObject, key: string, drop: string[]): JsonObject {
  const copy: JsonObject = { ...source }
  for (const k of drop) delete copy[k]
  if (str(copy[key]) === undefined) copy[key] = generateUid()
  return copy
}

export function flatten(payload: unknown): FlatBundle {
  const root = isObject(payload) ? payload : {}
  const bundle: FlatBundle = { trackedEntities: [], enrollments: [], events: [], relationships: [] }
  const nestedEnrollments: JsonObject[] = []
  const nestedEvents: JsonObject[] = []
  const nestedRelationships: JsonObject[] = []

  const takeRelationships = (holder: JsonObject) => nestedRelationships.push(...objects(holder.relationships))

  const addEvent = (raw: JsonObject, target: JsonObject[], enrollment?: string) => {
    const event = withUid(raw, 'event', ['relationships'])
    if (enrollment !== undefined) event.enrollment = enrollment
    takeRelationships(raw)
    target.push(event)
  }
  const addEnrollment = (raw: JsonObject, target: JsonObject[], trackedEntity?: string) => {
    const enrollment = withUid(raw, 'enrollment', ['events', 'relationships'])
    if (trackedEntity !== undefined) enrollment.trackedEntity = trackedEntity
    takeRelationships(raw)
    for (const ev of objects(raw.events)) addEvent(ev, nestedEvents, enrollment.enrollment as string)
    target.push(enrollment)
  }

  for (const raw of objects(root.trackedEntities)) {
    const te = withUid(raw, 'trackedEntity', ['enrollments', 'relationships'])
    takeRelationships(raw)
    for (const en of objects(raw.enrollments)) addEnrollment(en, nestedEnrollments, te.trackedEntity as string)
    bundle.trackedEntities.push(te)
  }
  for (const raw of objects(root.enrollments)) addEnrollment(raw, bundle.enrollments)
  for (const raw of objects(root.events)) addEvent(raw, bundle.events)
  bundle.enrollments.push(...nestedEnrollments)
  bundle.events.push(...nestedEvents)

  const seen = new Set<string>()
  for (const raw of [...objects(root.relationships), ...nestedRelationships]) {
    const rel = withUid(raw, 'relationship', [])
    const uid = rel.relationship as string
    if (seen.has(uid)) continue // the same relationship listed at both ends of a nested payload
    seen.add(uid)
    bundle.relationships.push(rel)
  }
  return bundle
}
