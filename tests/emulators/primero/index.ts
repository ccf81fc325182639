/**
 * Primero (CPIMS+) API v2 emulator for tests (never shipped), written from Primero's published API docs
 * (doc/api/**), its controllers, jbuilder views, models and services. One core, two thin transports:
 * - `createPrimeroEmulator({ users?, clock?, maxPer?, extraFields? })`: state + `handle(request)`, seeding,
 *   state inspection, request log, fault injection (`emulator.faults`);
 * - `primeroHandlers(emulator, baseUrl)`: msw@2 handlers for unit tests;
 * - `startPrimeroServer(emulator)`: node:http on 127.0.0.1 for end-to-end and browser tests.
 *
 * Emulated: Basic auth and `POST/DELETE /api/v2/tokens` (JWT); cases (list with paging, filters, ranges,
 * ordering, field selection; show; create incl. client ids, 204 and 409; merge-update; disable); record
 * history; referrals (create, bulk, accept/reject/done, revoke) and transfers (create, bulk, accept/reject);
 * the transitions list; `errors[]` bodies; 503/429/delay/network faults.
 * Each module's header says what it does not emulate; the largest gaps: roles, permissions and query
 * scopes (no 403, every user sees every case), the configured forms (a fixed field subset), phonetic
 * search, incidents, tracing requests, flags, alerts, approvals, assigns, transfer requests, attachments,
 * exports, notifications, webhooks, and the `..to` range without a lower bound (answers 500, see query.ts).
 */
export { basicAuth, DEFAULT_USERS, INVALID_CREDENTIALS, UNAUTHENTICATED } from './auth'
export { deterministicUuid, formatTimestamp, type Clock } from './clock'
export { createPrimeroEmulator, type PrimeroEmulator, type PrimeroEmulatorOptions, type RequestLogEntry } from './emulator'
export { type FaultSpec, Faults } from './faults'
export { CASE_FIELDS, SERVICE_FIELDS, SHORT_FIELDS, SYSTEM_FIELDS, type FieldType } from './fields'
export { startPrimeroServer, type PrimeroServer, type PrimeroServerOptions } from './httpServer'
export { primeroHandlers } from './mswHandlers'
export { CANARY_MARKER, CANARY_PATTERN, seedCaseData, type SeedOverrides } from './seed'
export { REFERRAL_STATUSES } from './transitions'
export type { EmulatorRequest, EmulatorResponse, HistoryRow, JsonObject, PrimeroUser, PrimeroUserInput, TransitionRow, TransitionStatus, TransitionType } from './types'
export { MODULE_CP, MODULE_GBV } from './types'
