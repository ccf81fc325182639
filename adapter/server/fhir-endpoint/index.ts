/** The inbound FHIR R4 endpoint for facilities (`/fhir`): CapabilityStatement, Task read/update, subscription notifications. */
export { capabilityStatement } from './capability'
export { createFhirEndpoint, type FhirEndpointDeps, type Partner } from './route'
export { FhirEndpointError, outcome } from './outcome'
