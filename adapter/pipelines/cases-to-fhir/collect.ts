/**
 * DHIS2 -> outbox: reads the cases changed since the cursor, page by page, checks each
 * against the DHIS2 contract and the consent gate, maps it for every FHIR target, and
 * writes each page's bundles to the outbox in one transaction.
 *
 * Paging is by offset, so the listing must not shift under us: DHIS2's default order
 * (newest created first) does not move a record that is updated while we page, and
 * deleted records stay listed (includeDeleted). Sorting by updatedAt, or bounding the
 * window with updatedBefore, would let updated records drop out and skip others.
 * For the same reason pages are not in time order, so the cursor moves only when every
 * page is durably in the outbox, to the server time read before the first page. A crash
 * mid-run repeats the run; what was already queued is found unchanged.
 */
import type { Dhis2Connector } from '../../connectors/dhis2'
import type { MappingContext } from '../../../mappings/context'
import { parseTrackedEntity, type Dhis2TrackedEntity } from '../../../mappings/dhis2'
import { trackedEntityToBundle } from '../../../mappings/fhir/to-fhir'
import type { Logger } from '../../observability/logger'
import type { AdapterMetrics } from '../../observability/metrics'
import { decideCaseSharing } from '../../privacy/case-sharing-consent'
import type { OutboxInput, Store } from '../../store'

export interface FhirRecipient {
  id: string
  /** Mapping context with this recipient's entitlements (identifiers or not). */
  mapping: MappingContext
}

export interface CollectDeps {
  store: Store
  dhis2: Pick<Dhis2Connector, 'exportTrackedEntities' | 'systemInfo'>
  recipients: FhirRecipient[]
  logger: Logger
  metrics?: AdapterMetrics
  onPage?: (counts: CollectCounts) => void
}

export interface CollectOptions {
  toleranceSeconds: number
  /** Stop after this many pages (tests of crash safety); default all. */
  maxPages?: number
}

export interface CollectCounts {
  fetched: number
  invalid: number
  withheldNoConsent: number
  deleted: number
  enqueued: number
  unchanged: number
  pages: number
}

export const cursorName = (programUid: string) => `dhis2:trackedEntities:${programUid}`
export const outboxKey = (recipient: string, trackedEntity: string) => `fhir:${recipient}:case:${trackedEntity}`
export const CASE_BUNDLE_KIND = 'fhir-case-bundle'

/** What a delivery needs to log the disclosure, carried beside the bundle. */
export interface CaseBundlePayload {
  bundle: unknown
  disclosure: { childCode: string; caseUids: string[]; consentRefs: string[]; resourceTypes: string[] }
}

function payloadFor(te: Dhis2TrackedEntity, recipient: FhirRecipient, consentRefs: string[]): CaseBundlePayload {
  const bundle = trackedEntityToBundle(te, recipient.mapping)
  const childCodeAttr = recipient.mapping.attr.CPCM_CHILD_CODE
  const childCode = te.attributes?.find((a) => a.attribute === childCodeAttr)?.value ?? te.trackedEntity
  const resourceTypes = [...new Set((bundle.entry ?? []).map((e) => e.resource?.resourceType ?? 'unknown'))].sort()
  return {
    bundle,
    disclosure: { childCode, caseUids: (te.enrollments ?? []).map((e) => e.enrollment), consentRefs, resourceTypes },
  }
}

export async function collectCases(deps: CollectDeps, options: CollectOptions): Promise<CollectCounts> {
  const mapping = deps.recipients[0]?.mapping
  if (!mapping) throw new Error('no FHIR target is configured')
  const counts: CollectCounts = { fetched: 0, invalid: 0, withheldNoConsent: 0, deleted: 0, enqueued: 0, unchanged: 0, pages: 0 }
  const cursor = cursorName(mapping.program.case)
  const since = (await deps.store.cursors.get(cursor)) ?? undefined
  // Read before the first page: the next run starts here (less the tolerance), so whatever
  // changed while we paged is fetched again next time rather than missed.
  const { serverDate } = await deps.dhis2.systemInfo()
  const pages = deps.dhis2.exportTrackedEntities({
    program: mapping.program.case,
    ouMode: 'ALL',
    ...(since ? { updatedAfter: since } : {}),
    toleranceSeconds: options.toleranceSeconds,
    includeDeleted: true,
    fields: '*,enrollments[*,events[*]]',
  })
  let complete = true

  for await (const page of pages) {
    const items: OutboxInput[] = []
    for (const raw of page.items) {
      counts.fetched++
      const parsed = parseTrackedEntity(raw)
      if (!parsed.ok) {
        counts.invalid++
        deps.metrics?.recordsInvalid.inc({ source: 'dhis2' })
        // The UID and the paths, never the values: they may be a name.
        deps.logger.warn({ trackedEntity: typeof raw.trackedEntity === 'string' ? raw.trackedEntity : undefined, problems: parsed.errors.slice(0, 5) }, 'tracked entity rejected: does not match the DHIS2 contract')
        continue
      }
      const te = parsed.value
      // Deletion is not propagated yet: the partner keeps what it was sent under consent.
      if (te.deleted) {
        counts.deleted++
        continue
      }
      const decision = decideCaseSharing(te, mapping)
      if (!decision.allowed) {
        if (decision.reason === 'no-consent') counts.withheldNoConsent++
        continue
      }
      for (const recipient of deps.recipients) {
        items.push({ key: outboxKey(recipient.id, te.trackedEntity), kind: CASE_BUNDLE_KIND, target: recipient.id, payload: payloadFor(decision.trackedEntity, recipient, decision.consentRefs) })
      }
    }
    deps.metrics?.recordsFetched.inc({ source: 'dhis2' }, page.items.length)
    const results = items.length > 0 ? await deps.store.enqueue(items) : []
    for (const r of results) {
      if (r.outcome === 'unchanged') counts.unchanged++
      else counts.enqueued++
    }
    deps.metrics?.outboxEnqueued.inc({ kind: CASE_BUNDLE_KIND }, results.length - results.filter((r) => r.outcome === 'unchanged').length)
    counts.pages++
    deps.onPage?.(counts)
    if (options.maxPages !== undefined && counts.pages >= options.maxPages) {
      complete = false
      break
    }
  }
  if (complete) await deps.store.cursors.set(cursor, serverDate)
  return counts
}

