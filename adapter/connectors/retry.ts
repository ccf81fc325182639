/**
 * Retries with exponential backoff and full jitter, honouring Retry-After, for
 * retryable failures only; anything else is rethrown at once with the server's message.
 */
import { ConnectorError } from './errors'

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  attempts: number
  baseDelayMs: number
  maxDelayMs: number
  /** The longest Retry-After honoured; past it the call fails and the outbox takes over. */
  maxRetryAfterMs?: number
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 5, baseDelayMs: 250, maxDelayMs: 30_000, maxRetryAfterMs: 120_000 }

export interface RetryHooks {
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>
  random?: () => number
  onRetry?: (error: ConnectorError, attempt: number, delayMs: number) => void
  signal?: AbortSignal
}

export function backoffDelay(attempt: number, policy: RetryPolicy, random: () => number, retryAfterMs?: number): number {
  const exponential = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1))
  const jittered = Math.floor(random() * exponential)
  // The server's Retry-After is a floor: we never come back sooner than asked.
  return retryAfterMs === undefined ? jittered : Math.max(jittered, retryAfterMs)
}

export const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason)
    const timer = setTimeout(resolve, ms)
    signal?.addEventListener('abort', () => {
      clearTimeout(timer)
      reject(signal.reason)
    }, { once: true })
  })

export async function withRetry<T>(operation: (attempt: number) => Promise<T>, policy: RetryPolicy = DEFAULT_RETRY, hooks: RetryHooks = {}): Promise<T> {
  const wait = hooks.sleep ?? sleep
  const random = hooks.random ?? Math.random
  for (let attempt = 1; ; attempt++) {
    try {
      return await operation(attempt)
    } catch (error) {
      if (!(error instanceof ConnectorError) || !error.retryable || attempt >= policy.attempts || hooks.signal?.aborted) throw error
      // A server asking for a long pause delays only this item: the outbox reschedules it.
      if ((error.details.retryAfterMs ?? 0) > (policy.maxRetryAfterMs ?? Infinity)) throw error
      const delay = backoffDelay(attempt, policy, random, error.details.retryAfterMs)
      hooks.onRetry?.(error, attempt, delay)
      await wait(delay, hooks.signal)
    }
  }
}
