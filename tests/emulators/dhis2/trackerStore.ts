/**
 * Tracker data as the emulator keeps it. Deletes are soft (`deleted: true`), as in DHIS2, so exports
 * with `includeDeleted=true` and E1082/E1113/E1114 behave. `seq` is the internal id used for default
 * ordering (newest first).
 */
export type TrackerType = 'TRACKED_ENTITY' | 'ENROLLMENT' | 'EVENT' | 'RELATIONSHIP'
export const TRACKER_TYPES: readonly TrackerType[] = ['TRACKED_ENTITY', 'ENROLLMENT', 'EVENT', 'RELATIONSHIP']

export interface StoredValue {
  value: string
  createdAt: string
  updatedAt: string
  storedBy?: string
  providedElsewhere?: boolean
}

export interface Note {
  note: string
  value: string
  storedAt: string
  storedBy?: string
}

interface Timestamps {
  seq: number
  createdAt: string
  createdAtClient?: string
  updatedAt: string
  updatedAtClient?: string
  deleted: boolean
}

export interface StoredTrackedEntity extends Timestamps {
  trackedEntity: string
  trackedEntityType: string
  orgUnit: string
  inactive: boolean
  potentialDuplicate: boolean
  geometry?: unknown
  storedBy?: string
  attributes: Map<string, StoredValue>
}

export interface StoredEnrollment extends Timestamps {
  enrollment: string
  trackedEntity: string
  program: string
  status: string
  orgUnit: string
  enrolledAt: string
  occurredAt?: string
  completedAt?: string
  completedBy?: string
  followUp: boolean
  storedBy?: string
  geometry?: unknown
  notes: Note[]
}

export interface StoredEvent extends Timestamps {
  event: string
  program: string
  programStage: string
  enrollment?: string
  trackedEntity?: string
  orgUnit: string
  status: string
  occurredAt?: string
  scheduledAt?: string
  completedAt?: string
  completedBy?: string
  followUp: boolean
  attributeOptionCombo: string
  attributeCategoryOptions: string
  assignedUser?: string
  geometry?: unknown
  storedBy?: string
  dataValues: Map<string, StoredValue>
  notes: Note[]
}

export type ItemKind = 'trackedEntity' | 'enrollment' | 'event'
export interface RelationshipItem {
  kind: ItemKind
  uid: string
}

export interface StoredRelationship extends Timestamps {
  relationship: string
  relationshipType: string
  from: RelationshipItem
  to: RelationshipItem
}

export class TrackerStore {
  readonly trackedEntities = new Map<string, StoredTrackedEntity>()
  readonly enrollments = new Map<string, StoredEnrollment>()
  readonly events = new Map<string, StoredEvent>()
  readonly relationships = new Map<string, StoredRelationship>()
  /** trackedEntity -> program -> owning org unit (set by the first enrollment; transfers are not emulated) */
  readonly programOwners = new Map<string, Map<string, string>>()
  private sequence = 0

  nextSeq(): number {
    return ++this.sequence
  }

  owner(trackedEntity: string, program: string): string | undefined {
    return this.programOwners.get(trackedEntity)?.get(program)
  }

  setOwnerIfAbsent(trackedEntity: string, program: string, orgUnit: string): void {
    const owners = this.programOwners.get(trackedEntity) ?? new Map<string, string>()
    if (!owners.has(program)) owners.set(program, orgUnit)
    this.programOwners.set(trackedEntity, owners)
  }

  /** Marks a tracked entity (and so its `updatedAt`) as changed by a change in one of its children. */
  touchTrackedEntity(uid: string | undefined, at: string): void {
    const te = uid === undefined ? undefined : this.trackedEntities.get(uid)
    if (te) te.updatedAt = at
  }
}
