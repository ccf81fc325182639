import { formatRoute, parseRoute } from './navigation'

describe('routes', () => {
    it('round-trips every screen through the hash', () => {
        const routes = [
            { screen: 'worklist' },
            { screen: 'concerns' },
            { screen: 'register' },
            { screen: 'screening', event: 'evConcern01' },
            { screen: 'intake', event: 'evConcern01' },
            { screen: 'case', enrollment: 'enCase00001' },
        ] as const
        for (const route of routes) expect(parseRoute(formatRoute(route))).toEqual(route)
    })

    it('falls back to the worklist for anything else', () => {
        expect(parseRoute('')).toEqual({ screen: 'worklist' })
        expect(parseRoute('#/case/not a uid')).toEqual({ screen: 'worklist' })
        expect(parseRoute('#/elsewhere')).toEqual({ screen: 'worklist' })
    })
})
