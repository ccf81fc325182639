import { randomUUID } from 'node:crypto'
import { authenticate, resolveUsers } from './auth'
import { type Clock, monotonicStamper } from './clock'
import { type DataValueStore } from './dataValueSets'
import { Faults } from './faults'
import { importMetadata, type MetadataImportParams } from './metadataImport'
import { MetadataStore } from './metadataStore'
import { apiPath, route } from './router'
import { runTrackerImport, type TrackerImportParams } from './trackerImport'
import { TrackerJobs } from './trackerJobs'
import { TrackerStore } from './trackerStore'
import type { Dhis2Version, EmulatorRequest, EmulatorResponse, EmulatorUser, JsonObject, ResolvedUser } from './types'
import { errorResponse } from './webMessage'

export interface Dhis2EmulatorOptions {
  version: Dhis2Version
  /** accepted users; default one superuser `admin` / `district` with authority `ALL` */
  users?: EmulatorUser[]
  /** metadata imported at start through `POST /api/metadata` rules; throws if that import is not OK */
  metadata?: JsonObject
  clock?: Clock
  /** async tracker jobs look unfinished for this many reads of their status or report (default 0) */
  asyncJobPendingPolls?: number
  systemName?: string
}

/** Everything the routes work on. */
export interface EmulatorState {
  version: Dhis2Version
  meta: MetadataStore
  tracker: TrackerStore
  dataValues: DataValueStore
  jobs: TrackerJobs
  users: ResolvedUser[]
  stamp: () => string
  systemId: string
  systemName: string
  asyncJobPendingPolls: number
}

export interface Dhis2Emulator {
  readonly version: Dhis2Version
  /** the whole Web API, transport-free */
  handle(request: EmulatorRequest): Promise<EmulatorResponse>
  readonly faults: Faults
  readonly metadata: MetadataStore
  readonly tracker: TrackerStore
  readonly dataValues: DataValueStore
  readonly users: readonly ResolvedUser[]
  /** `POST /api/metadata` as the first user, without HTTP; returns the WebMessage */
  importMetadata(payload: unknown, params?: Partial<MetadataImportParams>): { httpStatus: number; body: JsonObject }
  /** `POST /api/tracker?async=false` as the first user, without HTTP; returns the import report */
  importTracker(payload: unknown, params?: Partial<TrackerImportParams>): JsonObject
}

const METADATA_DEFAULTS: MetadataImportParams = {
  importMode: 'COMMIT',
  importStrategy: 'CREATE_AND_UPDATE',
  atomicMode: 'ALL',
  importReportMode: 'ERRORS',
  skipSharing: false,
}

const TRACKER_DEFAULTS: TrackerImportParams = {
  importStrategy: 'CREATE_AND_UPDATE',
  atomicMode: 'ALL',
  importMode: 'COMMIT',
  validationMode: 'FULL',
  reportMode: 'ERRORS',
  async: false,
}

export function createDhis2Emulator(options: Dhis2EmulatorOptions): Dhis2Emulator {
  const users = resolveUsers(options.users)
  const state: EmulatorState = {
    version: options.version,
    meta: new MetadataStore(),
    tracker: new TrackerStore(),
    dataValues: new Map(),
    jobs: new TrackerJobs(),
    users,
    stamp: monotonicStamper(options.clock ?? (() => new Date())),
    systemId: randomUUID(),
    systemName: options.systemName ?? 'DHIS2 emulator',
    asyncJobPendingPolls: options.asyncJobPendingPolls ?? 0,
  }
  // Configured users exist as metadata too, so sharing references to them resolve.
  for (const u of users) state.meta.put('users', { id: u.uid, username: u.username, firstName: u.firstName, surname: u.surname })
  const faults = new Faults()
  const firstUser = users[0]
  if (!firstUser) throw new Error('createDhis2Emulator: at least one user is required')

  const emulator: Dhis2Emulator = {
    version: options.version,
    faults,
    metadata: state.meta,
    tracker: state.tracker,
    dataValues: state.dataValues,
    users,
    async handle(request) {
      const path = apiPath(request)
      const injected = await faults.apply(request, path ?? request.url.pathname)
      if (injected) return injected
      if (path === undefined) return errorResponse(404, `Not found: ${request.url.pathname}`)
      const auth = authenticate(users, request.headers.authorization)
      if ('response' in auth) return auth.response
      return route(state, request, auth.user, path)
    },
    importMetadata: (payload, params) => importMetadata(state.meta, payload, { ...METADATA_DEFAULTS, ...params }, state.stamp),
    importTracker: (payload, params) =>
      runTrackerImport({ meta: state.meta, store: state.tracker, user: firstUser, stamp: state.stamp }, payload, { ...TRACKER_DEFAULTS, ...params }),
  }
  if (options.metadata) {
    const seeded = emulator.importMetadata(options.metadata)
    if (seeded.httpStatus !== 200) throw new Error(`createDhis2Emulator: seed metadata rejected: ${JSON.stringify(seeded.body.response)}`)
  }
  return emulator
}
