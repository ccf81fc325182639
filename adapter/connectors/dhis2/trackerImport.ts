/**
 * `POST /api/tracker`, synchronously (`async=false`: the report is the answer, 409 when its status
 * is ERROR) or as a job (the default on the server: poll `/api/tracker/jobs/{id}` until a
 * notification says completed, then read `/api/tracker/jobs/{id}/report`). Either way a report
 * with status ERROR becomes a TrackerImportError (not retryable) carrying the whole report; with
 * atomicMode OBJECT a partly successful report (status OK, errors listed) is returned as data.
 */
import { type Dhis2Http, type Read, readImport, readJson } from './http'
import { toTrackerReport } from './reports'
import { jobAddedSchema, jobNotificationsSchema, trackerReportSchema } from './schemas'
import type { Dhis2Object, TrackerImportOptions, TrackerImportReport } from './types'

export interface JobPolling {
  intervalMs: number
  maxWaitMs: number
}

export const DEFAULT_JOB_POLLING: JobPolling = { intervalMs: 1000, maxWaitMs: 600_000 }

const readReport: Read<TrackerImportReport> = (response, fail) => {
  const report = readImport(trackerReportSchema, toTrackerReport)(response, fail)
  if (report.status === 'ERROR') throw fail({ type: 'rejected', response, report })
  return report
}

export async function importTracker(
  http: Dhis2Http,
  payload: Dhis2Object,
  options: TrackerImportOptions,
  polling: JobPolling,
): Promise<TrackerImportReport> {
  const query = { importStrategy: options.importStrategy, atomicMode: options.atomicMode, importMode: options.importMode }
  if (!options.async) return http.call({ method: 'POST', path: 'tracker', query: { async: 'false', ...query }, body: payload }, readReport)

  const added = await http.call({ method: 'POST', path: 'tracker', query: { async: 'true', ...query }, body: payload }, readJson(jobAddedSchema))
  // The answer's `location` is an absolute URL; the job is read on the configured server only.
  const job = `tracker/jobs/${encodeURIComponent(added.response.id)}`
  for (let waited = 0; ; waited += polling.intervalMs) {
    const notifications = await http.call({ method: 'GET', path: job }, readJson(jobNotificationsSchema))
    if (notifications.some((n) => n.completed === true)) break
    if (waited >= polling.maxWaitMs)
      throw http.fail({ method: 'GET', path: job }, { type: 'job-timeout', jobId: added.response.id, waitedMs: waited })
    await http.wait({ method: 'GET', path: job }, polling.intervalMs)
  }
  return http.call({ method: 'GET', path: `${job}/report` }, readReport)
}
