/**
 * Intake (step 4) as one atomic tracker import: the child (new, or found by child code),
 * the case (an enrolment whose incident date is the day the concern was recorded), the
 * completed intake event, and the concern's link to the case.
 */
import { tierDeadline, type IsoDate } from '../domain'
import type { AppMetadata } from './appMetadata'
import { dataValues, updatedConcernEvent, type CodedValues } from './concernPayloads'
import type { TrackerPayload } from './trackerImport'
import type { Concern } from './useConcern'

export interface IntakeInput {
    concern: Concern
    child: { existing: string } | { newChild: string; attributes: CodedValues }
    enrollment: string
    intakeEvent: string
    today: IsoDate
    /** Intake values by data element code (consent, allocation...). */
    values: CodedValues
}

export function intakePayload(meta: AppMetadata, input: IntakeInput): TrackerPayload {
    const { concern, today } = input
    const orgUnit = concern.orgUnit
    const intakeEvent = {
        event: input.intakeEvent,
        program: meta.caseProgram.id,
        programStage: meta.stage('CPCM_INTAKE').id,
        enrollment: input.enrollment,
        orgUnit,
        occurredAt: today,
        // The case's next deadline, which the worklist sorts by on the server: the assessment, due
        // as the rules assigned it, else by the tier (same day for Tier 1, seven days for Tier 2).
        scheduledAt:
            input.values.CPCM_INT_ASSESSMENT_DUE ??
            tierDeadline(input.values.CPCM_INT_RISK_TIER as Parameters<typeof tierDeadline>[0], today) ??
            today,
        status: 'COMPLETED',
        dataValues: dataValues(meta, { ...input.values, CPCM_INT_INCIDENT_EVENT: concern.json.event }),
    }
    const enrollment = {
        enrollment: input.enrollment,
        program: meta.caseProgram.id,
        orgUnit,
        status: 'ACTIVE',
        enrolledAt: today,
        occurredAt: concern.reportedOn,
        events: [intakeEvent],
    }
    const linkedConcern = updatedConcernEvent(meta, concern.json, { CPCM_INC_CASE_ENROLLMENT: input.enrollment }, 'COMPLETED')
    if ('existing' in input.child) {
        return { enrollments: [{ ...enrollment, trackedEntity: input.child.existing }], events: [linkedConcern] }
    }
    const attributes = Object.entries(input.child.attributes)
        .filter((entry): entry is [string, string] => !!entry[1])
        .map(([code, value]) => ({ attribute: meta.attribute(code).id, value }))
    return {
        trackedEntities: [
            {
                trackedEntity: input.child.newChild,
                trackedEntityType: meta.caseProgram.trackedEntityType,
                orgUnit,
                attributes,
                enrollments: [{ ...enrollment, trackedEntity: input.child.newChild }],
            },
        ],
        events: [linkedConcern],
    }
}

/** A concern about a child whose case is open: linked to that case, with a case note saying so. */
export function addConcernToCasePayload(
    meta: AppMetadata,
    input: { concern: Concern; enrollment: string; trackedEntity: string; note: string; today: IsoDate },
): TrackerPayload {
    const { concern } = input
    const tier = concern.values.CPCM_INC_RISK_TIER ?? ''
    return {
        events: [
            {
                event: input.note,
                program: meta.caseProgram.id,
                programStage: meta.stage('CPCM_CASE_NOTE').id,
                enrollment: input.enrollment,
                trackedEntity: input.trackedEntity,
                orgUnit: concern.orgUnit,
                occurredAt: input.today,
                status: 'COMPLETED',
                // Codes, not prose: the note is read in any language and carries no names.
                dataValues: dataValues(meta, { CPCM_NOTE_TEXT: `CPCM_NEW_CONCERN ${concern.json.event} ${concern.reportedOn} ${concern.values.CPCM_INC_CASE_TYPE ?? ''} ${tier}`.trim() }),
            },
            updatedConcernEvent(meta, concern.json, { CPCM_INC_CASE_ENROLLMENT: input.enrollment }, 'COMPLETED'),
        ],
    }
}
