import { dueStatus, nextAction, tierDeadline } from './deadlines'
import { aCase } from './testCase'

describe('tierDeadline', () => {
    it('is the day of recording for Tier 1 and seven days later for Tier 2', () => {
        expect(tierDeadline('TIER1', '2026-03-01')).toBe('2026-03-01')
        expect(tierDeadline('TIER2', '2026-03-01')).toBe('2026-03-08')
        expect(tierDeadline(undefined, '2026-03-01')).toBeUndefined()
    })
})

describe('dueStatus', () => {
    it('says overdue, today, upcoming or none', () => {
        expect(dueStatus('2026-03-01', '2026-03-02')).toBe('OVERDUE')
        expect(dueStatus('2026-03-02', '2026-03-02')).toBe('TODAY')
        expect(dueStatus('2026-03-03', '2026-03-02')).toBe('UPCOMING')
        expect(dueStatus(undefined, '2026-03-02')).toBe('NONE')
    })
})

describe('nextAction', () => {
    it('asks to finish the intake by the tier deadline', () => {
        const c = aCase({ tier: 'TIER1', intake: { status: 'ACTIVE', date: '2026-03-01' } })
        expect(nextAction(c)).toEqual({ step: 4, kind: 'COMPLETE_INTAKE', due: '2026-03-01' })
    })

    it('asks for the assessment by the date the rule assigned, else by the tier deadline', () => {
        expect(nextAction(aCase({ tier: 'TIER2' }))).toEqual({ step: 5, kind: 'ASSESS', due: '2026-03-08' })
        const assigned = aCase({ intake: { status: 'COMPLETED', date: '2026-03-01', assessmentDue: '2026-03-04' } })
        expect(nextAction(assigned).due).toBe('2026-03-04')
    })

    it('counts a reassessment deadline from the review that asked for it', () => {
        const c = aCase({
            tier: 'TIER1',
            assessments: [{ date: '2026-03-02', completed: true }],
            planActions: [{ date: '2026-03-03' }],
            reviews: [{ date: '2026-05-10', decision: 'REASSESS' }],
        })
        expect(nextAction(c)).toEqual({ step: 5, kind: 'ASSESS', due: '2026-05-10' })
    })

    it('has no deadline for planning, then follows the earliest open plan action or the next review', () => {
        const assessed = aCase({ assessments: [{ date: '2026-03-05', completed: true }] })
        expect(nextAction(assessed)).toEqual({ step: 6, kind: 'PLAN' })
        const planned = {
            ...assessed,
            planActions: [
                { date: '2026-03-06', due: '2026-03-20', status: 'DONE' },
                { date: '2026-03-06', due: '2026-04-15', status: 'IN_PROGRESS' },
                { date: '2026-03-06', due: '2026-04-01', status: 'NOT_STARTED' },
            ],
        }
        expect(nextAction(planned)).toEqual({ step: 7, kind: 'FOLLOW_UP_PLAN_ACTION', due: '2026-04-01' })
        const reviewed = { ...planned, reviews: [{ date: '2026-03-25', decision: 'CONTINUE', nextReview: '2026-03-30' }] }
        expect(nextAction(reviewed)).toEqual({ step: 8, kind: 'REVIEW', due: '2026-03-30' })
    })

    it('asks to close after a closing review, and nothing once closed', () => {
        const c = aCase({
            assessments: [{ date: '2026-03-05', completed: true }],
            planActions: [{ date: '2026-03-06' }],
            reviews: [{ date: '2026-06-01', decision: 'CLOSE' }],
        })
        expect(nextAction(c)).toEqual({ step: 9, kind: 'CLOSE' })
        expect(nextAction(aCase({ status: 'COMPLETED' }))).toEqual({ step: null, kind: 'NONE' })
    })
})
