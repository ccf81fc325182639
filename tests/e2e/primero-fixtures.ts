/**
 * The Primero exchange's test world: a DHIS2 emulator with the CPCM package, a Primero emulator with
 * canary-named cases across three districts (each mapped to a DHIS2 sector), both over real HTTP.
 */
import { createDhis2Emulator, startDhis2Server, type Dhis2Emulator } from '../emulators/dhis2'
import { createPrimeroEmulator, startPrimeroServer, type PrimeroEmulator } from '../emulators/primero'
import { installCpcmPackage } from '../fixtures/seed-dhis2'
import { SECTORS } from '../fixtures/rwanda-org-units'

/** Primero location codes of the three districts, and the DHIS2 sector each case is enrolled in. */
export const LOCATIONS: Record<string, string> = {
  'RW-01-GAS': SECTORS[0]!.id,
  'RW-01-KIC': SECTORS[1]!.id,
  'RW-01-NYA': SECTORS[2]!.id,
}
export const LOCATION_CODES = Object.keys(LOCATIONS)
export const PRIMERO_LOCATIONS_ENV = Object.entries(LOCATIONS).map(([k, v]) => `${k}=${v}`).join(',')

/** The CSO that works on Primero: its CPCM_REF_PROVIDER code and the Primero user who receives its referrals. */
export const CSO = { code: 'CSO-HOPE', user: 'primero_cp' }

/** Child protection cases only (the seed makes every 5th GBV; CP is what the CSO works in). */
export const cpCase = (i: number) => ({ location_current: LOCATION_CODES[i % 3], module_id: 'primeromodule-cp' })

export interface World {
  dhis2: Dhis2Emulator
  primero: PrimeroEmulator
  dhis2Url: string
  primeroUrl: string
  /** POST /api/tracker requests DHIS2 received (the tracked entities each carried). */
  trackerWrites: number[]
  stop(): Promise<void>
}

export async function startWorld(cases: number): Promise<World> {
  const dhis2 = createDhis2Emulator({ version: '2.41' })
  installCpcmPackage(dhis2)
  const primero = createPrimeroEmulator({ extraFields: { national_id_no: 'string', cpcm_child_code: 'string' } })
  primero.seedCases(cases, cpCase)
  const trackerWrites: number[] = []
  const logged: Dhis2Emulator = {
    ...dhis2,
    handle: async (request) => {
      if (request.method === 'POST' && request.url.pathname.endsWith('/api/tracker')) {
        try {
          const body = JSON.parse(request.body ?? '{}') as { trackedEntities?: unknown[]; events?: unknown[] }
          trackerWrites.push((body.trackedEntities?.length ?? 0) + (body.events?.length ?? 0))
        } catch {
          trackerWrites.push(0)
        }
      }
      return dhis2.handle(request)
    },
  }
  const d = await startDhis2Server(logged)
  const p = await startPrimeroServer(primero)
  return {
    dhis2, primero, dhis2Url: d.baseUrl, primeroUrl: p.baseUrl, trackerWrites,
    stop: async () => {
      await d.stop()
      await p.stop()
    },
  }
}

/** Tracked entities, enrollments and events DHIS2 holds. */
export function census(dhis2: Dhis2Emulator) {
  const live = <T extends { deleted?: boolean }>(m: Map<string, T>) => [...m.values()].filter((x) => !x.deleted).length
  return { trackedEntities: live(dhis2.tracker.trackedEntities), enrollments: live(dhis2.tracker.enrollments), events: live(dhis2.tracker.events) }
}
