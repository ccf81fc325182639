/**
 * Tracker payloads for the incident register (steps 1 to 3): a concern is an anonymous
 * event; screening updates that event. Values are keyed by data element code here and
 * turned into UIDs from the server's metadata.
 */
import type { IsoDate } from '../domain'
import type { AppMetadata } from './appMetadata'
import type { TrackerEventJson } from './tracker'

export type CodedValues = Readonly<Record<string, string | undefined>>

export const dataValues = (meta: AppMetadata, values: CodedValues) =>
    Object.entries(values)
        .filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== '')
        .map(([code, value]) => ({ dataElement: meta.dataElement(code).id, value }))

export function newConcernEvent(meta: AppMetadata, input: { event: string; orgUnit: string; reportedOn: IsoDate; values: CodedValues }): TrackerEventJson {
    return {
        event: input.event,
        program: meta.incidentProgram.id,
        programStage: meta.stage('CPCM_INCIDENT_RECORD').id,
        orgUnit: input.orgUnit,
        occurredAt: input.reportedOn,
        status: 'ACTIVE',
        dataValues: dataValues(meta, input.values),
    }
}

/**
 * The concern event with values changed by code. Values set to '' are removed, so a
 * field a rule hides is cleared as Capture does. A screened concern is COMPLETED.
 */
export function updatedConcernEvent(meta: AppMetadata, event: TrackerEventJson, changes: CodedValues, status: 'ACTIVE' | 'COMPLETED'): TrackerEventJson {
    const changed = new Set(Object.keys(changes).map((code) => meta.dataElement(code).id))
    const kept = (event.dataValues ?? []).filter((v) => !changed.has(v.dataElement))
    return {
        event: event.event,
        program: meta.incidentProgram.id,
        programStage: event.programStage,
        orgUnit: event.orgUnit ?? '',
        ...(event.occurredAt ? { occurredAt: event.occurredAt } : {}),
        status,
        dataValues: [...kept, ...dataValues(meta, changes)],
    }
}
