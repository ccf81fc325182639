/** One server page of a worklist: intake events (filtered, paged by DHIS2), then those cases. */
import type { IsoDate } from '../../domain'
import type { AppMetadata } from '../../data/appMetadata'
import { readPage, type Pager, type TrackerEnrollmentJson, type TrackerEventJson, type TrackerPage } from '../../data/tracker'
import { useEngineQuery } from '../../data/useEngineQuery'
import { worklistCasesQuery, worklistPageQuery, worklistRows, type WorklistCaseRow, type WorklistFilters } from '../../data/worklistQuery'

export interface WorklistPage {
    rows: WorklistCaseRow[]
    pager: Pager
    /** Milliseconds from asking to having the rows (reported by the browser test). */
    elapsedMs: number
}

export function useWorklist(meta: AppMetadata, filters: WorklistFilters, page: number, today: IsoDate) {
    return useEngineQuery<WorklistPage>(JSON.stringify({ filters, page, today }), async (engine) => {
        const started = performance.now()
        const eventsResult = (await engine.query({ events: worklistPageQuery(meta, filters, page) })) as {
            events: TrackerPage<'events', TrackerEventJson>
        }
        const { items: events, pager } = readPage(eventsResult.events, 'events')
        const enrollments = [...new Set(events.map((e) => e.enrollment).filter((e): e is string => !!e))]
        if (enrollments.length === 0) return { rows: [], pager, elapsedMs: performance.now() - started }
        const casesResult = (await engine.query({ cases: worklistCasesQuery(meta, enrollments) })) as {
            cases: TrackerPage<'enrollments', TrackerEnrollmentJson>
        }
        const rows = worklistRows(meta, readPage(casesResult.cases, 'enrollments').items, filters, today)
        return { rows, pager, elapsedMs: performance.now() - started }
    })
}
