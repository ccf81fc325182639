/**
 * Outbox -> FHIR: sends a case bundle as one transaction. Every entry is a conditional
 * write on our identifiers, so a retry (or a replay after a crash) changes nothing twice.
 */
import type { FhirConnector } from '../../connectors/fhir'
import type { DeliveryHandler } from '../outbox/worker'
import type { CaseBundlePayload } from './collect'

export function caseBundleHandler(connectors: ReadonlyMap<string, Pick<FhirConnector, 'transaction'>>): DeliveryHandler {
  return async (item) => {
    const connector = connectors.get(item.target)
    if (!connector) throw new Error(`FHIR target ${item.target} is no longer configured`)
    const payload = item.payload as CaseBundlePayload
    await connector.transaction(payload.bundle as never)
    const { childCode, caseUids, consentRefs, resourceTypes } = payload.disclosure
    return {
      httpStatus: 200,
      disclosures: caseUids.map((caseUid, i) => ({
        recipient: item.target, resourceTypes, childCode, caseUid, consentRef: consentRefs[i] ?? consentRefs[0]!, purpose: 'case_sync',
      })),
    }
  }
}
