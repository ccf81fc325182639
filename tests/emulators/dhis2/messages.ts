/**
 * Error codes and message templates, taken from dhis2-core:
 * - tracker: `tracker/imports/validation/ValidationCode.java` (current wording; 2.40 wording differs in
 *   punctuation, e.g. E1000 "has no write access to"). E1048 exists only up to 2.42 and keeps its 2.40 text;
 *   dhis2-core fills its second slot with the object's toString(), the emulator with the UID.
 * - metadata: `feedback/ErrorCode.java` (E4000, E4014, E5000 to E5004);
 * - aggregate data: `feedback/ErrorCode.java` (E7600 to E7645).
 * Clients should branch on `errorCode`, never on the text: the text changes between releases.
 */
export const TRACKER_MESSAGES = {
  E1000: 'User: `{0}` has no capture scope access to OrganisationUnit: `{1}`.',
  E1002: 'TrackedEntity: `{0}`, already exists.',
  E1005: 'Could not find TrackedEntityType: `{0}`.',
  E1006: 'Attribute: `{0}` does not exist.',
  E1007: 'Error validating attribute value type: `{0}`; Error: `{1}`.',
  E1010: 'Could not find Program: `{0}`, linked to Event.',
  E1011: 'Could not find OrganisationUnit: `{0}`, linked to Event.',
  E1013: 'Could not find ProgramStage: `{0}`, linked to Event.',
  E1014:
    'Provided Program: `{0}` is a Program without registration. An Enrollment cannot be created into Program without registration.',
  E1015: 'TrackedEntity: `{0}` already has an active Enrollment in Program `{1}`.',
  E1016: 'TrackedEntity: `{0}` already has an Enrollment in Program: `{1}`, and this Program only allows enrolling once.',
  E1018: 'Attribute: `{0}` is mandatory in Program `{1}` but not declared in Enrollment `{2}`.',
  E1019: 'Only ProgramAttributes are allowed for Enrollment, invalid Attribute: `{0}`.',
  E1020: 'Enrollment date: `{0}` cannot be a future date.',
  E1021: 'Incident date: `{0}` cannot be a future date.',
  E1022: 'TrackedEntity: `{0}` must have same TrackedEntityType as Program `{1}`.',
  E1023: 'DisplayIncidentDate is true but occurredAt is null.',
  E1025: 'Property enrolledAt is null.',
  E1029: 'Event OrganisationUnit: `{0}` and Program: `{1}`, do not match.',
  E1030: 'Event: `{0}` already exists.',
  E1031: 'Event occurredAt date is missing.',
  E1032: 'Event: `{0}` do not exist.',
  E1033: 'Event: `{0}` Enrollment value is null.',
  E1039: 'ProgramStage: `{0}` is not repeatable and an Event already exists.',
  E1041: 'Enrollment OrganisationUnit: `{0}` and Program: `{1}` do not match.',
  E1048: 'Object: `{0}`, uid: `{1}`, has an invalid uid format.',
  E1049: 'Could not find OrganisationUnit: `{0}` linked to TrackedEntity.',
  E1050: 'Event ScheduledAt date is missing.',
  E1063: 'TrackedEntity: `{0}`, does not exist.',
  E1064: 'Non-unique attribute value `{0}` for attribute `{1}`.',
  E1068: 'Could not find TrackedEntity: `{0}` linked to Enrollment.',
  E1069: 'Could not find Program: `{0}` linked to Enrollment.',
  E1070: 'Could not find OrganisationUnit: `{0}` linked to Enrollment.',
  E1079: 'Event: `{0}` Program: `{1}` is different from Program defined in Enrollment `{2}`.',
  E1080: 'Enrollment: `{0}` already exists.',
  E1081: 'Enrollment: `{0}` do not exist.',
  E1082: 'Event: `{0}` is already deleted and cannot be modified.',
  E1089: 'Event: `{0}` references ProgramStage `{1}` which do not belong to Program `{2}`.',
  E1090: 'Attribute: `{0}` is mandatory in TrackedEntityType `{1}` but not found in TrackedEntity `{2}`.',
  E1100: "User: `{0}` lacks 'F_TEI_CASCADE_DELETE' authority to delete TrackedEntity: `{1}`.",
  E1102: 'User: `{0}` does not have access to the TrackedEntity: `{1}` and Program: `{2}`.',
  E1103: "User: `{0}` lacks 'F_ENROLLMENT_CASCADE_DELETE' authority to delete Enrollment : `{1}`.",
  E1113: 'Enrollment: `{0}` is already deleted and cannot be modified.',
  E1114: 'TrackedEntity: `{0}` is already deleted and cannot be modified.',
  E1115: 'Could not find CategoryOptionCombo: `{0}`.',
  E1119: 'A Note with UID `{0}` already exists.',
  E1121: 'Missing required trackedEntity property: `{0}`.',
  E1122: 'Missing required enrollment property: `{0}`.',
  E1123: 'Missing required event property: `{0}`.',
  E1124: 'Missing required relationship property: `{0}`.',
  E1125: 'Value `{0}` is not a valid option code in OptionSet `{1}`.',
  E1126: 'Not allowed to update trackedEntity property: {0}.',
  E1127: 'Not allowed to update enrollment property: {0}.',
  E1128: 'Not allowed to update event property: {0}.',
  E1302: 'DataElement `{0}` is not valid: `{1}`.',
  E1303: 'Mandatory DataElement `{0}` is not present.',
  E1304: 'DataElement `{0}` is not a valid DataElement.',
  E1305: 'DataElement `{0}` is not part of ProgramStage `{1}`.',
  E4000: 'Relationship: `{0}` cannot link to itself.',
  E4001:
    'RelationshipItem `{0}` for Relationship `{1}` is invalid as an item must be associated with exactly one of TrackedEntity, Enrollment, Event.',
  E4006: 'Could not find RelationshipType: `{0}`.',
  E4010: 'RelationshipType `{0}` constraint requires a {1} but a {2} was found.',
  E4012: 'Could not find `{0}`: `{1}`, linked to relationship.',
  E4014: 'RelationshipType `{0}` constraint requires TrackedEntityType `{1}` but `{2}` was found.',
  E4015: 'Relationship: `{0}` already exists.',
  E4016: 'Relationship: `{0}` do not exist.',
  E4017: 'Relationship: `{0}` is already deleted and cannot be modified.',
  E4018: 'Relationship: `{0}` linking {1}: `{2}` to {3}: `{4}` already exists.',
  E5000: '{0} `{1}` cannot be created because {2} `{3}` referenced by it could not be created.',
} as const

export type TrackerCode = keyof typeof TRACKER_MESSAGES

export const METADATA_MESSAGES = {
  E4000: 'Missing required property `{0}`.',
  E4014: 'Invalid UID `{0}` for property `{1}`',
  E5000: 'Found matching object for reference, but import mode is CREATE. Identifier was {0}, and object was {1}.',
  E5001: 'No matching object for reference. Identifier was {0}, and object was {1}.',
  E5002: 'Invalid reference {0} on object {1} for association `{2}`.',
  E5003: 'Property `{0}` with value `{1}` on object {2} already exists on object {3}.',
  E5004: 'Id `{0}` for type `{1}` exists on more than 1 object in the payload, removing all but the first found.',
} as const

export type MetadataCode = keyof typeof METADATA_MESSAGES

export const DATA_VALUE_MESSAGES = {
  E7600: 'Data set not found or not accessible: `{0}`',
  E7603: 'Org unit not found or not accessible: `{0}`',
  E7610: 'Data element not found or not accessible: `{0}`',
  E7611: 'Period not valid: `{0}`',
  E7612: 'Organisation unit not found or not accessible: `{0}`',
  E7613: 'Category option combo not found or not accessible for writing data: `{0}`',
  E7615: 'Attribute option combo not found or not accessible for writing data: `{0}`',
  E7617: 'Organisation unit: `{0}` not in hierarchy of current user: `{1}`',
  E7618: 'Data value or comment not specified for data element: `{0}`',
  // Java MessageFormat renders the escaped `''` as a single quote.
  E7619: "Value must match data element's `{0}` type constraints: {1}",
  E7621: 'Data value is not a valid option of the data element option set: `{0}`',
} as const

export type DataValueCode = keyof typeof DATA_VALUE_MESSAGES

/** MessageFormat-style `{n}` substitution. */
export function formatMessage(template: string, args: readonly unknown[]): string {
  return template.replace(/\{(\d+)\}/g, (whole, index: string) => {
    const arg = args[Number(index)]
    return arg === undefined ? whole : String(arg)
  })
}
