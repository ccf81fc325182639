/** Plain-text output for people: aligned tables and one-line errors. */

export interface Output {
  line(text?: string): void
  error(text: string): void
}

export const consoleOutput: Output = {
  line: (text = '') => process.stdout.write(`${text}\n`),
  error: (text) => process.stderr.write(`${text}\n`),
}

/** Left-aligned first column, right-aligned numbers. */
export function table(rows: Array<[string, string | number]>, header?: [string, string]): string[] {
  const all = header ? [header, ...rows] : rows
  const width = Math.max(...all.map(([k]) => k.length))
  const valueWidth = Math.max(...all.map(([, v]) => String(v).length))
  const lines = all.map(([k, v]) => `  ${k.padEnd(width)}  ${String(v).padStart(valueWidth)}`)
  if (header) lines.splice(1, 0, `  ${'-'.repeat(width + valueWidth + 2)}`)
  return lines
}

/** An error meant for the user: printed as one line, no stack trace. */
export class CliError extends Error {
  constructor(message: string, readonly exitCode = 1) {
    super(message)
  }
}
