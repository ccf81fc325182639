import { ids } from '../../tests/fixtures/package-lookup'
import { seedTrackedEntity } from '../../tests/fixtures/seed-cases'
import { serverMetadata } from '../test/serverMetadata'
import { buildAppMetadata } from './appMetadata'
import type { TrackerEnrollmentJson } from './tracker'
import { worklistCasesQuery, worklistPageQuery, worklistRows } from './worklistQuery'

const meta = buildAppMetadata(serverMetadata())

describe('worklist queries', () => {
    it('asks the server for one page of intake events with the filters it can apply', () => {
        const query = worklistPageQuery(meta, { scope: 'DISTRICT', tier: 'TIER1', caseType: 'SEXUAL_VIOLENCE', step: 5 }, 3)
        expect(query).toEqual({
            resource: 'tracker/events',
            params: expect.objectContaining({
                program: ids.program('CPCM_CASE'),
                programStage: ids.stage('CPCM_INTAKE'),
                orgUnit: 'GaSaBo00003',
                orgUnitMode: 'DESCENDANTS',
                filter: [`${ids.dataElement('CPCM_INT_RISK_TIER')}:eq:TIER1`, `${ids.dataElement('CPCM_INT_CASE_TYPE')}:eq:SEXUAL_VIOLENCE`],
                order: 'scheduledAt:asc',
                page: 3,
                pageSize: 20,
                totalPages: true,
            }),
        })
        expect(worklistPageQuery(meta, { scope: 'MINE' }, 1).params.filter).toEqual([`${ids.dataElement('CPCM_INT_CASEWORKER')}:eq:cpwo.gasabo`])
        expect(worklistCasesQuery(meta, ['a', 'b']).params).toMatchObject({ enrollments: ['a', 'b'], paging: false })
    })

    it('turns cases into rows with the child code only, and filters the page by step', () => {
        const seeded = seedTrackedEntity(7) as unknown as { attributes: { attribute: string; value: string }[]; enrollments: TrackerEnrollmentJson[] }
        const enrollment = { ...seeded.enrollments[0]!, attributes: seeded.attributes }
        const [row] = worklistRows(meta, [enrollment], { scope: 'MINE' }, '2026-12-01')
        expect(row).toMatchObject({ childCode: expect.stringMatching(/^[A-Z-]+-[A-Z]{2}\d{4}$/), step: 8, next: { kind: 'MONITOR' } })
        expect(JSON.stringify(row)).not.toMatch(/Canary/)
        expect(worklistRows(meta, [enrollment], { scope: 'MINE', step: 5 }, '2026-12-01')).toEqual([])
    })
})
