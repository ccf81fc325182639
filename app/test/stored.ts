/** Reads what the app wrote to the emulated DHIS2, by metadata code, for assertions. */
import { cpcmPackage } from '../../tests/fixtures/package-lookup'
import type { EmulatedDhis2 } from './emulatedDhis2'

const codeOf = () => new Map([...cpcmPackage().dataElements, ...cpcmPackage().trackedEntityAttributes].map((f) => [f.id, f.code]))

const byCode = (values: Map<string, { value: string }>) => {
    const codes = codeOf()
    return Object.fromEntries([...values].map(([id, v]) => [codes.get(id) ?? id, v.value]))
}

export const storedEvents = (server: EmulatedDhis2) =>
    [...server.emulator.tracker.events.values()].map((e) => ({ ...e, values: byCode(e.dataValues) }))

export const storedEvent = (server: EmulatedDhis2, uid: string) => {
    const found = storedEvents(server).find((e) => e.event === uid)
    if (!found) throw new Error(`no event ${uid} in the emulator`)
    return found
}

export const storedTrackedEntities = (server: EmulatedDhis2) =>
    [...server.emulator.tracker.trackedEntities.values()].map((te) => ({ ...te, values: byCode(te.attributes) }))

export const storedEnrollments = (server: EmulatedDhis2) => [...server.emulator.tracker.enrollments.values()]
