import { CustomDataProvider } from '@dhis2/app-runtime'
import { fireEvent, render, screen, within } from '@testing-library/react'
import App from '../App'
import { emulatedDhis2, type EmulatedDhis2 } from './emulatedDhis2'

/** Renders the whole app against a DHIS2 server (default: the emulated one), at a hash route. */
export function renderApp(server: EmulatedDhis2 = emulatedDhis2(), options: { hash?: string; loadForever?: boolean } = {}) {
    window.history.replaceState(null, '', options.hash ?? '#/')
    const view = render(
        <CustomDataProvider data={server.data} options={{ failOnMiss: true, ...(options.loadForever ? { loadForever: true } : {}) }}>
            <App />
        </CustomDataProvider>
    )
    return { server, ...view }
}

/** Picks an option of a labelled @dhis2/ui SimpleSingleSelect (combobox). */
export async function choose(label: string | RegExp, option: string | RegExp) {
    fireEvent.click(await screen.findByRole('combobox', { name: label }))
    const listbox = await screen.findByRole('listbox')
    fireEvent.click(within(listbox).getByRole('option', { name: option }))
}
