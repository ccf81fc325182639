/** One concern (incident register event) with its values by code. */
import { dateOf, type IsoDate } from '../domain'
import type { AppMetadata } from './appMetadata'
import { valuesByCode, type TrackerEventJson } from './tracker'
import { useEngineQuery } from './useEngineQuery'

export interface Concern {
    json: TrackerEventJson
    orgUnit: string
    reportedOn: IsoDate
    status: string
    values: Record<string, string>
}

export const concernQuery = (uid: string) => ({
    resource: 'tracker/events',
    id: uid,
    params: { fields: 'event,program,programStage,orgUnit,occurredAt,status,dataValues[dataElement,value]' },
})

export function toConcern(meta: AppMetadata, json: TrackerEventJson): Concern {
    return {
        json,
        orgUnit: json.orgUnit ?? '',
        reportedOn: dateOf(json.occurredAt) ?? '',
        status: json.status,
        values: valuesByCode(json.dataValues, (v) => v.dataElement, meta.dataElementCode),
    }
}

export function useConcern(meta: AppMetadata, uid: string) {
    return useEngineQuery<Concern>(`concern:${uid}`, async (engine) => {
        const { event } = (await engine.query({ event: concernQuery(uid) })) as { event: TrackerEventJson }
        return toConcern(meta, event)
    })
}
