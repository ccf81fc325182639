/** Builds CaseSnapshots for the domain tests. */
import type { CaseSnapshot } from './caseSnapshot'

export const aCase = (overrides: Partial<CaseSnapshot> = {}): CaseSnapshot => ({
    enrollment: 'enr00000001',
    trackedEntity: 'te000000001',
    orgUnit: 'GaSaBo00003',
    status: 'ACTIVE',
    recordedAt: '2026-03-01',
    enrolledAt: '2026-03-01',
    childCode: 'GAS-AB1234',
    tier: 'TIER2',
    caseType: 'NEGLECT_ABANDONMENT',
    intake: { status: 'COMPLETED', date: '2026-03-01' },
    assessments: [],
    planActions: [],
    monitoring: [],
    reviews: [],
    timeline: [],
    ...overrides,
})
