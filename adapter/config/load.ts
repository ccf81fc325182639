/**
 * `loadConfig`: environment (and an optional JSON file) to a typed, validated `Config`.
 * Only the shape is checked here; what a command needs (a DHIS2 URL for sync, ...) is
 * checked by `require*` in require.ts, so `cpcm metadata build` runs with no settings at all.
 */
import path from 'node:path'
import type { z } from 'zod'
import { ConfigError } from './errors'
import { settingsSchema, toConfig } from './schema'
import { layer, readConfigFile, type Layered } from './sources'
import type { Config } from './types'

export interface LoadOptions {
  /** A JSON config file; otherwise `CPCM_CONFIG` from the environment, otherwise none. */
  file?: string
  /** Relative paths (data folder, file) are resolved against this; default `process.cwd()`. */
  cwd?: string
}

/** `--config FILE` or `--config=FILE` from a command line, if present. */
export function configPathFromArgv(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string
    if (arg === '--config') {
      const next = argv[i + 1]
      if (next === undefined || next.startsWith('-')) throw new ConfigError('--config', '--config needs a file name')
      return next
    }
    if (arg.startsWith('--config=')) return arg.slice('--config='.length)
  }
  return undefined
}

type Issue = z.core.$ZodIssue
const toPath = (p: readonly PropertyKey[]) => p.map((k) => (typeof k === 'number' ? k : String(k)))

function describe(issue: Issue, layered: Layered): ConfigError {
  if (issue.code === 'unrecognized_keys') {
    const where = [...toPath(issue.path), issue.keys[0] ?? '']
    return new ConfigError(layered.label(where), `${layered.label(where)} is not a known setting`)
  }
  const setting = layered.label(toPath(issue.path))
  return new ConfigError(setting, `${setting} ${issue.message}`)
}

/** Default messages for what a field does not customise (e.g. a string where an object belongs). */
function fallbackMessage(issue: z.core.$ZodRawIssue): string | undefined {
  if (issue.code === 'invalid_type') {
    if (issue.input === undefined) return 'is required'
    return issue.expected === 'object' ? 'must be an object' : issue.expected === 'array' ? 'must be a list' : `must be ${issue.expected}`
  }
  return undefined
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, options: LoadOptions = {}): Config {
  const cwd = options.cwd ?? process.cwd()
  const namedBy = options.file !== undefined ? '--config' : 'CPCM_CONFIG'
  const fileName = options.file ?? (env.CPCM_CONFIG || undefined)
  const file = fileName !== undefined ? path.resolve(cwd, fileName) : undefined
  const layered = layer(env, file !== undefined ? { path: file, content: readConfigFile(file, namedBy) } : undefined)

  const result = settingsSchema.safeParse(layered.raw, { error: fallbackMessage })
  if (!result.success) {
    const [first, ...rest] = result.error.issues
    const error = describe(first as Issue, layered)
    if (rest.length > 0) error.message += ` (and ${rest.length} more ${rest.length === 1 ? 'problem' : 'problems'})`
    throw error
  }
  const base = file !== undefined && layered.fromFile(['dataDir']) ? path.dirname(file) : cwd
  return toConfig(result.data, path.resolve(base, result.data.dataDir), file)
}
