import { createMappingContext } from './context'
import { fromFhirDateTime, toFhirDateTime, toFhirInstant } from './time'
import { cpcmPackage, ids } from '../tests/fixtures/package-lookup'

describe('createMappingContext', () => {
  const pkg = cpcmPackage()

  it('resolves codes to the package UIDs and back', () => {
    const ctx = createMappingContext(pkg)
    expect(ctx.stage.CPCM_REFERRAL).toBe(ids.stage('CPCM_REFERRAL'))
    expect(ctx.de.CPCM_REF_STATUS).toBe(ids.dataElement('CPCM_REF_STATUS'))
    expect(ctx.codeOf('dataElement', ids.dataElement('CPCM_HE_PEP'))).toBe('CPCM_HE_PEP')
    expect(ctx.optionCodes('CPCM_REFERRAL_STATUS').has('BLOCKED_NO_CONSENT')).toBe(true)
    expect(ctx.allowIdentifiers).toBe(false)
    expect(Object.isFrozen(ctx.concept('case-type', 'SEXUAL_VIOLENCE')!.coding![0])).toBe(true)
  })

  it('fails at once, naming what is missing, when the package lacks a code the maps use', () => {
    const broken = { ...pkg, dataElements: pkg.dataElements.filter((d) => d.code !== 'CPCM_HE_PEP' && d.code !== 'CPCM_REF_STATUS') }
    expect(() => createMappingContext(broken)).toThrow('the metadata package lacks data elements the mappings need: CPCM_REF_STATUS, CPCM_HE_PEP')
    const noSet = { ...pkg, optionSets: pkg.optionSets.filter((s) => s.code !== 'CPCM_RISK_TIER') }
    expect(() => createMappingContext(noSet)).toThrow(/no option set CPCM_RISK_TIER/)
    expect(() => createMappingContext(pkg, { timeZoneOffset: 'Africa/Kigali' })).toThrow(/\+02:00/)
  })
})

describe('time', () => {
  it('DHIS2 local time <-> FHIR zoned time, exactly, in the server zone', () => {
    expect(toFhirDateTime('2026-03-02T10:15:00.000', '+02:00')).toBe('2026-03-02T10:15:00.000+02:00')
    expect(toFhirDateTime('2026-03-02', '+02:00')).toBe('2026-03-02')
    expect(toFhirInstant('2026-03-02', '+02:00')).toBe('2026-03-02T00:00:00+02:00')
    expect(fromFhirDateTime('2026-03-02T10:15:00.000+02:00', '+02:00')).toBe('2026-03-02T10:15:00.000')
    // A facility answering in UTC: converted to Kigali time, not just stripped.
    expect(fromFhirDateTime('2026-03-01T23:30:00Z', '+02:00')).toBe('2026-03-02T01:30:00.000')
  })
})
