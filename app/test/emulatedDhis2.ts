/**
 * A DHIS2 server for component tests: CustomDataProvider resources answered by the
 * tests' DHIS2 emulator (tests/emulators/dhis2) with the CPCM package installed, so tracker
 * reads and writes pass the same validation and envelopes as the browser test's server.
 * The emulator does not serve metadata reads, `generate`, ownership override or the data
 * store; those answers come from here (metadata derived from the compiled package).
 */
import type { CustomDataProvider } from '@dhis2/app-runtime'
import type { ComponentProps } from 'react'
import { createDhis2Emulator, type Dhis2Emulator } from '../../tests/emulators/dhis2/emulator'
import type { Dhis2Version, EmulatorUser } from '../../tests/emulators/dhis2/types'
import { installCpcmPackage, seedCases } from '../../tests/fixtures/seed-dhis2'
import type { SeedOptions } from '../../tests/fixtures/seed-cases'
import type { ServerMe } from '../data/metadataQuery'
import { DEFAULT_USER, GASABO, serverMetadata } from './serverMetadata'

type CustomData = ComponentProps<typeof CustomDataProvider>['data']
interface Query {
    resource: string
    id?: string
    params?: Record<string, unknown>
    data?: unknown
}

export interface Call {
    type: string
    resource: string
    id?: string
    params: Record<string, unknown>
    data?: unknown
}

export interface EmulatedDhis2 {
    emulator: Dhis2Emulator
    data: CustomData
    calls: Call[]
    /** What the app wrote to the data store (the case-file access register). */
    dataStore: { key: string; value: unknown }[]
    overrides: Record<string, unknown>[]
    me: ServerMe
}

export interface EmulatedDhis2Options {
    version?: Dhis2Version
    cases?: number
    seed?: SeedOptions
    me?: ServerMe
    /** The user's capture org units in the emulator (default: the `me` org units). */
    captureScope?: string[]
}

const PASSWORD = 'Test-pass-1'
const basic = (username: string) => `Basic ${Buffer.from(`${username}:${PASSWORD}`).toString('base64')}`

const encode = (value: unknown): string => (Array.isArray(value) ? value.map(encode).join(',') : encodeURIComponent(String(value)))

/** The URL the app-runtime's REST link would request (filter repeated, other arrays comma-joined). */
export function toUrl(query: Query): URL {
    const path = ['http://dhis2.test/api', query.resource, query.id].filter(Boolean).join('/')
    const parts = Object.entries(query.params ?? {})
        .filter(([, v]) => v !== undefined && v !== null)
        .flatMap(([k, v]) => (k === 'filter' && Array.isArray(v) ? v.map((f) => `filter=${encode(f)}`) : [`${k}=${encode(v)}`]))
    return new URL(parts.length ? `${path}?${parts.join('&')}` : path)
}

const METHODS: Record<string, string> = { read: 'GET', create: 'POST', update: 'PUT', replace: 'PUT', delete: 'DELETE' }

export function emulatedDhis2(options: EmulatedDhis2Options = {}): EmulatedDhis2 {
    const me = options.me ?? DEFAULT_USER
    // The first user seeds the cases: the superuser.
    const users: EmulatorUser[] = [
        { username: 'admin', password: PASSWORD, authorities: ['ALL'] },
        { uid: me.id, username: me.username, password: PASSWORD, organisationUnits: options.captureScope ?? me.organisationUnits.map((o) => o.id) },
    ]
    const emulator = createDhis2Emulator({ version: options.version ?? '2.41', users })
    installCpcmPackage(emulator)
    if (options.cases) seedCases(emulator, options.cases, options.seed ?? {})
    const metadata = serverMetadata(me)
    const calls: Call[] = []
    const dataStore: EmulatedDhis2['dataStore'] = []
    const overrides: Record<string, unknown>[] = []
    const broken = new Set<string>()
    let generated = 0

    const viaEmulator = async (type: string, query: Query) => {
        const url = toUrl(query)
        const trackedEntity = /^tracker\/trackedEntities$/.test(query.resource) ? query.id : undefined
        const asUser = trackedEntity && broken.has(trackedEntity) ? 'admin' : me.username
        const response = await emulator.handle({
            method: METHODS[type] ?? 'GET',
            url,
            headers: { authorization: basic(asUser), 'content-type': 'application/json' },
            ...(query.data !== undefined ? { body: JSON.stringify(query.data) } : {}),
        })
        const body = response.body as { message?: string; httpStatusCode?: number } | undefined
        if (response.status >= 400) {
            throw Object.assign(new Error(body?.message ?? `HTTP ${response.status}`), {
                type: response.status === 401 || response.status === 403 ? 'access' : 'unknown',
                details: { ...body, httpStatusCode: response.status },
            })
        }
        return body as never
    }
    const record =
        (answer: (type: string, query: Query) => unknown) =>
        async (type: string, query: Query): Promise<never> => {
            calls.push({ type, resource: query.resource, params: { ...(query.params ?? {}) }, ...(query.id ? { id: query.id } : {}), ...(query.data !== undefined ? { data: query.data } : {}) })
            return (await answer(type, query)) as never
        }

    const data: Record<string, (type: string, query: Query) => Promise<never>> = {
        programs: record(() => metadata.programs),
        programRules: record(() => metadata.programRules),
        programRuleVariables: record(() => metadata.programRuleVariables),
        me: record(() => metadata.me),
        tracker: record(viaEmulator),
        'tracker/events': record(viaEmulator),
        'tracker/enrollments': record(viaEmulator),
        'tracker/trackedEntities': record(viaEmulator),
        trackedEntityAttributes: record((_type, query) => {
            const [uid] = (query.id ?? '').split('/')
            generated += 1
            const orgUnitCode = String(query.params?.ORG_UNIT_CODE ?? GASABO.code)
            return {
                ownerObject: 'TRACKEDENTITYATTRIBUTE',
                ownerUid: uid,
                key: 'ORG_UNIT_CODE(...) + "-" + RANDOM(XX####)',
                value: `${orgUnitCode}-QZ${String(1000 + generated)}`,
            }
        }),
        'tracker/ownership/override': record((_type, query) => {
            overrides.push({ ...(query.params ?? {}) })
            broken.add(String(query.params?.trackedEntity))
            return { httpStatus: 'OK', httpStatusCode: 200, status: 'OK', message: 'Temporary Ownership granted' }
        }),
    }
    const dataStoreEntry = record((_type, query) => {
        dataStore.push({ key: query.resource.replace(/^dataStore\//, ''), value: query.data })
        return { httpStatus: 'Created', httpStatusCode: 201, status: 'OK' }
    })
    // The data store's resources carry the namespace and key in the path: answer any of them.
    const resources = new Proxy(data, {
        get: (target, name) => (typeof name === 'string' && name.startsWith('dataStore/') ? dataStoreEntry : target[name as string]),
    })
    return { emulator, data: resources as unknown as CustomData, calls, dataStore, overrides, me }
}
