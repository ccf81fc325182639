/**
 * The register's working lists: concerns still to screen (event ACTIVE: new or pending
 * verification) and concerns screened VENA with no case yet. Paged by the server, oldest first.
 */
import type { AppMetadata } from './appMetadata'

export type ConcernList = 'TO_SCREEN' | 'AWAITING_INTAKE'

export function concernsQuery(meta: AppMetadata, list: ConcernList, page: number, pageSize = 20) {
    const de = (code: string) => meta.dataElement(code).id
    const orgUnit = meta.me.orgUnits[0]?.id
    return {
        resource: 'tracker/events',
        params: {
            program: meta.incidentProgram.id,
            programStage: meta.stage('CPCM_INCIDENT_RECORD').id,
            ...(orgUnit ? { orgUnit, orgUnitMode: 'DESCENDANTS' } : { orgUnitMode: 'ACCESSIBLE' }),
            ...(list === 'TO_SCREEN'
                ? { status: 'ACTIVE' }
                : { status: 'COMPLETED', filter: [`${de('CPCM_INC_SCREENING')}:eq:VENA`, `${de('CPCM_INC_CASE_ENROLLMENT')}:null`] }),
            order: 'occurredAt:asc',
            fields: 'event,programStage,orgUnit,occurredAt,status,dataValues[dataElement,value]',
            page,
            pageSize,
            totalPages: true,
        },
    }
}
