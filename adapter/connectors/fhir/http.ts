/**
 * The seam between the FHIR operations and fhir-kit-client: `call(request, send, read)` runs one
 * client call with a whole-request deadline and retries, turns whatever it throws into a
 * ConnectorError, and hands the 2xx answer (status, headers, JSON body) to `read`, which returns a
 * value or throws through `fail`.
 */
import type { Client, RequestOptions } from 'fhir-kit-client'
import type { z } from 'zod'
import { ConnectorError } from '../errors'
import { DEFAULT_RETRY, withRetry } from '../retry'
import { createKitClient, type KitModule, loadKit } from './client'
import { fhirError, type FhirFailure, type RequestInfo } from './failure'
import { describeIssues } from './schemas'
import type { FhirConnectorOptions } from './types'

export interface FhirResponse {
  status: number
  headers: Headers
  body: unknown
}

export type Fail = (failure: FhirFailure) => ConnectorError
export type Send = (client: Client, options: RequestOptions) => Promise<unknown>
export type Read<T> = (response: FhirResponse, fail: Fail) => T

export interface FhirHttp {
  /** The base URL without a trailing slash, and its origin. */
  readonly baseUrl: string
  readonly origin: string
  /** Absolute URL of a path under the base, with a query: for messages and loop checks. */
  url(path: string, query?: Record<string, unknown>): string
  call<T>(request: RequestInfo, send: Send, read: Read<T>): Promise<T>
  fail(request: RequestInfo, failure: FhirFailure): ConnectorError
}

export function createFhirHttp(options: FhirConnectorOptions): FhirHttp {
  const parsed = new URL(options.baseUrl)
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new TypeError(`FHIR baseUrl must be http(s): ${parsed.protocol}`)
  const baseUrl = options.baseUrl.replace(/\/+$/, '')
  const secrets = options.bearerToken ? [options.bearerToken] : []
  let ready: Promise<{ kit: KitModule; client: Client }> | undefined
  const client = () => (ready ??= loadKit().then((kit) => ({ kit, client: createKitClient(kit, baseUrl, options.bearerToken) })))

  async function attempt<T>(request: RequestInfo, send: Send, read: Read<T>): Promise<T> {
    const { kit, client: fhir } = await client()
    const timeout = AbortSignal.timeout(options.timeoutMs)
    const signal = options.signal ? AbortSignal.any([timeout, options.signal]) : timeout
    let result: unknown
    try {
      result = await send(fhir, { signal })
    } catch (error) {
      throw fhirError(request, { type: 'thrown', error, timedOut: timeout.aborted, aborted: options.signal?.aborted ?? false }, secrets)
    }
    const response = kit.Client.httpFor(result as Parameters<typeof kit.Client.httpFor>[0]).response
    return read({ status: response?.status ?? 200, headers: response?.headers ?? new Headers(), body: result }, (failure) =>
      fhirError(request, failure, secrets),
    )
  }

  return {
    baseUrl,
    origin: parsed.origin,
    url(path, query = {}) {
      const url = new URL(`${baseUrl}/${path}`)
      for (const [name, value] of Object.entries(query))
        for (const v of Array.isArray(value) ? value : [value]) if (v !== undefined) url.searchParams.append(name, String(v))
      return url.toString()
    },
    async call(request, send, read) {
      try {
        return await withRetry(() => attempt(request, send, read), options.retry ?? DEFAULT_RETRY, {
          ...options.retryHooks,
          ...(options.signal ? { signal: options.signal } : {}),
        })
      } catch (error) {
        // A shutdown during a retry wait rejects with the signal's reason: still a connector failure.
        if (!(error instanceof ConnectorError) && options.signal?.aborted)
          throw fhirError(request, { type: 'thrown', error, timedOut: false, aborted: true }, secrets)
        throw error
      }
    },
    fail: (request, failure) => fhirError(request, failure, secrets),
  }
}

/** The answer's body if it matches `schema` (a fresh object: the client's hidden request data stays behind). */
export function parseWith<S extends z.ZodType>(schema: S, response: FhirResponse, fail: Fail): z.output<S> {
  const parsed = schema.safeParse(response.body)
  if (!parsed.success) throw fail({ type: 'invalid', status: response.status, problem: describeIssues(parsed.error) })
  return parsed.data
}
