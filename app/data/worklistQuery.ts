/**
 * The worklists as server queries. One page of intake events (one per case) carries the
 * filters the tracker API can apply (tier, case type, allocated caseworker, org unit);
 * a second request fetches those cases' enrolments with their events. Nothing loads all cases.
 */
import { nextAction, sortWorklist, stepProgress, type IsoDate, type RiskTier, type Step, type WorklistRow } from '../domain'
import type { AppMetadata } from './appMetadata'
import { toCaseSnapshot } from './caseSnapshot'
import type { TrackerEnrollmentJson } from './tracker'

export type WorklistScope = 'MINE' | 'DISTRICT'

export interface WorklistFilters {
    scope: WorklistScope
    tier?: RiskTier
    caseType?: string
    step?: Step
    /** Org unit the district list is restricted to (with its descendants); default: the user's first. */
    orgUnit?: string
}

export const PAGE_SIZE = 20

export function worklistPageQuery(meta: AppMetadata, filters: WorklistFilters, page: number, pageSize = PAGE_SIZE) {
    const de = (code: string) => meta.dataElement(code).id
    const filter = [
        ...(filters.tier ? [`${de('CPCM_INT_RISK_TIER')}:eq:${filters.tier}`] : []),
        ...(filters.caseType ? [`${de('CPCM_INT_CASE_TYPE')}:eq:${filters.caseType}`] : []),
        ...(filters.scope === 'MINE' ? [`${de('CPCM_INT_CASEWORKER')}:eq:${meta.me.username}`] : []),
    ]
    const orgUnit = filters.orgUnit ?? (filters.scope === 'DISTRICT' ? meta.me.orgUnits[0]?.id : undefined)
    return {
        resource: 'tracker/events',
        params: {
            program: meta.caseProgram.id,
            programStage: meta.stage('CPCM_INTAKE').id,
            enrollmentStatus: 'ACTIVE',
            ...(orgUnit ? { orgUnit, orgUnitMode: 'DESCENDANTS' } : { orgUnitMode: 'ACCESSIBLE' }),
            ...(filter.length ? { filter } : {}),
            // Earliest deadline first across pages: the intake event's scheduledAt carries the case's
            // next deadline (set at intake to the tier deadline; the step forms move it on), so the
            // server can sort 5,000 cases by it before paging. Within the page the rows are sorted
            // again by the next action computed from the whole case.
            order: 'scheduledAt:asc',
            fields: 'event,enrollment,trackedEntity,orgUnit,occurredAt',
            page,
            pageSize,
            totalPages: true,
        },
    }
}

export function worklistCasesQuery(meta: AppMetadata, enrollments: string[]) {
    return {
        resource: 'tracker/enrollments',
        params: {
            program: meta.caseProgram.id,
            enrollments,
            fields:
                'enrollment,trackedEntity,orgUnit,status,enrolledAt,occurredAt,attributes[attribute,value],' +
                'events[event,programStage,status,occurredAt,scheduledAt,dataValues[dataElement,value]]',
            paging: false,
        },
    }
}

export interface WorklistCaseRow extends WorklistRow {
    step: Step | null
}

/** Rows for one page, in worklist order; the step filter applies to the page (the API cannot filter on it). */
export function worklistRows(meta: AppMetadata, enrollments: TrackerEnrollmentJson[], filters: WorklistFilters, today: IsoDate): WorklistCaseRow[] {
    const rows = enrollments.map((enrollment): WorklistCaseRow => {
        const snapshot = toCaseSnapshot(meta, enrollment)
        return {
            enrollment: snapshot.enrollment,
            trackedEntity: snapshot.trackedEntity,
            orgUnit: snapshot.orgUnit,
            ...(snapshot.childCode ? { childCode: snapshot.childCode } : {}),
            ...(snapshot.caseType ? { caseType: snapshot.caseType } : {}),
            ...(snapshot.tier ? { tier: snapshot.tier } : {}),
            ...(snapshot.caseworker ? { caseworker: snapshot.caseworker } : {}),
            step: stepProgress(snapshot).current,
            next: nextAction(snapshot),
        }
    })
    return sortWorklist(
        rows.filter((row) => filters.step === undefined || row.step === filters.step),
        today,
    )
}
