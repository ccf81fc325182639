import { inspect } from 'node:util'
import { ConfigError, loadConfig, redactConfig, redactUrl, requireDhis2, requireFhirTarget, requireFhirTargets, requireNcda, requirePrimero } from '.'

const load = (env: NodeJS.ProcessEnv) => loadConfig(env, { cwd: '/srv/cpcm' })

function message(fn: () => unknown): string {
  try {
    fn()
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError)
    return (error as Error).message
  }
  throw new Error('expected a ConfigError')
}

describe('requirements per command', () => {
  it('names the missing DHIS2 setting and the purpose', () => {
    expect(message(() => requireDhis2(load({})))).toBe('DHIS2_URL is required for sync')
    expect(message(() => requireDhis2(load({ DHIS2_URL: 'https://d.example.rw' }), 'metadata install'))).toBe(
      'DHIS2_TOKEN (or DHIS2_USERNAME and DHIS2_PASSWORD) is required for metadata install',
    )
    const dhis2 = requireDhis2(load({ DHIS2_URL: 'https://d.example.rw', DHIS2_TOKEN: 't' }))
    expect(dhis2.url).toBe('https://d.example.rw')
    expect(dhis2.auth.kind).toBe('token')
    expect(requireNcda(load({ DHIS2_URL: 'https://d.example.rw', DHIS2_TOKEN: 't' })).dataSetCode).toBe('CPCM_NCDA')
    expect(message(() => requireNcda(load({})))).toBe('DHIS2_URL is required for NCDA reporting')
  })

  it('checks FHIR targets and Primero', () => {
    expect(message(() => requireFhirTargets(load({})))).toBe('FHIR_TARGETS is required for FHIR delivery')
    const config = load({ FHIR_TARGETS: 'isange=https://i.example.rw/fhir' })
    expect(requireFhirTarget(config, 'isange').baseUrl).toBe('https://i.example.rw/fhir')
    expect(message(() => requireFhirTarget(config, 'chuk', 'referrals'))).toBe(
      'FHIR target chuk is required for referrals but not configured in FHIR_TARGETS (configured: isange)',
    )
    expect(message(() => requirePrimero(load({ PRIMERO_URL: 'https://p.example.rw' })))).toBe('PRIMERO_USERNAME is required for Primero exchange')
    const primero = requirePrimero(load({ PRIMERO_URL: 'https://p.example.rw', PRIMERO_USERNAME: 'u', PRIMERO_PASSWORD: 'p' }))
    expect(primero.password.reveal()).toBe('p')
  })
})

describe('redaction', () => {
  const env = {
    DATABASE_URL: 'postgres://cpcm:CANARY_DB@db.example.rw:5432/cpcm',
    DHIS2_URL: 'https://d.example.rw',
    DHIS2_USERNAME: 'adapter',
    DHIS2_PASSWORD: 'CANARY_DHIS2',
    FHIR_TARGETS: 'isange=https://i.example.rw/fhir',
    FHIR_ISANGE_TOKEN: 'CANARY_FHIR',
    PRIMERO_PASSWORD: 'CANARY_PRIMERO',
  }

  it('redactConfig hides every secret but keeps where things point', () => {
    const printed = JSON.stringify(redactConfig(load(env)))
    for (const canary of ['CANARY_DB', 'CANARY_DHIS2', 'CANARY_FHIR', 'CANARY_PRIMERO']) expect(printed).not.toContain(canary)
    const redacted = redactConfig(load(env))
    expect(redacted.databaseUrl).toBe('postgres://cpcm:***@db.example.rw:5432/cpcm')
    expect(redacted.dhis2.auth).toEqual({ kind: 'basic', username: 'adapter', password: '[redacted]' })
  })

  it('secrets do not leak through JSON, templates or inspect either', () => {
    const config = load(env)
    const leaks = [JSON.stringify(config), `${config.dhis2.auth && 'password' in config.dhis2.auth ? config.dhis2.auth.password : ''}`, inspect(config, { depth: 10 })]
    for (const text of leaks) for (const canary of ['CANARY_DB', 'CANARY_DHIS2', 'CANARY_FHIR', 'CANARY_PRIMERO']) expect(text).not.toContain(canary)
  })

  it('redactUrl strips passwords and password-like parameters, and never echoes garbage', () => {
    expect(redactUrl('postgres://u:p@h:5433/db?sslpassword=x&sslmode=require')).toBe('postgres://u:***@h:5433/db?sslpassword=***&sslmode=require')
    expect(redactUrl('not a url CANARY')).toBe('[redacted]')
  })
})
