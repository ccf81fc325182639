import { http, HttpResponse, type RequestHandler } from 'msw'
import type { PrimeroEmulator } from './emulator'
import { NETWORK_ERROR_HEADER } from './faults'
import type { EmulatorResponse } from './types'

/**
 * msw@2 transport: every request under `<baseUrl>/api/v2/` goes to the emulator core.
 * Use with `setupServer(...primeroHandlers(emulator, 'https://cpims.test'))` from `msw/node`.
 * The base URL's path is kept (`https://host/primero` serves `https://host/primero/api/v2/...`).
 */
export function primeroHandlers(emulator: PrimeroEmulator, baseUrl: string): RequestHandler[] {
  const base = new URL(baseUrl)
  const basePath = base.pathname.replace(/\/$/, '')
  return [
    http.all(`${base.origin}${basePath}/api/v2/*`, async ({ request }) => {
      const headers: Record<string, string> = {}
      request.headers.forEach((value, name) => {
        headers[name.toLowerCase()] = value
      })
      const body = request.method === 'GET' || request.method === 'HEAD' ? undefined : await request.text()
      const url = new URL(request.url)
      url.pathname = url.pathname.slice(basePath.length)
      return toHttpResponse(await emulator.handle({ method: request.method, url, headers, body }))
    }),
  ]
}

export function serializeBody(response: EmulatorResponse): string | null {
  if (response.body === undefined) return null
  return typeof response.body === 'string' && (response.headers['content-type'] ?? '').startsWith('text/') ? response.body : JSON.stringify(response.body)
}

function toHttpResponse(response: EmulatorResponse): Response {
  if (response.headers[NETWORK_ERROR_HEADER]) return HttpResponse.error()
  return new HttpResponse(serializeBody(response), { status: response.status, headers: response.headers })
}
