/**
 * `POST /api/tracker` (synchronous) and its import report: a report that is not OK
 * becomes a TrackerImportError carrying the server's messages.
 */
import type { useDataEngine } from '@dhis2/app-runtime'

type Engine = ReturnType<typeof useDataEngine>

export interface ImportReport {
    status?: string
    validationReport?: { errorReports?: { message?: string; errorCode?: string }[] }
    message?: string
}

export class TrackerImportError extends Error {
    constructor(readonly messages: string[]) {
        super(messages.join('; ') || 'The server refused the change')
    }
}

/** The report's own messages, whether the engine returned it or threw it (HTTP 409). */
const messagesOf = (report: ImportReport | undefined): string[] =>
    (report?.validationReport?.errorReports ?? []).map((e) => [e.errorCode, e.message].filter(Boolean).join(' '))

export interface TrackerPayload {
    trackedEntities?: unknown[]
    enrollments?: unknown[]
    events?: unknown[]
    relationships?: unknown[]
}

export async function importTracker(engine: Engine, payload: TrackerPayload): Promise<ImportReport> {
    let report: ImportReport
    try {
        report = (await engine.mutate({
            resource: 'tracker',
            type: 'create',
            params: { async: false, importStrategy: 'CREATE_AND_UPDATE', atomicMode: 'ALL' },
            data: payload as Record<string, unknown>,
        })) as ImportReport
    } catch (error) {
        const details = (error as { details?: ImportReport }).details
        const messages = messagesOf(details)
        throw messages.length > 0 ? new TrackerImportError(messages) : error
    }
    if (report.status !== 'OK') throw new TrackerImportError(messagesOf(report))
    return report
}
