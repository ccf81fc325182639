import type { TrackerIssue } from './trackerContext'
import type { Persisted } from './trackerCommit'
import type { FlatBundle } from './trackerFlatten'
import type { TrackerType } from './trackerStore'
import type { JsonObject } from './types'

/**
 * Import reports as dhis2-core `ImportReport` builds them:
 * - `withValidationErrors` (atomicMode=ALL with errors): status ERROR, stats only `ignored` = bundle size,
 *   no bundleReport;
 * - `withImportCompleted`: status OK (hard-coded by DefaultTrackerImportService even when
 *   atomicMode=OBJECT left errors), stats.ignored = number of error reports + valid objects the persister
 *   skipped (existing relationships: not updatable), per-type ignored = bundle size of the type - persisted.
 * `validationReport.warningReports` is filled only for reportMode WARNINGS or FULL. The JSON has no
 * `timingsStats` (reportMode=FULL) and no object `index` (absent from the 2.41 documentation sample).
 */
export type ReportMode = 'ERRORS' | 'WARNINGS' | 'FULL'

interface Stats {
  created: number
  updated: number
  deleted: number
  ignored: number
  total: number
}

const stats = (created: number, updated: number, deleted: number, ignored: number): Stats => ({
  created,
  updated,
  deleted,
  ignored,
  total: created + updated + deleted + ignored,
})

/** Key order of the documented sample (`EVENT, ENROLLMENT, RELATIONSHIP, TRACKED_ENTITY`). */
const REPORT_ORDER: TrackerType[] = ['EVENT', 'ENROLLMENT', 'RELATIONSHIP', 'TRACKED_ENTITY']

const sizeOf = (bundle: FlatBundle, type: TrackerType): number =>
  ({
    TRACKED_ENTITY: bundle.trackedEntities.length,
    ENROLLMENT: bundle.enrollments.length,
    EVENT: bundle.events.length,
    RELATIONSHIP: bundle.relationships.length,
  })[type]

function validationReport(errors: TrackerIssue[], warnings: TrackerIssue[], mode: ReportMode): JsonObject {
  return { errorReports: errors, warningReports: mode === 'ERRORS' ? [] : warnings }
}

export function validationErrorsReport(errors: TrackerIssue[], warnings: TrackerIssue[], mode: ReportMode, size: number): JsonObject {
  return { status: 'ERROR', validationReport: validationReport(errors, warnings, mode), stats: stats(0, 0, 0, size) }
}

export function completedReport(
  errors: TrackerIssue[],
  warnings: TrackerIssue[],
  mode: ReportMode,
  bundle: FlatBundle,
  persisted: Persisted[] | undefined,
  skipped: number,
): JsonObject {
  const typeReportMap: JsonObject = {}
  let created = 0
  let updated = 0
  let deleted = 0
  if (persisted) {
    for (const type of REPORT_ORDER) {
      const own = persisted.filter((p) => p.type === type)
      const count = (action: Persisted['action']) => own.filter((p) => p.action === action).length
      const typeStats = stats(count('CREATE'), count('UPDATE'), count('DELETE'), 0)
      typeStats.ignored = sizeOf(bundle, type) - own.length
      typeStats.total += typeStats.ignored
      created += typeStats.created
      updated += typeStats.updated
      deleted += typeStats.deleted
      typeReportMap[type] = {
        trackerType: type,
        stats: typeStats,
        objectReports: own.map((p) => ({ trackerType: type, uid: p.uid, errorReports: [] })),
      }
    }
  }
  return {
    status: 'OK',
    validationReport: validationReport(errors, warnings, mode),
    stats: stats(created, updated, deleted, errors.length + skipped),
    bundleReport: { typeReportMap },
  }
}
