/**
 * Test support for the FHIR connector suites (not used by the product): resource builders and
 * connector options that never sleep.
 */
import type { Patient, Task } from 'fhir/r4'
import { ConnectorError } from '../errors'
import type { FhirConnectorOptions } from './types'

export const TOKEN = 'fhir-connector-test-token-7f3a'
export const CHILD_SYSTEM = 'https://cpcm.example.rw/fhir/sid/child-code'
export const REFERRAL_SYSTEM = 'https://cpcm.example.rw/fhir/sid/referral'

export const patient = (code: string): Patient => ({ resourceType: 'Patient', identifier: [{ system: CHILD_SYSTEM, value: code }], gender: 'female' })

export const task = (referral: string, extra: Partial<Task> = {}): Task => ({
  resourceType: 'Task',
  identifier: [{ system: REFERRAL_SYSTEM, value: referral }],
  status: 'requested',
  intent: 'order',
  ...extra,
})

export function connectorOptions(baseUrl: string, extra: Partial<FhirConnectorOptions> = {}) {
  const delays: number[] = []
  const options: FhirConnectorOptions = {
    baseUrl,
    bearerToken: TOKEN,
    timeoutMs: 2000,
    retry: { attempts: 3, baseDelayMs: 10, maxDelayMs: 100, maxRetryAfterMs: 60_000 },
    retryHooks: { sleep: async (ms) => void delays.push(ms) },
    ...extra,
  }
  return { options, delays }
}

/** The ConnectorError a call fails with (anything else fails the test). */
export async function failure(call: Promise<unknown>): Promise<ConnectorError> {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  )
  if (!(error instanceof ConnectorError)) throw new Error(`expected a ConnectorError, got ${String(error)}`)
  return error
}

/** Every page of an async iterator. */
export async function pagesOf<T>(pages: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = []
  for await (const page of pages) all.push(page)
  return all
}
