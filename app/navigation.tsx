/**
 * Screens are addressed by the URL hash (`#/case/<enrolment>`), so the browser's back
 * button works and a case can be linked to; the hash never carries a name.
 */
import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react'

export type Route =
    | { screen: 'worklist' }
    | { screen: 'concerns' }
    | { screen: 'register' }
    | { screen: 'screening'; event: string }
    | { screen: 'intake'; event: string }
    | { screen: 'case'; enrollment: string }

export function parseRoute(hash: string): Route {
    const [screen = '', id = ''] = hash.replace(/^#\/?/, '').split('/')
    const uid = /^[a-zA-Z][a-zA-Z0-9]{10}$/.test(id) ? id : undefined
    if (screen === 'register') return { screen }
    if (screen === 'concerns') return { screen }
    if (screen === 'screening' && uid) return { screen, event: uid }
    if (screen === 'intake' && uid) return { screen, event: uid }
    if (screen === 'case' && uid) return { screen, enrollment: uid }
    return { screen: 'worklist' }
}

export function formatRoute(route: Route): string {
    switch (route.screen) {
        case 'screening':
        case 'intake':
            return `#/${route.screen}/${route.event}`
        case 'case':
            return `#/case/${route.enrollment}`
        default:
            return `#/${route.screen}`
    }
}

interface Navigation {
    route: Route
    navigate: (route: Route) => void
}

const NavigationContext = createContext<Navigation>({ route: { screen: 'worklist' }, navigate: () => undefined })

export const NavigationProvider = ({ children }: { children: ReactNode }) => {
    const [route, setRoute] = useState<Route>(() => parseRoute(window.location.hash))
    useEffect(() => {
        const onHashChange = () => setRoute(parseRoute(window.location.hash))
        window.addEventListener('hashchange', onHashChange)
        return () => window.removeEventListener('hashchange', onHashChange)
    }, [])
    const navigate = useCallback((next: Route) => {
        const hash = formatRoute(next)
        if (window.location.hash !== hash) window.history.pushState(null, '', hash)
        setRoute(next)
        window.scrollTo?.(0, 0)
    }, [])
    return <NavigationContext.Provider value={{ route, navigate }}>{children}</NavigationContext.Provider>
}

export const useNavigation = () => useContext(NavigationContext)
