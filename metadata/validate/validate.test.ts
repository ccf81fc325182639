import { buildPackage } from '../build/package'
import type { MetadataPackage } from '../model/dhis2'
import { formatProblem, parseTextPattern, validatePackage } from './index'

/** A fresh, mutable copy of the package as JSON, the way the validator receives a file. */
const fresh = (): MetadataPackage => JSON.parse(JSON.stringify(buildPackage()))
const find = <T extends { code: string }>(items: T[], code: string) => items.find((i) => i.code === code)!
const messages = (pkg: unknown) => validatePackage(pkg).map(formatProblem)

describe('validatePackage', () => {
  it('finds no problem in the package as built', () => {
    expect(messages(fresh())).toEqual([])
  })

  it('names the rule whose condition no longer parses', () => {
    const pkg = fresh()
    find(pkg.programRules, 'CPCM_REF_NEEDS_CONSENT').condition = "#{ref_consent} != true &&& d2:hasValue("
    const found = messages(pkg)
    expect(found).toHaveLength(1)
    expect(found[0]).toMatch(/^expression: programRules CPCM_REF_NEEDS_CONSENT: condition .* of rule CPCM_REF_NEEDS_CONSENT/)
  })

  it('names the rule whose action data does not parse', () => {
    const pkg = fresh()
    const rule = find(pkg.programRules, 'CPCM_CASE_TIER2_DEADLINE')
    const assign = pkg.programRuleActions.find((a) => a.id === rule.programRuleActions[0]!.id)!
    assign.data = 'd2:addDays(V{incident_date}, '
    expect(messages(pkg).join('\n')).toMatch(/CPCM_CASE_TIER2_DEADLINE: data "d2:addDays/)
  })

  it('reports a rule function the rule engine parses but cannot evaluate', () => {
    const pkg = fresh()
    find(pkg.programRules, 'CPCM_REV_CLOSE_NOT_READY').condition = `d2:condition("#{rev_b1} == 'MET'", 1, 0) == 1`
    expect(messages(pkg)).toEqual([expect.stringMatching(/CPCM_REV_CLOSE_NOT_READY: uses d2:condition, which the rule engine does not evaluate/)])
  })

  it('reports a rule that uses an undeclared variable', () => {
    const pkg = fresh()
    find(pkg.programRules, 'CPCM_CLO_NEEDS_APPROVAL').condition = '#{closure_ok} != true'
    expect(messages(pkg).join('\n')).toMatch(/CPCM_CLO_NEEDS_APPROVAL.*closure_ok/)
  })

  it('reports an option code that its option set does not have', () => {
    const pkg = fresh()
    find(pkg.programRules, 'CPCM_CASE_TIER1_DEADLINE').condition = "#{tier} == 'TIER_ONE'"
    expect(messages(pkg)).toEqual([expect.stringMatching(/CPCM_CASE_TIER1_DEADLINE: compares #\{tier\} with 'TIER_ONE'/)])
  })

  it('reports an indicator filter comparing with an unknown option code', () => {
    const pkg = fresh()
    const pi = find(pkg.programIndicators, 'CPCM_PI_PROGRESSING')
    pi.filter = pi.filter!.replace("'IMPROVED'", "'BETTER'")
    expect(messages(pkg)).toEqual([expect.stringMatching(/CPCM_PI_PROGRESSING: filter compares with 'BETTER'/)])
  })

  it('reports an indicator that reads a data element its stage does not have', () => {
    const pkg = fresh()
    const pi = find(pkg.programIndicators, 'CPCM_PI_ASSESSED')
    const wrongElement = find(pkg.dataElements, 'CPCM_REF_STATUS').id
    pi.filter = pi.filter!.replace(/#\{(\w+)\.\w+\}/, `#{$1.${wrongElement}}`)
    expect(messages(pkg).join('\n')).toMatch(/CPCM_PI_ASSESSED: filter: stage CPCM_ASSESSMENT has no data element CPCM_REF_STATUS/)
  })

  it('reports a programme indicator data element without its stage', () => {
    const pkg = fresh()
    const pi = find(pkg.programIndicators, 'CPCM_PI_ASSESSED')
    pi.filter = pi.filter!.replace(/#\{\w+\.(\w+)\}/, '#{$1}')
    expect(messages(pkg)).toEqual([expect.stringMatching(/CPCM_PI_ASSESSED: filter: #\{\w+\} needs its stage/)])
  })

  it('reports an indicator whose expression does not parse', () => {
    const pkg = fresh()
    find(pkg.indicators, 'CPCM_IND_ASSESSED_PCT').numerator = 'I{abc'
    expect(messages(pkg).join('\n')).toMatch(/CPCM_IND_ASSESSED_PCT: numerator "I\{abc" does not parse/)
  })

  it('reports dangling and mistyped references', () => {
    const pkg = fresh()
    find(pkg.dataElements, 'CPCM_INT_CASE_TYPE').optionSet = { id: 'Xxxxxxxxxx1' }
    find(pkg.programStages, 'CPCM_INTAKE').program = { id: find(pkg.optionSets, 'CPCM_SEX').id }
    const found = messages(pkg).join('\n')
    expect(found).toMatch(/CPCM_INT_CASE_TYPE: optionSet Xxxxxxxxxx1 does not exist/)
    expect(found).toMatch(/CPCM_INTAKE: program \w+ is a optionSets object, not programs/)
  })

  it('reports malformed and duplicate UIDs', () => {
    const pkg = fresh()
    find(pkg.optionSets, 'CPCM_SEX').id = '1abc'
    pkg.dataElements[1]!.id = pkg.dataElements[0]!.id
    const found = messages(pkg).join('\n')
    expect(found).toMatch(/UID "1abc" is not 11 characters/)
    expect(found).toMatch(/UID \w+ is also used by dataElements/)
  })

  it('reports a data element no stage or data set uses', () => {
    const pkg = fresh()
    const stage = find(pkg.programStages, 'CPCM_CASE_NOTE')
    stage.programStageDataElements = []
    expect(messages(pkg).join('\n')).toMatch(/CPCM_NOTE_TEXT: is not used by any programme stage or data set/)
  })

  it('reports identifying attributes that would show in lists or are not confidential', () => {
    const pkg = fresh()
    find(pkg.trackedEntityAttributes, 'CPCM_LAST_NAME').confidential = false
    const program = find(pkg.programs, 'CPCM_CASE')
    const first = find(pkg.trackedEntityAttributes, 'CPCM_FIRST_NAME')
    program.programTrackedEntityAttributes.find((a) => a.trackedEntityAttribute.id === first.id)!.displayInList = true
    const found = messages(pkg).join('\n')
    expect(found).toMatch(/CPCM_LAST_NAME: identifies a person but is not confidential/)
    expect(found).toMatch(/shows confidential attribute CPCM_FIRST_NAME in lists/)
  })

  it('reports rule actions aimed at fields outside their stage', () => {
    const pkg = fresh()
    const rule = find(pkg.programRules, 'CPCM_REF_HIDE_FEEDBACK')
    const action = pkg.programRuleActions.find((a) => a.id === rule.programRuleActions[0]!.id)!
    action.dataElement = { id: find(pkg.dataElements, 'CPCM_CLO_REASON').id }
    expect(messages(pkg).join('\n')).toMatch(/of rule CPCM_REF_HIDE_FEEDBACK targets CPCM_CLO_REASON, which its stage does not have/)
  })

  it('reports an incomplete category combination and unknown authorities', () => {
    const pkg = fresh()
    pkg.categoryOptionCombos = pkg.categoryOptionCombos.filter((c) => c.code !== 'CPCM_COC_MALE_AGE_18_PLUS')
    find(pkg.userRoles, 'CPCM_ROLE_IZU').authorities.push('F_EVERYTHING')
    const found = messages(pkg).join('\n')
    expect(found).toMatch(/CPCM_CC_SEX_AGE: lacks an option combination/)
    expect(found).toMatch(/CPCM_ROLE_IZU: authority F_EVERYTHING is not one the package knows/)
  })

  it('rejects a file that is not a metadata package', () => {
    expect(messages({ hello: 'world' })).toEqual([expect.stringMatching(/^shape: file package: not a DHIS2 metadata package/)])
  })

  it('reports short names DHIS2 would refuse', () => {
    const pkg = fresh()
    find(pkg.dataElements, 'CPCM_PLAN_GOAL').shortName = `CPCM - ${'x'.repeat(60)}`
    expect(messages(pkg).join('\n')).toMatch(/CPCM_PLAN_GOAL: short name .* is 67 characters/)
  })
})

describe('parseTextPattern', () => {
  it('accepts org unit code plus random characters', () => {
    expect(parseTextPattern('ORG_UNIT_CODE(...) + "-" + RANDOM(XX####)')).toEqual({ segments: ['ORG_UNIT_CODE(...)', '"-"', 'RANDOM(XX####)'] })
  })
  it('rejects unknown segments and patterns that would repeat', () => {
    expect(parseTextPattern('ORG_UNIT_CODE(...) + FIRST_NAME')).toEqual({ error: expect.stringContaining('FIRST_NAME') })
    expect(parseTextPattern('ORG_UNIT_CODE(...) + "-1"')).toEqual({ error: expect.stringContaining('no RANDOM or SEQUENTIAL') })
  })
})
