/** A save action's state: saving, its error, and a runner that refuses a second click while saving. */
import { useCallback, useRef, useState } from 'react'

export function useSave() {
    const [saving, setSaving] = useState(false)
    const [error, setError] = useState<Error | undefined>()
    const busy = useRef(false)
    const run = useCallback(async (action: () => Promise<void>) => {
        if (busy.current) return
        busy.current = true
        setSaving(true)
        setError(undefined)
        try {
            await action()
        } catch (e) {
            setError(e instanceof Error ? e : new Error(String(e)))
        } finally {
            busy.current = false
            setSaving(false)
        }
    }, [])
    return { saving, error, run }
}
