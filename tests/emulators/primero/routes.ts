import { UUID_PATTERN } from './clock'
import { invalidPointers, modelErrors, permitted } from './fields'
import { ApiError, errorResponse, invalidRecordJson, isObject, json, noContent, notFound, parameterMissing, recordInvalid } from './http'
import { listCases, renderCase } from './query'
import { createTransition, processReferral, processTransfer, renderTransition, revokeReferral, type TransitionContext } from './transitions'
import type { CaseRow, EmulatorRequest, EmulatorResponse, JsonObject, PrimeroUser, TransitionType } from './types'
import type { PrimeroStore } from './store'
import type { FieldType } from './fields'

/**
 * The emulated endpoints, under `/api/v2` (the node:http and msw transports pass every path through):
 *   GET|POST /cases, GET|PATCH|DELETE /cases/:id, GET /cases/:id/record_history,
 *   GET|POST /cases/:id/referrals, PATCH|DELETE /cases/:id/referrals/:referral_id, POST /cases/referrals,
 *   GET|POST /cases/:id/transfers, PATCH /cases/:id/transfers/:transfer_id, POST /cases/transfers,
 *   GET /cases/:id/transitions (and POST|DELETE /tokens, handled before authentication).
 * Anything else answers Rails' routing 404 in the errors[] envelope. A body that is not JSON answers 400
 * (Rails' ParseError; the exact body Primero renders for it was not verified).
 */
export interface RouteState extends TransitionContext {
  store: PrimeroStore
  writable: Record<string, FieldType>
  maxPer: number
}

interface Call {
  state: RouteState
  request: EmulatorRequest
  user: PrimeroUser
  body: JsonObject
  resource: string
  params: string[]
}
type Handler = (call: Call) => EmulatorResponse

const findCase = (call: Call, id: string): CaseRow => {
  const row = call.state.store.cases.get(id)
  if (!row) throw new ApiError(notFound(call.resource, 'Child', id))
  return row
}
const requireData = (call: Call): JsonObject => {
  if (!isObject(call.body.data)) throw new ApiError(parameterMissing(call.resource, 'data'))
  return call.body.data
}

/** Strong params, schema, then model validations; returns the payload to merge. */
function validatedRecordParams(call: Call): JsonObject {
  const data = permitted(requireData(call), call.state.writable)
  const pointers = invalidPointers(data, call.state.writable)
  if (pointers.length > 0) throw new ApiError(invalidRecordJson(call.resource, pointers))
  const invalid = modelErrors(data, call.state.stamp())
  if (Object.keys(invalid).length > 0) throw new ApiError(recordInvalid(call.resource, invalid))
  return data
}

const listAll: Handler = (c) => json(200, listCases(c.state.store.cases.values(), c.request.url.searchParams, { writable: c.state.writable, maxPer: c.state.maxPer, resource: c.resource }))

const showCase: Handler = (c) => {
  const fields = c.request.url.searchParams.get('fields')
  return json(200, { data: renderCase(findCase(c, c.params[0] ?? ''), fields ? fields.split(',') : undefined) })
}

/** 200 with the fields the save set, or 204 (no body) when the client chose the id; 409 if that id exists. */
const createCase: Handler = (c) => {
  const raw = requireData(c)
  const data = validatedRecordParams(c)
  const clientId = typeof raw.id === 'string' && raw.id !== '' ? raw.id : undefined
  if (clientId && c.state.store.cases.has(clientId))
    throw new ApiError(errorResponse(409, c.resource, 'Conflict: A record with this id already exists'))
  // Rails casts a malformed uuid to nil, so the database generates one; Primero still answers 204.
  const id = clientId && UUID_PATTERN.test(clientId) ? clientId.toLowerCase() : undefined
  const { row, changed } = c.state.store.createCase(c.user, data, id)
  return clientId ? noContent() : json(200, { data: renderCase(row, changed) })
}

const updateCase: Handler = (c) => {
  const row = findCase(c, c.params[0] ?? '')
  const changed = c.state.store.updateCase(c.user, row, validatedRecordParams(c))
  return json(200, { data: renderCase(row, changed) })
}

/** Disable, never delete: `record_state: false` (a PATCH with `record_state: true` enables it again). */
const disableCase: Handler = (c) => {
  const row = findCase(c, c.params[0] ?? '')
  c.state.store.updateCase(c.user, row, { record_state: false })
  return json(200, { data: { id: row.id } })
}

const history: Handler = (c) => {
  const rows = c.state.store.historyOf(findCase(c, c.params[0] ?? '').id)
  const q = c.request.url.searchParams
  const page = Math.max(1, Number.parseInt(q.get('page') ?? '1', 10) || 1)
  const per = Math.min(Math.max(0, q.has('per') ? Number.parseInt(q.get('per') ?? '', 10) || 0 : 20), c.state.maxPer)
  return json(200, { data: rows.slice((page - 1) * per, page * per), metadata: { total: rows.length, per, page } })
}

/** Referrals the user may see: all of them for the owner, else those sent to the user (`referrals_for_user`). */
const listTransitions =
  (type?: TransitionType): Handler =>
  (c) => {
    const row = findCase(c, c.params[0] ?? '')
    let rows = c.state.store.transitionsOf(row.id, type)
    if (type === 'Referral' && row.data.owned_by !== c.user.user_name) rows = rows.filter((t) => t.transitioned_to === c.user.user_name)
    return json(200, { data: rows.map((t) => renderTransition(t, c.user)) })
  }

const createOne =
  (type: TransitionType): Handler =>
  (c) => {
    const row = findCase(c, c.params[0] ?? '')
    const { transition, changed } = createTransition(c.state, type, c.user, row, requireData(c), c.resource)
    return json(200, { data: renderTransition(transition, c.user, row, changed) })
  }

/** Bulk: the cases are loaded by id (unknown ids are skipped) and transitioned one by one; the first
 * invalid one stops the request with its 422, the ones before it stay created (no transaction). */
const createBulk =
  (type: TransitionType): Handler =>
  (c) => {
    const data = requireData(c)
    const ids = Array.isArray(data.ids) ? data.ids.map(String) : []
    const rows = ids.map((id) => c.state.store.cases.get(id)).filter((r): r is CaseRow => r !== undefined)
    const out = rows.map((row) => {
      const { transition, changed } = createTransition(c.state, type, c.user, row, data, c.resource)
      return renderTransition(transition, c.user, row, changed)
    })
    return json(200, { data: out })
  }

const findTransition = (c: Call, type: TransitionType) => {
  const row = findCase(c, c.params[0] ?? '')
  const t = c.state.store.transitions.get(c.params[1] ?? '')
  if (!t || t.type !== type || t.record_id !== row.id) throw new ApiError(notFound(c.resource, type, c.params[1] ?? ''))
  return { row, t }
}

const updateReferral: Handler = (c) => {
  const { row, t } = findTransition(c, 'Referral')
  const changed = processReferral(c.state, c.user, t, row, requireData(c), c.resource)
  return json(200, { data: renderTransition(t, c.user, row, changed) })
}

const revoke: Handler = (c) => {
  const { row, t } = findTransition(c, 'Referral')
  return json(200, { data: renderTransition(t, c.user, row, revokeReferral(c.state, c.user, t, row)) })
}

const updateTransfer: Handler = (c) => {
  const { row, t } = findTransition(c, 'Transfer')
  const changed = processTransfer(c.state, c.user, t, row, requireData(c))
  return json(200, { data: renderTransition(t, c.user, row, changed) })
}

const ID = '([^/]+)'
const ROUTES: [string, RegExp, Handler][] = [
  ['GET', /^\/cases$/, listAll],
  ['POST', /^\/cases$/, createCase],
  ['POST', /^\/cases\/referrals$/, createBulk('Referral')],
  ['POST', /^\/cases\/transfers$/, createBulk('Transfer')],
  ['GET', new RegExp(`^/cases/${ID}$`), showCase],
  ['PATCH', new RegExp(`^/cases/${ID}$`), updateCase],
  ['DELETE', new RegExp(`^/cases/${ID}$`), disableCase],
  ['GET', new RegExp(`^/cases/${ID}/record_history$`), history],
  ['GET', new RegExp(`^/cases/${ID}/referrals$`), listTransitions('Referral')],
  ['POST', new RegExp(`^/cases/${ID}/referrals$`), createOne('Referral')],
  ['PATCH', new RegExp(`^/cases/${ID}/referrals/${ID}$`), updateReferral],
  ['DELETE', new RegExp(`^/cases/${ID}/referrals/${ID}$`), revoke],
  ['GET', new RegExp(`^/cases/${ID}/transfers$`), listTransitions('Transfer')],
  ['POST', new RegExp(`^/cases/${ID}/transfers$`), createOne('Transfer')],
  ['PATCH', new RegExp(`^/cases/${ID}/transfers/${ID}$`), updateTransfer],
  ['GET', new RegExp(`^/cases/${ID}/transitions$`), listTransitions()],
]

export function route(state: RouteState, request: EmulatorRequest, user: PrimeroUser, path: string): EmulatorResponse {
  const resource = request.url.pathname
  const hit = ROUTES.find(([method, pattern]) => method === request.method.toUpperCase() && pattern.test(path))
  if (!hit) return errorResponse(404, resource, 'Not Found', `No route matches [${request.method.toUpperCase()}] "${resource}"`)
  let body: JsonObject = {}
  if (request.body && request.body.trim() !== '') {
    try {
      const parsed: unknown = JSON.parse(request.body)
      body = isObject(parsed) ? parsed : {}
    } catch {
      return errorResponse(400, resource, 'Bad Request')
    }
  }
  const params = (hit[1].exec(path) ?? []).slice(1).map(decodeURIComponent)
  try {
    return hit[2]({ state, request, user, body, resource, params })
  } catch (error) {
    if (error instanceof ApiError) return error.response
    throw error
  }
}
