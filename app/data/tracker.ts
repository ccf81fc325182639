/** The tracker API's JSON (DHIS2 2.40 to 2.42), as much of it as the app reads. */
export interface TrackerValue {
    value?: string
}
export interface TrackerAttributeJson extends TrackerValue {
    attribute: string
}
export interface TrackerDataValueJson extends TrackerValue {
    dataElement: string
}

export interface TrackerEventJson {
    event: string
    program?: string
    programStage: string
    enrollment?: string
    trackedEntity?: string
    orgUnit?: string
    status: string
    occurredAt?: string
    scheduledAt?: string
    createdAt?: string
    dataValues?: TrackerDataValueJson[]
}

export interface TrackerEnrollmentJson {
    enrollment: string
    trackedEntity: string
    program?: string
    orgUnit: string
    status: 'ACTIVE' | 'COMPLETED' | 'CANCELLED'
    enrolledAt: string
    occurredAt?: string
    attributes?: TrackerAttributeJson[]
    events?: TrackerEventJson[]
}

export interface TrackedEntityJson {
    trackedEntity: string
    orgUnit?: string
    attributes?: TrackerAttributeJson[]
    enrollments?: TrackerEnrollmentJson[]
}

export interface Pager {
    page: number
    pageSize: number
    total?: number
    pageCount?: number
    nextPage?: string
    prevPage?: string
}

/**
 * A page of a tracker export in any supported version's envelope:
 * 2.40 `{page, pageSize, instances}`, 2.41 `{pager, <entity>}` plus flat fields, 2.42 `{pager, <entity>}`.
 */
export type TrackerPage<K extends string, T> = { pager?: Pager; page?: number; pageSize?: number; total?: number; pageCount?: number; instances?: T[] } & {
    [key in K]?: T[]
}

export function readPage<K extends string, T>(page: TrackerPage<K, T> | undefined, key: K): { items: T[]; pager: Pager } {
    const items = (page?.[key] as T[] | undefined) ?? page?.instances ?? []
    const pager: Pager = page?.pager ?? {
        page: page?.page ?? 1,
        pageSize: page?.pageSize ?? items.length,
        ...(page?.total !== undefined ? { total: page.total } : {}),
        ...(page?.pageCount !== undefined ? { pageCount: page.pageCount } : {}),
    }
    return { items, pager }
}

export const valuesByCode = <V extends TrackerValue>(
    values: readonly V[] | undefined,
    idOf: (value: V) => string,
    codeOf: (id: string) => string | undefined,
): Record<string, string> => {
    const out: Record<string, string> = {}
    for (const v of values ?? []) {
        const code = codeOf(idOf(v))
        if (code && v.value !== undefined && v.value !== '') out[code] = v.value
    }
    return out
}
