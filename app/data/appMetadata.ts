/**
 * The server's metadata indexed by code, so screens name programmes, stages, data
 * elements and attributes by their stable codes and never by a UID. Also converts the
 * rules to the plain /api/metadata shape the rule engine bridge reads.
 */
import type { Dhis2Metadata, Dhis2ProgramRuleAction } from '../../metadata/engine'
import {
    PROGRAMME_CODES,
    type MetadataQueryResult,
    type OrgUnitRef,
    type ServerField,
    type ServerProgram,
    type ServerStage,
} from './metadataQuery'

export interface FieldInfo {
    id: string
    code: string
    displayName: string
    valueType: string
    options?: { code: string; displayName: string }[]
    confidential: boolean
    generated: boolean
}

export interface StageInfo {
    id: string
    code: string
    displayName: string
    sortOrder: number
}

export interface ProgramInfo {
    id: string
    code: string
    displayName: string
    trackedEntityType?: string
}

export interface AppMetadata {
    caseProgram: ProgramInfo
    incidentProgram: ProgramInfo
    stage(code: string): StageInfo
    dataElement(code: string): FieldInfo
    attribute(code: string): FieldInfo
    /** Reverse lookups for what the tracker API returns (UIDs). */
    stageCode(id: string): string | undefined
    dataElementCode(id: string): string | undefined
    attributeCode(id: string): string | undefined
    /** Stages of the case programme in order. */
    caseStages: StageInfo[]
    /** The display name of an option of a field, by code (the code itself when unknown). */
    optionName(field: FieldInfo, code: string | undefined): string
    /** Rules, variables and fields in the shape metadata/engine evaluates. */
    ruleMetadata: Dhis2Metadata
    me: {
        id: string
        username: string
        displayName: string
        /** The user's capture org units. */
        orgUnits: OrgUnitRef[]
        /** Where the user can place a concern or filter a list: their org units and the units just below. */
        orgUnitChoices: OrgUnitRef[]
    }
}

/** What the app cannot work without; a server missing any of these lacks the CPCM package. */
export const REQUIRED = {
    stages: ['CPCM_INCIDENT_RECORD', 'CPCM_INTAKE', 'CPCM_ASSESSMENT', 'CPCM_CASE_PLAN', 'CPCM_MONITORING', 'CPCM_REVIEW', 'CPCM_CLOSURE', 'CPCM_CASE_NOTE'],
    dataElements: [
        'CPCM_INC_REPORTER_TYPE', 'CPCM_INC_CHANNEL', 'CPCM_INC_DESCRIPTION', 'CPCM_INC_CHILD_AGE', 'CPCM_INC_CHILD_SEX',
        'CPCM_INC_CASE_TYPE', 'CPCM_INC_SCREENING', 'CPCM_INC_RISK_TIER', 'CPCM_INC_RESPONSE_DUE',
        'CPCM_INC_EARLY_INTERVENTION', 'CPCM_INC_CASE_ENROLLMENT', 'CPCM_INT_CASE_TYPE', 'CPCM_INT_RISK_TIER',
        'CPCM_INT_ASSESSMENT_DUE', 'CPCM_INT_CASEWORKER', 'CPCM_ASM_COMPLETED', 'CPCM_PLAN_DUE', 'CPCM_PLAN_STATUS',
        'CPCM_REV_DECISION', 'CPCM_REV_NEXT_REVIEW', 'CPCM_MON_NEXT_VISIT', 'CPCM_NOTE_TEXT',
    ],
    attributes: ['CPCM_CHILD_CODE', 'CPCM_FIRST_NAME', 'CPCM_LAST_NAME', 'CPCM_SEX', 'CPCM_DATE_OF_BIRTH'],
} as const

export class MetadataMissingError extends Error {
    constructor(readonly missing: string[]) {
        super(`Missing from the server's metadata: ${missing.join(', ')}`)
    }
}

const fieldInfo = (field: ServerField): FieldInfo => ({
    id: field.id,
    code: field.code,
    displayName: field.formName ?? field.displayName,
    valueType: field.valueType,
    ...(field.optionSet ? { options: field.optionSet.options.map(({ code, displayName }) => ({ code, displayName })) } : {}),
    confidential: field.confidential ?? false,
    generated: field.generated ?? false,
})

export function buildAppMetadata(result: MetadataQueryResult): AppMetadata {
    const programs = result.programs.programs
    const find = (code: string) => programs.find((p) => p.code === code)
    const caseProgram = find(PROGRAMME_CODES.case)
    const incidentProgram = find(PROGRAMME_CODES.incident)
    const missing: string[] = []
    if (!caseProgram) missing.push(PROGRAMME_CODES.case)
    if (!incidentProgram) missing.push(PROGRAMME_CODES.incident)
    if (!caseProgram || !incidentProgram) throw new MetadataMissingError(missing)

    const stages = new Map<string, ServerStage>()
    const dataElements = new Map<string, ServerField>()
    const attributes = new Map<string, ServerField>()
    for (const program of [incidentProgram, caseProgram]) {
        for (const stage of program.programStages ?? []) {
            stages.set(stage.code, stage)
            for (const psde of stage.programStageDataElements ?? []) dataElements.set(psde.dataElement.code, psde.dataElement)
        }
        for (const ptea of program.programTrackedEntityAttributes ?? []) attributes.set(ptea.trackedEntityAttribute.code, ptea.trackedEntityAttribute)
    }
    missing.push(
        ...REQUIRED.stages.filter((c) => !stages.has(c)),
        ...REQUIRED.dataElements.filter((c) => !dataElements.has(c)),
        ...REQUIRED.attributes.filter((c) => !attributes.has(c)),
    )
    if (missing.length > 0) throw new MetadataMissingError(missing)

    // The package prefixes its names ("CPCM - Intake") to keep them apart on a shared server; inside the app the prefix is noise.
    const stageInfo = (s: ServerStage): StageInfo => ({ id: s.id, code: s.code, displayName: s.displayName.replace(/^CPCM - /, ''), sortOrder: s.sortOrder ?? 0 })
    const reverse = <T extends { id: string; code: string }>(items: Map<string, T>) => new Map([...items.values()].map((i) => [i.id, i.code]))
    const [stageCodes, dataElementCodes, attributeCodes] = [reverse(stages), reverse(dataElements), reverse(attributes)]
    const lookup = <T>(items: Map<string, T>, kind: string, convert: (item: T) => FieldInfo | StageInfo) => (code: string) => {
        const item = items.get(code)
        if (!item) throw new MetadataMissingError([`${kind} ${code}`])
        return convert(item)
    }
    const programInfo = (p: ServerProgram): ProgramInfo => ({
        id: p.id,
        code: p.code,
        displayName: p.displayName,
        ...(p.trackedEntityType ? { trackedEntityType: p.trackedEntityType.id } : {}),
    })

    return {
        caseProgram: programInfo(caseProgram),
        incidentProgram: programInfo(incidentProgram),
        stage: lookup(stages, 'stage', stageInfo) as (code: string) => StageInfo,
        dataElement: lookup(dataElements, 'data element', fieldInfo) as (code: string) => FieldInfo,
        attribute: lookup(attributes, 'attribute', fieldInfo) as (code: string) => FieldInfo,
        stageCode: (id) => stageCodes.get(id),
        dataElementCode: (id) => dataElementCodes.get(id),
        attributeCode: (id) => attributeCodes.get(id),
        caseStages: (caseProgram.programStages ?? []).map(stageInfo).sort((a, b) => a.sortOrder - b.sortOrder),
        optionName: (field, code) => (code === undefined ? '' : (field.options?.find((o) => o.code === code)?.displayName ?? code)),
        ruleMetadata: toRuleMetadata(result, [...dataElements.values()], [...attributes.values()]),
        me: {
            id: result.me.id,
            username: result.me.username,
            displayName: result.me.displayName,
            orgUnits: result.me.organisationUnits ?? [],
            orgUnitChoices: (result.me.organisationUnits ?? []).flatMap(({ children, ...unit }) => [
                unit,
                ...[...(children ?? [])].sort((a, b) => a.displayName.localeCompare(b.displayName)),
            ]),
        },
    }
}

function toRuleMetadata(result: MetadataQueryResult, dataElements: ServerField[], attributes: ServerField[]): Dhis2Metadata {
    const optionSets = new Map<string, NonNullable<ServerField['optionSet']>>()
    for (const field of [...dataElements, ...attributes]) if (field.optionSet) optionSets.set(field.optionSet.id, field.optionSet)
    const asField = (f: ServerField) => ({
        id: f.id,
        name: f.displayName,
        valueType: f.valueType as never,
        ...(f.optionSet ? { optionSet: { id: f.optionSet.id } } : {}),
    })
    const rules = result.programRules.programRules
    return {
        programs: result.programs.programs.map((p) => ({
            id: p.id,
            displayName: p.displayName,
            programType: p.programType,
            programStages: p.programStages.map((s) => ({ id: s.id, displayName: s.displayName })),
        })),
        programRules: rules.map((r) => ({
            id: r.id,
            name: r.name,
            ...(r.displayName ? { displayName: r.displayName } : {}),
            condition: r.condition ?? '',
            priority: r.priority ?? null,
            program: r.program,
            programStage: r.programStage ?? null,
            programRuleActions: r.programRuleActions.map((a) => ({ id: a.id })),
        })),
        programRuleActions: rules.flatMap((r) =>
            r.programRuleActions.map(
                ({ displayContent, content, location: _location, ...a }): Dhis2ProgramRuleAction => ({
                    ...a,
                    programRuleActionType: a.programRuleActionType as Dhis2ProgramRuleAction['programRuleActionType'],
                    ...((displayContent ?? content) !== undefined ? { content: displayContent ?? content } : {}),
                    programRule: { id: r.id },
                }),
            ),
        ),
        programRuleVariables: result.programRuleVariables.programRuleVariables.map((v) => ({
            ...v,
            programRuleVariableSourceType: v.programRuleVariableSourceType as never,
            valueType: v.valueType as never,
        })),
        dataElements: dataElements.map(asField),
        trackedEntityAttributes: attributes.map(asField),
        optionSets: [...optionSets.values()].map((set) => ({
            id: set.id,
            options: set.options.map((o) => ({ id: o.id, code: o.code, name: o.displayName })),
        })),
    }
}
