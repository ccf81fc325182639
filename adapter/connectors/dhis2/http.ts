/**
 * The seam between the DHIS2 operations and the network: `call(request, read)` sends one request
 * over axios (auth header, whole-request deadline, retries honouring Retry-After) and hands the
 * answer, whatever its status, to `read`, which returns a value or throws through `fail`.
 * axios never throws for a status here; only a missing answer is a transport failure.
 */
import axios, { type AxiosResponse } from 'axios'
import type { z } from 'zod'
import { ConnectorError, sensitiveQueryValues } from '../errors'
import { DEFAULT_RETRY, sleep, withRetry } from '../retry'
import { dhis2Error, type Dhis2Failure, type Dhis2Response, type RequestInfo } from './failure'
import { describeIssues, unwrapResponse } from './schemas'
import type { Dhis2ConnectorOptions } from './types'

export interface Dhis2Request {
  method: 'GET' | 'POST'
  /** Under `/api/`, e.g. `tracker/trackedEntities`. */
  path: string
  query?: Record<string, string | number | boolean | undefined>
  body?: unknown
}

export type Fail = (failure: Dhis2Failure) => ConnectorError
export type Read<T> = (response: Dhis2Response, fail: Fail) => T

export interface Dhis2Http {
  call<T>(request: Dhis2Request, read: Read<T>): Promise<T>
  /** A failure that is not about one answer (a job that never finishes). */
  fail(request: Dhis2Request, failure: Dhis2Failure): ConnectorError
  /** Waits between requests about `request`; a shutdown ends the wait with an `aborted` ConnectorError. */
  wait(request: Dhis2Request, ms: number): Promise<void>
}

export function createDhis2Http(options: Dhis2ConnectorOptions): Dhis2Http {
  const root = new URL(options.baseUrl)
  if (root.protocol !== 'http:' && root.protocol !== 'https:') throw new TypeError(`DHIS2 baseUrl must be http(s): ${root.protocol}`)
  const base = options.baseUrl.replace(/\/+$/, '')
  const { authorization, secrets } = credentials(options)
  const client = axios.create({
    headers: { Authorization: authorization, Accept: 'application/json' },
    responseType: 'text',
    transformResponse: [(data: unknown) => data],
    validateStatus: () => true,
    // A redirect from DHIS2 means "log in"; never follow one with credentials attached.
    maxRedirects: 0,
    maxBodyLength: Infinity,
    maxContentLength: Infinity,
  })

  const info = (request: Dhis2Request): RequestInfo => {
    const url = new URL(`${base}/api/${request.path}`)
    for (const [name, value] of Object.entries(request.query ?? {})) if (value !== undefined) url.searchParams.set(name, String(value))
    return { method: request.method, url: url.toString(), hidden: sensitiveQueryValues(request.query) }
  }

  async function send(request: Dhis2Request, target: RequestInfo): Promise<Dhis2Response> {
    const timeout = AbortSignal.timeout(options.timeoutMs)
    const signal = options.signal ? AbortSignal.any([timeout, options.signal]) : timeout
    try {
      const response = await client.request<string>({
        url: target.url,
        method: request.method,
        signal,
        ...(request.body !== undefined ? { data: JSON.stringify(request.body), headers: { 'Content-Type': 'application/json' } } : {}),
      })
      return { status: response.status, headers: plainHeaders(response), body: parseBody(response.data) }
    } catch (error) {
      throw dhis2Error(target, { type: 'transport', error, timedOut: timeout.aborted, aborted: options.signal?.aborted ?? false }, secrets)
    }
  }

  return {
    async call(request, read) {
      const target = info(request)
      const fail: Fail = (failure) => dhis2Error(target, failure, secrets)
      try {
        return await withRetry(async () => read(await send(request, target), fail), options.retry ?? DEFAULT_RETRY, {
          ...options.retryHooks,
          ...(options.signal ? { signal: options.signal } : {}),
        })
      } catch (error) {
        // A shutdown during a retry wait rejects with the signal's reason: still a connector failure.
        if (!(error instanceof ConnectorError) && options.signal?.aborted) throw fail({ type: 'transport', error, timedOut: false, aborted: true })
        throw error
      }
    },
    fail: (request, failure) => dhis2Error(info(request), failure, secrets),
    async wait(request, ms) {
      try {
        await (options.retryHooks?.sleep ?? sleep)(ms, options.signal)
      } catch (error) {
        throw dhis2Error(info(request), { type: 'transport', error, timedOut: false, aborted: true }, secrets)
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

/**
 * A read for an import answer: 200, or 409 when the report or summary lists errors (DHIS2 answers
 * 409 for any import that is not fully OK). A 409 that carries no report is an ordinary error.
 */
export const readImport =
  <S extends z.ZodType, T>(schema: S, convert: (body: z.output<S>) => T): Read<T> =>
  (response, fail) => {
    if (response.status !== 200 && response.status !== 409) throw fail({ type: 'status', response })
    const body = unwrapResponse(response.body)
    const parsed = schema.safeParse(body)
    if (parsed.success) return convert(parsed.data)
    if (response.status === 409) throw fail({ type: 'status', response })
    return convert(parseWith(schema, { ...response, body }, fail))
  }

export function parseWith<S extends z.ZodType>(schema: S, response: Dhis2Response, fail: Fail): z.output<S> {
  if (typeof response.body === 'string' || response.body === undefined)
    throw fail({ type: 'invalid', response, problem: `not JSON: ${String(response.body ?? '(empty body)').slice(0, 120)}` })
  const parsed = schema.safeParse(response.body)
  if (!parsed.success) throw fail({ type: 'invalid', response, problem: describeIssues(parsed.error) })
  return parsed.data
}

function credentials(options: Dhis2ConnectorOptions): { authorization: string; secrets: string[] } {
  if ('token' in options.auth) return { authorization: `ApiToken ${options.auth.token}`, secrets: [options.auth.token] }
  const encoded = Buffer.from(`${options.auth.username}:${options.auth.password}`).toString('base64')
  return { authorization: `Basic ${encoded}`, secrets: [options.auth.password, encoded] }
}

function parseBody(text: string | undefined): unknown {
  if (text === undefined || text === '') return undefined
  try {
    return JSON.parse(text)
  } catch {
    return text
  }
}

function plainHeaders(response: AxiosResponse): Record<string, string> {
  const headers: Record<string, string> = {}
  for (const [name, value] of Object.entries(response.headers ?? {}))
    if (value !== undefined && value !== null) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value)
  return headers
}
