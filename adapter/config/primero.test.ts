import { ConfigError, loadConfig, requirePrimero } from '.'

const load = (env: NodeJS.ProcessEnv) => loadConfig(env, { cwd: '/srv/cpcm' })
const message = (fn: () => unknown) => {
  try {
    fn()
  } catch (error) {
    return error instanceof ConfigError ? error.message : String(error)
  }
  return 'no error'
}

describe('Primero settings', () => {
  it('reads locations, providers, the default org unit, page size and timeout', () => {
    const config = load({
      PRIMERO_URL: 'https://p.example.rw', PRIMERO_USERNAME: 'u', PRIMERO_PASSWORD: 'p', PRIMERO_LOCATIONS: 'RW-01-GAS=KaCyRu00006, RW-01-KIC=NiBoYe00007',
      PRIMERO_PROVIDERS: 'CSO-HOPE=primero_cp', PRIMERO_DEFAULT_ORG_UNIT: 'NyAmIr00008', PRIMERO_PAGE_SIZE: '500', PRIMERO_TIMEOUT_MS: '5000',
    })
    expect(requirePrimero(config)).toMatchObject({
      locations: { 'RW-01-GAS': 'KaCyRu00006', 'RW-01-KIC': 'NiBoYe00007' }, providers: { 'CSO-HOPE': 'primero_cp' }, defaultOrgUnit: 'NyAmIr00008', pageSize: 500, timeoutMs: 5000,
    })
    expect(load({}).primero).toMatchObject({ locations: {}, providers: {}, pageSize: 1000, timeoutMs: 30_000 })
  })

  it('refuses malformed pairs and page sizes with one line naming the setting', () => {
    expect(message(() => load({ PRIMERO_LOCATIONS: 'RW-01-GAS' }))).toMatch(/PRIMERO_LOCATIONS must list a Primero location code=DHIS2 org unit UID pairs/)
    expect(message(() => load({ PRIMERO_LOCATIONS: 'RW-01-GAS=not-a-uid' }))).toMatch(/PRIMERO_LOCATIONS maps RW-01-GAS to something that is not a DHIS2 UID/)
    expect(message(() => load({ PRIMERO_PROVIDERS: 'CSO-HOPE=a,CSO-HOPE=b' }))).toMatch(/PRIMERO_PROVIDERS repeats CSO-HOPE/)
    expect(message(() => load({ PRIMERO_PAGE_SIZE: '5000' }))).toMatch(/PRIMERO_PAGE_SIZE must be a whole number from 1 to 1000/)
    expect(message(() => load({ PRIMERO_DEFAULT_ORG_UNIT: 'x' }))).toMatch(/PRIMERO_DEFAULT_ORG_UNIT must be a DHIS2 UID/)
  })
})
