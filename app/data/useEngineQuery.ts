/**
 * Runs an async read with the data engine whenever its key changes; for reads that
 * depend on one another (a page of cases, then their events), which useDataQuery cannot chain.
 */
import { useDataEngine } from '@dhis2/app-runtime'
import { useCallback, useEffect, useRef, useState } from 'react'

type Engine = ReturnType<typeof useDataEngine>

export interface EngineQueryState<T> {
    loading: boolean
    error?: Error
    data?: T
    refetch: () => void
}

export function useEngineQuery<T>(key: string, run: (engine: Engine) => Promise<T>): EngineQueryState<T> {
    const engine = useDataEngine()
    const [state, setState] = useState<Omit<EngineQueryState<T>, 'refetch'>>({ loading: true })
    const [generation, setGeneration] = useState(0)
    const runRef = useRef(run)
    runRef.current = run

    useEffect(() => {
        let current = true
        setState((previous) => ({ loading: true, ...(previous.data !== undefined ? { data: previous.data } : {}) }))
        runRef.current(engine).then(
            (data) => current && setState({ loading: false, data }),
            (error: unknown) => current && setState({ loading: false, error: error instanceof Error ? error : new Error(String(error)) }),
        )
        return () => {
            current = false
        }
    }, [engine, key, generation])

    const refetch = useCallback(() => setGeneration((g) => g + 1), [])
    return { ...state, refetch }
}
