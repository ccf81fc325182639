/**
 * Runs one synchronous engine call with two adjustments the engine offers no API for:
 *
 * - Rule errors: the engine catches a failing rule or action, writes the message with
 *   `console.error` and drops the rule's effects. We collect those messages instead.
 * - "Today": V{current_date} comes from js-joda's system clock (`new Date()`), read
 *   inside the engine. For an injected date, the global `Date` is replaced by a
 *   subclass frozen at noon of that day, for the duration of the call only. Because
 *   the call is synchronous, no other code can observe the replacement.
 */
import type { LocalDate } from '@js-joda/core'

export interface EngineCallResult<T> {
  result: T
  /** What the engine reported through console.error during the call. */
  errors: string[]
}

function frozenDateClass(RealDate: DateConstructor, epochMillis: number): DateConstructor {
  class FrozenDate extends RealDate {
    constructor(...args: unknown[]) {
      if (args.length === 0) super(epochMillis)
      else super(...(args as [number]))
    }

    static override now(): number {
      return epochMillis
    }
  }
  return FrozenDate as DateConstructor
}

export function callEngine<T>(today: LocalDate | undefined, call: () => T): EngineCallResult<T> {
  const errors: string[] = []
  const realError = console.error
  const RealDate = globalThis.Date
  console.error = (...parts: unknown[]) => {
    errors.push(parts.map(String).join(' '))
  }
  if (today) {
    // Noon local time: the engine converts "now" to a date in the system zone.
    const noon = new RealDate(today.year(), today.monthValue() - 1, today.dayOfMonth(), 12).getTime()
    globalThis.Date = frozenDateClass(RealDate, noon)
  }
  try {
    return { result: call(), errors }
  } finally {
    globalThis.Date = RealDate
    console.error = realError
  }
}

/** The rule id in an engine error message ("Rule X with id abc executed for ..."). */
export function ruleIdOf(message: string): string | undefined {
  return /with id (\S+) executed for/.exec(message)?.[1]
}
