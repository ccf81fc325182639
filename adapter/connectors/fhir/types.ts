/**
 * What the FHIR R4 connector offers and returns. Resources are the `fhir/r4` types (@types/fhir);
 * the connector checks the envelope (resource type, Bundle structure), the server validates content.
 */
import type { Bundle, FhirResource, OperationOutcome } from 'fhir/r4'
import type { RetryHooks, RetryPolicy } from '../retry'

export type ResourceType = FhirResource['resourceType']
export type ResourceOf<K extends ResourceType> = Extract<FhirResource, { resourceType: K }>

export interface FhirConnectorOptions {
  /** FHIR base, e.g. `https://fhir.isange.example.rw/fhir`. Paging links are followed on its origin only. */
  baseUrl: string
  /** Sent as `Authorization: Bearer <token>` to the base URL's origin, never elsewhere. */
  bearerToken?: string
  /** Whole-request deadline per attempt (connect, send, answer and body). */
  timeoutMs: number
  retry?: RetryPolicy
  /** Test and logging hooks for the retry loop (sleep, random, onRetry). */
  retryHooks?: Pick<RetryHooks, 'sleep' | 'random' | 'onRetry'>
  /** Aborts requests and retry waits (process shutdown). */
  signal?: AbortSignal
}

/** A business identifier every conditional write is keyed on. */
export interface IdentifierKey {
  system: string
  value: string
}

export interface WriteResult<T> {
  /** 201 when created, 200 when an existing resource matched (create) or was updated. */
  status: number
  created: boolean
  resource: T
  location?: string
  etag?: string
}

export interface TransactionEntryResult {
  /** From `response.status` (`201 Created` -> 201). */
  status: number
  location?: string
  etag?: string
  lastModified?: string
  outcome?: OperationOutcome
}

export interface TransactionResult {
  /** The transaction-response Bundle as the server sent it. */
  bundle: Bundle
  /** One per request entry, in the same order. */
  entries: TransactionEntryResult[]
}

export type SearchParams = Record<string, string | number | boolean | Array<string | number | boolean>>

export interface FhirSearchPage<T> {
  /** Entries with search mode `match` (or no mode) of the searched type. */
  resources: T[]
  /** `_include` / `_revinclude` results. */
  included: FhirResource[]
  /** When the server counted. */
  total?: number
  bundle: Bundle
}
