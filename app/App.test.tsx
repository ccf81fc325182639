import i18n from '@dhis2/d2-i18n'
import { CustomDataProvider } from '@dhis2/app-runtime'
import { render, screen } from '@testing-library/react'
import App from './App'
import { emulatedDhis2 } from './test/emulatedDhis2'
import { renderApp } from './test/renderApp'
import { serverMetadata } from './test/serverMetadata'

const withPrograms = (answer: () => Promise<unknown>) => {
    const server = emulatedDhis2()
    return { ...server, data: { ...server.data, programs: answer as never } }
}

describe('App', () => {
    it('shows the header and a labelled loader while the metadata loads', () => {
        renderApp(emulatedDhis2(), { loadForever: true })

        expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Child Protection Case Management')
        expect(screen.getByRole('progressbar', { name: 'Loading the case programme' })).toBeTruthy()
    })

    it('asks for the programmes, rules and variables by code, then shows the worklist', async () => {
        const { server } = renderApp()

        expect(await screen.findByRole('heading', { name: 'Worklist' })).toBeTruthy()
        expect(screen.getByRole('navigation', { name: 'Main' })).toBeTruthy()
        const params = (resource: string) => server.calls.find((c) => c.resource === resource)?.params
        expect(params('programs')).toMatchObject({ filter: 'code:in:[CPCM_CASE,CPCM_INCIDENT]' })
        expect(params('programRules')).toMatchObject({ filter: 'program.code:in:[CPCM_CASE,CPCM_INCIDENT]' })
        expect(params('programRuleVariables')).toMatchObject({ filter: 'program.code:in:[CPCM_CASE,CPCM_INCIDENT]' })
    })

    it('says the metadata package is missing, and what is missing, when a programme is absent', async () => {
        const incidentOnly = serverMetadata().programs.programs.filter((p) => p.code === 'CPCM_INCIDENT')
        const server = withPrograms(() => Promise.resolve({ programs: incidentOnly }))
        render(
            <CustomDataProvider data={server.data} options={{ failOnMiss: true }}>
                <App />
            </CustomDataProvider>
        )

        const notice = await screen.findByTestId('cpcm-metadata-missing')
        expect(notice.textContent).toContain('The CPCM metadata package is not installed on this server')
        expect(notice.textContent).toContain('CPCM_CASE')
    })

    it('shows the error message when the metadata cannot be loaded', async () => {
        // the query library logs failed queries; keep the test output clean
        jest.spyOn(console, 'error').mockImplementation(() => undefined)
        const server = withPrograms(() => Promise.reject(new Error('The server is unreachable')))
        render(
            <CustomDataProvider data={server.data} options={{ failOnMiss: true }}>
                <App />
            </CustomDataProvider>
        )

        const notice = await screen.findByTestId('cpcm-metadata-error')
        expect(notice.textContent).toContain('Could not load the case programme')
        expect(notice.textContent).toContain('The server is unreachable')
    })

    it('speaks French when the language is switched', async () => {
        await i18n.changeLanguage('fr')
        renderApp()

        expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Gestion des cas de protection de l’enfant')
        expect(await screen.findByRole('heading', { name: 'Liste de travail' })).toBeTruthy()
        expect(screen.getByRole('tab', { name: 'Mes cas' })).toBeTruthy()
    })
})
