/**
 * Progress for long work. On a terminal one line is redrawn in place; elsewhere (CI,
 * logs) a line is printed at most every few seconds. Goes to stderr: stdout is data.
 */
export interface Progress {
  /** Adds to a named counter, e.g. tick('fetched', 1000). */
  tick(counter: string, by?: number): void
  set(counter: string, value: number): void
  done(): void
}

export interface ProgressOptions {
  label: string
  stream?: NodeJS.WriteStream | { write(s: string): unknown; isTTY?: boolean }
  /** Minimum time between lines when not on a terminal. */
  intervalMs?: number
  now?: () => number
}

export function createProgress(options: ProgressOptions): Progress {
  const stream = options.stream ?? process.stderr
  const tty = Boolean(stream.isTTY)
  const now = options.now ?? Date.now
  const interval = options.intervalMs ?? (tty ? 100 : 5000)
  const counters = new Map<string, number>()
  const started = now()
  let last = 0
  let drawn = false

  const render = () => {
    const seconds = (now() - started) / 1000
    const parts = [...counters].map(([k, v]) => `${k} ${v.toLocaleString('en-US')}`)
    const first = counters.values().next().value
    const rate = first !== undefined && seconds > 0 ? ` (${Math.round(first / seconds).toLocaleString('en-US')}/s)` : ''
    return `${options.label}: ${parts.join(', ')}${rate}, ${seconds.toFixed(1)} s`
  }
  const maybeDraw = (force = false) => {
    const t = now()
    if (!force && t - last < interval) return
    last = t
    if (tty) {
      stream.write(`\r\u001b[2K${render()}`)
      drawn = true
    } else {
      stream.write(`${render()}\n`)
    }
  }
  return {
    tick(counter, by = 1) {
      counters.set(counter, (counters.get(counter) ?? 0) + by)
      maybeDraw()
    },
    set(counter, value) {
      counters.set(counter, value)
      maybeDraw()
    },
    done() {
      if (tty) {
        if (drawn) stream.write('\r\u001b[2K')
      } else if (counters.size > 0) maybeDraw(true)
    },
  }
}
