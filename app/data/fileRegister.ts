/**
 * The case-file register (framework 5.1): who looked at identifying details, of which
 * child, when and why. Kept in the DHIS2 data store, namespace `cpcm-file-register`, one
 * key per entry. DHIS2's own audit additionally records every break-the-glass override.
 */
import type { useDataEngine } from '@dhis2/app-runtime'
import { generateUid } from './uid'

type Engine = ReturnType<typeof useDataEngine>

export const FILE_REGISTER_NAMESPACE = 'cpcm-file-register'

export interface FileRegisterEntry {
    action: 'NAME_SEARCH' | 'REVEAL_IDENTITY'
    username: string
    reason: string
    at: string
    trackedEntity?: string
    childCode?: string
    /** Attribute codes shown. */
    fields?: string[]
    /** The user was outside the owning org unit and used DHIS2's ownership override. */
    ownershipOverride?: boolean
}

/** Records first; a failure stops whatever it was meant to record. */
export async function recordFileAccess(engine: Engine, entry: Omit<FileRegisterEntry, 'at'>, now = new Date()): Promise<string> {
    const key = `${now.toISOString().slice(0, 10)}-${generateUid()}`
    // POST /api/dataStore/{namespace}/{key} (a create cannot carry an id, so the key is in the resource).
    await engine.mutate({
        resource: `dataStore/${FILE_REGISTER_NAMESPACE}/${key}`,
        type: 'create',
        data: { ...entry, at: now.toISOString() },
    })
    return key
}
