/**
 * What every adapter command starts from: configuration, logger, metrics and an open,
 * migrated store. Commands add the connectors they need.
 */
import { configPathFromArgv, loadConfig, type Config } from '../config'
import { createLogger, type Logger } from '../observability/logger'
import { createMetrics, type AdapterMetrics } from '../observability/metrics'
import { newOwnerId, openStore, storeOptionsFromConfig, type Store } from '../store'

export interface Runtime {
  config: Config
  logger: Logger
  metrics: AdapterMetrics
  store: Store
  owner: string
  close(): Promise<void>
}

export interface RuntimeOptions {
  env?: NodeJS.ProcessEnv
  configFile?: string
  logger?: Logger
  /** Settings checks that must pass before the store is opened (fast, clear failure). */
  check?: (config: Config) => void
}

export function loadRuntimeConfig(options: RuntimeOptions = {}): Config {
  const file = options.configFile ?? configPathFromArgv(process.argv)
  return loadConfig(options.env ?? process.env, file ? { file } : {})
}

export async function openRuntime(options: RuntimeOptions = {}): Promise<Runtime> {
  const config = loadRuntimeConfig(options)
  options.check?.(config)
  const logger = options.logger ?? createLogger({ level: config.logLevel })
  const store = await openStore(storeOptionsFromConfig(config))
  try {
    await store.migrate()
  } catch (error) {
    await store.close()
    throw error
  }
  return {
    config, logger, store, metrics: createMetrics(), owner: newOwnerId(),
    close: () => store.close(),
  }
}
