/**
 * The `Store`: one typed API over either driver. `StoreOps` are the operations that also
 * work inside `store.transaction(async (tx) => …)`; `Store` adds migrate, transaction, close.
 */
import type { Ctx } from './context'
import { getCursor, listCursors, setCursor } from './cursors'
import { listDisclosures, recordDisclosure, type Disclosure, type DisclosureFilter, type DisclosureInput } from './disclosures'
import type { BackendKind, Driver } from './driver/types'
import { getLink, putLink } from './links'
import { getReferral, latestReferralForChild, markReferral, referralsOfEvent, referralsOfEvents, type ReferralMark, type ReferralRecord } from './referrals'
import { migrate, type MigrateResult } from './migrate'
import { primeroOps, type PrimeroStoreOps } from './primero'
import { enqueue } from './outbox-enqueue'
import { claim, complete, fail, release } from './outbox-lease'
import { completeMany } from './outbox-complete'
import { getItem, listAttempts, listDeadLetters, listLeaseOwners, recordAttempt, retryDeadLetters, type DeadLetterFilter } from './outbox-records'
import { DEFAULT_SCHEMA, quoteSchema } from './sql'
import { storeStatus } from './status'
import {
  DEFAULT_POLICY,
  type Attempt,
  type AttemptInput,
  type CompleteResult,
  type Completion,
  type Cursor,
  type DeadLetter,
  type DeliveryPolicy,
  type EnqueueResult,
  type Failure,
  type FailResult,
  type Link,
  type LinkRef,
  type OutboxInput,
  type OutboxItem,
  type OutboxRecord,
  type StoreStatus,
} from './types'

export interface StoreOps {
  cursors: {
    get(name: string): Promise<string | null>
    set(name: string, value: string): Promise<void>
    list(): Promise<Cursor[]>
  }
  enqueue(items: readonly OutboxInput[]): Promise<EnqueueResult[]>
  /** `kinds`: only items of these kinds (a flow claims only what it can deliver). */
  claim(limit: number, owner: string, leaseSeconds?: number, kinds?: readonly string[]): Promise<OutboxItem[]>
  complete(id: number, owner: string, httpStatus?: number): Promise<CompleteResult>
  /**
   * Delivered items marked done in one statement, each with its attempt, disclosures and referral
   * marks (outbox-complete.ts): per item what `complete` + its disclosures in one transaction do.
   */
  completeMany(owner: string, completions: readonly Completion[]): Promise<CompleteResult[]>
  fail(id: number, owner: string, failure: Failure): Promise<FailResult>
  release(owner: string, ids?: readonly number[]): Promise<number>
  /** Owners of current leases (`host:pid:random`). */
  leaseOwners(): Promise<string[]>
  getItem(id: number): Promise<OutboxRecord | null>
  recordAttempt(attempt: AttemptInput): Promise<void>
  listAttempts(outboxId: number): Promise<Attempt[]>
  deadLetters: {
    list(filter?: DeadLetterFilter): Promise<DeadLetter[]>
    retry(ids: readonly number[] | 'all'): Promise<number[]>
  }
  links: {
    put(link: Link): Promise<'inserted' | 'unchanged'>
    get(ref: LinkRef): Promise<Link | null>
  }
  disclosures: {
    record(disclosure: DisclosureInput): Promise<number>
    list(filter?: DisclosureFilter): Promise<Disclosure[]>
  }
  /** Referrals sent to facilities (migration 2). */
  referrals: {
    mark(mark: ReferralMark): Promise<void>
    get(facility: string, referralEvent: string): Promise<ReferralRecord | null>
    ofEvent(referralEvent: string): Promise<ReferralRecord[]>
    ofEvents(referralEvents: readonly string[]): Promise<ReferralRecord[]>
    latestForChild(facility: string, childCode: string): Promise<ReferralRecord | null>
  }
  /** The Primero exchange (migration 3): case links and agreed values, referrals to CSOs, conflicts, duplicates. */
  primero: PrimeroStoreOps
  status(): Promise<StoreStatus>
}

export interface Store extends StoreOps {
  readonly backend: BackendKind
  readonly schema: string
  /** Where the data lives, safe to print. */
  readonly description: string
  migrate(): Promise<MigrateResult>
  /** COMMIT when `fn` resolves, ROLLBACK when it throws. Use only `tx` inside. */
  transaction<T>(fn: (tx: StoreOps) => Promise<T>): Promise<T>
  close(): Promise<void>
}

export interface StoreOptions {
  /** Default `cpcm`. Tests use one schema each. */
  schema?: string
  delivery?: Partial<DeliveryPolicy>
  /** For jitter; default Math.random. */
  random?: () => number
  /** Close the driver with the store (default true); false when several stores share one driver. */
  ownsDriver?: boolean
}

function ops(ctx: Ctx, describe: () => string, schema: string): StoreOps {
  return {
    cursors: { get: (n) => getCursor(ctx, n), set: (n, v) => setCursor(ctx, n, v), list: () => listCursors(ctx) },
    enqueue: (items) => enqueue(ctx, items),
    claim: (limit, owner, leaseSeconds, kinds) => claim(ctx, limit, owner, leaseSeconds, kinds),
    complete: (id, owner, httpStatus) => complete(ctx, id, owner, httpStatus),
    completeMany: (owner, completions) => completeMany(ctx, owner, completions),
    fail: (id, owner, failure) => fail(ctx, id, owner, failure),
    release: (owner, ids) => release(ctx, owner, ids),
    leaseOwners: () => listLeaseOwners(ctx),
    getItem: (id) => getItem(ctx, id),
    recordAttempt: (a) => recordAttempt(ctx, a),
    listAttempts: (id) => listAttempts(ctx, id),
    deadLetters: { list: (f) => listDeadLetters(ctx, f), retry: (ids) => retryDeadLetters(ctx, ids) },
    links: { put: (l) => putLink(ctx, l), get: (r) => getLink(ctx, r) },
    disclosures: { record: (d) => recordDisclosure(ctx, d), list: (f) => listDisclosures(ctx, f) },
    referrals: {
      mark: (m) => markReferral(ctx, m),
      get: (f, e) => getReferral(ctx, f, e),
      ofEvent: (e) => referralsOfEvent(ctx, e),
      ofEvents: (es) => referralsOfEvents(ctx, es),
      latestForChild: (f, c) => latestReferralForChild(ctx, f, c),
    },
    primero: primeroOps(ctx),
    status: () => storeStatus(ctx, describe(), schema),
  }
}

export function createStore(driver: Driver, options: StoreOptions = {}): Store {
  const schema = options.schema ?? DEFAULT_SCHEMA
  const policy: DeliveryPolicy = {
    ...DEFAULT_POLICY,
    ...options.delivery,
    backoff: { ...DEFAULT_POLICY.backoff, ...options.delivery?.backoff },
  }
  const base = { s: quoteSchema(schema), policy, random: options.random ?? Math.random }
  const describe = () => driver.description
  const direct = ops({ ...base, q: driver }, describe, schema)
  let closed = false
  return {
    ...direct,
    // Several statements per call: atomic even outside a caller's transaction.
    enqueue: (items) => driver.transaction((tx) => enqueue({ ...base, q: tx }, items)),
    backend: driver.kind,
    schema,
    description: driver.description,
    migrate: () => migrate(driver, schema),
    transaction: (fn) => driver.transaction((tx) => fn(ops({ ...base, q: tx }, describe, schema))),
    async close() {
      if (closed) return
      closed = true
      if (options.ownsDriver !== false) await driver.close()
    },
  }
}
