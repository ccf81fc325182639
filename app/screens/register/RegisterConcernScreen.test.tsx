import { fireEvent, screen, waitFor } from '@testing-library/react'
import { localIsoDate } from '../../domain'
import { emulatedDhis2 } from '../../test/emulatedDhis2'
import { choose, renderApp } from '../../test/renderApp'
import { storedEvents } from '../../test/stored'

const type = (label: string | RegExp, value: string) => fireEvent.change(screen.getByLabelText(label), { target: { value } })

describe('register a concern', () => {
    it('records a 116 hotline concern in the incident register and goes on to screening', async () => {
        const server = emulatedDhis2()
        renderApp(server, { hash: '#/register' })

        await screen.findByRole('heading', { name: 'Register a concern' })
        expect((screen.getByLabelText(/Date reported/) as HTMLInputElement).value).toBe(localIsoDate())
        await choose(/Reporter type/, 'Teacher or school staff')
        await choose(/Reporting channel/, '116 child helpline (RIB)')
        await choose(/Where the child is/, 'Kacyiru')
        type(/What happened/, 'Child with bruises says an adult at home beats her.')
        type(/Child age/, '9')
        await choose(/Child sex/, 'Female')
        await choose(/Suspected case type/, 'Physical violence/abuse')
        fireEvent.click(screen.getByRole('button', { name: 'Save and screen' }))

        await waitFor(() => expect(window.location.hash).toMatch(/^#\/screening\/[a-zA-Z][a-zA-Z0-9]{10}$/))
        const uid = window.location.hash.split('/')[2]
        const [event] = storedEvents(server)
        expect(event?.event).toBe(uid)
        expect(event?.orgUnit).toBe('KaCyRu00006')
        expect(event?.status).toBe('ACTIVE')
        expect(event?.occurredAt?.slice(0, 10)).toBe(localIsoDate())
        expect(event?.values).toEqual({
            CPCM_INC_REPORTER_TYPE: 'TEACHER',
            CPCM_INC_CHANNEL: 'HOTLINE_116',
            CPCM_INC_DESCRIPTION: 'Child with bruises says an adult at home beats her.',
            CPCM_INC_CHILD_AGE: '9',
            CPCM_INC_CHILD_SEX: 'FEMALE',
            CPCM_INC_CASE_TYPE: 'PHYSICAL_VIOLENCE',
        })
    })

    it('says what is required and saves nothing until it is given', async () => {
        const server = emulatedDhis2()
        renderApp(server, { hash: '#/register' })

        fireEvent.click(await screen.findByRole('button', { name: 'Save and screen' }))

        expect(await screen.findAllByText('Required')).toHaveLength(3)
        type(/Child age/, '9.5')
        expect(screen.getByText('Enter the age in whole years')).toBeTruthy()
        expect(server.calls.some((c) => c.resource === 'tracker')).toBe(false)
    })

    it('shows the server’s refusal', async () => {
        const server = emulatedDhis2()
        renderApp(server, { hash: '#/register' })

        await choose(/Reporter type/, 'The child')
        await choose(/Reporting channel/, 'IZU')
        // The district itself: the register is assigned to sectors only in the test server.
        await choose(/Where the child is/, 'Gasabo')
        fireEvent.click(screen.getByRole('button', { name: 'Save and screen' }))

        const notice = await screen.findByTestId('cpcm-register-error')
        expect(notice.textContent).toContain('The concern was not saved')
        expect(window.location.hash).toBe('#/register')
    })
})
