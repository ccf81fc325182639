/**
 * The acceptance path, in the component harness: register a concern, screen it as
 * Tier 1, do the intake with consent, and find the case at the top of "my cases" as due today.
 */
import { fireEvent, screen, waitFor, within } from '@testing-library/react'
import { addDays, localIsoDate } from './domain'
import { emulatedDhis2 } from './test/emulatedDhis2'
import { choose, renderApp } from './test/renderApp'

const answer = (question: string, option: string) => fireEvent.click(within(screen.getByTestId(`cpcm-question-${question}`)).getByLabelText(option))
const type = (label: string | RegExp, value: string) => fireEvent.change(screen.getByLabelText(label), { target: { value } })

it('takes a Tier 1 concern from the register to the top of my worklist, due today', async () => {
    const server = emulatedDhis2({ cases: 30, seed: { from: addDays(localIsoDate(), -5) } })
    renderApp(server)

    fireEvent.click(await screen.findByRole('button', { name: 'Register a concern' }))
    await choose(/Reporter type/, 'IZU (Inshuti z\'Umuryango)')
    await choose(/Reporting channel/, 'IZU')
    await choose(/Where the child is/, 'Kacyiru')
    type(/Child age/, '12')
    await choose(/Suspected case type/, 'Sexual violence/abuse')
    fireEvent.click(screen.getByRole('button', { name: 'Save and screen' }))

    await screen.findByRole('heading', { name: 'Screening and risk categorisation' })
    answer('vena', 'Yes')
    answer('danger', 'Yes')
    type(/Immediate actions taken/, 'Accompanied to Isange One Stop Centre Kacyiru.')
    answer('justice', 'Yes')
    fireEvent.click(screen.getByRole('button', { name: 'Save the screening' }))
    fireEvent.click(await screen.findByRole('button', { name: 'Start the intake' }))

    fireEvent.click(await screen.findByRole('button', { name: 'Register a new child' }))
    await choose(/^Sex/, 'Female')
    type(/^Date of birth or age/, '2014-01-20')
    answer('consent-services', 'Yes')
    answer('consent-sharing', 'Yes')
    await choose(/Consent given by/, 'Caregiver or guardian')
    answer('assent', 'Yes')
    fireEvent.click(screen.getByLabelText(/Confidentiality agreement/))
    fireEvent.click(screen.getByRole('button', { name: 'Open the case' }))

    const code = (await screen.findByTestId('cpcm-case-child-code')).textContent
    expect(code).toMatch(/^GAS-KAC-/)
    fireEvent.click(screen.getByRole('button', { name: 'Worklist' }))

    await screen.findByTestId('cpcm-worklist-ready')
    const [top] = screen.getAllByTestId('cpcm-worklist-row')
    expect(within(top!).getByRole('button').textContent).toBe(code)
    expect(top!.textContent).toContain('Tier 1')
    expect(top!.textContent).toContain('5. Assessment')
    expect(top!.textContent).toContain('Complete the assessment')
    expect(within(top!).getByText('Due today')).toBeTruthy()
    await waitFor(() => expect(screen.getAllByTestId('cpcm-worklist-row').length).toBeGreaterThan(1))
})
