import { fireEvent, screen, waitFor, within } from '@testing-library/react'
import { addDays, localIsoDate } from '../../domain'
import { seedNewCase } from '../../test/cases'
import { emulatedDhis2 } from '../../test/emulatedDhis2'
import { renderApp } from '../../test/renderApp'

describe('case file', () => {
    it('shows the step bar, the same-day deadline of a Tier 1 case, the rule indicator and the timeline, without names', async () => {
        const server = emulatedDhis2()
        const { enrollment, childCode } = seedNewCase(server, { tier: 'TIER1' })
        renderApp(server, { hash: `#/case/${enrollment}` })

        expect((await screen.findByTestId('cpcm-case-child-code')).textContent).toBe(childCode)
        const steps = within(screen.getByRole('list', { name: 'Case management process' })).getAllByRole('listitem')
        expect(steps).toHaveLength(9)
        expect(steps.map((s) => s.getAttribute('data-state'))).toEqual(['done', 'done', 'done', 'done', 'current', 'todo', 'todo', 'todo', 'todo'])
        expect(steps[4]?.getAttribute('aria-current')).toBe('step')
        const next = screen.getByTestId('cpcm-next-action')
        expect(next.textContent).toContain('Complete the assessment')
        expect(within(next).getByText('Due today')).toBeTruthy()
        // The case programme's rule, evaluated in the browser for the enrolment.
        expect(screen.getByTestId('cpcm-case-indicators').textContent).toContain(`Tier 1: respond today. Recorded on ${localIsoDate()}`)
        expect(screen.getAllByTestId('cpcm-timeline-event').map((e) => e.textContent)).toEqual([expect.stringContaining('Intake')])
        expect(document.body.textContent).not.toMatch(/Canary|\+250/)
    })

    it('says when the assessment is overdue', async () => {
        const server = emulatedDhis2()
        const { enrollment } = seedNewCase(server, { tier: 'TIER2', recordedAt: addDays(localIsoDate(), -10) })
        renderApp(server, { hash: `#/case/${enrollment}` })

        const next = await screen.findByTestId('cpcm-next-action')
        expect(within(next).getByText('Overdue')).toBeTruthy()
        expect(screen.getByTestId('cpcm-case-indicators').textContent).toContain('Assessment overdue')
    })

    it('reveals names only with a reason, recorded in the case-file register', async () => {
        const server = emulatedDhis2()
        const { enrollment, trackedEntity, childCode } = seedNewCase(server)
        renderApp(server, { hash: `#/case/${enrollment}` })

        fireEvent.click(await screen.findByRole('button', { name: 'Show identifying details' }))
        const dialog = await screen.findByTestId('cpcm-reveal-modal')
        fireEvent.click(within(dialog).getByRole('button', { name: 'Record the reason and show' }))
        expect(within(dialog).getByText('Give a reason of at least 10 characters')).toBeTruthy()
        expect(server.dataStore).toHaveLength(0)

        fireEvent.change(within(dialog).getByLabelText(/Reason/), { target: { value: 'Home visit today: need the caregiver’s phone' } })
        fireEvent.click(within(dialog).getByRole('button', { name: 'Record the reason and show' }))

        const shown = await screen.findByTestId('cpcm-identity-shown')
        expect(shown.textContent).toContain('CanaryGrace')
        expect(shown.textContent).toContain('+250788000111')
        expect(server.dataStore).toEqual([
            {
                key: expect.stringMatching(/^cpcm-file-register\/\d{4}-\d{2}-\d{2}-[a-zA-Z0-9]{11}$/),
                value: expect.objectContaining({
                    action: 'REVEAL_IDENTITY',
                    username: 'cpwo.gasabo',
                    reason: 'Home visit today: need the caregiver’s phone',
                    trackedEntity,
                    childCode,
                    fields: ['CPCM_FIRST_NAME', 'CPCM_LAST_NAME', 'CPCM_DATE_OF_BIRTH', 'CPCM_CAREGIVER_PHONE'],
                    ownershipOverride: false,
                }),
            },
        ])
        expect(server.overrides).toEqual([])
        fireEvent.click(screen.getByRole('button', { name: 'Hide identifying details' }))
        expect(document.body.textContent).not.toMatch(/Canary/)
    })

    it('breaks the glass with DHIS2’s ownership override for a case owned outside the user’s org units', async () => {
        const server = emulatedDhis2()
        const { enrollment, trackedEntity } = seedNewCase(server, { orgUnit: 'NyAmIr00008', childCode: 'NYA-NYA-TT0001' })
        renderApp(server, { hash: `#/case/${enrollment}` })

        fireEvent.click(await screen.findByRole('button', { name: 'Show identifying details' }))
        const dialog = await screen.findByTestId('cpcm-reveal-modal')
        fireEvent.change(within(dialog).getByLabelText(/Reason/), { target: { value: 'Child moved to Gasabo; case conference' } })
        fireEvent.click(within(dialog).getByRole('button', { name: 'Record the reason and show' }))

        expect((await screen.findByTestId('cpcm-identity-shown')).textContent).toContain('outside the org unit that owns this case')
        expect(server.overrides).toEqual([{ trackedEntity, program: expect.any(String), reason: 'Child moved to Gasabo; case conference' }])
        expect(server.dataStore[0]?.value).toMatchObject({ ownershipOverride: true })
    })

    it('groups the cases of one child under the child code', async () => {
        const server = emulatedDhis2()
        const first = seedNewCase(server, { recordedAt: addDays(localIsoDate(), -400), status: 'COMPLETED' })
        const second = seedNewCase(server, { trackedEntity: first.trackedEntity, tier: 'TIER2' })
        renderApp(server, { hash: `#/case/${second.enrollment}` })

        const cases = await screen.findByTestId('cpcm-child-cases')
        expect(within(cases).getAllByRole('listitem')).toHaveLength(2)
        expect(cases.textContent).toContain('this case')
        expect(cases.textContent).toContain('(closed)')
        fireEvent.click(within(cases).getByRole('button', { name: 'Open' }))
        await waitFor(() => expect(window.location.hash).toBe(`#/case/${first.enrollment}`))
        expect((await screen.findByTestId('cpcm-case-child-code')).textContent).toBe(first.childCode)
    })
})
