import i18n from '@dhis2/d2-i18n'
import { screen, within } from '@testing-library/react'
import { programmeList, renderApp } from './test/renderApp'

const caseProgramme = {
    id: 'CpcmCase001',
    displayName: 'Child protection case',
    // deliberately out of order: the app must order by sortOrder
    programStages: [
        { id: 'stageIntake', displayName: 'Intake', sortOrder: 4 },
        { id: 'stageIdentif', displayName: 'Identification', sortOrder: 1 },
        { id: 'stageScreen', displayName: 'Screening and risk categorisation', sortOrder: 3 },
        { id: 'stageRecord', displayName: 'Recording', sortOrder: 2 },
    ],
}

describe('App', () => {
    it('shows the header and a labelled loader while the programme loads', () => {
        renderApp(programmeList([caseProgramme]), { loadForever: true })

        expect(screen.getByRole('heading', { level: 1 }).textContent).toBe(
            'Child Protection Case Management'
        )
        expect(screen.getByRole('heading', { name: 'Programme overview' })).toBeTruthy()
        expect(screen.getByRole('progressbar', { name: 'Loading the case programme' })).toBeTruthy()
    })

    it('asks for the case programme by its code and lists its stages in order', async () => {
        const programs = jest.fn(programmeList([caseProgramme]))
        renderApp(programs)

        const list = await screen.findByRole('list', { name: 'Case management process' })
        const stages = within(list)
            .getAllByRole('listitem')
            .map((item) => item.textContent)
        expect(stages).toEqual([
            'Identification',
            'Recording',
            'Screening and risk categorisation',
            'Intake',
        ])
        expect(screen.getByText('Child protection case')).toBeTruthy()
        expect(programs).toHaveBeenCalledWith(
            expect.objectContaining({
                params: {
                    filter: 'code:eq:CPCM_CASE',
                    fields: 'id,displayName,programStages[id,displayName,sortOrder]',
                },
            })
        )
    })

    it('says the metadata package is missing when the programme is absent', async () => {
        renderApp(programmeList([]))

        const notice = await screen.findByText(
            'The CPCM metadata package is not installed on this server'
        )
        expect(notice.closest('[data-test="cpcm-programme-missing"]')).not.toBeNull()
        expect(screen.queryByRole('list')).toBeNull()
    })

    it('says the programme has no stages when it has none', async () => {
        renderApp(programmeList([{ ...caseProgramme, programStages: [] }]))

        expect(await screen.findByText('The case programme has no stages')).toBeTruthy()
    })

    it('shows the error message when the programme cannot be loaded', async () => {
        // the query library logs failed queries; keep the test output clean
        jest.spyOn(console, 'error').mockImplementation(() => undefined)
        renderApp(() => Promise.reject(new Error('The server is unreachable')))

        const message = await screen.findByText('The server is unreachable')
        const notice = message.closest('[data-test="cpcm-programme-error"]')
        expect(notice).not.toBeNull()
        expect(notice?.textContent).toContain('Could not load the case programme')
        expect(screen.queryByRole('list')).toBeNull()
    })

    it('speaks French when the language is switched', async () => {
        await i18n.changeLanguage('fr')
        renderApp(programmeList([]))

        expect(screen.getByRole('heading', { level: 1 }).textContent).toBe(
            'Gestion des cas de protection de l’enfant'
        )
        expect(screen.getByRole('heading', { name: 'Aperçu du programme' })).toBeTruthy()
        expect(
            await screen.findByText('Le paquet de métadonnées CPCM n’est pas installé sur ce serveur')
        ).toBeTruthy()
    })
})
