/**
 * Tracker JSON -> CaseSnapshot (app/domain), by code. Reads only the child code among the
 * attributes: names and contacts never reach a snapshot, so no list can show them.
 */
import { dateOf, type CaseSnapshot, type RiskTier } from '../domain'
import type { AppMetadata } from './appMetadata'
import { valuesByCode, type TrackerEnrollmentJson, type TrackerEventJson } from './tracker'

export const CHILD_CODE = 'CPCM_CHILD_CODE'

const isTier = (value: string | undefined): value is RiskTier => value === 'TIER1' || value === 'TIER2'

export interface SnapshotEvent {
    event: string
    stageCode: string
    status: string
    date: string
    values: Record<string, string>
}

export function readEvents(meta: AppMetadata, events: readonly TrackerEventJson[] | undefined): SnapshotEvent[] {
    return (events ?? [])
        .map((e) => ({
            event: e.event,
            stageCode: meta.stageCode(e.programStage) ?? e.programStage,
            status: e.status,
            date: dateOf(e.occurredAt ?? e.scheduledAt ?? e.createdAt) ?? '',
            values: valuesByCode(e.dataValues, (v) => v.dataElement, meta.dataElementCode),
        }))
        .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0))
}

export function toCaseSnapshot(meta: AppMetadata, enrollment: TrackerEnrollmentJson, childCode?: string): CaseSnapshot {
    const events = readEvents(meta, enrollment.events)
    const inStage = (code: string) => events.filter((e) => e.stageCode === code)
    const intake = inStage('CPCM_INTAKE').at(-1)
    const closure = inStage('CPCM_CLOSURE').at(-1)
    const attributeCode = valuesByCode(enrollment.attributes, (a) => a.attribute, (id) => (meta.attributeCode(id) === CHILD_CODE ? CHILD_CODE : undefined))
    const code = childCode ?? attributeCode[CHILD_CODE]
    const tier = intake?.values.CPCM_INT_RISK_TIER
    const recordedAt = dateOf(enrollment.occurredAt ?? enrollment.enrolledAt) ?? ''
    return {
        enrollment: enrollment.enrollment,
        trackedEntity: enrollment.trackedEntity,
        orgUnit: enrollment.orgUnit,
        status: enrollment.status,
        recordedAt,
        enrolledAt: dateOf(enrollment.enrolledAt) ?? recordedAt,
        ...(code ? { childCode: code } : {}),
        ...(intake?.values.CPCM_INT_CASE_TYPE ? { caseType: intake.values.CPCM_INT_CASE_TYPE } : {}),
        ...(isTier(tier) ? { tier } : {}),
        ...(intake?.values.CPCM_INT_CASEWORKER ? { caseworker: intake.values.CPCM_INT_CASEWORKER } : {}),
        ...(intake
            ? {
                  intake: {
                      status: intake.status,
                      date: intake.date,
                      ...(intake.values.CPCM_INT_ASSESSMENT_DUE ? { assessmentDue: intake.values.CPCM_INT_ASSESSMENT_DUE } : {}),
                  },
              }
            : {}),
        assessments: inStage('CPCM_ASSESSMENT').map((e) => ({
            date: e.date,
            completed: e.values.CPCM_ASM_COMPLETED === 'true' || e.status === 'COMPLETED',
        })),
        planActions: inStage('CPCM_CASE_PLAN').map((e) => ({
            date: e.date,
            ...(e.values.CPCM_PLAN_DUE ? { due: e.values.CPCM_PLAN_DUE } : {}),
            ...(e.values.CPCM_PLAN_STATUS ? { status: e.values.CPCM_PLAN_STATUS } : {}),
        })),
        monitoring: inStage('CPCM_MONITORING').map((e) => ({
            date: e.date,
            ...(e.values.CPCM_MON_NEXT_VISIT ? { nextVisit: e.values.CPCM_MON_NEXT_VISIT } : {}),
        })),
        reviews: inStage('CPCM_REVIEW').map((e) => ({
            date: e.date,
            ...(e.values.CPCM_REV_DECISION ? { decision: e.values.CPCM_REV_DECISION } : {}),
            ...(e.values.CPCM_REV_NEXT_REVIEW ? { nextReview: e.values.CPCM_REV_NEXT_REVIEW } : {}),
        })),
        ...(closure ? { closure: { date: closure.date } } : {}),
        timeline: events.map(({ event, stageCode, date, status }) => ({ event, stageCode, date, status })),
    }
}
