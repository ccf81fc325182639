/**
 * Test support for the DHIS2 connector suites (not used by the product): the emulator served over
 * real HTTP with a request log, and connector options that never sleep.
 */
import { type Dhis2Emulator, type EmulatorRequest, startDhis2Server } from '../../../tests/emulators/dhis2'
import { seededEmulator } from '../../../tests/emulators/dhis2/fixtures/api'
import { en, te } from '../../../tests/emulators/dhis2/fixtures/trackerPayloads'
import type { Dhis2ConnectorOptions } from './types'

export const TOKEN = 'd2pat_connectorTestTOKEN0001'
export const PASSWORD = 'Secret-district-42'
export const USERS = [
  { username: 'admin', password: PASSWORD, authorities: ['ALL'] },
  { username: 'integration', tokens: [TOKEN], authorities: ['ALL'] },
]

export interface ServedEmulator {
  emulator: Dhis2Emulator
  baseUrl: string
  /** Every request the server received, injected faults included. */
  requests: EmulatorRequest[]
  stop(): Promise<void>
}

export async function serve(emulator: Dhis2Emulator): Promise<ServedEmulator> {
  const requests: EmulatorRequest[] = []
  const logged: Dhis2Emulator = {
    ...emulator,
    handle: (request) => {
      requests.push(request)
      return emulator.handle(request)
    },
  }
  const server = await startDhis2Server(logged)
  return { emulator, baseUrl: server.baseUrl, requests, stop: () => server.stop() }
}

export const servedSeeded = (version: '2.40' | '2.41' | '2.42', options: Parameters<typeof seededEmulator>[1] = {}) =>
  serve(seededEmulator(version, { users: USERS, ...options }))

/** Connector options on a served emulator: token auth, short deadline, retries without waiting. */
export function connectorOptions(served: { baseUrl: string }, extra: Partial<Dhis2ConnectorOptions> = {}) {
  const delays: number[] = []
  const options: Dhis2ConnectorOptions = {
    baseUrl: served.baseUrl,
    auth: { token: TOKEN },
    timeoutMs: 2000,
    retry: { attempts: 3, baseDelayMs: 10, maxDelayMs: 100, maxRetryAfterMs: 60_000 },
    retryHooks: { sleep: async (ms) => void delays.push(ms) },
    ...extra,
  }
  return { options, delays }
}

/** `count` tracked entities enrolled in the Child Programme (`teC0000000n` / `enC0000000n`). */
export function enrolledEntities(count: number, from = 0) {
  const uid = (prefix: string, i: number) => `${prefix}${String(i).padStart(8, '0')}`
  const ids = Array.from({ length: count }, (_, i) => from + i)
  return {
    trackedEntities: ids.map((i) => te(uid('teC', i))),
    enrollments: ids.map((i) => en(uid('enC', i), uid('teC', i), { status: 'COMPLETED' })),
  }
}

/** Collects every item of an async iterator of pages. */
export async function collect<T>(pages: AsyncIterable<{ items: T[] }>): Promise<{ items: T[]; sizes: number[] }> {
  const items: T[] = []
  const sizes: number[] = []
  for await (const page of pages) {
    sizes.push(page.items.length)
    items.push(...page.items)
  }
  return { items, sizes }
}
