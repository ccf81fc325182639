/**
 * Polling a facility: `Task?owner=<facility>&_lastUpdated=ge<cursor>` (or, for a facility without a
 * literal owner reference, our referral identifier system), following paging, then the outputs
 * (Encounter, Observation, Procedure, Communication, DocumentReference) changed since the same
 * cursor. Each resource becomes an inbound item (ingest.ts); the items and the new cursor (the
 * latest `meta.lastUpdated` seen, the server's own clock) are written in one transaction.
 *
 * The window is `ge` the last time seen, not `gt`: a resource written in the same millisecond
 * after the last poll is not missed, and what is read again is found unchanged in the outbox.
 *
 * Every resource read is checked against the FHIR R4 definitions before it is used. An invalid one
 * about one of our referrals becomes a dead letter with the validator's reason (element paths, never
 * values) and is never applied; one that is not about our referrals is only counted. Either way it is
 * logged, and the cursor moves on: a corrected version is newer and is read at the next poll.
 */
import type { FhirConnector } from '../../connectors/fhir'
import { SID } from '../../../mappings/identifiers'
import type { Logger } from '../../observability/logger'
import type { OutboxInput, Store } from '../../store'
import { describeIssues, validateFhirResource } from './fhir-validation'
import { ingestResource, invalidItem, type IngestDeps, type IngestFacility, type IngestResult } from './ingest'

export const pollCursor = (facility: string) => `fhir:${facility}:feedback:lastUpdated`

/** `invalid`: not valid FHIR R4 (those of ours are also in `queued`/`unchanged`, as dead-letter items). */
export interface PollCounts { fetched: number; queued: number; unchanged: number; ignored: number; invalid: number }

export interface PollDeps extends IngestDeps {
  connector: Pick<FhirConnector, 'read' | 'search'>
  store: Store
  logger: Logger
}

const OUTPUT_TYPES = ['Encounter', 'Observation', 'Procedure', 'Communication', 'DocumentReference'] as const

export async function pollFacility(deps: PollDeps, facility: IngestFacility & { ownerReference?: string }, pageSize = 100): Promise<PollCounts> {
  const counts: PollCounts = { fetched: 0, queued: 0, unchanged: 0, ignored: 0, invalid: 0 }
  const cursor = pollCursor(facility.id)
  const since = await deps.store.cursors.get(cursor)
  const window: Record<string, string> = since ? { _lastUpdated: `ge${since}` } : {}
  let latest = since ?? undefined
  const items: OutboxInput[] = []
  const seen = new Set<string>()
  const take = async (resource: { resourceType: string; id?: string; meta?: { lastUpdated?: string; versionId?: string } }) => {
    counts.fetched++
    const at = resource.meta?.lastUpdated
    if (at && (!latest || Date.parse(at) > Date.parse(latest))) latest = at
    const where = { facility: facility.id, resource: `${resource.resourceType}/${resource.id}` }
    const issues = validateFhirResource(resource)
    if (issues.length > 0) {
      counts.invalid++
      const reason = `${resource.resourceType}/${resource.id ?? '?'} from ${facility.id} is not valid FHIR R4: ${describeIssues(issues)}`
      // Only to learn whether it is about one of our referrals (and its item key): nothing built from it is used.
      const ours = await ingestResource(deps, facility, resource).catch((): IngestResult => ({ ok: false, reason: 'not-relevant', message: 'not readable' }))
      if (ours.ok && !seen.has(ours.item.key)) {
        seen.add(ours.item.key)
        const { source } = ours.item.payload as { source: string }
        items.push(invalidItem(ours.item.key, facility.id, source, reason))
      }
      deps.logger.warn(where, `not applied: ${reason}`)
      return
    }
    const result = await ingestResource(deps, facility, resource)
    if (!result.ok) {
      if (result.reason === 'invalid') {
        counts.invalid++
        deps.logger.warn(where, `not applied: ${result.message}`)
        return
      }
      counts.ignored++
      if (result.reason === 'forbidden') deps.logger.warn(where, `ignored: ${result.message}`)
      return
    }
    if (seen.has(result.item.key)) return
    seen.add(result.item.key)
    items.push(result.item)
  }
  const taskQuery: Record<string, string> = facility.ownerReference ? { owner: facility.ownerReference } : { identifier: `${SID.referral}|` }
  for await (const page of deps.connector.search('Task', { ...taskQuery, ...window, _count: pageSize })) for (const r of page.resources) await take(r)
  for (const type of OUTPUT_TYPES) {
    for await (const page of deps.connector.search(type, { ...window, _count: pageSize })) for (const r of page.resources) await take(r)
  }
  await deps.store.transaction(async (tx) => {
    const results = items.length > 0 ? await tx.enqueue(items) : []
    for (const r of results) r.outcome === 'unchanged' ? counts.unchanged++ : counts.queued++
    if (latest) await tx.cursors.set(cursor, latest)
  })
  return counts
}
