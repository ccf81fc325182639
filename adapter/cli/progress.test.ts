import { createProgress } from './progress'

describe('progress', () => {
  it('prints throttled lines with counters and rate when not on a terminal', () => {
    const lines: string[] = []
    let clock = 0
    const progress = createProgress({ label: 'sync', stream: { write: (s: string) => lines.push(s), isTTY: false }, intervalMs: 1000, now: () => clock })
    for (let i = 0; i < 10; i++) {
      clock += 250
      progress.tick('fetched', 100)
    }
    progress.done()
    expect(lines[0]).toBe('sync: fetched 400 (400/s), 1.0 s\n')
    expect(lines.at(-1)).toBe('sync: fetched 1,000 (400/s), 2.5 s\n')
    expect(lines.length).toBeLessThanOrEqual(4)
  })

  it('redraws one line on a terminal and clears it when done', () => {
    const out: string[] = []
    let clock = 0
    const progress = createProgress({ label: 'x', stream: { write: (s: string) => out.push(s), isTTY: true }, intervalMs: 0, now: () => (clock += 10) })
    progress.tick('a')
    progress.done()
    expect(out[0]).toMatch(/^\r\u001b\[2Kx: a 1/)
    expect(out.at(-1)).toBe('\r\u001b[2K')
  })
})
