import { fireEvent, screen, waitFor, within } from '@testing-library/react'
import { addDays, localIsoDate } from '../../domain'
import { A_CONCERN, seedConcern } from '../../test/concerns'
import { emulatedDhis2 } from '../../test/emulatedDhis2'
import { choose, renderApp } from '../../test/renderApp'
import { storedEvent } from '../../test/stored'

const answer = (question: string, option: string) => fireEvent.click(within(screen.getByTestId(`cpcm-question-${question}`)).getByLabelText(option))

describe('screening and risk categorisation', () => {
    it('screens a concern as Tier 1: same-day deadline from the programme rule, immediate actions required and shown', async () => {
        const server = emulatedDhis2()
        const event = seedConcern(server, A_CONCERN)
        renderApp(server, { hash: `#/screening/${event}` })

        await screen.findByRole('heading', { name: 'Screening and risk categorisation' })
        expect(screen.getByText(/Poverty or vulnerability alone is not VENA/)).toBeTruthy()
        answer('vena', 'Yes')
        expect(screen.getByText(/Tier 1 high risk: an immediate, urgent threat/)).toBeTruthy()
        answer('danger', 'Yes')

        expect(screen.getByTestId('cpcm-screening-outcome').textContent).toContain('VENA, Tier 1 high risk: respond today')
        const due = within(screen.getByTestId('cpcm-response-due'))
        expect(due.getByText('Due today')).toBeTruthy()
        expect(due.getByText(localIsoDate())).toBeTruthy()
        // The server's rules: a Tier 1 warning and the crime-reporting warning for physical violence at 9.
        const warnings = screen.getAllByTestId('cpcm-rule-warning').map((w) => w.textContent)
        expect(warnings).toEqual(expect.arrayContaining([expect.stringContaining('Tier 1: respond today'), expect.stringContaining('reporting to RIB or police is mandatory')]))
        expect(screen.getByTestId('cpcm-immediate-actions').textContent).toContain('Remove the child from immediate danger')

        fireEvent.click(screen.getByRole('button', { name: 'Save the screening' }))
        expect(await screen.findAllByText('Required')).toHaveLength(2)
        fireEvent.change(screen.getByLabelText(/Immediate actions taken/), { target: { value: 'Child taken to Isange OSC Kacyiru with her aunt.' } })
        answer('justice', 'Yes')
        fireEvent.click(screen.getByRole('button', { name: 'Save the screening' }))

        expect(await screen.findByTestId('cpcm-screening-vena')).toBeTruthy()
        expect(screen.getByRole('button', { name: 'Start the intake' })).toBeTruthy()
        const stored = storedEvent(server, event)
        expect(stored.status).toBe('COMPLETED')
        expect(stored.values).toMatchObject({
            CPCM_INC_SCREENING: 'VENA',
            CPCM_INC_RISK_TIER: 'TIER1',
            CPCM_INC_RESPONSE_DUE: localIsoDate(),
            CPCM_INC_IMMEDIATE_ACTIONS: 'Child taken to Isange OSC Kacyiru with her aunt.',
            CPCM_INC_REPORTED_JUSTICE: 'true',
        })
        fireEvent.click(screen.getByRole('button', { name: 'Start the intake' }))
        expect(window.location.hash).toBe(`#/intake/${event}`)
        expect(await screen.findByRole('button', { name: 'Register a new child' })).toBeTruthy()
    })

    it('makes a child who can stay a week Tier 2, due seven days after recording', async () => {
        const server = emulatedDhis2()
        const reportedOn = addDays(localIsoDate(), -2)
        const event = seedConcern(server, { ...A_CONCERN, CPCM_INC_CASE_TYPE: 'NEGLECT_ABANDONMENT' }, { reportedOn })
        renderApp(server, { hash: `#/screening/${event}` })

        await screen.findByRole('heading', { name: 'Screening and risk categorisation' })
        answer('vena', 'Yes')
        answer('danger', 'No')
        answer('week', 'Yes')

        expect(screen.getByTestId('cpcm-screening-outcome').textContent).toContain('Tier 2')
        expect(within(screen.getByTestId('cpcm-response-due')).getByText(addDays(reportedOn, 7))).toBeTruthy()
        expect(screen.queryByLabelText(/Immediate actions taken/)).toBeNull()
        fireEvent.click(screen.getByRole('button', { name: 'Save the screening' }))
        await screen.findByTestId('cpcm-screening-vena')
        expect(storedEvent(server, event).values).toMatchObject({ CPCM_INC_RISK_TIER: 'TIER2', CPCM_INC_RESPONSE_DUE: addDays(reportedOn, 7) })
    })

    it('ends a non-VENA concern with an early intervention referral and no intake', async () => {
        const server = emulatedDhis2()
        const { CPCM_INC_CASE_TYPE: _unknown, ...withoutType } = A_CONCERN
        const event = seedConcern(server, withoutType)
        renderApp(server, { hash: `#/screening/${event}` })

        await screen.findByRole('heading', { name: 'Screening and risk categorisation' })
        answer('vena', 'No')
        expect(screen.getByTestId('cpcm-rule-text').textContent).toContain('No case file or person record is created')
        fireEvent.click(screen.getByRole('button', { name: 'Save the screening' }))
        expect(await screen.findByText('Required')).toBeTruthy()
        await choose(/Early intervention referral/, 'Positive parenting support')
        fireEvent.click(screen.getByRole('button', { name: 'Save the screening' }))

        const result = await screen.findByTestId('cpcm-screening-not-vena')
        expect(result.textContent).toContain('Positive parenting support')
        expect(screen.queryByRole('button', { name: 'Start the intake' })).toBeNull()
        await waitFor(() => expect(storedEvent(server, event).values).toMatchObject({ CPCM_INC_SCREENING: 'NOT_VENA', CPCM_INC_EARLY_INTERVENTION: 'PARENTING' }))
        expect(storedEvent(server, event).values.CPCM_INC_RISK_TIER).toBeUndefined()
        expect(server.emulator.tracker.trackedEntities.size).toBe(0)
    })
})
