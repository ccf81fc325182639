import { fireEvent, screen, waitFor, within } from '@testing-library/react'
import { addDays, localIsoDate } from '../../domain'
import { A_CONCERN, seedConcern } from '../../test/concerns'
import { emulatedDhis2 } from '../../test/emulatedDhis2'
import { renderApp } from '../../test/renderApp'

describe('concerns to screen', () => {
    it('lists unscreened concerns oldest first, then the VENA ones awaiting intake', async () => {
        const server = emulatedDhis2()
        const newer = seedConcern(server, A_CONCERN)
        const older = seedConcern(server, { ...A_CONCERN, CPCM_INC_CHANNEL: 'IZU' }, { reportedOn: addDays(localIsoDate(), -3) })
        const vena = seedConcern(server, { ...A_CONCERN, CPCM_INC_SCREENING: 'VENA', CPCM_INC_RISK_TIER: 'TIER1', CPCM_INC_RESPONSE_DUE: localIsoDate() }, { status: 'COMPLETED' })
        seedConcern(server, { ...A_CONCERN, CPCM_INC_SCREENING: 'NOT_VENA', CPCM_INC_EARLY_INTERVENTION: 'PARENTING' }, { status: 'COMPLETED' })
        renderApp(server, { hash: '#/concerns' })

        await screen.findByTestId('cpcm-concerns-table')
        const rows = screen.getAllByTestId('cpcm-concern-row')
        expect(rows.map((r) => r.textContent?.slice(0, 10))).toEqual([addDays(localIsoDate(), -3), localIsoDate()])
        fireEvent.click(within(rows[0]!).getByRole('button', { name: 'Screen' }))
        await waitFor(() => expect(window.location.hash).toBe(`#/screening/${older}`))
        expect(newer).not.toBe(older)

        fireEvent.click(screen.getByRole('button', { name: 'Concerns to screen' }))
        fireEvent.click(await screen.findByRole('tab', { name: 'Awaiting intake' }))
        await waitFor(() => expect(screen.getAllByTestId('cpcm-concern-row')).toHaveLength(1))
        const row = screen.getByTestId('cpcm-concern-row')
        expect(row.textContent).toContain('Tier 1')
        expect(within(row).getByText('Due today')).toBeTruthy()
        fireEvent.click(within(row).getByRole('button', { name: 'Start the intake' }))
        await waitFor(() => expect(window.location.hash).toBe(`#/intake/${vena}`))
        await screen.findByRole('button', { name: 'Register a new child' })
    })
})
