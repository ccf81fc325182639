/**
 * Structured logs (pino) on stderr, so stdout stays for command output. Privacy by
 * design: code logs identifiers (UIDs, child codes) and counts, never records; the
 * redaction paths are a second line of defence for fields that must never appear.
 */
import pino, { type Logger } from 'pino'

export type { Logger }

export const REDACTED_PATHS = [
  '*.firstName', '*.lastName', '*.name', '*.given', '*.family', '*.telecom', '*.phone', '*.dateOfBirth', '*.birthDate',
  '*.date_of_birth', '*.address', '*.password', '*.token', '*.authorization', '*.headers.authorization', 'payload', '*.payload',
]

export function createLogger(options: { level?: string; destination?: pino.DestinationStream } = {}): Logger {
  return pino(
    {
      level: options.level ?? process.env.CPCM_LOG_LEVEL ?? 'info',
      base: { service: 'cpcm-adapter' },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    options.destination ?? pino.destination(2),
  )
}

/** A logger that keeps lines in memory: tests scan them for canary names. */
export function createMemoryLogger(level = 'debug'): { logger: Logger; lines: string[] } {
  const lines: string[] = []
  const destination = { write: (line: string) => void lines.push(line) }
  return { logger: createLogger({ level, destination }), lines }
}
