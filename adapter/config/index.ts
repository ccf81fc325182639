/**
 * Configuration: environment variables and an optional JSON file (`CPCM_CONFIG` or
 * `--config`), validated with zod. Load once at start-up, then check what the command needs:
 *
 *   const config = loadConfig(process.env, { file: configPathFromArgv(argv) })
 *   const dhis2 = requireDhis2(config, 'sync')
 *
 * Every failure is a `ConfigError` whose message is one line naming the setting.
 */
export { ConfigError } from './errors'
export { configPathFromArgv, loadConfig, type LoadOptions } from './load'
export { redactConfig, type Redacted } from './redact'
export {
  caseTargets,
  facilities,
  requireFacilities,
  requireDhis2,
  requireFhirTarget,
  requireFhirTargets,
  requireNcda,
  requirePrimero,
  type Dhis2Connection,
  type PrimeroConnection,
} from './require'
export { REDACTED, Secret, redactUrl } from './secret'
export { ENV_SETTINGS, targetEnvName } from './sources'
export type { Config, DeliverySettings, Dhis2Auth, Dhis2Settings, Facility, FhirTarget, LogLevel, PrimeroSettings } from './types'
export { LOG_LEVELS } from './types'
