/**
 * Screening and risk categorisation (step 3, framework 3.1 and 3.7) as guided questions.
 * The answers decide the register's screening result and risk tier; nothing else does.
 */
export type Answer = 'YES' | 'NO' | 'UNSURE'

export interface ScreeningAnswers {
    /** Did violence, exploitation, neglect or abuse occur (verified)? */
    vena?: Answer
    /** Is there an immediate, urgent threat to life or health, or is the response time-critical (forensics)? */
    immediateDanger?: Answer
    /** Can the child safely stay where they are for a week? */
    safeForAWeek?: Answer
}

export type ScreeningResult = 'VENA' | 'NOT_VENA' | 'PENDING'

export interface ScreeningOutcome {
    /** Undefined while a deciding question is unanswered. */
    result?: ScreeningResult
    tier?: 'TIER1' | 'TIER2'
    /** The next question to ask, if any. */
    nextQuestion?: keyof ScreeningAnswers
}

export function screeningOutcome(answers: ScreeningAnswers): ScreeningOutcome {
    if (!answers.vena) return { nextQuestion: 'vena' }
    if (answers.vena === 'NO') return { result: 'NOT_VENA' }
    if (answers.vena === 'UNSURE') return { result: 'PENDING' }
    // In doubt about danger, treat it as danger: Tier 1.
    if (!answers.immediateDanger) return { result: 'VENA', nextQuestion: 'immediateDanger' }
    if (answers.immediateDanger !== 'NO') return { result: 'VENA', tier: 'TIER1' }
    if (!answers.safeForAWeek) return { result: 'VENA', nextQuestion: 'safeForAWeek' }
    return { result: 'VENA', tier: answers.safeForAWeek === 'YES' ? 'TIER2' : 'TIER1' }
}
