/** Feedback from facilities: polling and push make the same inbound items (ingest), applied to DHIS2 (apply). */
export { feedbackHandler } from './apply'
export { FEEDBACK_KIND, FEEDBACK_TARGET, healthEventUid, ingestResource, INGESTED_TYPES, invalidItem, type FeedbackPayload, type IngestResult, type InvalidFeedbackPayload } from './ingest'
export { pollCursor, pollFacility, type PollCounts } from './poll'
export { describeIssues, loadFhirDefinitions, validateFhirResource, type FhirIssue } from './fhir-validation'
