import { sortWorklist, type WorklistRow } from './worklist'

const row = (childCode: string, due: string | undefined, tier: 'TIER1' | 'TIER2' = 'TIER2'): WorklistRow => ({
    enrollment: childCode,
    trackedEntity: childCode,
    childCode,
    tier,
    orgUnit: 'ou',
    next: { step: 5, kind: 'ASSESS', ...(due ? { due } : {}) },
})

describe('sortWorklist', () => {
    it('puts overdue first (oldest first), then due today, upcoming and undated', () => {
        const rows = [
            row('upcoming', '2026-03-10'),
            row('none', undefined),
            row('today', '2026-03-05'),
            row('late-2', '2026-03-04'),
            row('late-1', '2026-03-01'),
        ]
        expect(sortWorklist(rows, '2026-03-05').map((r) => r.childCode)).toEqual([
            'late-1',
            'late-2',
            'today',
            'upcoming',
            'none',
        ])
    })

    it('breaks ties by tier, then child code, and leaves its input alone', () => {
        const rows = [row('B', '2026-03-05'), row('C', '2026-03-05', 'TIER1'), row('A', '2026-03-05')]
        expect(sortWorklist(rows, '2026-03-05').map((r) => r.childCode)).toEqual(['C', 'A', 'B'])
        expect(rows.map((r) => r.childCode)).toEqual(['B', 'C', 'A'])
    })
})
