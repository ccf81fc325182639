import { deterministicUuid } from './clock'
import { clone, isObject } from './http'
import type { PrimeroStore } from './store'
import { type JsonObject, MODULE_CP, MODULE_GBV, type PrimeroUser } from './types'

/**
 * Deterministic test cases. Every seeded name carries the canary marker `CANARY` plus a per-case token
 * (`CANARY Ineza Uwimana K0007`), so a test can assert that no name ever reaches a log, a metric, an
 * aggregate or a partner that should not see it: search output for `CANARY_PATTERN`.
 * Content and ids depend only on the sequence number (seeding continues the sequence across calls);
 * timestamps come from the emulator's clock, so give the emulator a fixed `clock` for byte-identical runs.
 * Seeding bypasses the API (no validation, no request log) but runs the same save callbacks.
 */
export const CANARY_MARKER = 'CANARY'
export const CANARY_PATTERN = /CANARY/

const FIRST = ['Ineza', 'Keza', 'Mugisha', 'Uwase', 'Ishimwe', 'Gatete', 'Iradukunda', 'Nshuti', 'Umutoni', 'Habimana', 'Cyiza']
const LAST = ['Uwimana', 'Mukamana', 'Niyonzima', 'Habyarimana', 'Tuyishime', 'Nsengimana', 'Mutesi']
const CONCERNS = ['physical_abuse', 'neglect', 'separated', 'unaccompanied', 'child_labour', 'sexual_abuse', 'street_child']
const RISK = ['low', 'medium', 'high']
const SERVICES = ['health_medical_service', 'psychosocial_service', 'legal_assistance_service', 'safehouse_service']
const DISTRICTS = ['RW-01-GAS', 'RW-01-KIC', 'RW-02-HUY', 'RW-03-MUS', 'RW-04-KAR', 'RW-05-RUS']

export type SeedOverrides = JsonObject | ((index: number) => JsonObject)

/** The deterministic content of the `seq`-th seeded case (1-based). */
export function seedCaseData(seq: number): { id: string; uniqueIdentifier: string; data: JsonObject } {
  const i = seq - 1
  const token = `K${String(seq).padStart(4, '0')}`
  const first = FIRST[i % FIRST.length] as string
  const last = LAST[(i * 3) % LAST.length] as string
  const age = 2 + (i % 16)
  const gbv = seq % 5 === 0
  const data: JsonObject = {
    name: `${CANARY_MARKER} ${first} ${last} ${token}`,
    name_first: `${CANARY_MARKER} ${first}`,
    name_last: `${last} ${token}`,
    sex: i % 2 === 0 ? 'female' : 'male',
    age,
    date_of_birth: `${2024 - age}-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`,
    module_id: gbv ? MODULE_GBV : MODULE_CP,
    location_current: DISTRICTS[i % DISTRICTS.length],
    protection_concerns: [CONCERNS[i % CONCERNS.length], ...(i % 3 === 0 ? [CONCERNS[(i + 2) % CONCERNS.length]] : [])],
    risk_level: RISK[i % RISK.length],
    consent_for_services: seq % 7 !== 0,
    disclosure_other_orgs: seq % 11 !== 0,
  }
  if (i % 2 === 0) {
    const service = { unique_id: deterministicUuid(`service:${seq}`), service_type: SERVICES[i % SERVICES.length], service_response_type: 'care_plan', service_implemented: 'not_implemented' }
    data.services_section = [service]
  }
  return { id: deterministicUuid(`case:${seq}`), uniqueIdentifier: deterministicUuid(`unique_identifier:${seq}`), data }
}

/**
 * Creates `n` cases owned by `owner`, then applies `overrides` (an object, or a function of the 0-based
 * index within this call) as raw stored values: system fields such as `last_updated_at` or `owned_by`
 * may be set too, which the API would refuse.
 */
export function seedCases(store: PrimeroStore, owner: PrimeroUser, firstSeq: number, n: number, overrides?: SeedOverrides): JsonObject[] {
  const out: JsonObject[] = []
  for (let index = 0; index < n; index++) {
    const { id, uniqueIdentifier, data } = seedCaseData(firstSeq + index)
    const { row } = store.createCase(owner, data, id, uniqueIdentifier)
    const extra = typeof overrides === 'function' ? overrides(index) : overrides
    if (isObject(extra)) Object.assign(row.data, clone(extra))
    if (isObject(extra) && 'owned_by' in extra && !('associated_user_names' in extra)) row.data.associated_user_names = [extra.owned_by]
    out.push({ id: row.id, ...clone(row.data) })
  }
  return out
}
