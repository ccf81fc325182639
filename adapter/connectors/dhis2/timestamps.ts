/**
 * Arithmetic on DHIS2 timestamps without reinterpreting them: DHIS2 sends server-local times
 * without a zone (`2024-03-19T13:18:16.370`). Moving such a wall-clock time back by N seconds is
 * done on the wall clock itself; any zone suffix the caller gave is kept as it was.
 */
const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?(Z|[+-]\d{2}(?::?\d{2})?)?$/

const pad = (n: number, width = 2) => String(n).padStart(width, '0')

/** `2024-03-19T13:18:16.370` minus 60 s -> `2024-03-19T13:17:16.370`; a date counts as midnight. */
export function subtractSeconds(timestamp: string, seconds: number): string {
  const match = TIMESTAMP.exec(timestamp.trim())
  if (!match) throw new RangeError(`not a DHIS2 timestamp: ${JSON.stringify(timestamp)}`)
  if (!Number.isFinite(seconds) || seconds < 0) throw new RangeError(`tolerance must be a non-negative number of seconds: ${seconds}`)
  const [, y, mo, d, h = '0', mi = '0', s = '0', fraction = '0', zone = ''] = match
  // Beyond milliseconds the value is truncated: earlier, so the window only widens.
  const millis = Number(fraction.slice(0, 3).padEnd(3, '0'))
  const wallClock = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), millis)
  const moved = new Date(wallClock - Math.round(seconds * 1000))
  return (
    `${pad(moved.getUTCFullYear(), 4)}-${pad(moved.getUTCMonth() + 1)}-${pad(moved.getUTCDate())}` +
    `T${pad(moved.getUTCHours())}:${pad(moved.getUTCMinutes())}:${pad(moved.getUTCSeconds())}.${pad(moved.getUTCMilliseconds(), 3)}${zone}`
  )
}
