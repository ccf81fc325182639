import { subtractSeconds } from './timestamps'

describe('subtractSeconds on zone-less DHIS2 timestamps', () => {
  it.each([
    ['2024-03-19T13:18:16.370', 60, '2024-03-19T13:17:16.370'],
    ['2024-03-01T00:00:30.000', 60, '2024-02-29T23:59:30.000'],
    ['2024-01-01', 1, '2023-12-31T23:59:59.000'],
    ['2024-01-01T00:00', 0, '2024-01-01T00:00:00.000'],
    ['2024-03-19T13:18:16.370123', 0, '2024-03-19T13:18:16.370'],
    ['2024-03-19 13:18:16.5', 0.25, '2024-03-19T13:18:16.250'],
  ])('%s - %ss = %s (no zone added, no zone shift)', (input, seconds, expected) => {
    expect(subtractSeconds(input, seconds)).toBe(expected)
  })

  it('keeps a zone suffix the caller gave', () => {
    expect(subtractSeconds('2024-03-19T13:18:16.370+02:00', 3600)).toBe('2024-03-19T12:18:16.370+02:00')
    expect(subtractSeconds('2024-03-19T00:00:00Z', 1)).toBe('2024-03-18T23:59:59.000Z')
  })

  it('refuses what is not a timestamp, or a negative tolerance', () => {
    expect(() => subtractSeconds('yesterday', 1)).toThrow(RangeError)
    expect(() => subtractSeconds('2024-01-01', -1)).toThrow(RangeError)
  })
})
