/**
 * The nine steps of the case management process (framework section 5) and where a case
 * stands in them. Steps are sequential but not linear: a review can send a case back to
 * assessment or planning, so the current step is derived from the events, not stored.
 */
import type { CaseSnapshot } from './caseSnapshot'

export const STEPS = [1, 2, 3, 4, 5, 6, 7, 8, 9] as const
export type Step = (typeof STEPS)[number]

export interface StepProgress {
    /** The step the case is in now; null once the case is closed. */
    current: Step | null
    done: ReadonlySet<Step>
}

const latest = <T extends { date: string }>(items: readonly T[]): T | undefined =>
    [...items].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0)).at(-1)

/** Decisions of the latest case review that send the case back, with the date they were taken. */
const reopenedAt = (snapshot: CaseSnapshot, decision: 'REASSESS' | 'REVISE_PLAN'): string | undefined => {
    const review = latest(snapshot.reviews)
    return review?.decision === decision ? review.date : undefined
}

const progress = (current: Step | null, done: Step[]): StepProgress => ({ current, done: new Set(done) })

export function stepProgress(snapshot: CaseSnapshot): StepProgress {
    const recorded: Step[] = [1, 2, 3]
    if (snapshot.status !== 'ACTIVE' || snapshot.closure) return progress(null, [...STEPS])
    if (!snapshot.intake || snapshot.intake.status !== 'COMPLETED') return progress(4, recorded)

    const reassessSince = reopenedAt(snapshot, 'REASSESS')
    const assessed = snapshot.assessments.some((a) => a.completed && (!reassessSince || a.date >= reassessSince))
    if (!assessed) return progress(5, [...recorded, 4])

    const revisedSince = reopenedAt(snapshot, 'REVISE_PLAN')
    const planned = snapshot.planActions.some((p) => !revisedSince || p.date >= revisedSince)
    if (!planned) return progress(6, [...recorded, 4, 5])

    if (latest(snapshot.reviews)?.decision === 'CLOSE') return progress(9, [...recorded, 4, 5, 6, 7, 8])
    if (snapshot.reviews.length === 0 && snapshot.monitoring.length === 0) return progress(7, [...recorded, 4, 5, 6])
    return progress(8, [...recorded, 4, 5, 6, 7])
}
