/**
 * Polling a facility: `Task?owner=<facility>&_lastUpdated=ge<cursor>` (or, for a facility without a
 * literal owner reference, our referral identifier system), following paging, then the outputs
 * (Encounter, Observation, Procedure, Communication, DocumentReference) changed since the same
 * cursor. Each resource becomes an inbound item (ingest.ts); the items and the new cursor (the
 * latest `meta.lastUpdated` seen, the server's own clock) are written in one transaction.
 *
 * The window is `ge` the last time seen, not `gt`: a resource written in the same millisecond
 * after the last poll is not missed, and what is read again is found unchanged in the outbox.
 */
import type { FhirConnector } from '../../connectors/fhir'
import { SID } from '../../../mappings/identifiers'
import type { Logger } from '../../observability/logger'
import type { OutboxInput, Store } from '../../store'
import { ingestResource, type IngestDeps, type IngestFacility } from './ingest'

export const pollCursor = (facility: string) => `fhir:${facility}:feedback:lastUpdated`

export interface PollCounts { fetched: number; queued: number; unchanged: number; ignored: number }

export interface PollDeps extends IngestDeps {
  connector: Pick<FhirConnector, 'read' | 'search'>
  store: Store
  logger: Logger
}

const OUTPUT_TYPES = ['Encounter', 'Observation', 'Procedure', 'Communication', 'DocumentReference'] as const

export async function pollFacility(deps: PollDeps, facility: IngestFacility & { ownerReference?: string }, pageSize = 100): Promise<PollCounts> {
  const counts: PollCounts = { fetched: 0, queued: 0, unchanged: 0, ignored: 0 }
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
    const result = await ingestResource(deps, facility, resource)
    if (!result.ok) {
      counts.ignored++
      if (result.reason === 'forbidden') deps.logger.warn({ facility: facility.id, resource: `${resource.resourceType}/${resource.id}` }, `ignored: ${result.message}`)
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
