/** Builds connectors from validated configuration: the only place secrets are revealed. */
import type { Dhis2Connection } from '../config'
import type { FhirTarget } from '../config'
import { createDhis2Connector, type Dhis2Connector } from '../connectors/dhis2'
import { createFhirConnector, type FhirConnector } from '../connectors/fhir'
import type { RetryHooks } from '../connectors/retry'

export function dhis2From(settings: Dhis2Connection, hooks?: Pick<RetryHooks, 'onRetry'>): Dhis2Connector {
  return createDhis2Connector({
    baseUrl: settings.url,
    auth: settings.auth.kind === 'token' ? { token: settings.auth.token.reveal() } : { username: settings.auth.username, password: settings.auth.password.reveal() },
    timeoutMs: 60_000,
    pageSize: settings.pageSize,
    ...(hooks ? { retryHooks: hooks } : {}),
  })
}

export function fhirFrom(target: FhirTarget, signal?: AbortSignal, hooks?: Pick<RetryHooks, 'onRetry'>): FhirConnector {
  return createFhirConnector({
    baseUrl: target.baseUrl,
    timeoutMs: target.timeoutMs,
    ...(target.token ? { bearerToken: target.token.reveal() } : {}),
    ...(signal ? { signal } : {}),
    ...(hooks ? { retryHooks: hooks } : {}),
  })
}
