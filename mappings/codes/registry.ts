/** Every code table, for publishing and for the totality checks. */
import { CASE_TYPES } from './case-types'
import { BENCHMARKS, CONSENT_GIVERS, PLAN_STATUSES, SEXES } from './case-records'
import { HEALTH_SERVICES } from './health-services'
import { CONSENT_SCOPES, HEALTH_FINDINGS, REFERRAL_PARAMETERS } from './local-systems'
import { REFERRAL_CATEGORIES, REFERRAL_SERVICES } from './referral-services'
import { REFERRAL_STATUSES } from './referral-statuses'
import { RISK_TIERS } from './risk-tiers'
import type { CodeTable } from './types'

export const CODE_TABLES: ReadonlyArray<CodeTable<string>> = [
  CASE_TYPES, RISK_TIERS, REFERRAL_SERVICES, REFERRAL_CATEGORIES, REFERRAL_STATUSES, HEALTH_SERVICES,
  SEXES, CONSENT_GIVERS, PLAN_STATUSES, BENCHMARKS, CONSENT_SCOPES, REFERRAL_PARAMETERS, HEALTH_FINDINGS,
] as ReadonlyArray<CodeTable<string>>

/** The tables backed by a DHIS2 option set, keyed by option set code. */
export const OPTION_SET_TABLES: ReadonlyMap<string, CodeTable<string>> = new Map(
  CODE_TABLES.filter((t) => t.optionSet !== undefined).map((t) => [t.optionSet!, t]),
)

/** The map of a table by name; throws for a name that is not there (a programming error). */
export function mapOf<Code extends string>(t: CodeTable<Code>, name: string) {
  const found = t.maps.find((m) => m.name === name)
  if (!found) throw new Error(`code table ${t.name} has no map ${name}`)
  return found
}
