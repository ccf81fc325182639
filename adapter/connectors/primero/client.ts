/**
 * The seam between the Primero operations and the wire: `call(request, read)` sends one request
 * (auth header, whole-request deadline, retries honouring Retry-After) and hands the answer, whatever
 * its status, to `read`, which returns a value or throws through `fail`. Only `primeroError` makes
 * errors. A request that is not idempotent is retried only when the server surely did not act on it
 * (429, 503, connection refused); other failures carry the code `outcome-unknown` for the caller.
 */
import type { z } from 'zod'
import { ConnectorError, sensitiveQueryValues } from '../errors'
import { DEFAULT_RETRY, withRetry } from '../retry'
import { createCredentials } from './auth'
import { describeBody, primeroError, type PrimeroFailure, type PrimeroResponse, type RequestInfo, type Scrub, scrubberFor } from './failure'
import { describeIssues, tokenReplySchema } from './schemas'
import { axiosTransport, type WireRequest, type WireResponse } from './transport'
import type { PrimeroConnectorOptions } from './types'

export interface PrimeroRequest {
  method: WireRequest['method']
  /** Under `/api/v2/`, segments already encoded, e.g. `cases/<id>/referrals`. */
  path: string
  query?: Record<string, string | undefined>
  /** Sent as JSON. */
  body?: unknown
  /** Whether sending it twice is harmless. */
  idempotent: boolean
}

export type Fail = (failure: PrimeroFailure) => ConnectorError
export type Read<T> = (response: PrimeroResponse, fail: Fail) => T

export interface PrimeroHttp {
  call<T>(request: PrimeroRequest, read: Read<T>): Promise<T>
}

/** Carries a failure past withRetry without retrying it. */
class DoNotRetry {
  constructor(readonly error: ConnectorError) {}
}

export function createPrimeroHttp(options: PrimeroConnectorOptions): PrimeroHttp {
  const base = serverRoot(options.baseUrl)
  if (!(options.timeoutMs > 0)) throw new TypeError('Primero timeoutMs must be a positive number of milliseconds')
  const transport = options.transport ?? axiosTransport()
  const policy = options.retry ?? DEFAULT_RETRY
  const credentials = createCredentials(options.auth, (user_name, password) =>
    once({ method: 'POST', path: 'tokens', body: { user: { user_name, password } }, idempotent: true }, readJson(tokenReplySchema), false).then((r) => r.token),
  )

  const info = (request: PrimeroRequest): RequestInfo => {
    const url = new URL(`${base}/api/v2/${request.path}`)
    for (const [name, value] of Object.entries(request.query ?? {})) if (value !== undefined) url.searchParams.set(name, value)
    return { method: request.method, url: url.toString(), idempotent: request.idempotent }
  }
  const scrubber = (request: PrimeroRequest): Scrub => (text) => scrubberFor(credentials.secrets(), request.body, sensitiveQueryValues(request.query))(text)

  async function exchange(request: PrimeroRequest, target: RequestInfo, scrub: Scrub, authorization?: string): Promise<PrimeroResponse> {
    const timeout = AbortSignal.timeout(options.timeoutMs)
    const signal = options.signal ? AbortSignal.any([timeout, options.signal]) : timeout
    const headers: Record<string, string> = { accept: 'application/json' }
    if (authorization) headers.authorization = authorization
    const body = request.body === undefined ? undefined : JSON.stringify(request.body)
    if (body !== undefined) headers['content-type'] = 'application/json'
    const outcome = await transport({ method: request.method, url: target.url, headers, ...(body !== undefined ? { body } : {}) }, signal)
    if ('response' in outcome) return parse(outcome.response)
    const aborted = options.signal?.aborted ?? false
    throw primeroError(target, { type: 'transport', failure: outcome.failure, timedOut: timeout.aborted && !aborted, aborted }, scrub)
  }

  /** One attempt: send, log in again once after a 401 if the credentials allow, then read. */
  async function once<T>(request: PrimeroRequest, read: Read<T>, authenticated = true): Promise<T> {
    const target = info(request)
    const scrub = scrubber(request)
    let header = authenticated ? await credentials.header() : undefined
    let response = await exchange(request, target, scrub, header)
    if (response.status === 401 && header && credentials.renew(header)) {
      header = await credentials.header()
      response = await exchange(request, target, scrub, header)
    }
    return read(response, (failure) => primeroError(target, failure, scrub))
  }

  return {
    async call(request, read) {
      try {
        return await withRetry(
          async () => {
            try {
              return await once(request, read)
            } catch (error) {
              if (error instanceof ConnectorError && error.details.codes?.includes('outcome-unknown')) throw new DoNotRetry(error)
              throw error
            }
          },
          policy,
          { ...options.retryHooks, ...(options.signal ? { signal: options.signal } : {}) },
        )
      } catch (error) {
        if (error instanceof DoNotRetry) throw error.error
        // A shutdown during a retry wait rejects with the signal's reason: still a connector failure.
        if (!(error instanceof ConnectorError) && options.signal?.aborted)
          throw primeroError(info(request), { type: 'transport', failure: {}, timedOut: false, aborted: true }, scrubber(request))
        throw error
      }
    },
  }
}

/** A read for a 2xx JSON answer that must match `schema`. */
export const readJson =
  <S extends z.ZodType>(schema: S): Read<z.output<S>> =>
  (response, fail) => {
    if (response.status < 200 || response.status >= 300) throw fail({ type: 'status', response })
    return parseWith(schema, response, fail)
  }

export function parseWith<S extends z.ZodType>(schema: S, response: PrimeroResponse, fail: Fail): z.output<S> {
  if (response.kind !== 'json') throw fail({ type: 'invalid', response, problem: response.kind === 'empty' ? 'empty body' : describeBody(response) })
  const parsed = schema.safeParse(response.body)
  if (!parsed.success) throw fail({ type: 'invalid', response, problem: describeIssues(parsed.error) })
  return parsed.data
}

function parse(wire: WireResponse): PrimeroResponse {
  const common = { status: wire.status, headers: wire.headers, length: Buffer.byteLength(wire.text) }
  if (wire.text.trim() === '') return { ...common, kind: 'empty' }
  try {
    return { ...common, kind: 'json', body: JSON.parse(wire.text) as unknown }
  } catch {
    return { ...common, kind: 'text' }
  }
}

function serverRoot(baseUrl: string): string {
  let url: URL
  try {
    url = new URL(baseUrl)
  } catch {
    throw new TypeError('Primero baseUrl is not a URL')
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new TypeError(`Primero baseUrl must be http(s), not ${url.protocol}`)
  if (url.username || url.password) throw new TypeError('Primero baseUrl must not carry credentials: use auth')
  if (url.search || url.hash) throw new TypeError('Primero baseUrl must not have a query or a fragment')
  const root = url.toString().replace(/\/+$/, '')
  if (/\/api\/v2$/.test(root)) throw new TypeError('Primero baseUrl is the server root, without /api/v2')
  return root
}
