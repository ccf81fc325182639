/** Jest setup for the 'app' project: every test starts in English, with no spies left over. */
import i18n from '@dhis2/d2-i18n'

afterEach(async () => {
    jest.restoreAllMocks()
    await i18n.changeLanguage('en')
})
