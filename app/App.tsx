import i18n from '@dhis2/d2-i18n'
import { Button, ButtonStrip, spacers } from '@dhis2/ui'
import { AppStyles } from './components/AppStyles'
import { PageHeader } from './components/PageHeader'
import { MetadataProvider } from './data/MetadataProvider'
import { NavigationProvider, useNavigation, type Route } from './navigation'
import { CaseFileScreen } from './screens/case-file/CaseFileScreen'
import { ConcernsScreen } from './screens/concerns/ConcernsScreen'
import { IntakeScreen } from './screens/intake/IntakeScreen'
import { RegisterConcernScreen } from './screens/register/RegisterConcernScreen'
import { ScreeningScreen } from './screens/screening/ScreeningScreen'
import { WorklistScreen } from './screens/worklist/WorklistScreen'
import './translations'

const Screen = ({ route }: { route: Route }) => {
    switch (route.screen) {
        case 'register':
            return <RegisterConcernScreen />
        case 'concerns':
            return <ConcernsScreen />
        case 'screening':
            return <ScreeningScreen event={route.event} />
        case 'intake':
            return <IntakeScreen event={route.event} />
        case 'case':
            return <CaseFileScreen enrollment={route.enrollment} />
        default:
            return <WorklistScreen />
    }
}

const AppNavigation = () => {
    const { route, navigate } = useNavigation()
    const item = (target: Route, label: string) => (
        <Button
            small
            primary={route.screen === target.screen}
            secondary={route.screen !== target.screen}
            aria-current={route.screen === target.screen ? 'page' : undefined}
            onClick={() => navigate(target)}
            dataTest={`cpcm-nav-${target.screen}`}
        >
            {label}
        </Button>
    )
    return (
        <nav aria-label={i18n.t('Main')} style={{ marginBottom: spacers.dp16 }}>
            <ButtonStrip>
                {item({ screen: 'worklist' }, i18n.t('Worklist'))}
                {item({ screen: 'concerns' }, i18n.t('Concerns to screen'))}
                {item({ screen: 'register' }, i18n.t('Register a concern'))}
            </ButtonStrip>
        </nav>
    )
}

/** Entry point of the CPCM app (d2.config.js entryPoints.app). */
const App = () => (
    <main data-test="cpcm-app" className="cpcm-app">
        <AppStyles />
        <PageHeader />
        <MetadataProvider>
            <NavigationProvider>
                <AppNavigation />
                <RouteScreen />
            </NavigationProvider>
        </MetadataProvider>
    </main>
)

const RouteScreen = () => <Screen route={useNavigation().route} />

export default App
