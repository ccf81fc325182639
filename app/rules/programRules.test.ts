import { buildAppMetadata } from '../data/appMetadata'
import { serverMetadata } from '../test/serverMetadata'
import { createProgramRules } from './programRules'

const meta = buildAppMetadata(serverMetadata())
const incidentRules = createProgramRules(meta, 'incident')
const caseRules = createProgramRules(meta, 'case')

const screening = (values: Record<string, string>) =>
    incidentRules({
        orgUnit: 'GaSaBo00003',
        current: { stageCode: 'CPCM_INCIDENT_RECORD', occurredAt: '2026-03-02', values },
        today: '2026-03-02',
    })

describe('programme rules in the browser', () => {
    it('gives a Tier 1 concern a same-day response date, a warning and mandatory immediate actions', () => {
        const effects = screening({ CPCM_INC_SCREENING: 'VENA', CPCM_INC_RISK_TIER: 'TIER1' })
        expect(effects.issues).toEqual([])
        expect(effects.assigned.CPCM_INC_RESPONSE_DUE).toBe('2026-03-02')
        expect(effects.warnings).toContainEqual({ field: 'CPCM_INC_RISK_TIER', text: expect.stringContaining('Tier 1: respond today') })
        expect(effects.mandatory.has('CPCM_INC_IMMEDIATE_ACTIONS')).toBe(true)
    })

    it('gives Tier 2 seven days', () => {
        const effects = screening({ CPCM_INC_SCREENING: 'VENA', CPCM_INC_RISK_TIER: 'TIER2' })
        expect(effects.assigned.CPCM_INC_RESPONSE_DUE).toBe('2026-03-09')
    })

    it('hides the case enrolment of a concern that is not VENA and asks for early intervention', () => {
        const effects = screening({ CPCM_INC_SCREENING: 'NOT_VENA' })
        expect(effects.hidden.has('CPCM_INC_CASE_ENROLLMENT')).toBe(true)
        expect(effects.hidden.has('CPCM_INC_RISK_TIER')).toBe(true)
        expect(effects.mandatory.has('CPCM_INC_EARLY_INTERVENTION')).toBe(true)
        expect(effects.texts.join(' ')).toContain('refer to early intervention')
    })

    it('assigns the intake assessment due date from the recording date in the case programme', () => {
        const effects = caseRules({
            orgUnit: 'GaSaBo00003',
            enrollment: { occurredAt: '2026-03-02', enrolledAt: '2026-03-03' },
            current: { stageCode: 'CPCM_INTAKE', occurredAt: '2026-03-03', values: { CPCM_INT_RISK_TIER: 'TIER1', CPCM_INT_CASE_TYPE: 'NEGLECT_ABANDONMENT' } },
            today: '2026-03-03',
        })
        expect(effects.issues).toEqual([])
        expect(effects.assigned.CPCM_INT_ASSESSMENT_DUE).toBe('2026-03-02')
        expect(effects.warnings.map((w) => w.field)).toContain('CPCM_INT_RISK_TIER')
    })
})
