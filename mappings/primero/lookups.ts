/**
 * The code maps the Primero side uses, resolved once, and the rule for the way back: a Primero
 * value several CPCM codes map to (accepted <- ACCEPTED, IN_PROGRESS, ON_HOLD) keeps the
 * current DHIS2 code when that code maps to the same value, else takes the table's default.
 */
import { CASE_TYPES } from '../codes/case-types'
import { CONSENT_GIVERS, SEXES } from '../codes/case-records'
import { mapOf } from '../codes/registry'
import { REFERRAL_SERVICES } from '../codes/referral-services'
import { REFERRAL_STATUSES } from '../codes/referral-statuses'
import { RISK_TIERS } from '../codes/risk-tiers'
import type { TableMap } from '../codes/types'
import { CPCM_BASE } from '../identifiers'
import { URL_NAMESPACE, uuidBytes, uuidV5 } from '../uuid'

const generic = (m: unknown) => m as TableMap<string>

export const M = {
  concern: generic(mapOf(CASE_TYPES, 'case-type-to-primero-protection-concerns')),
  risk: generic(mapOf(RISK_TIERS, 'risk-tier-to-primero-risk-level')),
  service: generic(mapOf(REFERRAL_SERVICES, 'referral-service-to-primero-service-type')),
  status: generic(mapOf(REFERRAL_STATUSES, 'referral-status-to-primero-referral-status')),
  giver: generic(mapOf(CONSENT_GIVERS, 'consent-giver-to-primero-interview-subject')),
  sex: generic(mapOf(SEXES, 'sex-to-primero-gender')),
} as const

/** CPCM code -> Primero value (undefined when absent or unmatched). */
export function toPrimero(map: TableMap<string>, code: string | undefined): string | undefined {
  if (code === undefined) return undefined
  return map.forward[code]?.code ?? undefined
}

/** Primero value -> CPCM code, keeping `current` when it maps to the same value. */
export function fromPrimero(map: TableMap<string>, value: string | undefined, current?: string): string | undefined {
  if (value === undefined) return undefined
  if (current !== undefined && map.forward[current]?.code === value) return current
  return map.reverse?.[value] ?? undefined
}

const PRIMERO_NAMESPACE = uuidBytes(uuidV5(URL_NAMESPACE, `${CPCM_BASE}primero/`))

/** The Primero record id CPCM gives a case it creates: UUID v5 of the enrollment UID (a replayed create hits 409). */
export const primeroRecordIdFor = (enrollment: string) => uuidV5(PRIMERO_NAMESPACE, enrollment)
