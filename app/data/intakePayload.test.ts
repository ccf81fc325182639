import { ids } from '../../tests/fixtures/package-lookup'
import { serverMetadata } from '../test/serverMetadata'
import { buildAppMetadata } from './appMetadata'
import { intakePayload } from './intakePayload'
import { toConcern } from './useConcern'

const meta = buildAppMetadata(serverMetadata())
const concern = toConcern(meta, {
    event: 'evConcern01',
    programStage: ids.stage('CPCM_INCIDENT_RECORD'),
    orgUnit: 'KaCyRu00006',
    occurredAt: '2026-03-01T00:00:00.000',
    status: 'COMPLETED',
    dataValues: [{ dataElement: ids.dataElement('CPCM_INC_SCREENING'), value: 'VENA' }],
})

describe('intakePayload', () => {
    it('creates the child, the case dated from the concern, the completed intake and the link back, in one import', () => {
        const payload = intakePayload(meta, {
            concern,
            child: { newChild: 'teChild0001', attributes: { CPCM_CHILD_CODE: 'GAS-KAC-AB1234', CPCM_SEX: 'MALE', CPCM_FIRST_NAME: '' } },
            enrollment: 'enCase00001',
            intakeEvent: 'evIntake001',
            today: '2026-03-02',
            values: { CPCM_INT_RISK_TIER: 'TIER2' },
        }) as { trackedEntities: any[]; events: any[] }
        const [te] = payload.trackedEntities
        expect(te.attributes).toEqual([
            { attribute: ids.attribute('CPCM_CHILD_CODE'), value: 'GAS-KAC-AB1234' },
            { attribute: ids.attribute('CPCM_SEX'), value: 'MALE' },
        ])
        expect(te.enrollments[0]).toMatchObject({ enrollment: 'enCase00001', enrolledAt: '2026-03-02', occurredAt: '2026-03-01', status: 'ACTIVE' })
        // scheduledAt carries the next deadline the worklist sorts by: Tier 2, seven days after intake.
        expect(te.enrollments[0].events[0]).toMatchObject({ event: 'evIntake001', status: 'COMPLETED', programStage: ids.stage('CPCM_INTAKE'), scheduledAt: '2026-03-09' })
        expect(te.enrollments[0].events[0].dataValues).toContainEqual({ dataElement: ids.dataElement('CPCM_INT_INCIDENT_EVENT'), value: 'evConcern01' })
        expect(payload.events[0].dataValues).toContainEqual({ dataElement: ids.dataElement('CPCM_INC_CASE_ENROLLMENT'), value: 'enCase00001' })
    })

    it('schedules the intake at the deadline the rules assigned, else the tier deadline (Tier 1: the same day)', () => {
        const base = { concern, child: { existing: 'teChild0001' }, enrollment: 'enCase00003', intakeEvent: 'evIntake003', today: '2026-03-02' }
        const intakeOf = (values: Record<string, string>) => (intakePayload(meta, { ...base, values }) as { enrollments: any[] }).enrollments[0].events[0]
        expect(intakeOf({ CPCM_INT_RISK_TIER: 'TIER1' }).scheduledAt).toBe('2026-03-02')
        expect(intakeOf({ CPCM_INT_RISK_TIER: 'TIER2', CPCM_INT_ASSESSMENT_DUE: '2026-03-05' }).scheduledAt).toBe('2026-03-05')
    })

    it('enrols a found child without touching their attributes', () => {
        const payload = intakePayload(meta, { concern, child: { existing: 'teChild0001' }, enrollment: 'enCase00002', intakeEvent: 'evIntake002', today: '2026-03-02', values: {} })
        expect(payload.trackedEntities).toBeUndefined()
        expect(payload.enrollments).toEqual([expect.objectContaining({ trackedEntity: 'teChild0001', enrollment: 'enCase00002' })])
    })
})
