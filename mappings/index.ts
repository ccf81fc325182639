/**
 * CPCM mappings: pure, typed maps and tables shared by the DHIS2 app (browser) and the adapter.
 * No I/O, no clock, no randomness. Metadata is named by code through the package passed to
 * createMappingContext.
 */
export { createMappingContext } from './context'
export type { MappingContext, MappingOptions, MetadataKind, Recipient } from './context'
export * from './identifiers'
export { derivedUid, sha1, uuidBytes, uuidV5, URL_NAMESPACE } from './uuid'
export { ageInYears, fromFhirDateTime, toFhirDate, toFhirDateTime, toFhirInstant } from './time'
export * from './codes'
export * from './dhis2'
export { ATTRIBUTE_CODES, DATA_ELEMENT_CODES, IDENTIFYING_ATTRIBUTES, PROGRAM_CODES, STAGE_CODES } from './dhis2/codes'
export type { AttributeCode, DataElementCode, StageCode } from './dhis2/codes'
export { attributeValues, eventValues } from './dhis2/values'
export type { AttributeValues, Values } from './dhis2/values'
export * from './fhir'
export * from './primero'
