/**
 * Import reports as the connector returns them: validated bodies turned into small typed results,
 * with per-object errors keyed by uid. Pure functions, no I/O.
 */
import {
  type ImportSummaryBody,
  importSummarySchema,
  type MetadataReportBody,
  metadataReportSchema,
  type TrackerReportBody,
  trackerReportSchema,
  unwrapResponse,
} from './schemas'
import type { DataValueImportSummary, MetadataImportReport, TrackerImportReport, TrackerIssue } from './types'

const stats = (s: TrackerReportBody['stats']) => ({ created: s.created, updated: s.updated, deleted: s.deleted, ignored: s.ignored, total: s.total })

const issue = (i: TrackerIssue): TrackerIssue => ({
  errorCode: i.errorCode,
  message: i.message,
  ...(i.trackerType !== undefined ? { trackerType: i.trackerType } : {}),
  ...(i.uid !== undefined ? { uid: i.uid } : {}),
})

export function toTrackerReport(body: TrackerReportBody): TrackerImportReport {
  const errors = (body.validationReport?.errorReports ?? []).map(issue)
  const errorsByUid: Record<string, TrackerIssue[]> = {}
  for (const error of errors) if (error.uid !== undefined) (errorsByUid[error.uid] ??= []).push(error)
  const objects = Object.entries(body.bundleReport?.typeReportMap ?? {}).flatMap(([type, report]) =>
    report.objectReports.map((o) => ({ trackerType: o.trackerType ?? report.trackerType ?? type, uid: o.uid })),
  )
  return {
    status: body.status,
    stats: stats(body.stats),
    errors,
    warnings: (body.validationReport?.warningReports ?? []).map(issue),
    errorsByUid,
    objects,
  }
}

export function toMetadataReport(body: MetadataReportBody): MetadataImportReport {
  return {
    status: body.status,
    stats: stats(body.stats),
    typeStats: body.typeReports.map((t) => ({ klass: t.klass, stats: stats(t.stats) })),
    errors: body.typeReports.flatMap((t) =>
      t.objectReports.flatMap((o) =>
        o.errorReports.map((e) => ({
          errorCode: e.errorCode,
          message: e.message,
          mainKlass: e.mainKlass ?? t.klass,
          ...(e.errorKlass !== undefined ? { errorKlass: e.errorKlass } : {}),
          ...(e.errorProperty !== undefined ? { errorProperty: e.errorProperty } : {}),
          ...((e.mainId ?? o.uid) !== undefined ? { uid: (e.mainId ?? o.uid) as string } : {}),
          ...(o.index !== undefined ? { index: o.index } : {}),
        })),
      ),
    ),
  }
}

export function toImportSummary(body: ImportSummaryBody): DataValueImportSummary {
  const { imported, updated, ignored, deleted } = body.importCount
  return {
    status: body.status,
    ...(body.description !== undefined ? { description: body.description } : {}),
    importCount: { imported, updated, ignored, deleted },
    conflicts: body.conflicts.map((c) => ({
      ...(c.object !== undefined ? { object: c.object } : {}),
      ...(c.objects !== undefined ? { objects: c.objects } : {}),
      value: c.value,
      ...(c.errorCode !== undefined ? { errorCode: c.errorCode } : {}),
      ...(c.property !== undefined ? { property: c.property } : {}),
      indexes: c.indexes ?? [],
    })),
    rejectedIndexes: body.rejectedIndexes,
  }
}

/** A code and message per problem, from whatever report a body carries (for error messages). */
export function problemsIn(body: unknown): { code: string; message: string; uid?: string }[] {
  const inner = unwrapResponse(body)
  const tracker = trackerReportSchema.safeParse(inner)
  if (tracker.success)
    return toTrackerReport(tracker.data).errors.map((e) => ({ code: e.errorCode, message: e.message, ...(e.uid ? { uid: e.uid } : {}) }))
  const metadata = metadataReportSchema.safeParse(inner)
  if (metadata.success)
    return toMetadataReport(metadata.data).errors.map((e) => ({ code: e.errorCode, message: e.message, ...(e.uid ? { uid: e.uid } : {}) }))
  const summary = importSummarySchema.safeParse(inner)
  if (summary.success) return summary.data.conflicts.map((c) => ({ code: c.errorCode ?? 'conflict', message: c.value }))
  return []
}
