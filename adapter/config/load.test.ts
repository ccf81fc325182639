import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { ConfigError, configPathFromArgv, loadConfig } from '.'

const CWD = '/srv/cpcm'
const load = (env: NodeJS.ProcessEnv, file?: string) => loadConfig(env, { cwd: CWD, ...(file ? { file } : {}) })

/** The one-line message a bad setting produces (and proof it is a ConfigError). */
function failure(fn: () => unknown): string {
  try {
    fn()
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError)
    const message = (error as Error).message
    expect(message).not.toContain('\n')
    return message
  }
  throw new Error('expected a ConfigError')
}

function tempFile(content: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'cpcm-config-'))
  const file = path.join(dir, 'cpcm.json')
  writeFileSync(file, content)
  return file
}

describe('loadConfig', () => {
  it('gives the documented defaults with an empty environment', () => {
    const config = load({})
    expect(config.dataDir).toBe('/srv/cpcm/.cpcm-data')
    expect(config.databaseUrl).toBeUndefined()
    expect(config.dhis2).toEqual({
      url: undefined, auth: undefined, apiVersion: undefined, pageSize: 200, updatedAfterToleranceSeconds: 300, programCode: 'CPCM_CASE',
    })
    expect(config.fhir.targets).toEqual([])
    expect(config.ncda.dataSetCode).toBe('CPCM_NCDA')
    expect(config.server).toEqual({ host: '127.0.0.1', port: 8630 })
    expect(config.delivery).toEqual({ batchSize: 50, maxAttempts: 8, backoff: { baseMs: 30_000, maxMs: 3_600_000 }, leaseSeconds: 300 })
    expect(config.logLevel).toBe('info')
  })

  it('reads and converts environment variables', () => {
    const config = load({
      CPCM_DATA_DIR: 'data',
      DATABASE_URL: 'postgres://cpcm:pw@db.example.rw:5432/cpcm',
      DHIS2_URL: 'https://dhis2.example.rw/',
      DHIS2_TOKEN: 'd2pat_abc',
      DHIS2_API_VERSION: '41',
      DHIS2_PAGE_SIZE: ' 500 ',
      FHIR_TARGETS: 'isange=https://isange.example.rw/fhir/, chuk=https://chuk.example.rw/fhir',
      FHIR_ISANGE_TOKEN: 'bearer-1',
      FHIR_ISANGE_ALLOW_IDENTIFIERS: 'yes',
      PRIMERO_MODULES: 'primeromodule-cp, primeromodule-gbv',
      CPCM_PORT: '0',
      CPCM_LOG_LEVEL: 'debug',
      DHIS2_PROGRAM_CODE: '', // empty counts as unset
    })
    expect(config.dataDir).toBe('/srv/cpcm/data')
    expect(config.databaseUrl?.reveal()).toBe('postgres://cpcm:pw@db.example.rw:5432/cpcm')
    expect(config.dhis2.url).toBe('https://dhis2.example.rw')
    expect(config.dhis2.auth?.kind).toBe('token')
    expect(config.dhis2.apiVersion).toBe(41)
    expect(config.dhis2.pageSize).toBe(500)
    expect(config.dhis2.programCode).toBe('CPCM_CASE')
    expect(config.fhir.targets.map((t) => [t.id, t.baseUrl, t.allowIdentifiers, t.token?.reveal()])).toEqual([
      ['isange', 'https://isange.example.rw/fhir', true, 'bearer-1'],
      ['chuk', 'https://chuk.example.rw/fhir', false, undefined],
    ])
    expect(config.primero.modules).toEqual(['primeromodule-cp', 'primeromodule-gbv'])
    expect(config.server.port).toBe(0)
    expect(config.logLevel).toBe('debug')
  })

  it('merges a JSON file under the environment, relative paths from the file', () => {
    const file = tempFile(JSON.stringify({
      dataDir: 'state',
      dhis2: { url: 'https://file.example.rw', username: 'adapter', pageSize: 100 },
      fhir: { targets: [{ id: 'isange', baseUrl: 'https://isange.example.rw/fhir', timeoutMs: 5000 }] },
    }))
    const config = load({ DHIS2_PASSWORD: 'pw', DHIS2_PAGE_SIZE: '300', FHIR_ISANGE_TOKEN: 't' }, file)
    expect(config.dataDir).toBe(path.join(path.dirname(file), 'state'))
    expect(config.dhis2.url).toBe('https://file.example.rw')
    expect(config.dhis2.pageSize).toBe(300)
    expect(config.dhis2.auth).toEqual({ kind: 'basic', username: 'adapter', password: expect.anything() })
    expect(config.fhir.targets[0]).toMatchObject({ id: 'isange', timeoutMs: 5000, allowIdentifiers: false })
    expect(config.fhir.targets[0]?.token?.reveal()).toBe('t')
    expect(config.sources.file).toBe(file)
    // CPCM_CONFIG names the file too
    expect(loadConfig({ CPCM_CONFIG: file, DHIS2_PASSWORD: 'pw' }, { cwd: CWD }).dhis2.pageSize).toBe(100)
  })

  it.each([
    [{ DATABASE_URL: 'mysql://root:hunter2@db/x' }, 'DATABASE_URL is not a postgres:// URL'],
    [{ DATABASE_URL: 'hunter2' }, 'DATABASE_URL is not a postgres:// URL'],
    [{ DHIS2_URL: 'dhis2.example.rw' }, 'DHIS2_URL is not an http(s) URL'],
    [{ DHIS2_URL: 'http://dhis2.example.rw' }, 'DHIS2_URL must use https (plain http is allowed for localhost, or with CPCM_ALLOW_INSECURE_HTTP=true)'],
    [{ DHIS2_URL: 'https://admin:district@dhis2.example.rw' }, 'DHIS2_URL must not contain a user name or password (use the separate settings)'],
    [{ DHIS2_PAGE_SIZE: 'lots' }, 'DHIS2_PAGE_SIZE must be a whole number from 1 to 10000'],
    [{ DHIS2_PAGE_SIZE: '0' }, 'DHIS2_PAGE_SIZE must be a whole number from 1 to 10000'],
    [{ DHIS2_TOKEN: 'd2pat_x', DHIS2_USERNAME: 'u', DHIS2_PASSWORD: 'p' }, 'DHIS2_TOKEN and a DHIS2 user name/password are both set: keep one login method'],
    [{ DHIS2_USERNAME: 'admin' }, 'DHIS2_PASSWORD is required with a DHIS2 user name'],
    [{ CPCM_PORT: '70000' }, 'CPCM_PORT must be a whole number from 0 to 65535'],
    [{ CPCM_LOG_LEVEL: 'loud' }, 'CPCM_LOG_LEVEL must be one of fatal, error, warn, info, debug, trace'],
    [{ CPCM_ALLOW_INSECURE_HTTP: 'maybe' }, 'CPCM_ALLOW_INSECURE_HTTP must be true or false'],
    [{ CPCM_BACKOFF_BASE_MS: '5000', CPCM_BACKOFF_MAX_MS: '1000' }, 'CPCM_BACKOFF_BASE_MS must not be more than the maximum backoff'],
    [{ FHIR_TARGETS: 'https://isange.example.rw/fhir' }, 'FHIR_TARGETS must be a comma-separated list of id=url (e.g. isange=https://isange.example.rw/fhir)'],
    [{ FHIR_TARGETS: 'Isange=https://i.example.rw' }, 'FHIR_TARGETS must be lower-case letters, digits and hyphens, starting with a letter'],
    [{ FHIR_TARGETS: 'a=https://a.example.rw,a=https://b.example.rw' }, 'FHIR_TARGETS repeats the target id a'],
    [{ FHIR_TARGETS: 'a=https://a.example.rw', FHIR_A_TIMEOUT_MS: '600000' }, 'CPCM_LEASE_SECONDS must be longer than the FHIR timeout of target a, or a slow delivery is sent twice'],
  ])('rejects %j with one line', (env, message) => {
    expect(failure(() => load(env))).toBe(message)
  })

  it('accepts a DATABASE_URL for a Unix socket', () => {
    expect(load({ DATABASE_URL: 'postgres:///cpcm?host=/var/run/postgresql' }).databaseUrl?.reveal()).toBe('postgres:///cpcm?host=/var/run/postgresql')
  })

  it('allows plain http to localhost, and elsewhere only when told to', () => {
    expect(load({ DHIS2_URL: 'http://127.0.0.1:8080' }).dhis2.url).toBe('http://127.0.0.1:8080')
    expect(load({ DHIS2_URL: 'http://dhis2:8080', CPCM_ALLOW_INSECURE_HTTP: 'true' }).dhis2.url).toBe('http://dhis2:8080')
  })

  it('names file settings by their path in the file, and refuses unknown keys', () => {
    const typo = tempFile(JSON.stringify({ dhis2: { pagesize: 10 } }))
    expect(failure(() => load({}, typo))).toBe(`dhis2.pagesize in ${typo} is not a known setting`)
    const wrongType = tempFile(JSON.stringify({ fhir: { targets: [{ id: 'isange' }] }, server: 'x' }))
    expect(failure(() => load({}, wrongType))).toBe(`fhir.targets[0].baseUrl in ${wrongType} is required (and 1 more problem)`)
  })

  it('reports unreadable and malformed files without quoting their content', () => {
    expect(failure(() => load({}, '/nonexistent/cpcm.json'))).toBe('config file /nonexistent/cpcm.json (--config) does not exist')
    const broken = tempFile('{\n  "dhis2": { "token": "d2pat_SECRET" \n}')
    const message = failure(() => load({}, broken))
    expect(message).toMatch(new RegExp(`^config file ${broken} is not valid JSON \\(line \\d+, column \\d+\\)$`))
    expect(message).not.toContain('SECRET')
    expect(failure(() => load({}, tempFile('[]')))).toMatch(/must hold a JSON object$/)
  })

  it('never puts a secret value into a message', () => {
    const secrets = { DATABASE_URL: 'postgres://u:CANARY1@h/db', DHIS2_TOKEN: 'CANARY2', DHIS2_USERNAME: 'u', DHIS2_PASSWORD: 'CANARY3' }
    const message = failure(() => load(secrets))
    for (const canary of ['CANARY1', 'CANARY2', 'CANARY3']) expect(message).not.toContain(canary)
  })
})

describe('configPathFromArgv', () => {
  it('finds --config in both spellings', () => {
    expect(configPathFromArgv(['node', 'cpcm', 'sync', '--config', 'a.json'])).toBe('a.json')
    expect(configPathFromArgv(['node', 'cpcm', '--config=b.json', 'sync'])).toBe('b.json')
    expect(configPathFromArgv(['node', 'cpcm', 'sync'])).toBeUndefined()
    expect(failure(() => configPathFromArgv(['--config']))).toBe('--config needs a file name')
  })
})
