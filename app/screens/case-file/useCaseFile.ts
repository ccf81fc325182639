/** A case and the other cases of the same child, read without identifying attributes reaching the screen. */
import { toCaseSnapshot, readEvents, type SnapshotEvent } from '../../data/caseSnapshot'
import type { AppMetadata } from '../../data/appMetadata'
import { readPage, type TrackerEnrollmentJson, type TrackerPage } from '../../data/tracker'
import { useEngineQuery } from '../../data/useEngineQuery'
import type { CaseSnapshot } from '../../domain'

const EVENT_FIELDS = 'events[event,programStage,status,occurredAt,scheduledAt,dataValues[dataElement,value]]'

export interface CaseFile {
    snapshot: CaseSnapshot
    events: SnapshotEvent[]
    /** Every case of the child, this one included, newest first. */
    childCases: CaseSnapshot[]
}

export function useCaseFile(meta: AppMetadata, enrollment: string) {
    return useEngineQuery<CaseFile>(`case:${enrollment}`, async (engine) => {
        const { enrollment: json } = (await engine.query({
            enrollment: {
                resource: 'tracker/enrollments',
                id: enrollment,
                params: { fields: `enrollment,trackedEntity,orgUnit,status,enrolledAt,occurredAt,attributes[attribute,value],${EVENT_FIELDS}` },
            },
        })) as { enrollment: TrackerEnrollmentJson }
        const snapshot = toCaseSnapshot(meta, json)
        const { cases } = (await engine.query({
            cases: {
                resource: 'tracker/enrollments',
                params: {
                    program: meta.caseProgram.id,
                    trackedEntity: json.trackedEntity,
                    fields: `enrollment,trackedEntity,orgUnit,status,enrolledAt,occurredAt,${EVENT_FIELDS}`,
                    paging: false,
                },
            },
        })) as { cases: TrackerPage<'enrollments', TrackerEnrollmentJson> }
        const childCases = readPage(cases, 'enrollments')
            .items.map((e) => toCaseSnapshot(meta, e, snapshot.childCode))
            .sort((a, b) => (a.recordedAt < b.recordedAt ? 1 : -1))
        return { snapshot, events: readEvents(meta, json.events), childCases: childCases.length ? childCases : [snapshot] }
    })
}
