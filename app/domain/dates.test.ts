import { addDays, dateOf, daysBetween, isIsoDate, localIsoDate } from './dates'

describe('dates', () => {
    it('adds days across months and leap years', () => {
        expect(addDays('2028-02-27', 2)).toBe('2028-02-29')
        expect(addDays('2026-12-28', 7)).toBe('2027-01-04')
        expect(addDays('2026-03-01', -1)).toBe('2026-02-28')
    })

    it('counts whole days and cuts timestamps', () => {
        expect(daysBetween('2026-03-01', '2026-03-08')).toBe(7)
        expect(daysBetween('2026-03-08', '2026-03-01')).toBe(-7)
        expect(dateOf('2026-03-01T23:59:00.000')).toBe('2026-03-01')
        expect(dateOf(undefined)).toBeUndefined()
    })

    it('reads the local calendar date and checks the format', () => {
        expect(localIsoDate(new Date(2026, 0, 5, 23, 30))).toBe('2026-01-05')
        expect(isIsoDate('2026-01-05')).toBe(true)
        expect(isIsoDate('05/01/2026')).toBe(false)
    })
})
