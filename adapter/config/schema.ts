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
})

const primero = z
  .strictObject({
    url: httpUrl().optional(),
    username: text().optional(),
    password: secret().optional(),
    modules: list().default(['primeromodule-cp']),
  })
  .default({ modules: ['primeromodule-cp'] })

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
    if (s.delivery.backoff.baseMs > s.delivery.backoff.maxMs) issue(['delivery', 'backoff', 'baseMs'], 'must not be more than the maximum backoff')
    const seen = new Set<string>()
    s.fhir.targets.forEach((t, i) => {
      if (seen.has(t.id)) issue(['fhir', 'targets', i, 'id'], `repeats the target id ${t.id}`)
      seen.add(t.id)
      if (t.timeoutMs >= s.delivery.leaseSeconds * 1000) {
        issue(['delivery', 'leaseSeconds'], `must be longer than the FHIR timeout of target ${t.id}, or a slow delivery is sent twice`)
      }
    })
  })

export type Settings = z.output<typeof settingsSchema>

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
    fhir: { targets: s.fhir.targets.map((t) => ({ ...t, token: t.token })) },
    primero: { url: s.primero.url, username: s.primero.username, password: s.primero.password, modules: s.primero.modules },
    ncda: s.ncda,
    server: s.server,
    delivery: s.delivery,
    sources: { file },
  }
}
