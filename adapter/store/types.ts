/** The store's domain types: what goes in and comes out of `Store` methods. */
import type { DisclosureInput } from './disclosures'
import type { ReferralMark } from './referrals'

export type OutboxStatus = 'pending' | 'in_flight' | 'done' | 'dead'
export const OUTBOX_STATUSES: readonly OutboxStatus[] = ['pending', 'in_flight', 'done', 'dead']

/** Work to deliver. `payload` must be JSON-serialisable; it is stored as jsonb. */
export interface OutboxInput {
  /** Stable across re-runs for the same work, e.g. `fhir:isange:ServiceRequest:<event uid>`. */
  key: string
  /** What the work is, e.g. `referral`; pipelines dispatch on it. */
  kind: string
  /** Where it goes, e.g. a FHIR target id, `primero`, `dhis2`. */
  target: string
  payload: unknown
}

/**
 * - inserted: new key.
 * - unchanged: same key, same kind, target and payload as its latest version: nothing done.
 * - replaced: the latest version was still pending (nobody had started it): payload replaced in place.
 * - new_version: the latest version was in flight, done or dead: a new version was queued, delivered after any older one still open.
 */
export type EnqueueOutcome = 'inserted' | 'unchanged' | 'replaced' | 'new_version'

export interface EnqueueResult {
  key: string
  id: number
  version: number
  outcome: EnqueueOutcome
}

/** A claimed item: yours until `leaseExpiresAt` (database clock). */
export interface OutboxItem {
  id: number
  key: string
  version: number
  /** `<key>#<version>`: unique; use it as the Idempotency-Key of the delivery. */
  deliveryKey: string
  kind: string
  target: string
  payload: unknown
  /** Including this one. */
  attempts: number
  leaseOwner: string
  leaseExpiresAt: Date
  createdAt: Date
}

/** The full row, for inspection and tests. */
export interface OutboxRecord extends Omit<OutboxItem, 'leaseOwner' | 'leaseExpiresAt'> {
  status: OutboxStatus
  nextAttemptAt: Date
  leaseOwner: string | null
  leaseExpiresAt: Date | null
  lastError: string | null
  lastHttpStatus: number | null
  deadReason: string | null
  updatedAt: Date
}

export interface Failure {
  /** Already redacted by the caller: no names, no tokens. Clipped to 2000 characters. */
  error: string
  /** False for a permanent refusal (e.g. HTTP 400/422, consent missing): dead-letter at once. */
  retryable: boolean
  httpStatus?: number
  /** When the failed attempt started (the attempt row's start); default the claim time. */
  startedAt?: Date
}

export type CompleteResult = 'done' | 'lease_lost'

/**
 * One delivered item for `completeMany`: everything the delivery leaves behind, written in the
 * statement that marks it done (see outbox-complete.ts).
 */
export interface Completion {
  id: number
  httpStatus?: number
  /** When this delivery attempt started (the attempt row's start); default the claim time. */
  startedAt?: Date
  /** Logged only if this completion marks the item done (with `outboxId` = the item). */
  disclosures?: ReadonlyArray<Omit<DisclosureInput, 'outboxId'>>
  /**
   * Where referrals now stand at the facility: written with the completion, and also when the lease
   * was lost while the item is still open (the facility has it; a later version has not moved on).
   */
  referrals?: readonly ReferralMark[]
}

export type FailResult =
  | { outcome: 'retry'; attempts: number; nextAttemptAt: Date }
  | { outcome: 'dead'; attempts: number; reason: string }
  | { outcome: 'lease_lost' }

export type AttemptOutcome = 'done' | 'retry' | 'dead' | 'lease_expired' | 'lease_lost'

export interface AttemptInput {
  outboxId: number
  owner?: string
  startedAt: Date
  finishedAt?: Date
  outcome: AttemptOutcome
  httpStatus?: number
  error?: string
}

export interface Attempt extends Required<Omit<AttemptInput, 'owner' | 'httpStatus' | 'error'>> {
  id: number
  owner: string | null
  httpStatus: number | null
  error: string | null
}

export interface DeadLetter {
  id: number
  key: string
  version: number
  kind: string
  target: string
  attempts: number
  reason: string
  lastError: string | null
  lastHttpStatus: number | null
  createdAt: Date
  diedAt: Date
  /** A newer version of the same key exists: retrying this one is refused. */
  superseded: boolean
}

export interface Cursor {
  name: string
  value: string
  updatedAt: Date
}

export interface Link {
  /** e.g. `primero` */
  system: string
  /** e.g. `case`, `referral` */
  kind: string
  /** Our id (a DHIS2 UID). */
  localId: string
  /** Theirs. */
  remoteId: string
}

export type LinkRef = Omit<Link, 'remoteId'> | Omit<Link, 'localId'>

export interface StoreStatus {
  backend: string
  schema: string
  migration: number
  cursors: Cursor[]
  outbox: Record<OutboxStatus, number>
  /** Seconds since the oldest pending item was first queued; null when none is pending. */
  oldestPendingAgeSeconds: number | null
  /** Dead letters that can be retried (not superseded). */
  deadLetters: number
}

/** How delivery retries: from `config.delivery`. */
export interface DeliveryPolicy {
  maxAttempts: number
  backoff: { baseMs: number; maxMs: number }
  leaseSeconds: number
  /** The delay is multiplied by a random factor in [1 - jitter, 1]; default 0.2. */
  jitter: number
}

export const DEFAULT_POLICY: DeliveryPolicy = {
  maxAttempts: 8,
  backoff: { baseMs: 30_000, maxMs: 3_600_000 },
  leaseSeconds: 300,
  jitter: 0.2,
}
