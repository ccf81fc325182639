/** Jest setup for the 'app' project: every test starts in English, with no spies left over. */
import i18n from '@dhis2/d2-i18n'
import { configure } from '@testing-library/react'
import { deserialize, serialize } from 'node:v8'

// @dhis2/ui components take `dataTest` and render `data-test`.
configure({ testIdAttribute: 'data-test' })

// jsdom lacks structuredClone, which the DHIS2 emulator (tests/emulators/dhis2) uses.
if (typeof globalThis.structuredClone !== 'function') {
    globalThis.structuredClone = (<T>(value: T): T => deserialize(serialize(value))) as typeof structuredClone
}

// jsdom lacks IntersectionObserver, which @dhis2/ui's select menus use to load more options.
if (typeof globalThis.IntersectionObserver !== 'function') {
    globalThis.IntersectionObserver = class {
        observe() {}
        unobserve() {}
        disconnect() {}
        takeRecords() {
            return []
        }
    } as unknown as typeof IntersectionObserver
}

// Screen tests drive a whole app against the emulated DHIS2; under a parallel full run they need more than 5 s.
jest.setTimeout(30_000)

// jsdom logs "not implemented" for scrolling.
window.scrollTo = () => undefined

afterEach(async () => {
    jest.restoreAllMocks()
    await i18n.changeLanguage('en')
})
