/**
 * DHIS2 tracker JSON as `/api/tracker` returns it in 2.40 to 2.42 (and accepts it nested on
 * import): only the fields the maps read or write are named; servers send more, which the
 * schemas let through. Values are strings; timestamps carry no zone.
 */
import type { EnrollmentStatus, EventStatus } from '../codes/statuses'

export interface Dhis2Attribute {
  attribute: string
  value: string
  code?: string
  displayName?: string
  valueType?: string
  createdAt?: string
  updatedAt?: string
}

export interface Dhis2DataValue {
  dataElement: string
  value: string
  createdAt?: string
  updatedAt?: string
  storedBy?: string
  providedElsewhere?: boolean
}

export interface Dhis2Event {
  event: string
  programStage: string
  program?: string
  enrollment?: string
  trackedEntity?: string
  /** Absent on events nested in a tracked entity in some 2.41 responses: the enrollment's applies. */
  orgUnit?: string
  status: EventStatus
  occurredAt?: string
  scheduledAt?: string
  createdAt?: string
  updatedAt?: string
  completedAt?: string
  deleted?: boolean
  dataValues: Dhis2DataValue[]
}

export interface Dhis2Enrollment {
  enrollment: string
  program: string
  trackedEntity?: string
  orgUnit: string
  status: EnrollmentStatus
  enrolledAt: string
  occurredAt?: string
  completedAt?: string
  createdAt?: string
  updatedAt?: string
  deleted?: boolean
  attributes?: Dhis2Attribute[]
  events?: Dhis2Event[]
}

export interface Dhis2TrackedEntity {
  trackedEntity: string
  trackedEntityType?: string
  orgUnit: string
  createdAt?: string
  updatedAt?: string
  deleted?: boolean
  inactive?: boolean
  attributes?: Dhis2Attribute[]
  enrollments?: Dhis2Enrollment[]
}

/** A page of tracked entities in any of the three envelope shapes, normalised. */
export interface Dhis2Page<T> {
  items: T[]
  page?: number
  pageSize?: number
  total?: number
  pageCount?: number
}
