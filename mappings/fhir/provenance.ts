/**
 * Provenance of a bundle: every entry is its target, `recorded` is the latest `updatedAt` in
 * the input (time comes from the data, never from a clock), the agent is the adapter.
 * R4 Provenance has no identifier, so it cannot be a conditional write: it gets an id derived
 * from the tracked entity and `recorded` and is written with PUT Provenance/<id>, so a replay
 * of the same input rewrites the same Provenance.
 */
import type * as fhir4 from 'fhir/r4'
import type { MappingContext } from '../context'
import type { Dhis2TrackedEntity } from '../dhis2/types'
import { fullUrlFor, HL7, SID } from '../identifiers'
import { toFhirInstant } from '../time'

const later = (a: string | undefined, b: string | undefined) => (b !== undefined && (a === undefined || b > a) ? b : a)

/** The latest updatedAt in a tracked entity (or, lacking any, the latest date it carries). */
export function latestUpdate(te: Dhis2TrackedEntity): string | undefined {
  let updated = te.updatedAt
  let other = te.createdAt
  for (const en of te.enrollments ?? []) {
    updated = later(updated, en.updatedAt)
    other = later(later(other, en.enrolledAt), en.createdAt)
    for (const ev of en.events ?? []) {
      updated = later(updated, ev.updatedAt)
      other = later(later(other, ev.occurredAt), ev.createdAt)
    }
  }
  return updated ?? other
}

const ASSEMBLER: fhir4.CodeableConcept = Object.freeze({
  coding: Object.freeze([Object.freeze({ system: HL7.provenanceParticipant, code: 'assembler', display: 'Assembler' })]) as fhir4.Coding[],
})

export function addProvenance(entries: fhir4.BundleEntry[], te: Dhis2TrackedEntity, recorded: string, ctx: MappingContext): void {
  const instant = toFhirInstant(recorded, ctx.timeZoneOffset)
  const fullUrl = fullUrlFor('Provenance', SID.trackedEntity, `${te.trackedEntity}|${instant}`)
  const id = fullUrl.slice('urn:uuid:'.length)
  const target: fhir4.Reference[] = new Array(entries.length)
  for (let i = 0; i < entries.length; i++) target[i] = { reference: entries[i]!.fullUrl! }
  const provenance: fhir4.Provenance = {
    resourceType: 'Provenance', id, target, recorded: instant,
    agent: [{ type: ASSEMBLER, who: { identifier: { system: SID.software, value: ctx.software }, display: ctx.software } }],
    entity: [{ role: 'source', what: { identifier: { system: SID.trackedEntity, value: te.trackedEntity }, display: 'DHIS2 tracked entity' } }],
  }
  entries.push({ fullUrl, resource: provenance, request: { method: 'PUT', url: `Provenance/${id}` } })
}
