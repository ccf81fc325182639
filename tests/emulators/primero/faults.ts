import { errorResponse } from './http'
import type { EmulatorRequest, EmulatorResponse } from './types'

/**
 * Fault injection for tests: the next `times` matching requests are delayed, answered with an error
 * status, or cut (a network error: the msw transport answers `Response.error()`, the HTTP transport
 * destroys the socket). Faults apply before authentication, as a proxy or an overloaded server would.
 * Bodies: 503 is Primero's own (ErrorService for LockedForConfigurationUpdate: `errors[]` with
 * `detail: "Retry-After: N"` and a `Retry-After` header); 429 is Rack::Attack's default throttle reply
 * (`text/plain` "Retry later"), which is what a throttled Rails app sends; other statuses use `errors[]`.
 */
export interface FaultSpec {
  /** how many matching requests the fault applies to (default 1) */
  times?: number
  /** answer this status instead of handling the request */
  status?: number
  /** seconds for the `Retry-After` header */
  retryAfterSeconds?: number
  /** wait this long before answering (or before handling, when no status is given) */
  delayMs?: number
  /** drop the connection instead of answering */
  networkError?: boolean
  /** only requests whose path (`/api/v2/...`) starts with this string or matches this pattern */
  path?: string | RegExp
  method?: string
}

interface ActiveFault extends FaultSpec {
  remaining: number
}

export const NETWORK_ERROR_HEADER = 'x-emulator-network-error'

export class Faults {
  private readonly active: ActiveFault[] = []

  inject(spec: FaultSpec): this {
    this.active.push({ ...spec, remaining: spec.times ?? 1 })
    return this
  }

  /** The next `times` requests answer 503 with `Retry-After`. */
  unavailable(times = 1, retryAfterSeconds = 1): this {
    return this.inject({ times, status: 503, retryAfterSeconds })
  }

  /** The next `times` requests answer 429 with `Retry-After`. */
  rateLimited(times = 1, retryAfterSeconds = 1): this {
    return this.inject({ times, status: 429, retryAfterSeconds })
  }

  /** The next `times` requests are answered normally, after `ms`. */
  delayed(ms: number, times = 1): this {
    return this.inject({ times, delayMs: ms })
  }

  clear(): void {
    this.active.length = 0
  }

  get pending(): number {
    return this.active.reduce((n, f) => n + f.remaining, 0)
  }

  /** Consumes a matching fault; returns the response to send instead, or undefined to proceed. */
  async apply(request: EmulatorRequest): Promise<EmulatorResponse | undefined> {
    const path = request.url.pathname
    const fault = this.active.find(
      (f) =>
        f.remaining > 0 &&
        (f.method === undefined || f.method.toUpperCase() === request.method.toUpperCase()) &&
        (f.path === undefined || (typeof f.path === 'string' ? path.startsWith(f.path) : f.path.test(path))),
    )
    if (!fault) return undefined
    fault.remaining--
    if (fault.remaining === 0) this.active.splice(this.active.indexOf(fault), 1)
    if (fault.delayMs) await new Promise((resolve) => setTimeout(resolve, fault.delayMs))
    if (fault.networkError) return { status: 0, headers: { [NETWORK_ERROR_HEADER]: 'true' } }
    if (fault.status === undefined) return undefined
    const retry = fault.retryAfterSeconds
    const headers: Record<string, string> = retry !== undefined ? { 'retry-after': String(retry) } : {}
    if (fault.status === 429) return { status: 429, headers: { 'content-type': 'text/plain', ...headers }, body: 'Retry later\n' }
    if (fault.status === 503) return errorResponse(503, path, 'Service Unavailable', `Retry-After: ${retry ?? ''}`, headers)
    return errorResponse(fault.status, path, 'Injected fault', undefined, headers)
  }
}
