export type { Dhis2Attribute, Dhis2DataValue, Dhis2Enrollment, Dhis2Event, Dhis2Page, Dhis2TrackedEntity } from './types'
export {
  attributeSchema, dataValueSchema, enrollmentSchema, eventPageSchema, eventSchema, nestedImportSchema, timestampSchema,
  trackedEntityPageSchema, trackedEntitySchema, uidSchema,
} from './schemas'
export { formatPath, orThrow, parseEventPage, parseTrackedEntity, parseTrackedEntityPage, parseWith } from './parse'
export type { ParseResult } from './parse'
