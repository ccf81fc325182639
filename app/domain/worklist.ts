/** Worklist rows and their order: overdue first (oldest deadline first), then due today, upcoming, undated. */
import type { RiskTier } from './caseSnapshot'
import type { IsoDate } from './dates'
import { dueStatus, type DueStatus, type NextAction } from './deadlines'

export interface WorklistRow {
    enrollment: string
    trackedEntity: string
    childCode?: string
    caseType?: string
    tier?: RiskTier
    caseworker?: string
    orgUnit: string
    next: NextAction
}

const RANK: Record<DueStatus, number> = { OVERDUE: 0, TODAY: 1, UPCOMING: 2, NONE: 3 }
const tierRank = (tier: RiskTier | undefined) => (tier === 'TIER1' ? 0 : tier === 'TIER2' ? 1 : 2)

export function sortWorklist<T extends WorklistRow>(rows: readonly T[], today: IsoDate): T[] {
    return [...rows].sort((a, b) => {
        const byStatus = RANK[dueStatus(a.next.due, today)] - RANK[dueStatus(b.next.due, today)]
        if (byStatus !== 0) return byStatus
        const [da, db] = [a.next.due ?? '', b.next.due ?? '']
        if (da !== db) return da < db ? -1 : 1
        const byTier = tierRank(a.tier) - tierRank(b.tier)
        if (byTier !== 0) return byTier
        return (a.childCode ?? '').localeCompare(b.childCode ?? '')
    })
}
