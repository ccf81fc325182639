import { stagesInOrder } from './stagesInOrder'

describe('stagesInOrder', () => {
    it('orders by sortOrder, keeps ties in server order and puts unordered stages last', () => {
        const ordered = stagesInOrder([
            { id: 'c', displayName: 'C' },
            { id: 'b', displayName: 'B', sortOrder: 2 },
            { id: 'a', displayName: 'A', sortOrder: 1 },
            { id: 'b2', displayName: 'B2', sortOrder: 2 },
        ])
        expect(ordered.map((stage) => stage.id)).toEqual(['a', 'b', 'b2', 'c'])
    })

    it('accepts a programme without stages', () => {
        expect(stagesInOrder(undefined)).toEqual([])
    })
})
