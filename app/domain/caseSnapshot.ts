/**
 * A case as the app reasons about it: plain values named by metadata code, built from the
 * tracker API by app/data/caseSnapshot.ts. No names: the child is known by the child code.
 */
import type { IsoDate } from './dates'

export type RiskTier = 'TIER1' | 'TIER2'
export type EnrollmentStatus = 'ACTIVE' | 'COMPLETED' | 'CANCELLED'

export interface TimelineEntry {
    event: string
    stageCode: string
    date: IsoDate
    status: string
}

export interface CaseSnapshot {
    enrollment: string
    trackedEntity: string
    orgUnit: string
    status: EnrollmentStatus
    /** When the concern was recorded (the enrolment's incident date): the tier deadlines count from it. */
    recordedAt: IsoDate
    enrolledAt: IsoDate
    childCode?: string
    caseType?: string
    tier?: RiskTier
    caseworker?: string
    intake?: { status: string; date: IsoDate; assessmentDue?: IsoDate }
    assessments: { date: IsoDate; completed: boolean }[]
    planActions: { date: IsoDate; due?: IsoDate; status?: string }[]
    monitoring: { date: IsoDate; nextVisit?: IsoDate }[]
    reviews: { date: IsoDate; decision?: string; nextReview?: IsoDate }[]
    closure?: { date: IsoDate }
    timeline: TimelineEntry[]
}
