/**
 * DHIS2 Web API emulator for tests (never shipped). One core, two thin transports:
 * - `createDhis2Emulator({ version, users?, metadata?, clock?, asyncJobPendingPolls? })`: state + `handle(request)`;
 * - `dhis2Handlers(emulator, baseUrl)`: msw@2 handlers for unit tests;
 * - `startDhis2Server(emulator)`: node:http on 127.0.0.1 for end-to-end and browser tests.
 *
 * Emulated: `/api/system/info`, `/api/me`, `POST /api/metadata`, `POST /api/tracker` (sync and async
 * jobs), `/api/tracker/jobs/{id}[/report]`, tracker exports (lists and single objects, per-version
 * envelopes), `POST /api/dataValueSets`, Basic and ApiToken auth, fault injection.
 * Each module's header says what it does not emulate; the largest gaps: program rules, sharing
 * (metadata access), idSchemes other than UID, CSV, ownership transfer and break-the-glass, metadata
 * reads (`GET /api/programs` ...), `GET /api/dataValueSets`, audits and change logs, messaging.
 */
export { basicAuth, DEFAULT_USER } from './auth'
export { createDhis2Emulator, type Dhis2Emulator, type Dhis2EmulatorOptions } from './emulator'
export type { FaultSpec, Faults } from './faults'
export { startDhis2Server, type Dhis2Server, type Dhis2ServerOptions } from './httpServer'
export { TRACKER_MESSAGES, METADATA_MESSAGES, DATA_VALUE_MESSAGES } from './messages'
export type { MetadataImportParams } from './metadataImport'
export type { MetadataStore } from './metadataStore'
export type { TrackerImportParams } from './trackerImport'
export type { TrackerStore, TrackerType } from './trackerStore'
export type { DataValueStore, StoredDataValue } from './dataValueSets'
export { dhis2Handlers } from './mswHandlers'
export { isValidUid, generateUid, UID_PATTERN } from './uid'
export type { Dhis2Version, EmulatorRequest, EmulatorResponse, EmulatorUser, JsonObject } from './types'
export { SUPPORTED_VERSIONS } from './types'
