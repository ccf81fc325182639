import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { UID_PATTERN, uid } from '../model/uid'
import { buildPackage, serialisePackage } from './package'

const pkg = buildPackage()
const byCode = <T extends { code: string }>(items: T[], code: string) => {
  const found = items.find((i) => i.code === code)
  if (!found) throw new Error(`missing ${code}`)
  return found
}

describe('the compiled metadata package', () => {
  it('is byte-identical across two builds', () => {
    expect(serialisePackage(buildPackage())).toBe(serialisePackage(buildPackage()))
  })

  it('matches the committed metadata/dist/cpcm-metadata.json (run `cpcm metadata build` after editing metadata/)', () => {
    const committed = readFileSync(resolve(__dirname, '../dist/cpcm-metadata.json'), 'utf8')
    expect(committed === serialisePackage(pkg)).toBe(true)
  })

  it('derives UIDs from kind and code: stable, well-formed, distinct per kind', () => {
    expect(uid('dataElements', 'X')).toBe(uid('dataElements', 'X'))
    expect(uid('dataElements', 'X')).not.toBe(uid('optionSets', 'X'))
    expect(byCode(pkg.programs, 'CPCM_CASE').id).toBe(uid('programs', 'CPCM_CASE'))
    const all = Object.values(pkg).flatMap((v) => (Array.isArray(v) ? v.map((o: { id: string }) => o.id) : []))
    expect(all.every((id) => UID_PATTERN.test(id))).toBe(true)
    expect(new Set(all).size).toBe(all.length)
  })

  it('has a package header following DHIS2 package conventions', () => {
    expect(pkg.package).toMatchObject({ code: 'CPCM', type: 'TRACKER', DHIS2Version: '2.40' })
    expect(pkg.userGroups.map((g) => g.name).sort()).toEqual(['CPCM access', 'CPCM admin', 'CPCM data capture'])
  })

  it('generates a pseudonymous child code from the org unit code and random characters, never the name', () => {
    const code = byCode(pkg.trackedEntityAttributes, 'CPCM_CHILD_CODE')
    expect(code).toMatchObject({ generated: true, unique: true, confidential: false })
    expect(code.pattern).toContain('ORG_UNIT_CODE(')
    expect(code.pattern).toContain('RANDOM(')
    expect(code.pattern).not.toMatch(/NAME|ATTRIBUTE/)
  })

  it('keeps identifying attributes confidential and out of every list', () => {
    const program = byCode(pkg.programs, 'CPCM_CASE')
    for (const codeOf of ['CPCM_FIRST_NAME', 'CPCM_LAST_NAME', 'CPCM_CAREGIVER_NAME', 'CPCM_CAREGIVER_PHONE', 'CPCM_NATIONAL_ID']) {
      const attr = byCode(pkg.trackedEntityAttributes, codeOf)
      expect(attr.confidential).toBe(true)
      expect(program.programTrackedEntityAttributes.find((a) => a.trackedEntityAttribute.id === attr.id)?.displayInList).toBe(false)
    }
    const listed = program.programTrackedEntityAttributes.filter((a) => a.displayInList).map((a) => pkg.trackedEntityAttributes.find((t) => t.id === a.trackedEntityAttribute.id)?.code)
    expect(listed).toEqual(['CPCM_CHILD_CODE', 'CPCM_SEX'])
  })

  it('models one case per enrolment in a protected programme, several per child', () => {
    expect(byCode(pkg.programs, 'CPCM_CASE')).toMatchObject({ programType: 'WITH_REGISTRATION', accessLevel: 'PROTECTED', onlyEnrollOnce: false })
  })

  it('records every concern in an event programme that has no person record', () => {
    const register = byCode(pkg.programs, 'CPCM_INCIDENT')
    expect(register.programType).toBe('WITHOUT_REGISTRATION')
    expect(register.trackedEntityType).toBeUndefined()
    expect(register.programTrackedEntityAttributes).toEqual([])
  })

  it('has a stage for each tool of steps 4 to 9, repeatable where the framework repeats them', () => {
    const stages = pkg.programStages.filter((s) => s.program.id === byCode(pkg.programs, 'CPCM_CASE').id)
    const repeatable = Object.fromEntries(stages.map((s) => [s.code, s.repeatable]))
    expect(repeatable).toEqual({
      CPCM_INTAKE: false, CPCM_ASSESSMENT: true, CPCM_CASE_PLAN: true, CPCM_CONFERENCE: true, CPCM_REFERRAL: true,
      CPCM_HEALTH_ENCOUNTER: true, CPCM_MONITORING: true, CPCM_REVIEW: true, CPCM_CLOSURE: false, CPCM_TRANSFER: true,
      CPCM_CASE_NOTE: true, CPCM_CLIENT_FEEDBACK: true,
    })
    expect(stages.map((s) => s.sortOrder).sort((a, b) => a - b)).toEqual(stages.map((_, i) => i + 1))
  })

  it('has the seven case types of framework 3.1 and both risk tiers', () => {
    const options = (setCode: string) => {
      const set = byCode(pkg.optionSets, setCode)
      return set.options.map((o) => pkg.options.find((x) => x.id === o.id)?.code)
    }
    expect(options('CPCM_CASE_TYPE')).toHaveLength(7)
    expect(options('CPCM_RISK_TIER')).toEqual(['TIER1', 'TIER2'])
    expect(options('CPCM_ADMIN_LEVEL')).toEqual(['COUNTRY', 'PROVINCE', 'DISTRICT', 'SECTOR', 'CELL', 'VILLAGE'])
  })

  it('covers all ten M&E indicators of framework 7.4 with programme indicators', () => {
    const described = pkg.programIndicators.filter((pi) => !pi.aggregateExportCategoryOptionCombo)
    expect(described.length).toBeGreaterThanOrEqual(16)
    for (const key of ['ENROLLED', 'ASSESSED', 'PLAN_UP_TO_DATE', 'FILES_STANDARD', 'CHILDREN_REFERRED', 'REFERRALS_COMPLETED', 'PROGRESSING', 'CLOSED', 'SATISFIED', 'WELLBEING_UP']) {
      expect(described.map((pi) => pi.code)).toContain(`CPCM_PI_${key}`)
    }
  })

  it('disaggregates NCDA figures by sex and age group, case type and closure reason, each cell exported to its combo', () => {
    const cells = pkg.programIndicators.filter((pi) => pi.code.startsWith('CPCM_PI_ENROLLED_'))
    expect(cells).toHaveLength(2 * 5 + 7)
    const femaleTeen = byCode(pkg.programIndicators, 'CPCM_PI_ENROLLED_FEMALE_AGE_10_14')
    expect(femaleTeen.aggregateExportCategoryOptionCombo).toBe(byCode(pkg.categoryOptionCombos, 'CPCM_COC_FEMALE_AGE_10_14').id)
    expect(femaleTeen.filter).toContain(">= 10")
    expect(femaleTeen.filter).toContain("< 15")
    const ncda = byCode(pkg.dataSets, 'CPCM_NCDA')
    expect(ncda.dataSetElements.length).toBe(pkg.dataElements.filter((d) => d.domainType === 'AGGREGATE').length)
  })

  it('ships six org unit levels and the six user roles, none granting ALL', () => {
    expect(pkg.organisationUnitLevels.map((l) => l.name)).toEqual(['Country', 'Province', 'District', 'Sector', 'Cell', 'Village'])
    expect(pkg.userRoles.map((r) => r.code).sort()).toEqual([
      'CPCM_ROLE_CPWO', 'CPCM_ROLE_CSO_CASEWORKER', 'CPCM_ROLE_IZU', 'CPCM_ROLE_ME_OFFICER', 'CPCM_ROLE_NCDA_VIEWER', 'CPCM_ROLE_SUPERVISOR',
    ])
    expect(pkg.userRoles.flatMap((r) => r.authorities)).not.toContain('ALL')
    const viewer = byCode(pkg.userRoles, 'CPCM_ROLE_NCDA_VIEWER')
    expect(viewer.authorities.some((a) => a.includes('capture') || a === 'M_cpcm')).toBe(false)
  })
})
