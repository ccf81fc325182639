/** Puts a concern in the emulated incident register, as a CPWO would have recorded it. */
import { ids } from '../../tests/fixtures/package-lookup'
import { localIsoDate } from '../domain'
import type { EmulatedDhis2 } from './emulatedDhis2'
import { KACYIRU } from './serverMetadata'

let n = 0

export function seedConcern(server: EmulatedDhis2, values: Record<string, string>, options: { reportedOn?: string; status?: string } = {}): string {
    n += 1
    const event = `cOnCeRn${String(n).padStart(4, '0')}`
    const report = server.emulator.importTracker({
        events: [
            {
                event,
                program: ids.program('CPCM_INCIDENT'),
                programStage: ids.stage('CPCM_INCIDENT_RECORD'),
                orgUnit: KACYIRU.id,
                occurredAt: options.reportedOn ?? localIsoDate(),
                status: options.status ?? 'ACTIVE',
                dataValues: Object.entries(values).map(([code, value]) => ({ dataElement: ids.dataElement(code), value })),
            },
        ],
    }) as { status?: string }
    if (report.status !== 'OK') throw new Error(`seeding a concern failed: ${JSON.stringify(report).slice(0, 1000)}`)
    return event
}

export const A_CONCERN = {
    CPCM_INC_REPORTER_TYPE: 'TEACHER',
    CPCM_INC_CHANNEL: 'HOTLINE_116',
    CPCM_INC_DESCRIPTION: 'Child with burns on both hands; says an adult at home did it.',
    CPCM_INC_CHILD_AGE: '9',
    CPCM_INC_CHILD_SEX: 'FEMALE',
    CPCM_INC_CASE_TYPE: 'PHYSICAL_VIOLENCE',
}
