import { asObject } from './json'
import type { TrackerImportParams } from './trackerImport'
import type { JsonObject } from './types'
import { generateUid } from './uid'

/**
 * Asynchronous tracker imports (`POST /api/tracker`, async by default): the import runs at once in
 * the emulator, but a job may be made to look unfinished for its first `pendingPolls` reads, so
 * clients' polling loops are exercised. Notifications mirror the documented stage messages, newest
 * first. Not emulated: job cancellation, `/api/system/tasks`, eviction of old jobs.
 * What DHIS2 answers for the report of an unfinished job is not documented; we answer 404.
 */
interface Job {
  id: string
  report: JsonObject
  notifications: JsonObject[]
  pendingPolls: number
}

const STAGES = [
  'Loading file resource',
  'Loading file content',
  'Running PreHeat',
  'Calculating Payload Size',
  'Running PreProcess',
  'Running Validation',
  'Running Rule Engine',
  'Running Rule Engine Validation',
  'Commit Transaction',
  'PostCommit',
]

export class TrackerJobs {
  private readonly jobs = new Map<string, Job>()

  add(report: JsonObject, params: TrackerImportParams, userId: string, stamp: () => string, pendingPolls: number): string {
    const id = generateUid()
    const note = (message: string, completed = false, extra: JsonObject = {}) => {
      const uid = generateUid()
      return { uid, level: 'INFO', category: 'TRACKER_IMPORT_JOB', time: stamp(), message, completed, ...extra, id: uid }
    }
    const idScheme = { idScheme: 'UID', attributeUid: null }
    const started = note('Tracker import started', false, {
      dataType: 'PARAMETERS',
      data: {
        userId,
        importMode: params.importMode,
        idSchemes: Object.fromEntries(
          ['dataElementIdScheme', 'orgUnitIdScheme', 'programIdScheme', 'programStageIdScheme', 'idScheme', 'categoryOptionComboIdScheme', 'categoryOptionIdScheme'].map(
            (k) => [k, idScheme],
          ),
        ),
        importStrategy: params.importStrategy,
        atomicMode: params.atomicMode,
        flushMode: 'AUTO',
        validationMode: params.validationMode,
        skipPatternValidation: false,
        skipSideEffects: false,
        skipRuleEngine: false,
        filename: null,
        reportMode: params.reportMode,
      },
    })
    const s = asObject(report.stats)
    const done = note(
      `Import complete with status ${String(report.status)}, ${s.created} created, ${s.updated} updated, ${s.deleted} deleted, ${s.ignored} ignored`,
      true,
    )
    const notifications = [started, ...STAGES.map((m) => note(m)), done].reverse()
    this.jobs.set(id, { id, report, notifications, pendingPolls })
    return id
  }

  /** Notifications, newest first; while pending, the final "Import complete" one is withheld. */
  notifications(id: string): JsonObject[] | undefined {
    const job = this.jobs.get(id)
    if (!job) return undefined
    if (job.pendingPolls > 0) {
      job.pendingPolls--
      return job.notifications.slice(1)
    }
    return job.notifications
  }

  /** The report once the job is (made to look) complete. */
  report(id: string): { ready: boolean; report?: JsonObject } | undefined {
    const job = this.jobs.get(id)
    if (!job) return undefined
    if (job.pendingPolls > 0) {
      job.pendingPolls--
      return { ready: false }
    }
    return { ready: true, report: job.report }
  }
}
