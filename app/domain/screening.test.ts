import { screeningOutcome } from './screening'

describe('screeningOutcome', () => {
    it('asks whether VENA occurred first', () => {
        expect(screeningOutcome({})).toEqual({ nextQuestion: 'vena' })
    })

    it('ends with not VENA or pending verification', () => {
        expect(screeningOutcome({ vena: 'NO' })).toEqual({ result: 'NOT_VENA' })
        expect(screeningOutcome({ vena: 'UNSURE' })).toEqual({ result: 'PENDING' })
    })

    it('makes immediate or uncertain danger Tier 1', () => {
        expect(screeningOutcome({ vena: 'YES' })).toEqual({ result: 'VENA', nextQuestion: 'immediateDanger' })
        expect(screeningOutcome({ vena: 'YES', immediateDanger: 'YES' })).toEqual({ result: 'VENA', tier: 'TIER1' })
        expect(screeningOutcome({ vena: 'YES', immediateDanger: 'UNSURE' })).toEqual({ result: 'VENA', tier: 'TIER1' })
    })

    it('makes Tier 2 only when the child can safely stay a week', () => {
        expect(screeningOutcome({ vena: 'YES', immediateDanger: 'NO' }).nextQuestion).toBe('safeForAWeek')
        expect(screeningOutcome({ vena: 'YES', immediateDanger: 'NO', safeForAWeek: 'YES' }).tier).toBe('TIER2')
        expect(screeningOutcome({ vena: 'YES', immediateDanger: 'NO', safeForAWeek: 'UNSURE' }).tier).toBe('TIER1')
    })
})
