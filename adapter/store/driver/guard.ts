/**
 * Catches the classic transaction mistake: using the store itself inside
 * `store.transaction(async (tx) => …)` instead of `tx`. On PGlite (one connection) that query
 * would wait for the transaction, which waits for the query: a silent hang. On PostgreSQL it
 * would run on another connection, outside the transaction: silently not atomic. Both
 * become an immediate error instead.
 */
import { AsyncLocalStorage } from 'node:async_hooks'
import { StoreError } from '../errors'

interface Open {
  owner: object
  open: boolean
}

const current = new AsyncLocalStorage<Open>()

/** Run `fn` as the body of a transaction of `owner` (a driver). */
export async function insideTransaction<T>(owner: object, fn: () => Promise<T>): Promise<T> {
  const marker: Open = { owner, open: true }
  try {
    return await current.run(marker, fn)
  } finally {
    marker.open = false // work started inside but still running later is no longer "inside"
  }
}

/** Throw if called from the body of an open transaction of `owner`. */
export function assertOutsideTransaction(owner: object): void {
  const marker = current.getStore()
  if (marker?.open && marker.owner === owner) {
    throw new StoreError('the store was used directly inside its own transaction: use the tx that store.transaction(fn) passes to fn')
  }
}
