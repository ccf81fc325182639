import { spacers } from '@dhis2/ui'
import { PageHeader } from './components/PageHeader'
import { ProgrammeOverview } from './components/ProgrammeOverview'
import './translations'

/** Entry point of the CPCM app (d2.config.js entryPoints.app). */
const App = () => (
    <main data-test="cpcm-app" style={{ padding: spacers.dp24 }}>
        <PageHeader />
        <ProgrammeOverview />
    </main>
)

export default App
