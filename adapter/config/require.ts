/**
 * What each command needs, checked when it starts: `requireDhis2(config, 'sync')` returns the
 * DHIS2 settings with URL and login guaranteed, or throws one line such as
 * `DHIS2_URL is required for sync`. Settings are named by their environment variables
 * (the file keys mirror them: DHIS2_URL is `dhis2.url`).
 */
import { ConfigError } from './errors'
import type { Secret } from './secret'
import type { Config, Dhis2Auth, Dhis2Settings, Facility, FhirTarget, PrimeroSettings } from './types'

export type Dhis2Connection = Dhis2Settings & { url: string; auth: Dhis2Auth }
export type PrimeroConnection = PrimeroSettings & { url: string; username: string; password: Secret }

const missing = (setting: string, purpose: string) => new ConfigError(setting, `${setting} is required for ${purpose}`)

export function requireDhis2(config: Config, purpose = 'sync'): Dhis2Connection {
  const { url, auth } = config.dhis2
  if (!url) throw missing('DHIS2_URL', purpose)
  if (!auth) throw new ConfigError('DHIS2_TOKEN', `DHIS2_TOKEN (or DHIS2_USERNAME and DHIS2_PASSWORD) is required for ${purpose}`)
  return { ...config.dhis2, url, auth }
}

export function requireFhirTargets(config: Config, purpose = 'FHIR delivery'): FhirTarget[] {
  if (config.fhir.targets.length === 0) throw missing('FHIR_TARGETS', purpose)
  return config.fhir.targets
}

/** Targets that receive whole case bundles (role case). */
export const caseTargets = (config: Config): FhirTarget[] => config.fhir.targets.filter((t) => t.role !== 'facility')

/** Facilities (role facility): referrals only. */
export const facilities = (config: Config): Facility[] => config.fhir.targets.filter((t): t is Facility => t.role === 'facility')

export function requireFacilities(config: Config, purpose = 'referrals'): Facility[] {
  const found = facilities(config)
  if (found.length === 0) throw new ConfigError('FHIR_TARGETS', `a FHIR target with role facility (FHIR_<ID>_ROLE=facility) is required for ${purpose}`)
  return found
}

export function requireFhirTarget(config: Config, id: string, purpose = 'FHIR delivery'): FhirTarget {
  const target = config.fhir.targets.find((t) => t.id === id)
  if (!target) {
    const known = config.fhir.targets.map((t) => t.id).join(', ') || 'none'
    throw new ConfigError('FHIR_TARGETS', `FHIR target ${id} is required for ${purpose} but not configured in FHIR_TARGETS (configured: ${known})`)
  }
  return target
}

export function requirePrimero(config: Config, purpose = 'Primero exchange'): PrimeroConnection {
  const { url, username, password } = config.primero
  if (!url) throw missing('PRIMERO_URL', purpose)
  if (!username) throw missing('PRIMERO_USERNAME', purpose)
  if (!password) throw missing('PRIMERO_PASSWORD', purpose)
  if (config.primero.modules.length === 0) throw missing('PRIMERO_MODULES', purpose)
  return { ...config.primero, url, username, password }
}

/** NCDA aggregates are written to DHIS2 as a data value set. */
export function requireNcda(config: Config, purpose = 'NCDA reporting'): { dhis2: Dhis2Connection; dataSetCode: string } {
  return { dhis2: requireDhis2(config, purpose), dataSetCode: config.ncda.dataSetCode }
}
