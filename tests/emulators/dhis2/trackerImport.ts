import type { MetadataStore } from './metadataStore'
import { ValidationContext } from './trackerContext'
import { commitBundle } from './trackerCommit'
import { bundleSize, type FlatBundle, flatten } from './trackerFlatten'
import { completedReport, type ReportMode, validationErrorsReport } from './trackerReport'
import type { TrackerStore } from './trackerStore'
import { validateEnrollment, validateTrackedEntity } from './trackerValidateEntities'
import { validateEvent, validateRelationship } from './trackerValidateEvents'
import type { ImportStrategy, JsonObject, ResolvedUser } from './types'

/**
 * `POST /api/tracker` core: flatten, validate (FULL, FAIL_FAST or SKIP), then either stop
 * (atomicMode=ALL with errors), or persist the valid objects (importMode=COMMIT) and report.
 * Not emulated: program rules (skipRuleEngine is implied), side effects and notifications,
 * idSchemes other than UID, CSV payloads, geometry/feature-type checks, category option
 * sharing and date checks (E1054 to E1057, E1099), event/enrollment expiry (E1043, E1047),
 * assigned-user checks (E1118, E1120), file resources (E1009, E1084).
 */
export interface TrackerImportParams {
  importStrategy: ImportStrategy
  atomicMode: 'ALL' | 'OBJECT'
  importMode: 'COMMIT' | 'VALIDATE'
  validationMode: 'FULL' | 'FAIL_FAST' | 'SKIP'
  reportMode: ReportMode
  async: boolean
}

export function trackerParams(query: URLSearchParams): TrackerImportParams {
  const pick = <T extends string>(name: string, allowed: readonly T[], fallback: T): T => {
    const value = query.get(name)?.toUpperCase()
    return (allowed as readonly string[]).includes(value ?? '') ? (value as T) : fallback
  }
  return {
    importStrategy: pick('importStrategy', ['CREATE', 'UPDATE', 'CREATE_AND_UPDATE', 'DELETE'], 'CREATE_AND_UPDATE'),
    atomicMode: pick('atomicMode', ['ALL', 'OBJECT'], 'ALL'),
    importMode: pick('importMode', ['COMMIT', 'VALIDATE'], 'COMMIT'),
    validationMode: pick('validationMode', ['FULL', 'FAIL_FAST', 'SKIP'], 'FULL'),
    reportMode: pick('reportMode', ['ERRORS', 'WARNINGS', 'FULL'], 'ERRORS'),
    async: query.get('async') !== 'false',
  }
}

export interface TrackerImportDeps {
  meta: MetadataStore
  store: TrackerStore
  user: ResolvedUser
  stamp: () => string
}

export function runTrackerImport(deps: TrackerImportDeps, payload: unknown, params: TrackerImportParams): JsonObject {
  const bundle = flatten(payload)
  const ctx = new ValidationContext(deps.meta, deps.store, deps.user, params.importStrategy, bundle, deps.stamp())
  if (params.validationMode !== 'SKIP') validateAll(ctx, bundle, params.validationMode === 'FAIL_FAST')
  else for (const uid of uidsOf(bundle)) ctx.accepted.add(uid)

  if (ctx.errors.length > 0 && params.atomicMode === 'ALL')
    return validationErrorsReport(ctx.errors, ctx.warnings, params.reportMode, bundleSize(bundle))

  const valid: FlatBundle = {
    trackedEntities: bundle.trackedEntities.filter((o) => ctx.accepted.has(o.trackedEntity as string)),
    enrollments: bundle.enrollments.filter((o) => ctx.accepted.has(o.enrollment as string)),
    events: bundle.events.filter((o) => ctx.accepted.has(o.event as string)),
    relationships: bundle.relationships.filter((o) => ctx.accepted.has(o.relationship as string)),
  }
  const persisted =
    params.importMode === 'VALIDATE'
      ? undefined
      : commitBundle({ store: deps.store, meta: deps.meta, username: deps.user.username, stamp: deps.stamp }, valid, params.importStrategy)
  const skipped = persisted ? valid.relationships.length - persisted.filter((p) => p.type === 'RELATIONSHIP').length : 0
  return completedReport(ctx.errors, ctx.warnings, params.reportMode, bundle, persisted, skipped)
}

function uidsOf(bundle: FlatBundle): string[] {
  return [
    ...bundle.trackedEntities.map((o) => o.trackedEntity as string),
    ...bundle.enrollments.map((o) => o.enrollment as string),
    ...bundle.events.map((o) => o.event as string),
    ...bundle.relationships.map((o) => o.relationship as string),
  ]
}

/** Parents before children, so children see which parents failed (E5000). FAIL_FAST stops at the first error. */
function validateAll(ctx: ValidationContext, bundle: FlatBundle, failFast: boolean): void {
  const steps: [JsonObject[], string, (c: ValidationContext, o: JsonObject) => boolean][] = [
    [bundle.trackedEntities, 'trackedEntity', validateTrackedEntity],
    [bundle.enrollments, 'enrollment', validateEnrollment],
    [bundle.events, 'event', validateEvent],
    [bundle.relationships, 'relationship', validateRelationship],
  ]
  for (const [objects, key, validate] of steps)
    for (const object of objects) {
      if (validate(ctx, object) && ctx.errorCountFor(object[key] as string) === 0) ctx.accepted.add(object[key] as string)
      if (failFast && ctx.errors.length > 0) return
    }
}
