import { ids } from '../../tests/fixtures/package-lookup'
import { serverMetadata } from '../test/serverMetadata'
import { buildAppMetadata, MetadataMissingError } from './appMetadata'

describe('buildAppMetadata', () => {
    const meta = buildAppMetadata(serverMetadata())

    it('looks programmes, stages, data elements and attributes up by code, and back', () => {
        expect(meta.caseProgram.id).toBe(ids.program('CPCM_CASE'))
        expect(meta.incidentProgram.id).toBe(ids.program('CPCM_INCIDENT'))
        expect(meta.stage('CPCM_INTAKE').id).toBe(ids.stage('CPCM_INTAKE'))
        expect(meta.dataElement('CPCM_INT_RISK_TIER').options?.map((o) => o.code)).toEqual(['TIER1', 'TIER2'])
        expect(meta.attribute('CPCM_FIRST_NAME').confidential).toBe(true)
        expect(meta.attribute('CPCM_CHILD_CODE').generated).toBe(true)
        expect(meta.dataElementCode(ids.dataElement('CPCM_INC_SCREENING'))).toBe('CPCM_INC_SCREENING')
        expect(meta.caseStages.map((s) => s.code).slice(0, 3)).toEqual(['CPCM_INTAKE', 'CPCM_ASSESSMENT', 'CPCM_CASE_PLAN'])
        expect(meta.me.orgUnitChoices.map((o) => o.displayName)).toEqual(['Gasabo', 'Kacyiru'])
    })

    it('hands every rule, action and variable of both programmes to the rule engine', () => {
        const pkg = serverMetadata()
        expect(meta.ruleMetadata.programRules).toHaveLength(pkg.programRules.programRules.length)
        expect(meta.ruleMetadata.programRuleActions?.every((a) => a.programRule?.id)).toBe(true)
        expect(meta.ruleMetadata.programRuleVariables).toHaveLength(pkg.programRuleVariables.programRuleVariables.length)
    })

    it('names what is missing when the package is absent or incomplete', () => {
        const result = serverMetadata()
        const noCase = { ...result, programs: { programs: result.programs.programs.filter((p) => p.code !== 'CPCM_CASE') } }
        expect(() => buildAppMetadata(noCase)).toThrow(new MetadataMissingError(['CPCM_CASE']))
        const incident = result.programs.programs.find((p) => p.code === 'CPCM_INCIDENT')!
        const stage = incident.programStages[0]!
        const trimmed = {
            ...result,
            programs: {
                programs: result.programs.programs.map((p) =>
                    p === incident ? { ...p, programStages: [{ ...stage, programStageDataElements: stage.programStageDataElements.filter((d) => d.dataElement.code !== 'CPCM_INC_SCREENING') }] } : p,
                ),
            },
        }
        expect(() => buildAppMetadata(trimmed)).toThrow(/CPCM_INC_SCREENING/)
        expect(() => meta.dataElement('CPCM_NOPE')).toThrow(MetadataMissingError)
    })
})
