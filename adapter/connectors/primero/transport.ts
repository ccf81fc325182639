/**
 * The wire: one request out, one answer (any status) or one transport failure back, as data.
 * Nothing here knows Primero; the default sends with axios over node:http, a test may plug in
 * anything with the same one-function shape.
 */
import axios, { type AxiosResponse } from 'axios'

export interface WireRequest {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE'
  url: string
  /** Lower-case names. */
  headers: Record<string, string>
  body?: string
}

export interface WireResponse {
  status: number
  /** Lower-case names. */
  headers: Record<string, string>
  text: string
}

/**
 * No answer (refused, reset, DNS, TLS, or the signal fired: the caller knows which of its signals did).
 * `code` is Node's (ECONNREFUSED, ECONNRESET...); `message` never holds request headers or bodies.
 */
export interface TransportFailure {
  code?: string
  message?: string
}

export type TransportOutcome = { response: WireResponse } | { failure: TransportFailure }

export type PrimeroTransport = (request: WireRequest, signal: AbortSignal) => Promise<TransportOutcome>

export function axiosTransport(): PrimeroTransport {
  const client = axios.create({
    responseType: 'text',
    transformResponse: [(data: unknown) => data],
    validateStatus: () => true,
    // Never follow a redirect with credentials attached; a redirect is reported as such.
    maxRedirects: 0,
    maxBodyLength: Infinity,
    maxContentLength: Infinity,
  })
  return async (request, signal) => {
    try {
      const response = await client.request<string>({
        url: request.url,
        method: request.method,
        headers: request.headers,
        signal,
        ...(request.body !== undefined ? { data: request.body } : {}),
      })
      return { response: { status: response.status, headers: plainHeaders(response), text: typeof response.data === 'string' ? response.data : '' } }
    } catch (error) {
      // The axios error holds the request config (headers, body): keep only its code and message.
      const { code, message } = facts(error)
      return { failure: { ...(code ? { code } : {}), ...(message ? { message } : {}) } }
    }
  }
}

function plainHeaders(response: AxiosResponse): Record<string, string> {
  const headers: Record<string, string> = {}
  for (const [name, value] of Object.entries(response.headers ?? {}))
    if (value !== undefined && value !== null) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value)
  return headers
}

function facts(error: unknown): { code?: string; message?: string } {
  if (typeof error !== 'object' || error === null) return { message: String(error) }
  const { code, message, cause } = error as { code?: unknown; message?: unknown; cause?: { code?: unknown } }
  const errno = typeof cause?.code === 'string' ? cause.code : typeof code === 'string' ? code : undefined
  return { ...(errno ? { code: errno } : {}), ...(typeof message === 'string' ? { message: message.slice(0, 200) } : {}) }
}
