/**
 * The shape of the settings (file and environment merged) and its checks. Objects are
 * strict, so a misspelt key in the file is an error rather than a silently ignored setting.
 * Cross-field rules (https, one DHIS2 login method, unique target ids) come last.
 */
import { z } from 'zod'
import { bool, httpUrl, int, isInsecure, list, postgresUrl, secret, text } from './fields'
import { LOG_LEVELS, type Config, type Dhis2Auth } from './types'

const dhis2 = z
  .strictObject({
    url: httpUrl().optional(),
    token: secret().optional(),
    username: text().optional(),
    password: secret().optional(),
    apiVersion: int(28, 99).optional(),
    pageSize: int(1, 10_000).default(200),
    updatedAfterToleranceSeconds: int(0, 86_400).default(300),
    programCode: text().default('CPCM_CASE'),
  })
  .default({ pageSize: 200, updatedAfterToleranceSeconds: 300, programCode: 'CPCM_CASE' })

const fhirTarget = z.strictObject({
  id: z.string({ error: (i) => (i.input === undefined ? 'is required' : 'must be text') }).regex(/^[a-z][a-z0-9-]{0,39}$/, {
    error: 'must be lower-case letters, digits and hyphens, starting with a letter',
  }),
  baseUrl: httpUrl(),
  token: secret().optional(),
  allowIdentifiers: bool().default(false),
  timeoutMs: int(100, 600_000).default(30_000),
  /** `case`: receives whole case bundles (cpcm sync); `facility`: receives referrals only (adapter/config/README.md). */
  role: z.enum(['case', 'facility'], { error: 'must be case or facility' }).default('case'),
  /** Facility: the CPCM_REF_PROVIDER codes it answers for. */
  providers: list().default([]),
  /** Facility: the CPCM_REFERRAL_SERVICE codes it offers (empty: any). */
  services: list().default([]),
  /** Facility: the token it presents when it pushes to `/fhir` (Authorization: Bearer). */
  inboundToken: secret().optional(),
  /** Facility: a literal reference for Task.owner on its server (e.g. `Organization/isange-kacyiru`); polling then searches `Task?owner=`. */
  ownerReference: z.string().regex(/^[A-Z][A-Za-z]+\/[A-Za-z0-9.-]{1,64}$/, { error: 'must be a relative reference such as Organization/isange-kacyiru' }).optional(),
})

const primero = z
  .strictObject({
    url: httpUrl().optional(),
    username: text().optional(),
    password: secret().optional(),
    modules: list().default(['primeromodule-cp']),
    /** `<Primero location code>=<DHIS2 org unit UID>`: where a case from Primero is enrolled. */
    locations: list().default([]),
    /** DHIS2 org unit UID for a Primero case whose location is not in `locations` (none: the case waits, reported). */
    defaultOrgUnit: z.string().regex(/^[A-Za-z][A-Za-z0-9]{10}$/, { error: 'must be a DHIS2 UID (11 letters or digits, a letter first)' }).optional(),
    /** `<CPCM_REF_PROVIDER code>=<Primero user name>`: the CSOs that work on Primero, and who receives their referrals. */
    providers: list().default([]),
    timeoutMs: int(100, 600_000).default(30_000),
    /** Cases per page when listing (Primero's maximum is 1000). */
    pageSize: int(1, 1000).default(1000),
  })
  .default({ modules: ['primeromodule-cp'], locations: [], providers: [], timeoutMs: 30_000, pageSize: 1000 })

const delivery = z
  .strictObject({
    batchSize: int(1, 1_000).default(50),
    maxAttempts: int(1, 100).default(8),
    backoff: z
      .strictObject({ baseMs: int(1, 86_400_000).default(30_000), maxMs: int(1, 86_400_000).default(3_600_000) })
      .default({ baseMs: 30_000, maxMs: 3_600_000 }),
    leaseSeconds: int(1, 86_400).default(300),
  })
  .default({ batchSize: 50, maxAttempts: 8, backoff: { baseMs: 30_000, maxMs: 3_600_000 }, leaseSeconds: 300 })

export const settingsSchema = z
  .strictObject({
    dataDir: text().default('.cpcm-data'),
    databaseUrl: postgresUrl().optional(),
    allowInsecureHttp: bool().default(false),
    logLevel: z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` }).default('info'),
    dhis2,
    fhir: z.strictObject({ targets: z.array(fhirTarget, { error: 'must be a list of targets' }).default([]) }).default({ targets: [] }),
    primero,
    ncda: z.strictObject({ dataSetCode: text().default('CPCM_NCDA') }).default({ dataSetCode: 'CPCM_NCDA' }),
    server: z
      .strictObject({ host: text().default('127.0.0.1'), port: int(0, 65_535).default(8630) })
      .default({ host: '127.0.0.1', port: 8630 }),
    delivery,
  })
  .superRefine((s, ctx) => {
    const issue = (path: Array<string | number>, message: string) => ctx.addIssue({ code: 'custom', path, message })
    if (!s.allowInsecureHttp) {
      const urls: Array<[Array<string | number>, string | undefined]> = [
        [['dhis2', 'url'], s.dhis2.url],
        [['primero', 'url'], s.primero.url],
        ...s.fhir.targets.map((t, i): [Array<string | number>, string] => [['fhir', 'targets', i, 'baseUrl'], t.baseUrl]),
      ]
      for (const [path, url] of urls) {
        if (url && isInsecure(url)) issue(path, 'must use https (plain http is allowed for localhost, or with CPCM_ALLOW_INSECURE_HTTP=true)')
      }
    }
    if (s.dhis2.token && (s.dhis2.username || s.dhis2.password)) {
      issue(['dhis2', 'token'], 'and a DHIS2 user name/password are both set: keep one login method')
    }
    if (s.dhis2.password && !s.dhis2.username) issue(['dhis2', 'username'], 'is required with a DHIS2 password')
    if (s.dhis2.username && !s.dhis2.password) issue(['dhis2', 'password'], 'is required with a DHIS2 user name')
    for (const [field, what] of [['locations', 'a Primero location code=DHIS2 org unit UID'], ['providers', 'a provider code=Primero user name']] as const) {
      const seenKeys = new Set<string>()
      s.primero[field].forEach((entry) => {
        const [key, value] = splitPair(entry)
        if (!key || !value) issue(['primero', field], `must list ${what} pairs, comma-separated`)
        else if (field === 'locations' && !/^[A-Za-z][A-Za-z0-9]{10}$/.test(value)) issue(['primero', field], `maps ${key} to something that is not a DHIS2 UID`)
        else if (seenKeys.has(key)) issue(['primero', field], `repeats ${key}`)
        seenKeys.add(key)
      })
    }
    if (s.delivery.backoff.baseMs > s.delivery.backoff.maxMs) issue(['delivery', 'backoff', 'baseMs'], 'must not be more than the maximum backoff')
    const seen = new Set<string>()
    const providers = new Map<string, string>()
    const inbound = new Map<string, string>()
    s.fhir.targets.forEach((t, i) => {
      if (t.role === 'facility') {
        if (t.providers.length === 0) issue(['fhir', 'targets', i, 'providers'], `is required for facility ${t.id}: the CPCM_REF_PROVIDER codes it answers for`)
        for (const code of t.providers) {
          if (providers.has(code)) issue(['fhir', 'targets', i, 'providers'], `repeats provider ${code}, already answered by facility ${providers.get(code)}`)
          providers.set(code, t.id)
        }
        const token = t.inboundToken?.reveal()
        if (token !== undefined) {
          if (token.length < 16) issue(['fhir', 'targets', i, 'inboundToken'], 'must be at least 16 characters')
          if (inbound.has(token)) issue(['fhir', 'targets', i, 'inboundToken'], `is the same as facility ${inbound.get(token)}'s: each partner needs its own`)
          inbound.set(token, t.id)
        }
      } else if (t.providers.length > 0 || t.services.length > 0 || t.inboundToken !== undefined || t.ownerReference !== undefined) {
        issue(['fhir', 'targets', i, 'role'], `must be facility for target ${t.id}: providers, services, inboundToken and ownerReference are facility settings`)
      }
      if (seen.has(t.id)) issue(['fhir', 'targets', i, 'id'], `repeats the target id ${t.id}`)
      seen.add(t.id)
      if (t.timeoutMs >= s.delivery.leaseSeconds * 1000) {
        issue(['delivery', 'leaseSeconds'], `must be longer than the FHIR timeout of target ${t.id}, or a slow delivery is sent twice`)
      }
    })
  })

export type Settings = z.output<typeof settingsSchema>

/** `key=value` -> [key, value], trimmed ('' when a side is missing). */
function splitPair(entry: string): [string, string] {
  const eq = entry.indexOf('=')
  return eq < 0 ? [entry.trim(), ''] : [entry.slice(0, eq).trim(), entry.slice(eq + 1).trim()]
}

/** From validated settings to the typed configuration (the DHIS2 login becomes one union). */
export function toConfig(s: Settings, dataDir: string, file: string | undefined): Config {
  const auth: Dhis2Auth | undefined = s.dhis2.token
    ? { kind: 'token', token: s.dhis2.token }
    : s.dhis2.username && s.dhis2.password
      ? { kind: 'basic', username: s.dhis2.username, password: s.dhis2.password }
      : undefined
  return {
    dataDir,
    databaseUrl: s.databaseUrl,
    allowInsecureHttp: s.allowInsecureHttp,
    logLevel: s.logLevel,
    dhis2: {
      url: s.dhis2.url,
      auth,
      apiVersion: s.dhis2.apiVersion,
      pageSize: s.dhis2.pageSize,
      updatedAfterToleranceSeconds: s.dhis2.updatedAfterToleranceSeconds,
      programCode: s.dhis2.programCode,
    },
    fhir: { targets: s.fhir.targets.map((t) => ({ ...t, token: t.token, inboundToken: t.inboundToken, ownerReference: t.ownerReference })) },
    primero: {
      url: s.primero.url, username: s.primero.username, password: s.primero.password, modules: s.primero.modules,
      locations: Object.fromEntries(s.primero.locations.map(splitPair)), providers: Object.fromEntries(s.primero.providers.map(splitPair)),
      defaultOrgUnit: s.primero.defaultOrgUnit, timeoutMs: s.primero.timeoutMs, pageSize: s.primero.pageSize,
    },
    ncda: s.ncda,
    server: s.server,
    delivery: s.delivery,
    sources: { file },
  }
}
