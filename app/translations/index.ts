/**
 * Registers the app's translations with d2-i18n (imported once by App.tsx).
 * Same namespace as the app adapter and the platform's generated locales, so
 * server-side custom translations still take precedence.
 */
import i18n from '@dhis2/d2-i18n'
import { en } from './en'
import { fr } from './fr'

export const I18N_NAMESPACE = 'default'
export const translations = { en, fr } as const

i18n.setDefaultNamespace(I18N_NAMESPACE)
for (const [language, strings] of Object.entries(translations)) {
    // deep = true, overwrite = false: add to, never replace, custom translations
    i18n.addResourceBundle(language, I18N_NAMESPACE, strings, true, false)
}

export default i18n
