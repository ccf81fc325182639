/**
 * Everything the app needs from the server's metadata, asked for by code: the two
 * programmes with their stages, data elements, attributes and options, their programme
 * rules and variables (evaluated in the browser), and the current user.
 */
export const PROGRAMME_CODES = { case: 'CPCM_CASE', incident: 'CPCM_INCIDENT' } as const
const BY_PROGRAMME = `[${PROGRAMME_CODES.case},${PROGRAMME_CODES.incident}]`

const OPTION_SET = 'optionSet[id,code,options[id,code,displayName]]'

export const metadataQuery = {
    programs: {
        resource: 'programs',
        params: {
            filter: `code:in:${BY_PROGRAMME}`,
            fields: [
                'id,code,displayName,programType,trackedEntityType[id]',
                `programStages[id,code,displayName,sortOrder,repeatable,programStageDataElements[compulsory,dataElement[id,code,displayName,formName,valueType,${OPTION_SET}]]]`,
                `programTrackedEntityAttributes[mandatory,searchable,trackedEntityAttribute[id,code,displayName,formName,valueType,confidential,unique,generated,${OPTION_SET}]]`,
            ].join(','),
            paging: false,
        },
    },
    programRules: {
        resource: 'programRules',
        params: {
            filter: `program.code:in:${BY_PROGRAMME}`,
            fields:
                'id,code,name,displayName,condition,priority,program[id],programStage[id],' +
                'programRuleActions[id,programRuleActionType,content,displayContent,data,location,dataElement[id],trackedEntityAttribute[id],programStage[id],programStageSection[id],option[id],optionGroup[id]]',
            paging: false,
        },
    },
    programRuleVariables: {
        resource: 'programRuleVariables',
        params: {
            filter: `program.code:in:${BY_PROGRAMME}`,
            fields: 'id,name,programRuleVariableSourceType,useCodeForOptionSet,valueType,program[id],dataElement[id],trackedEntityAttribute[id],programStage[id]',
            paging: false,
        },
    },
    me: {
        resource: 'me',
        params: { fields: 'id,username,displayName,organisationUnits[id,code,displayName,path,children[id,code,displayName,path]]' },
    },
}

export interface ServerOption {
    id: string
    code: string
    displayName: string
}

export interface ServerOptionSet {
    id: string
    code?: string
    options: ServerOption[]
}

export interface ServerField {
    id: string
    code: string
    displayName: string
    formName?: string
    valueType: string
    optionSet?: ServerOptionSet
    confidential?: boolean
    unique?: boolean
    generated?: boolean
}

export interface ServerStage {
    id: string
    code: string
    displayName: string
    sortOrder?: number
    repeatable?: boolean
    programStageDataElements: { compulsory?: boolean; dataElement: ServerField }[]
}

export interface ServerProgram {
    id: string
    code: string
    displayName: string
    programType: 'WITH_REGISTRATION' | 'WITHOUT_REGISTRATION'
    trackedEntityType?: { id: string }
    programStages: ServerStage[]
    programTrackedEntityAttributes?: { mandatory?: boolean; searchable?: boolean; trackedEntityAttribute: ServerField }[]
}

export interface ServerRuleAction {
    id: string
    programRuleActionType: string
    content?: string
    displayContent?: string
    data?: string
    location?: string
    dataElement?: { id: string }
    trackedEntityAttribute?: { id: string }
    programStage?: { id: string }
    programStageSection?: { id: string }
    option?: { id: string }
    optionGroup?: { id: string }
}

export interface ServerRule {
    id: string
    code?: string
    name: string
    displayName?: string
    condition?: string
    priority?: number
    program: { id: string }
    programStage?: { id: string }
    programRuleActions: ServerRuleAction[]
}

export interface ServerRuleVariable {
    id: string
    name: string
    programRuleVariableSourceType: string
    useCodeForOptionSet?: boolean
    valueType?: string
    program: { id: string }
    dataElement?: { id: string }
    trackedEntityAttribute?: { id: string }
    programStage?: { id: string }
}

export interface OrgUnitRef {
    id: string
    code?: string
    displayName: string
    path?: string
    children?: OrgUnitRef[]
}

export interface ServerMe {
    id: string
    username: string
    displayName: string
    organisationUnits: OrgUnitRef[]
}

export interface MetadataQueryResult {
    programs: { programs: ServerProgram[] }
    programRules: { programRules: ServerRule[] }
    programRuleVariables: { programRuleVariables: ServerRuleVariable[] }
    me: ServerMe
}
