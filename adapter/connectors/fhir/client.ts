/**
 * The one place that loads fhir-kit-client. It is ESM only and its exports map has no `require`
 * condition, so a static import fails under the CLI's tsx (CommonJS) loader; a dynamic `import()`
 * works there (Node's ESM loader) and in Jest (swc turns it into a mapped `require`).
 */
import type { Client } from 'fhir-kit-client'

export type KitModule = typeof import('fhir-kit-client')

let loading: Promise<KitModule> | undefined
export const loadKit = (): Promise<KitModule> => (loading ??= import('fhir-kit-client'))

/**
 * A client on `baseUrl` that never marks requests `keepalive` (the fetch spec caps keepalive
 * bodies at 64 KiB: large bundles would fail) and never sends the Authorization header to another
 * origin, whatever URL it is asked to fetch.
 */
export function createKitClient(kit: KitModule, baseUrl: string, bearerToken?: string): Client {
  const origin = new URL(baseUrl).origin
  return new kit.Client({
    baseUrl,
    ...(bearerToken !== undefined ? { bearerToken } : {}),
    requestSigner: (url, init) => {
      init.keepalive = false
      if (new URL(url).origin !== origin) stripAuthorization(init)
    },
  })
}

function stripAuthorization(init: RequestInit): void {
  const headers = init.headers
  if (headers && typeof (headers as Headers).delete === 'function') (headers as Headers).delete('authorization')
  else if (Array.isArray(headers)) init.headers = headers.filter(([name]) => name?.toLowerCase() !== 'authorization')
  else if (headers) init.headers = Object.fromEntries(Object.entries(headers).filter(([name]) => name.toLowerCase() !== 'authorization'))
}
