/**
 * Where settings come from: defaults < JSON file < environment. The environment wins so a
 * deployment can keep secrets out of the file. Each value remembers its source, so an error
 * names what the user typed: `DHIS2_PAGE_SIZE`, or `dhis2.pageSize in /etc/cpcm.json`.
 */
import { readFileSync } from 'node:fs'
import { ConfigError } from './errors'

type Path = Array<string | number>

/** Environment variable -> setting path. An empty variable counts as unset. */
export const ENV_SETTINGS: ReadonlyArray<readonly [string, string]> = [
  ['CPCM_DATA_DIR', 'dataDir'],
  ['DATABASE_URL', 'databaseUrl'],
  ['CPCM_ALLOW_INSECURE_HTTP', 'allowInsecureHttp'],
  ['CPCM_LOG_LEVEL', 'logLevel'],
  ['DHIS2_URL', 'dhis2.url'],
  ['DHIS2_TOKEN', 'dhis2.token'],
  ['DHIS2_USERNAME', 'dhis2.username'],
  ['DHIS2_PASSWORD', 'dhis2.password'],
  ['DHIS2_API_VERSION', 'dhis2.apiVersion'],
  ['DHIS2_PAGE_SIZE', 'dhis2.pageSize'],
  ['DHIS2_UPDATED_AFTER_TOLERANCE_SECONDS', 'dhis2.updatedAfterToleranceSeconds'],
  ['DHIS2_PROGRAM_CODE', 'dhis2.programCode'],
  ['PRIMERO_URL', 'primero.url'],
  ['PRIMERO_USERNAME', 'primero.username'],
  ['PRIMERO_PASSWORD', 'primero.password'],
  ['PRIMERO_MODULES', 'primero.modules'],
  ['PRIMERO_LOCATIONS', 'primero.locations'],
  ['PRIMERO_DEFAULT_ORG_UNIT', 'primero.defaultOrgUnit'],
  ['PRIMERO_PROVIDERS', 'primero.providers'],
  ['PRIMERO_TIMEOUT_MS', 'primero.timeoutMs'],
  ['PRIMERO_PAGE_SIZE', 'primero.pageSize'],
  ['NCDA_DATASET_CODE', 'ncda.dataSetCode'],
  ['CPCM_HOST', 'server.host'],
  ['CPCM_PORT', 'server.port'],
  ['CPCM_BATCH_SIZE', 'delivery.batchSize'],
  ['CPCM_MAX_ATTEMPTS', 'delivery.maxAttempts'],
  ['CPCM_BACKOFF_BASE_MS', 'delivery.backoff.baseMs'],
  ['CPCM_BACKOFF_MAX_MS', 'delivery.backoff.maxMs'],
  ['CPCM_LEASE_SECONDS', 'delivery.leaseSeconds'],
]

/** Per FHIR target: `FHIR_<ID>_TOKEN` etc., the id upper-cased with hyphens as underscores. */
const TARGET_ENV = [
  ['TOKEN', 'token'], ['ALLOW_IDENTIFIERS', 'allowIdentifiers'], ['TIMEOUT_MS', 'timeoutMs'], ['ROLE', 'role'], ['PROVIDERS', 'providers'],
  ['SERVICES', 'services'], ['INBOUND_TOKEN', 'inboundToken'], ['OWNER_REFERENCE', 'ownerReference'],
] as const

export const targetEnvName = (id: string, suffix: string): string =>
  `FHIR_${id.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_${suffix}`

export interface Layered {
  raw: Record<string, unknown>
  /** The name of a setting at a path, as the user wrote it. */
  label(path: Path): string
  /** Did this setting come from the file (so relative paths are relative to the file)? */
  fromFile(path: Path): boolean
}

const key = (path: Path) => path.join('.')

export function dotted(path: Path): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('')
}

function setPath(target: Record<string, unknown>, path: Path, value: unknown): void {
  let node: Record<string | number, unknown> = target
  path.slice(0, -1).forEach((part, i) => {
    const next = node[part]
    if (typeof next !== 'object' || next === null) node[part] = typeof path[i + 1] === 'number' ? [] : {}
    node = node[part] as Record<string | number, unknown>
  })
  node[path[path.length - 1] as string | number] = value
}

function getPath(target: unknown, path: Path): unknown {
  return path.reduce<unknown>((node, part) => (typeof node === 'object' && node !== null ? (node as Record<string | number, unknown>)[part] : undefined), target)
}

export function readConfigFile(file: string, namedBy: string): Record<string, unknown> {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    const why = code === 'ENOENT' ? 'does not exist' : code === 'EACCES' ? 'cannot be read (permission denied)' : `cannot be read (${code ?? 'error'})`
    throw new ConfigError(namedBy, `config file ${file} (${namedBy}) ${why}`)
  }
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch (error) {
    // V8 quotes the offending text in its message, which may be a secret: give the position only.
    const at = /position (\d+)/.exec(String((error as Error).message))
    const offset = at ? Number(at[1]) : text.length
    const before = text.slice(0, offset).split('\n')
    throw new ConfigError(namedBy, `config file ${file} is not valid JSON (line ${before.length}, column ${(before.at(-1)?.length ?? 0) + 1})`)
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ConfigError(namedBy, `config file ${file} must hold a JSON object`)
  }
  return parsed as Record<string, unknown>
}

function fhirTargetsFromEnv(value: string): Array<{ id: string; baseUrl: string }> {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((entry) => {
      const eq = entry.indexOf('=')
      if (eq < 1) {
        throw new ConfigError('FHIR_TARGETS', 'FHIR_TARGETS must be a comma-separated list of id=url (e.g. isange=https://isange.example.rw/fhir)')
      }
      return { id: entry.slice(0, eq).trim(), baseUrl: entry.slice(eq + 1).trim() }
    })
}

export function layer(env: NodeJS.ProcessEnv, file: { path: string; content: Record<string, unknown> } | undefined): Layered {
  const raw: Record<string, unknown> = file ? structuredClone(file.content) : {}
  const envLabels = new Map<string, string>()
  const put = (path: Path, value: unknown, name: string) => {
    setPath(raw, path, value)
    envLabels.set(key(path), name)
  }
  const present = (name: string) => (env[name] !== undefined && env[name] !== '' ? env[name] : undefined)

  for (const [name, dottedPath] of ENV_SETTINGS) {
    const value = present(name)
    if (value !== undefined) put(dottedPath.split('.'), value, name)
  }
  const targetsEnv = present('FHIR_TARGETS')
  if (targetsEnv !== undefined) {
    setPath(raw, ['fhir', 'targets'], [])
    fhirTargetsFromEnv(targetsEnv).forEach((t, i) => {
      put(['fhir', 'targets', i, 'id'], t.id, 'FHIR_TARGETS')
      put(['fhir', 'targets', i, 'baseUrl'], t.baseUrl, 'FHIR_TARGETS')
    })
  }
  const targets = getPath(raw, ['fhir', 'targets'])
  if (Array.isArray(targets)) {
    targets.forEach((t, i) => {
      const id = typeof t === 'object' && t !== null ? (t as { id?: unknown }).id : undefined
      if (typeof id !== 'string') return
      for (const [suffix, field] of TARGET_ENV) {
        const value = present(targetEnvName(id, suffix))
        if (value !== undefined) put(['fhir', 'targets', i, field], value, targetEnvName(id, suffix))
      }
    })
  }

  const staticNames = new Map(ENV_SETTINGS.map(([name, p]) => [p, name]))
  const inFile = (path: Path) => file !== undefined && getPath(file.content, path) !== undefined
  return {
    raw,
    fromFile: (path) => !envLabels.has(key(path)) && inFile(path),
    label(path) {
      const fromEnv = envLabels.get(key(path))
      if (fromEnv) return fromEnv
      if (inFile(path)) return `${dotted(path)} in ${file?.path}`
      const envName = staticNames.get(key(path))
      if (envName) return envName
      // A missing field inside something the file or FHIR_TARGETS set: name the container.
      for (let n = path.length - 1; n > 0; n--) {
        const parent = path.slice(0, n)
        const parentEnv = envLabels.get(key([...parent, 'id']))
        if (parentEnv) return `${dotted(path)} (from ${parentEnv})`
        if (inFile(parent)) return `${dotted(path)} in ${file?.path}`
      }
      return dotted(path)
    },
  }
}
