import { http, HttpResponse, type RequestHandler } from 'msw'
import type { Dhis2Emulator } from './emulator'
import { NETWORK_ERROR_HEADER } from './faults'
import type { EmulatorResponse } from './types'

/**
 * msw@2 transport: every request under `<baseUrl>/api/` goes to the emulator core.
 * Use with `setupServer(...dhis2Handlers(emulator, 'https://dhis2.test'))` from `msw/node`.
 */
export function dhis2Handlers(emulator: Dhis2Emulator, baseUrl: string): RequestHandler[] {
  const base = new URL(baseUrl)
  const basePath = base.pathname.replace(/\/$/, '')
  return [
    http.all(`${base.origin}${basePath}/api/*`, async ({ request }) => {
      const headers: Record<string, string> = {}
      request.headers.forEach((value, name) => {
        headers[name.toLowerCase()] = value
      })
      const body = request.method === 'GET' || request.method === 'HEAD' ? undefined : await request.text()
      const response = await emulator.handle({ method: request.method, url: new URL(request.url), basePath, headers, body })
      return toHttpResponse(response)
    }),
  ]
}

function toHttpResponse(response: EmulatorResponse): Response {
  if (response.headers[NETWORK_ERROR_HEADER]) return HttpResponse.error()
  const body = response.body === undefined ? null : JSON.stringify(response.body)
  return new HttpResponse(body, { status: response.status, headers: response.headers })
}
