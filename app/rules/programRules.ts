/**
 * The server's programme rules, evaluated in the browser with @dhis2/rule-engine through
 * the metadata/engine bridge (the same conversion the package's own rule tests use).
 * Screens speak codes: values in, effects out, keyed by data element or attribute code.
 */
import { createRuleEvaluator, type FieldValue, type RuleEffect, type TrackerEvent } from '../../metadata/engine'
import type { AppMetadata } from '../data/appMetadata'
import type { IsoDate } from '../domain'

export interface RuleMessage {
    /** The data element or attribute code the message is attached to, if any. */
    field?: string
    text: string
}

export interface RuleEffects {
    hidden: ReadonlySet<string>
    mandatory: ReadonlySet<string>
    warnings: RuleMessage[]
    errors: RuleMessage[]
    /** ASSIGN effects: the value the rule gives a field, by code. */
    assigned: Readonly<Record<string, FieldValue>>
    /** DISPLAYTEXT and DISPLAYKEYVALUEPAIR texts. */
    texts: string[]
    /** Rules the engine could not evaluate (it drops them); shown so nothing fails silently. */
    issues: string[]
}

export interface RuleEventValues {
    stageCode: string
    occurredAt: IsoDate
    /** Data values by data element code. */
    values: Readonly<Record<string, string | undefined>>
    status?: 'ACTIVE' | 'COMPLETED'
}

export interface RuleInput {
    orgUnit: string
    /** The event being edited; without it, rules run for the enrolment (case programme only). */
    current?: RuleEventValues
    /** For the case programme: the enrolment the event belongs to. */
    enrollment?: { occurredAt: IsoDate; enrolledAt: IsoDate; attributes?: Readonly<Record<string, string | undefined>> }
    otherEvents?: RuleEventValues[]
    today?: IsoDate
}

export type ProgramRules = (input: RuleInput) => RuleEffects

const CURRENT_EVENT = 'currentEvent'
const ENROLLMENT = 'currentEnrol'

export function createProgramRules(meta: AppMetadata, programme: 'case' | 'incident'): ProgramRules {
    const program = programme === 'case' ? meta.caseProgram : meta.incidentProgram
    const evaluator = createRuleEvaluator(meta.ruleMetadata, program.id)
    const fieldCode = (effect: RuleEffect) =>
        effect.dataElement ? meta.dataElementCode(effect.dataElement) : effect.trackedEntityAttribute ? meta.attributeCode(effect.trackedEntityAttribute) : undefined
    const toEvent = (values: RuleEventValues, id: string, orgUnit: string): TrackerEvent => ({
        event: id,
        program: program.id,
        programStage: meta.stage(values.stageCode).id,
        ...(programme === 'case' ? { enrollment: ENROLLMENT } : {}),
        orgUnit,
        status: values.status ?? 'ACTIVE',
        occurredAt: `${values.occurredAt}T00:00:00.000`,
        dataValues: Object.entries(values.values)
            .filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== '')
            .map(([code, value]) => ({ dataElement: meta.dataElement(code).id, value })),
    })

    return (input) => {
        const current = input.current ? toEvent(input.current, CURRENT_EVENT, input.orgUnit) : undefined
        const others = (input.otherEvents ?? []).map((e, i) => toEvent(e, `otherEvent${i}`, input.orgUnit))
        const result = evaluator.evaluate({
            ...(input.enrollment && programme === 'case'
                ? {
                      enrollment: {
                          enrollment: ENROLLMENT,
                          program: program.id,
                          orgUnit: input.orgUnit,
                          status: 'ACTIVE',
                          enrolledAt: `${input.enrollment.enrolledAt}T00:00:00.000`,
                          occurredAt: `${input.enrollment.occurredAt}T00:00:00.000`,
                          attributes: Object.entries(input.enrollment.attributes ?? {})
                              .filter((entry): entry is [string, string] => !!entry[1])
                              .map(([code, value]) => ({ attribute: meta.attribute(code).id, value })),
                      },
                  }
                : {}),
            events: current ? [...others, current] : others,
            ...(current ? { currentEvent: current } : {}),
            orgUnit: input.orgUnit,
            ...(input.today ? { today: input.today } : {}),
        })
        const effects: RuleEffects & { hidden: Set<string>; mandatory: Set<string>; assigned: Record<string, FieldValue> } = {
            hidden: new Set(),
            mandatory: new Set(),
            warnings: [],
            errors: [],
            assigned: {},
            texts: [],
            issues: result.issues.map((issue) => issue.message),
        }
        for (const effect of result.effects) {
            const field = fieldCode(effect)
            const text = [effect.content, effect.data].filter((part) => part !== undefined && part !== null && part !== '').join(' ')
            const message = { ...(field ? { field } : {}), text }
            switch (effect.type) {
                case 'HIDEFIELD':
                    if (field) effects.hidden.add(field)
                    break
                case 'SETMANDATORYFIELD':
                    if (field) effects.mandatory.add(field)
                    break
                case 'ASSIGN':
                    if (field) effects.assigned[field] = effect.value ?? effect.data
                    break
                case 'SHOWWARNING':
                case 'WARNINGONCOMPLETE':
                    effects.warnings.push(message)
                    break
                case 'SHOWERROR':
                case 'ERRORONCOMPLETE':
                    effects.errors.push(message)
                    break
                case 'DISPLAYTEXT':
                case 'DISPLAYKEYVALUEPAIR':
                    effects.texts.push(text)
                    break
                default:
                    break
            }
        }
        return effects
    }
}
