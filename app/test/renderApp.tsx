import { CustomDataProvider } from '@dhis2/app-runtime'
import { render } from '@testing-library/react'
import App from '../App'

/** What the `programs` resource answers: a programme list or a failure. */
export type ProgramsAnswer = (query: { params?: Record<string, unknown> }) => Promise<unknown>

/** Renders the whole app against a fake DHIS2 API that only knows `programs`. */
export const renderApp = (programs: ProgramsAnswer, options: { loadForever?: boolean } = {}) =>
    render(
        <CustomDataProvider
            data={{ programs: (_type, query) => programs(query) as never }}
            options={{ failOnMiss: true, ...options }}
        >
            <App />
        </CustomDataProvider>
    )

export const programmeList = (programmes: unknown[]): ProgramsAnswer => () =>
    Promise.resolve({ pager: { page: 1, total: programmes.length }, programs: programmes })
