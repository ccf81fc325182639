import { randomUUID } from 'node:crypto'
import { Authenticator, resolveUsers } from './auth'
import { type Clock, formatTimestamp, monotonicStamper } from './clock'
import { Faults } from './faults'
import { CASE_FIELDS, type FieldType } from './fields'
import { clone, errorResponse, isObject } from './http'
import { renderCase } from './query'
import { route, type RouteState } from './routes'
import { seedCases, type SeedOverrides } from './seed'
import { PrimeroStore } from './store'
import type { EmulatorRequest, EmulatorResponse, HistoryRow, JsonObject, PrimeroUser, PrimeroUserInput, TransitionRow } from './types'

export interface PrimeroEmulatorOptions {
  /** accepted users; default `primero`, `primero_cp`, `primero_gbv` (password `primer0!`), see DEFAULT_USERS */
  users?: PrimeroUserInput[]
  /** time source for every stamp (default: the system clock); stamps are made strictly increasing */
  clock?: Clock
  /** largest `per` honoured on lists (default 1000); larger values are clamped */
  maxPer?: number
  /** more writable case fields than CASE_FIELDS (a CPIMS+ configuration has many) */
  extraFields?: Record<string, FieldType>
}

/** One handled request, without bodies (they hold names). */
export interface RequestLogEntry {
  method: string
  /** pathname, e.g. `/api/v2/cases` */
  path: string
  /** the query string without `?` ('' when none) */
  query: string
  status: number
  user?: string
  at: string
}

export interface PrimeroEmulator {
  /** the whole API, transport-free */
  handle(request: EmulatorRequest): Promise<EmulatorResponse>
  readonly faults: Faults
  readonly users: readonly PrimeroUser[]
  /** every request the core received, in order (faulted and unauthenticated ones included) */
  readonly requests: readonly RequestLogEntry[]
  countRequests(filter?: { method?: string; path?: string | RegExp }): number
  clearRequestLog(): void
  /** seeds `n` deterministic canary-named cases owned by `owner` (default the first user); returns them as stored */
  seedCases(n: number, overrides?: SeedOverrides, owner?: string): JsonObject[]
  /** a case as stored (`id` + data, nulls included), or undefined */
  getCase(id: string): JsonObject | undefined
  /** a case as `GET /api/v2/cases/:id` renders it */
  renderCase(id: string): JsonObject | undefined
  /** every stored case, in insertion order */
  allCases(): JsonObject[]
  /** stored referrals and transfers, optionally of one case */
  transitions(recordId?: string): TransitionRow[]
  /** record history of a case, newest first */
  history(recordId: string): HistoryRow[]
  /** a valid bearer token for a user, without a login request */
  tokenFor(userName: string): string
  /** the next stamp the server would write (advances the monotonic clock) */
  now(): string
}

export function createPrimeroEmulator(options: PrimeroEmulatorOptions = {}): PrimeroEmulator {
  const users = resolveUsers(options.users)
  const first = users[0]
  if (!first) throw new Error('createPrimeroEmulator: at least one user is required')
  const clock = options.clock ?? (() => new Date())
  const stamp = monotonicStamper(clock)
  const store = new PrimeroStore(stamp)
  const auth = new Authenticator(users, clock)
  const state: RouteState = { store, users, stamp, newId: randomUUID, writable: { ...CASE_FIELDS, ...options.extraFields }, maxPer: options.maxPer ?? 1000 }
  const faults = new Faults()
  const log: RequestLogEntry[] = []
  let seeded = 0
  const userNamed = (name: string) => {
    const user = users.find((u) => u.user_name === name.toLowerCase())
    if (!user) throw new Error(`Primero emulator: no user ${name}`)
    return user
  }

  async function dispatch(request: EmulatorRequest): Promise<{ response: EmulatorResponse; user?: string }> {
    const injected = await faults.apply(request)
    if (injected) return { response: injected }
    const match = /^\/api\/v2(\/.*)?$/.exec(request.url.pathname.replace(/\.json$/, '').replace(/\/$/, ''))
    if (!match) return { response: errorResponse(404, request.url.pathname, 'Not Found', `No route matches [${request.method}] "${request.url.pathname}"`) }
    const path = match[1] ?? '/'
    const method = request.method.toUpperCase()
    if (path === '/tokens' && method === 'POST') {
      let body: unknown = {}
      try {
        body = request.body ? JSON.parse(request.body) : {}
      } catch {
        return { response: errorResponse(400, request.url.pathname, 'Bad Request') }
      }
      const response = auth.login(body, request.headers.authorization)
      return { response, user: isObject(response.body) ? String(response.body.user_name ?? '') || undefined : undefined }
    }
    const authenticated = auth.authenticate(request.headers.authorization)
    if ('response' in authenticated) return { response: authenticated.response }
    if (path === '/tokens' && method === 'DELETE') {
      if (authenticated.jti) auth.revoke(authenticated.jti)
      return { response: { status: 200, headers: { 'content-type': 'application/json; charset=utf-8' }, body: {} }, user: authenticated.user.user_name }
    }
    try {
      return { response: route(state, request, authenticated.user, path), user: authenticated.user.user_name }
    } catch (error) {
      // ApplicationApiController rescues every exception through ErrorService: 500 with the message.
      return { response: errorResponse(500, request.url.pathname, (error as Error).message), user: authenticated.user.user_name }
    }
  }

  return {
    faults,
    users,
    requests: log,
    async handle(request) {
      const { response, user } = await dispatch(request)
      log.push({ method: request.method.toUpperCase(), path: request.url.pathname, query: request.url.search.replace(/^\?/, ''), status: response.status, user, at: clock().toISOString() })
      return response
    },
    countRequests(filter = {}) {
      return log.filter(
        (e) =>
          (filter.method === undefined || e.method === filter.method.toUpperCase()) &&
          (filter.path === undefined || (typeof filter.path === 'string' ? e.path.startsWith(filter.path) : filter.path.test(e.path))),
      ).length
    },
    clearRequestLog: () => void (log.length = 0),
    seedCases(n, overrides, owner) {
      const created = seedCases(store, owner ? userNamed(owner) : first, seeded + 1, n, overrides)
      seeded += n
      return created
    },
    getCase: (id) => {
      const row = store.cases.get(id)
      return row ? { id: row.id, ...clone(row.data) } : undefined
    },
    renderCase: (id) => {
      const row = store.cases.get(id)
      return row ? renderCase(row) : undefined
    },
    allCases: () => [...store.cases.values()].map((row) => ({ id: row.id, ...clone(row.data) })),
    transitions: (recordId) => [...store.transitions.values()].filter((t) => recordId === undefined || t.record_id === recordId).map(clone),
    history: (recordId) => clone(store.historyOf(recordId)),
    tokenFor: (userName) => auth.issueToken(userNamed(userName)),
    now: () => formatTimestamp(stamp()),
  }
}
