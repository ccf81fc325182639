import { fireEvent, screen, waitFor, within } from '@testing-library/react'
import { emulatedDhis2 } from '../../test/emulatedDhis2'
import { choose, renderApp } from '../../test/renderApp'

interface IntakeEvent {
    enrollment: string
    scheduledAt?: string
}

const rowTexts = () => screen.getAllByTestId('cpcm-worklist-row').map((row) => row.textContent ?? '')

describe('worklist', () => {
    it('lists my district page by page with child code, type, tier, step, next action and due date, overdue first, no names', async () => {
        const server = emulatedDhis2({ cases: 90 })
        renderApp(server)
        fireEvent.click(await screen.findByRole('tab', { name: 'My district' }))

        await screen.findByTestId('cpcm-worklist-ready')
        const rows = screen.getAllByTestId('cpcm-worklist-row')
        expect(rows).toHaveLength(20)
        const first = within(rows[0]!)
        expect(first.getByRole('button').textContent).toMatch(/^GAS-[A-Z]{3}-[A-Z]{2}\d{4}$/)
        expect(rows[0]!.textContent).toMatch(/Tier [12]/)
        expect(document.body.textContent).not.toMatch(/Canary/)
        // Seeded cases are months old: all overdue, the oldest deadline first.
        const dues = rows.map((r) => r.querySelector('time')?.getAttribute('dateTime') ?? '')
        expect(rows.every((r) => r.querySelector('[data-status="OVERDUE"]'))).toBe(true)
        expect(dues).toEqual([...dues].sort())
        expect(rows[0]!.textContent).toContain('8. Monitoring and case review')

        const pageCall = server.calls.filter((c) => c.resource === 'tracker/events').at(-1)!
        expect(pageCall.params).toMatchObject({ page: 1, pageSize: 20, orgUnit: 'GaSaBo00003', orgUnitMode: 'DESCENDANTS', totalPages: true })
        const casesCall = server.calls.filter((c) => c.resource === 'tracker/enrollments').at(-1)!
        expect(casesCall.params.enrollments).toHaveLength(20)

        // The server orders by the intake's scheduledAt (the case's next deadline) before paging: the
        // cases with the earliest deadline are on page 1, though by creation order (the server's
        // default, newest first) they come on a later page.
        const events = (server.data as unknown as Record<string, (type: string, query: object) => Promise<{ events: IntakeEvent[] }>>)['tracker/events']!
        const read = (params: Record<string, unknown>) => events('read', { resource: 'tracker/events', params }).then((body) => body.events)
        const { order, ...unordered } = pageCall.params
        expect(order).toBe('scheduledAt:asc')
        const all = await read({ ...unordered, page: undefined, pageSize: undefined, totalPages: undefined, paging: false, fields: 'enrollment,scheduledAt' })
        const earliest = Math.min(...all.map((e) => Date.parse(e.scheduledAt ?? '9999-12-31')))
        const overdueFirst = all.filter((e) => Date.parse(e.scheduledAt ?? '9999-12-31') === earliest).map((e) => e.enrollment)
        const byCreation = (await read({ ...unordered, fields: 'enrollment' })).map((e) => e.enrollment)
        expect(all.length).toBeGreaterThan(20)
        expect(overdueFirst.length).toBeGreaterThan(0)
        expect(overdueFirst.filter((e) => byCreation.includes(e))).toEqual([])
        expect(casesCall.params.enrollments).toEqual(expect.arrayContaining(overdueFirst))

        const pagination = screen.getByTestId('cpcm-worklist-pagination')
        fireEvent.click(within(pagination).getByRole('button', { name: /next/i }))
        await waitFor(() => expect(server.calls.filter((c) => c.resource === 'tracker/events').at(-1)!.params.page).toBe(2))
    })

    it('filters by tier on the server', async () => {
        const server = emulatedDhis2({ cases: 30 })
        renderApp(server)
        fireEvent.click(await screen.findByRole('tab', { name: 'My district' }))
        await screen.findByTestId('cpcm-worklist-ready')
        await choose('Risk tier', 'Tier 1')

        await waitFor(() => expect(server.calls.filter((c) => c.resource === 'tracker/events').at(-1)!.params.filter).toEqual([expect.stringMatching(/:eq:TIER1$/)]))
        await waitFor(() => expect(rowTexts().length).toBeGreaterThan(0))
        await waitFor(() => expect(rowTexts().every((t) => t.includes('Tier 1'))).toBe(true))
    })

    it('shows my cases by the allocated caseworker', async () => {
        const server = emulatedDhis2({ cases: 6 })
        renderApp(server)

        await screen.findByTestId('cpcm-worklist-ready')
        const call = server.calls.find((c) => c.resource === 'tracker/events')!
        expect(call.params.filter).toEqual([expect.stringMatching(/:eq:cpwo\.gasabo$/)])
        expect(call.params.orgUnitMode).toBe('ACCESSIBLE')
    })

    it('says when no case matches', async () => {
        renderApp(emulatedDhis2())
        expect(await screen.findByTestId('cpcm-worklist-empty')).toBeTruthy()
    })
})
