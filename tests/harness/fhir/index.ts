/** Shared FHIR R4 server harness for tests. See README.md in this folder. */
export { startFhirServer } from './server';
export type { FhirServerHandle, FhirServerOptions, Identifier } from './server';
export type { FaultSpec } from './faults';
export type { RequestLogEntry } from './request-log';
export type { ReferencePolicy } from './repository';
export { loadDefinitions } from './definitions';
export type { DefinitionsStats } from './definitions';
export { assertValidResource } from './validation';
export { harnessClient } from './test-client';
export type { HarnessClientOptions } from './test-client';
