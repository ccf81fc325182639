import { canCapture, hasOwnershipAccess } from './access'
import { refId, str } from './json'
import { formatMessage, TRACKER_MESSAGES, type TrackerCode } from './messages'
import type { MetadataStore } from './metadataStore'
import type { FlatBundle } from './trackerFlatten'
import type { TrackerStore, TrackerType } from './trackerStore'
import { type ImportStrategy, isSuperUser, type JsonObject, type ResolvedUser } from './types'

export interface TrackerIssue {
  message: string
  errorCode: TrackerCode
  trackerType: TrackerType
  uid: string
}

export type Action = 'CREATE' | 'UPDATE' | 'DELETE'

/** Minimal view of a tracked entity / enrollment / event, from the payload or the store. */
export interface TeView {
  trackedEntityType?: string
  orgUnit?: string
  deleted: boolean
  fromPayload: boolean
}
export interface EnrollmentView {
  program?: string
  trackedEntity?: string
  status?: string
  deleted: boolean
}
export interface EventView {
  program?: string
  enrollment?: string
  programStage?: string
  deleted: boolean
}

/**
 * State shared by the tracker validators: the bundle, what is stored, the user, and the reporter.
 * References resolve against payload objects not (yet) found invalid, then against the store.
 */
export class ValidationContext {
  readonly errors: TrackerIssue[] = []
  readonly warnings: TrackerIssue[] = []
  readonly invalid = new Set<string>()
  /** payload objects already validated without error (for rules that compare siblings, like E1015) */
  readonly accepted = new Set<string>()
  private readonly payload = { te: new Map<string, JsonObject>(), en: new Map<string, JsonObject>(), ev: new Map<string, JsonObject>() }

  constructor(
    readonly meta: MetadataStore,
    readonly store: TrackerStore,
    readonly user: ResolvedUser,
    readonly strategy: ImportStrategy,
    readonly bundle: FlatBundle,
    readonly now: string,
  ) {
    for (const te of bundle.trackedEntities) this.payload.te.set(te.trackedEntity as string, te)
    for (const en of bundle.enrollments) this.payload.en.set(en.enrollment as string, en)
    for (const ev of bundle.events) this.payload.ev.set(ev.event as string, ev)
  }

  /** Adds an error and returns false, so validators can `return ctx.error(...)`. */
  error(type: TrackerType, uid: string, code: TrackerCode, ...args: unknown[]): false {
    this.errors.push({ message: formatMessage(TRACKER_MESSAGES[code], args), errorCode: code, trackerType: type, uid })
    this.invalid.add(uid)
    return false
  }

  warn(type: TrackerType, uid: string, code: TrackerCode, ...args: unknown[]): void {
    this.warnings.push({ message: formatMessage(TRACKER_MESSAGES[code], args), errorCode: code, trackerType: type, uid })
  }

  errorCountFor(uid: string): number {
    return this.errors.filter((e) => e.uid === uid).length
  }

  /** Effective action: the strategy, with CREATE_AND_UPDATE resolved by existence (soft-deleted counts). */
  action(exists: boolean): Action {
    if (this.strategy === 'DELETE') return 'DELETE'
    if (this.strategy === 'CREATE_AND_UPDATE') return exists ? 'UPDATE' : 'CREATE'
    return this.strategy
  }

  isPayloadInvalid = (uid: string | undefined): boolean => uid !== undefined && this.invalid.has(uid)
  inPayload = (kind: 'te' | 'en' | 'ev', uid: string | undefined): boolean => uid !== undefined && this.payload[kind].has(uid)

  trackedEntity(uid: string | undefined): TeView | undefined {
    if (uid === undefined || this.invalid.has(uid)) return undefined
    const p = this.payload.te.get(uid)
    const stored = this.store.trackedEntities.get(uid)
    if (p && this.strategy !== 'DELETE')
      return { trackedEntityType: refId(p.trackedEntityType) ?? stored?.trackedEntityType, orgUnit: refId(p.orgUnit), deleted: false, fromPayload: true }
    return stored ? { trackedEntityType: stored.trackedEntityType, orgUnit: stored.orgUnit, deleted: stored.deleted, fromPayload: false } : undefined
  }

  enrollment(uid: string | undefined): EnrollmentView | undefined {
    if (uid === undefined || this.invalid.has(uid)) return undefined
    const p = this.payload.en.get(uid)
    const stored = this.store.enrollments.get(uid)
    if (p && this.strategy !== 'DELETE')
      return { program: refId(p.program), trackedEntity: str(p.trackedEntity) ?? stored?.trackedEntity, status: str(p.status) ?? 'ACTIVE', deleted: false }
    return stored ? { program: stored.program, trackedEntity: stored.trackedEntity, status: stored.status, deleted: stored.deleted } : undefined
  }

  event(uid: string | undefined): EventView | undefined {
    if (uid === undefined || this.invalid.has(uid)) return undefined
    const p = this.payload.ev.get(uid)
    const stored = this.store.events.get(uid)
    if (p && this.strategy !== 'DELETE') return { program: refId(p.program), enrollment: str(p.enrollment), programStage: refId(p.programStage), deleted: false }
    return stored ? { program: stored.program, enrollment: stored.enrollment, programStage: stored.programStage, deleted: stored.deleted } : undefined
  }

  /** Capture scope (E1000). */
  canCapture = (orgUnit: string): boolean => canCapture(this.meta, this.user, orgUnit)

  /** Program ownership (E1102). */
  hasOwnershipAccess = (trackedEntity: string, program: string): boolean =>
    hasOwnershipAccess(this.meta, this.store, this.user, trackedEntity, program)

  hasAuthority(authority: string): boolean {
    return isSuperUser(this.user) || this.user.authorities.includes(authority)
  }
}
