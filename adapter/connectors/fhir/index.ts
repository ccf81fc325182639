/** FHIR R4 connector over fhir-kit-client: capabilities, transactions, conditional writes, reads, paged searches. */
export { createFhirConnector, type FhirConnector, tokenValue } from './connector'
export { summarizeOutcome, TRANSIENT_ISSUE_CODES, type OutcomeSummary } from './outcome'
export type * from './types'
