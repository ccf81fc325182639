/**
 * What a case needs next and by when (framework 3.7 and section 5):
 * Tier 1 is answered the day the concern is recorded, Tier 2 is assessed within seven
 * days of recording; later steps follow the case plan's due dates and the next review.
 */
import type { CaseSnapshot, RiskTier } from './caseSnapshot'
import { addDays, daysBetween, type IsoDate } from './dates'
import { stepProgress, type Step } from './steps'

export type NextActionKind =
    | 'COMPLETE_INTAKE'
    | 'ASSESS'
    | 'PLAN'
    | 'FOLLOW_UP_PLAN_ACTION'
    | 'MONITOR'
    | 'REVIEW'
    | 'CLOSE'
    | 'NONE'

export interface NextAction {
    step: Step | null
    kind: NextActionKind
    due?: IsoDate
}

export type DueStatus = 'OVERDUE' | 'TODAY' | 'UPCOMING' | 'NONE'

/** Tier 1: the day of recording. Tier 2: seven days after. */
export const tierDeadline = (tier: RiskTier | undefined, recordedAt: IsoDate): IsoDate | undefined =>
    tier === 'TIER1' ? recordedAt : tier === 'TIER2' ? addDays(recordedAt, 7) : undefined

export const dueStatus = (due: IsoDate | undefined, today: IsoDate): DueStatus => {
    if (!due) return 'NONE'
    const days = daysBetween(today, due)
    return days < 0 ? 'OVERDUE' : days === 0 ? 'TODAY' : 'UPCOMING'
}

const earliest = (dates: (IsoDate | undefined)[]): IsoDate | undefined =>
    dates.filter((d): d is IsoDate => !!d).sort()[0]

const OPEN_ACTION = (status: string | undefined) => status !== 'DONE' && status !== 'CANCELLED'

export function nextAction(snapshot: CaseSnapshot): NextAction {
    const { current: step } = stepProgress(snapshot)
    const assessmentDue = snapshot.intake?.assessmentDue ?? tierDeadline(snapshot.tier, snapshot.recordedAt)
    switch (step) {
        case null:
            return { step, kind: 'NONE' }
        case 4:
            return { step, kind: 'COMPLETE_INTAKE', due: tierDeadline(snapshot.tier, snapshot.recordedAt) }
        case 5: {
            const review = [...snapshot.reviews].sort((a, b) => (a.date < b.date ? -1 : 1)).at(-1)
            // Reassessment after a review: the tier deadline counts from the review.
            const due = review?.decision === 'REASSESS' ? tierDeadline(snapshot.tier, review.date) : assessmentDue
            return { step, kind: 'ASSESS', due }
        }
        case 6:
            return { step, kind: 'PLAN' }
        case 9:
            return { step, kind: 'CLOSE' }
        default: {
            const actionDue = earliest(snapshot.planActions.filter((p) => OPEN_ACTION(p.status)).map((p) => p.due))
            const reviewDue = [...snapshot.reviews].sort((a, b) => (a.date < b.date ? -1 : 1)).at(-1)?.nextReview
            const visitDue = [...snapshot.monitoring].sort((a, b) => (a.date < b.date ? -1 : 1)).at(-1)?.nextVisit
            const candidates: NextAction[] = [
                ...(actionDue ? [{ step, kind: 'FOLLOW_UP_PLAN_ACTION' as const, due: actionDue }] : []),
                ...(reviewDue ? [{ step, kind: 'REVIEW' as const, due: reviewDue }] : []),
                ...(visitDue ? [{ step, kind: 'MONITOR' as const, due: visitDue }] : []),
            ]
            const first = candidates.sort((a, b) => ((a.due ?? '') < (b.due ?? '') ? -1 : 1))[0]
            return first ?? { step, kind: step === 7 ? 'MONITOR' : 'REVIEW' }
        }
    }
}
