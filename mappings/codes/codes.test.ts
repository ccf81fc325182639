import { createMappingContext } from '../context'
import { TASK_STATUSES } from '../fhir/schemas'
import { codeSystemUri } from '../identifiers'
import { cpcmPackage } from '../../tests/fixtures/package-lookup'
import {
  CASE_TYPES, CODE_TABLES, OPTION_SET_TABLES, PRIMERO_GENDERS, PRIMERO_INTERVIEW_SUBJECTS, PRIMERO_PROTECTION_CONCERNS, PRIMERO_REFERRAL_STATUSES,
  PRIMERO_RISK_LEVELS, PRIMERO_SERVICE_TYPES, REFERRAL_STATUSES, codeSystemResources, conceptMapResources, mapOf, primeroSystem,
} from './index'

const pkg = cpcmPackage()
const optionCodes = (setCode: string) => {
  const set = pkg.optionSets.find((s) => s.code === setCode)!
  const ids = new Set(set.options.map((o) => o.id))
  return pkg.options.filter((o) => ids.has(o.id)).map((o) => o.code)
}

/** Primero lookups as seeded: every value CPCM may send or receive. */
const PRIMERO_VALUES: Record<string, readonly string[]> = {
  [primeroSystem('lookup-protection-concerns')]: PRIMERO_PROTECTION_CONCERNS,
  [primeroSystem('lookup-risk-level')]: PRIMERO_RISK_LEVELS,
  [primeroSystem('lookup-service-type')]: PRIMERO_SERVICE_TYPES,
  [primeroSystem('lookup-gender')]: PRIMERO_GENDERS,
  [primeroSystem('interview-subject')]: PRIMERO_INTERVIEW_SUBJECTS,
  [primeroSystem('referral-status')]: PRIMERO_REFERRAL_STATUSES,
}

describe('code tables over the package', () => {
  it('cover the option sets the maps need, code for code (nothing missing, nothing stale)', () => {
    expect([...OPTION_SET_TABLES.keys()].sort()).toEqual([
      'CPCM_BENCHMARK', 'CPCM_CASE_TYPE', 'CPCM_CONSENT_GIVER', 'CPCM_HEALTH_SERVICE', 'CPCM_PLAN_ACTION_STATUS', 'CPCM_REFERRAL_SERVICE',
      'CPCM_REFERRAL_STATUS', 'CPCM_RISK_TIER', 'CPCM_SEX',
    ])
    for (const [setCode, t] of OPTION_SET_TABLES) expect([...t.codes].sort()).toEqual(optionCodes(setCode).sort())
  })

  it.each(CODE_TABLES.flatMap((t) => t.maps.map((m) => [m.name, t, m] as const)))('%s is total over the option set', (_name, t, m) => {
    const source = t.optionSet ? optionCodes(t.optionSet) : [...t.codes]
    const primero = PRIMERO_VALUES[m.targetSystem]
    for (const code of source) {
      const target = m.forward[code]
      expect(target).toBeDefined()
      // Only Primero maps may leave a code unmatched (a referral never sent has no Primero state).
      if (!primero) expect(target!.code).not.toBeNull()
      if (target!.code === null) expect(target!.equivalence).toBe('unmatched')
      else if (primero) expect(primero).toContain(target!.code)
    }
    if (m.reverse) {
      for (const back of Object.values(m.reverse)) if (back !== null) expect(t.codes).toContain(back)
      // Every forward target comes back, so a value we sent is always understood.
      for (const code of source) if (m.forward[code]!.code !== null) expect(Object.keys(m.reverse)).toContain(m.forward[code]!.code)
      // Every seeded Primero value has a way back (a case type, or explicitly none).
      if (primero) for (const v of primero) expect(Object.keys(m.reverse)).toContain(v)
    }
  })

  it('the referral status reverse covers every FHIR task status, and our exact code rides in businessStatus', () => {
    const reverse = mapOf(REFERRAL_STATUSES, 'referral-status-to-task-status').reverse!
    expect(Object.keys(reverse).sort()).toEqual([...TASK_STATUSES].sort())
    const ctx = createMappingContext(pkg)
    for (const code of optionCodes('CPCM_REFERRAL_STATUS')) expect(ctx.concept('referral-status', code)!.coding![0]).toEqual({ system: codeSystemUri('referral-status'), code, display: expect.any(String) })
  })

  it('case types Primero has no concern for are said to be wider, never silently equal', () => {
    expect(mapOf(CASE_TYPES, 'case-type-to-primero-protection-concerns').forward.STREET_CONNECTED).toMatchObject({ code: 'other', equivalence: 'wider' })
  })
})

describe('as FHIR resources', () => {
  const systems = codeSystemResources(pkg)
  const maps = conceptMapResources(pkg)

  it('one CodeSystem per table, with the package\'s option names as displays', () => {
    expect(systems.map((s) => s.url)).toEqual(CODE_TABLES.map((t) => codeSystemUri(t.name)))
    const caseTypes = systems.find((s) => s.url === codeSystemUri('case-type'))!
    expect(caseTypes.concept).toContainEqual({ code: 'SEXUAL_VIOLENCE', display: 'Sexual violence/abuse' })
    for (const s of systems) expect(s.count).toBe(s.concept!.length)
  })

  it('one ConceptMap per map and per way back, every element with a target', () => {
    const expected = CODE_TABLES.flatMap((t) => t.maps.flatMap((m) => (m.reverse ? [m.name, `${m.name}-reverse`] : [m.name])))
    expect(maps.map((m) => m.id)).toEqual(expected.map((n) => `cpcm-${n}`))
    for (const m of maps) for (const e of m.group![0]!.element) {
      expect(e.target).toHaveLength(1)
      const t = e.target![0]!
      if (t.equivalence === 'narrower' || t.equivalence === 'inexact') expect(t.comment).toBeTruthy() // R4 cmd-1
    }
  })
})
