/** The case programme, fetched by its code, with the stages that frame the nine-step process. */
export const CASE_PROGRAMME_CODE = 'CPCM_CASE'

export const caseProgrammeQuery = {
    programs: {
        resource: 'programs',
        params: {
            filter: `code:eq:${CASE_PROGRAMME_CODE}`,
            fields: 'id,displayName,programStages[id,displayName,sortOrder]',
        },
    },
}

export interface ProgrammeStage {
    id: string
    displayName: string
    sortOrder?: number
}

export interface CaseProgramme {
    id: string
    displayName: string
    programStages?: ProgrammeStage[]
}

export interface CaseProgrammeQueryResult {
    programs: { programs: CaseProgramme[] }
}
