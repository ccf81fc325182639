/**
 * What every store operation works with: a connection (the driver, or a transaction), the
 * quoted schema, and the delivery policy. Also the outbox row mapping shared by the
 * operations (PostgreSQL returns bigint as text, PGlite as number: both become numbers).
 */
import type { Queryable } from './driver/types'
import type { DeliveryPolicy, OutboxItem, OutboxRecord, OutboxStatus } from './types'

export interface Ctx {
  q: Queryable
  /** The quoted schema, e.g. `"cpcm"`: `${ctx.s}.outbox`. */
  s: string
  policy: DeliveryPolicy
  /** In [0, 1): for jitter; tests pass a constant. */
  random: () => number
}

export interface OutboxRow {
  id: string | number
  idempotency_key: string
  version: number
  kind: string
  target: string
  payload: unknown
  status: OutboxStatus
  attempts: number
  next_attempt_at: Date
  lease_owner: string | null
  lease_expires_at: Date | null
  last_error: string | null
  last_http_status: number | null
  dead_reason: string | null
  created_at: Date
  updated_at: Date
}

export const OUTBOX_COLUMNS =
  'id, idempotency_key, version, kind, target, payload, status, attempts, next_attempt_at, lease_owner, lease_expires_at, last_error, last_http_status, dead_reason, created_at, updated_at'

export const deliveryKey = (key: string, version: number) => `${key}#${version}`

export function toRecord(row: OutboxRow): OutboxRecord {
  return {
    id: Number(row.id),
    key: row.idempotency_key,
    version: row.version,
    deliveryKey: deliveryKey(row.idempotency_key, row.version),
    kind: row.kind,
    target: row.target,
    payload: row.payload,
    status: row.status,
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
    leaseOwner: row.lease_owner,
    leaseExpiresAt: row.lease_expires_at,
    lastError: row.last_error,
    lastHttpStatus: row.last_http_status,
    deadReason: row.dead_reason,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  }
}

export function toItem(row: OutboxRow): OutboxItem {
  const r = toRecord(row)
  return {
    id: r.id,
    key: r.key,
    version: r.version,
    deliveryKey: r.deliveryKey,
    kind: r.kind,
    target: r.target,
    payload: r.payload,
    attempts: r.attempts,
    leaseOwner: r.leaseOwner as string,
    leaseExpiresAt: r.leaseExpiresAt as Date,
    createdAt: r.createdAt,
  }
}
