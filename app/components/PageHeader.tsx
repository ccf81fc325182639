import i18n from '@dhis2/d2-i18n'
import { spacers } from '@dhis2/ui'

/** The app's page title; the DHIS2 header bar above it comes from the app shell. */
export const PageHeader = () => (
    <header data-test="cpcm-page-header" style={{ marginBottom: spacers.dp16 }}>
        <h1 style={{ margin: 0 }}>{i18n.t('Child Protection Case Management')}</h1>
    </header>
)
