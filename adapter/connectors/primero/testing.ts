/**
 * Test support for the Primero connector suites (not used by the product): the emulator served over
 * real HTTP, connector options that never sleep, and a check that nothing identifying leaks.
 */
import { CANARY_PATTERN, createPrimeroEmulator, type PrimeroEmulator, type PrimeroEmulatorOptions, startPrimeroServer } from '../../../tests/emulators/primero'
import { ConnectorError } from '../errors'
import { createPrimeroConnector } from './connector'
import type { PrimeroConnector, PrimeroConnectorOptions } from './types'

export const USER = 'primero'
export const PASSWORD = 'primer0!'

export interface Served {
  emulator: PrimeroEmulator
  baseUrl: string
  stop(): Promise<void>
}

export async function serve(options: PrimeroEmulatorOptions = {}): Promise<Served> {
  const emulator = createPrimeroEmulator(options)
  const server = await startPrimeroServer(emulator)
  return { emulator, baseUrl: server.baseUrl, stop: () => server.stop() }
}

/** A connector on `baseUrl` with Basic auth, a short deadline and retries that record their delays. */
export function connect(baseUrl: string, extra: Partial<PrimeroConnectorOptions> = {}): { connector: PrimeroConnector; delays: number[] } {
  const delays: number[] = []
  const connector = createPrimeroConnector({
    baseUrl,
    auth: { username: USER, password: PASSWORD },
    timeoutMs: 2000,
    retry: { attempts: 3, baseDelayMs: 5, maxDelayMs: 20, maxRetryAfterMs: 60_000 },
    retryHooks: { sleep: async (ms) => void delays.push(ms) },
    ...extra,
  })
  return { connector, delays }
}

/** The ConnectorError a promise rejects with (fails the test if it resolves or throws anything else). */
export async function failureOf(promise: Promise<unknown>): Promise<ConnectorError> {
  try {
    await promise
  } catch (error) {
    if (error instanceof ConnectorError) return error
    throw error
  }
  throw new Error('expected a ConnectorError, the call succeeded')
}

/** Everything an error could print or log: message, details (cause included) and stack. */
export function printed(error: ConnectorError): string {
  return [error.message, JSON.stringify(error.details), String(error.stack), JSON.stringify(error.cause ?? null)].join('\n')
}

/** Asserts that no canary name and none of `secrets` appear in anything the error could print. */
export function expectClean(error: ConnectorError, secrets: string[] = [PASSWORD]): void {
  const text = printed(error)
  expect(text).not.toMatch(CANARY_PATTERN)
  for (const secret of secrets) expect(text).not.toContain(secret)
}

/** Every item of a listing, and the page sizes. */
export async function collect<T>(pages: AsyncIterable<{ items: T[] }>): Promise<{ items: T[]; sizes: number[] }> {
  const items: T[] = []
  const sizes: number[] = []
  for await (const page of pages) {
    sizes.push(page.items.length)
    items.push(...page.items)
  }
  return { items, sizes }
}

/** The query parameters of the logged requests to a path. */
export const queries = (emulator: PrimeroEmulator, path = '/api/v2/cases') =>
  emulator.requests.filter((r) => r.path === path).map((r) => new URLSearchParams(r.query))
