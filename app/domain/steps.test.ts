import { stepProgress } from './steps'
import { aCase } from './testCase'

const done = (c: Parameters<typeof stepProgress>[0]) => [...stepProgress(c).done].sort()

describe('stepProgress', () => {
    it('puts a case whose intake is not completed at step 4, with steps 1 to 3 done', () => {
        const c = aCase({ intake: { status: 'ACTIVE', date: '2026-03-01' } })
        expect(stepProgress(c).current).toBe(4)
        expect(done(c)).toEqual([1, 2, 3])
    })

    it('walks through assessment, planning, implementation and review', () => {
        expect(stepProgress(aCase()).current).toBe(5)
        const assessed = aCase({ assessments: [{ date: '2026-03-05', completed: true }] })
        expect(stepProgress(assessed).current).toBe(6)
        const planned = { ...assessed, planActions: [{ date: '2026-03-06', due: '2026-04-01', status: 'NOT_STARTED' }] }
        expect(stepProgress(planned).current).toBe(7)
        const monitored = { ...planned, monitoring: [{ date: '2026-03-20' }] }
        expect(stepProgress(monitored).current).toBe(8)
        const toClose = { ...monitored, reviews: [{ date: '2026-06-01', decision: 'CLOSE' }] }
        expect(stepProgress(toClose).current).toBe(9)
    })

    it('goes back to assessment when the latest review asks for reassessment', () => {
        const c = aCase({
            assessments: [{ date: '2026-03-05', completed: true }],
            planActions: [{ date: '2026-03-06' }],
            reviews: [{ date: '2026-05-01', decision: 'REASSESS' }],
        })
        expect(stepProgress(c).current).toBe(5)
        const reassessed = { ...c, assessments: [...c.assessments, { date: '2026-05-03', completed: true }] }
        expect(stepProgress(reassessed).current).toBe(8)
    })

    it('goes back to planning when the latest review asks for a revised plan', () => {
        const c = aCase({
            assessments: [{ date: '2026-03-05', completed: true }],
            planActions: [{ date: '2026-03-06' }],
            reviews: [{ date: '2026-05-01', decision: 'REVISE_PLAN' }],
        })
        expect(stepProgress(c).current).toBe(6)
    })

    it('marks every step done once the case is closed', () => {
        const c = aCase({ status: 'COMPLETED' })
        expect(stepProgress(c).current).toBeNull()
        expect(done(c)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9])
        expect(stepProgress(aCase({ closure: { date: '2026-07-01' } })).current).toBeNull()
    })
})
