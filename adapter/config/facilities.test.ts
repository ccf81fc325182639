import { caseTargets, ConfigError, facilities, loadConfig, requireFacilities } from '.'

const load = (env: NodeJS.ProcessEnv) => loadConfig(env, { cwd: '/srv/cpcm' })
const failure = (fn: () => unknown): string => {
  try {
    fn()
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError)
    return (error as Error).message
  }
  throw new Error('expected a ConfigError')
}

const BASE = {
  FHIR_TARGETS: 'national=https://hie.example.rw/fhir,isange=https://isange.example.rw/fhir,chuk=https://chuk.example.rw/fhir',
  FHIR_ISANGE_ROLE: 'facility', FHIR_ISANGE_PROVIDERS: 'ISANGE-KACYIRU, ISANGE-MUHIMA', FHIR_ISANGE_SERVICES: 'FORENSIC,MEDICAL,PSYCHOSOCIAL',
  FHIR_ISANGE_INBOUND_TOKEN: 'inbound-isange-0123456789', FHIR_ISANGE_ALLOW_IDENTIFIERS: 'true',
  FHIR_ISANGE_OWNER_REFERENCE: 'Organization/isange-kacyiru',
  FHIR_CHUK_ROLE: 'facility', FHIR_CHUK_PROVIDERS: 'CHUK',
}

describe('facility settings', () => {
  it('reads facilities from the environment and keeps case targets apart', () => {
    const config = load(BASE)
    expect(caseTargets(config).map((t) => t.id)).toEqual(['national'])
    const [isange, chuk] = facilities(config)
    expect(isange).toMatchObject({
      id: 'isange', role: 'facility', providers: ['ISANGE-KACYIRU', 'ISANGE-MUHIMA'], services: ['FORENSIC', 'MEDICAL', 'PSYCHOSOCIAL'],
      allowIdentifiers: true, ownerReference: 'Organization/isange-kacyiru',
    })
    expect(isange!.inboundToken?.reveal()).toBe('inbound-isange-0123456789')
    expect(String(isange!.inboundToken)).toBe('[redacted]')
    expect(chuk).toMatchObject({ id: 'chuk', providers: ['CHUK'], services: [], allowIdentifiers: false, inboundToken: undefined })
    expect(requireFacilities(config).map((f) => f.id)).toEqual(['isange', 'chuk'])
  })

  it('reads facilities from a file', () => {
    const config = loadConfig({}, { cwd: '/srv' , file: undefined })
    expect(facilities(config)).toEqual([])
    expect(failure(() => requireFacilities(config, 'referrals sync'))).toMatch(/role facility .* is required for referrals sync/)
  })

  it('refuses a facility without providers, a provider answered twice, a short or shared inbound token', () => {
    expect(failure(() => load({ ...BASE, FHIR_CHUK_PROVIDERS: '' , FHIR_CHUK_ROLE: 'facility' }))).toMatch(/providers .*is required for facility chuk/)
    expect(failure(() => load({ ...BASE, FHIR_CHUK_PROVIDERS: 'ISANGE-MUHIMA' }))).toMatch(/FHIR_CHUK_PROVIDERS repeats provider ISANGE-MUHIMA, already answered by facility isange/)
    expect(failure(() => load({ ...BASE, FHIR_ISANGE_INBOUND_TOKEN: 'short' }))).toBe('FHIR_ISANGE_INBOUND_TOKEN must be at least 16 characters')
    const shared = failure(() => load({ ...BASE, FHIR_CHUK_INBOUND_TOKEN: 'inbound-isange-0123456789' }))
    expect(shared).toMatch(/FHIR_CHUK_INBOUND_TOKEN is the same as facility isange's/)
    expect(shared).not.toContain('0123456789')
    expect(failure(() => load({ ...BASE, FHIR_ISANGE_ROLE: 'hospital' }))).toBe('FHIR_ISANGE_ROLE must be case or facility')
    expect(failure(() => load({ ...BASE, FHIR_NATIONAL_PROVIDERS: 'X' }))).toMatch(/must be facility for target national/)
    expect(failure(() => load({ ...BASE, FHIR_ISANGE_OWNER_REFERENCE: 'isange' }))).toMatch(/FHIR_ISANGE_OWNER_REFERENCE must be a relative reference/)
  })
})
