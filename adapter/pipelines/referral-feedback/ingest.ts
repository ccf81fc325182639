/**
 * One resource a facility sent or we fetched from it (Task, Encounter, Observation, Procedure,
 * Communication, DocumentReference) -> one inbound outbox item (target `dhis2`, kind
 * `referral-feedback`), the same for polling and for push. The item is keyed by partner, resource
 * type/id and version (a hash of the content when the server gives no versionId), so a replayed
 * poll window or notification finds it unchanged and nothing is applied twice.
 *
 * A resource is accepted only for a referral sent to this facility (the store's referrals): a
 * partner cannot write about another partner's referral. Encounters are linked by basedOn (our
 * ServiceRequest or Task) or, failing that, by the child code of their subject; Observations and
 * Procedures bring their Encounter, which is ingested with all its findings.
 *
 * The resource given is checked by the caller (the endpoint answers 400, polling dead-letters it); what
 * ingest reads from the facility itself to build the item (the Encounter of a finding, the findings of
 * an Encounter) is checked against the R4 definitions here, and an invalid one makes the result
 * `invalid`, naming the elements: nothing built from it is applied.
 */
import { createHash } from 'node:crypto'
import type * as fhir4 from 'fhir/r4'
import type { MappingContext } from '../../../mappings/context'
import { derivedUid } from '../../../mappings/uuid'
import { SID } from '../../../mappings/identifiers'
import { identifierIn } from '../../../mappings/fhir/read-helpers'
import {
  communicationPatch, documentPatch, encounterPatch, encounterToHealthEvent, taskPatch, type HealthEncounterView, type ReferralPatch,
} from '../../../mappings/fhir/referral-feedback'
import type { FhirConnector } from '../../connectors/fhir'
import type { OutboxInput, ReferralRecord, Store } from '../../store'
import { describeIssues, validateFhirResource, type FhirIssue } from './fhir-validation'

export const FEEDBACK_KIND = 'referral-feedback'
export const FEEDBACK_TARGET = 'dhis2'
export const INGESTED_TYPES = ['Task', 'Encounter', 'Observation', 'Procedure', 'Communication', 'DocumentReference'] as const

/** A resource about one of our referrals that is not valid FHIR R4: its item is a dead letter with the reason, never applied. */
export interface InvalidFeedbackPayload {
  facility: string
  source: string
  invalid: string
}

export interface FeedbackPayload {
  facility: string
  /** `Type/id/_history/version` at the facility. */
  source: string
  referralEvent: string
  enrollment: string
  patch?: ReferralPatch
  encounter?: { event: string; view: HealthEncounterView }
}

export interface IngestFacility {
  id: string
  /** The provider code written as the encounter's facility (the first it answers for). */
  provider: string
}

export interface IngestDeps {
  store: Store
  mapping: MappingContext
  /** The facility's server: to resolve references and fetch findings. */
  connector: Pick<FhirConnector, 'read' | 'search'>
}

export type IngestResult =
  | { ok: true; item: OutboxInput }
  | { ok: false; reason: 'not-ours' | 'not-relevant' | 'forbidden'; message: string }
  | { ok: false; reason: 'invalid'; message: string; issues: FhirIssue[] }

type Resource = { resourceType: string; id?: string; meta?: { versionId?: string } }

const contentHash = (r: unknown) => createHash('sha256').update(JSON.stringify(r)).digest('hex').slice(0, 16)
const versionOf = (r: Resource) => r.meta?.versionId ?? `h${contentHash({ ...r, meta: undefined })}`
export const healthEventUid = (facility: string, encounterId: string) => derivedUid('health-encounter', `${facility}|${encounterId}`)

/** `Type/id` from a reference on the facility's server (relative, or absolute under its base). */
function localRef(reference: string | undefined, baseOrigin?: string): { type: string; id: string } | undefined {
  if (!reference) return undefined
  const m = /(?:^|\/)([A-Z][A-Za-z]+)\/([A-Za-z0-9.-]{1,64})(?:\/_history\/[^/]+)?$/.exec(reference)
  if (!m) return undefined
  if (/^https?:/.test(reference) && baseOrigin && new URL(reference).origin !== baseOrigin) return undefined
  return { type: m[1]!, id: m[2]! }
}

async function referralOfRef(deps: IngestDeps, r: fhir4.Reference | undefined): Promise<string | undefined> {
  if (!r) return undefined
  if (r.identifier?.system === SID.referral && r.identifier.value) return r.identifier.value
  const local = localRef(r.reference)
  if (!local || (local.type !== 'ServiceRequest' && local.type !== 'Task')) return undefined
  try {
    const target = (await deps.connector.read(local.type as 'Task', local.id)) as fhir4.Task
    return identifierIn(target, SID.referral)
  } catch {
    return undefined
  }
}

async function firstReferral(deps: IngestDeps, refs: Array<fhir4.Reference | undefined>): Promise<string | undefined> {
  for (const r of refs) {
    const found = await referralOfRef(deps, r)
    if (found) return found
  }
  return undefined
}

const notOurs = (message: string): IngestResult => ({ ok: false, reason: 'not-ours', message })

/** Undefined when valid; else the `invalid` result naming the resource read from the facility and its elements. */
function checkRead(resource: Resource): IngestResult | undefined {
  const issues = validateFhirResource(resource)
  if (issues.length === 0) return undefined
  const what = `${resource.resourceType}/${resource.id ?? '?'} on the facility's server`
  return { ok: false, reason: 'invalid', message: `${what} is not valid FHIR R4: ${describeIssues(issues)}`, issues: issues.map((i) => ({ ...i, message: `${i.message} (in ${what})` })) }
}

/** The dead-letter item for a resource of ours that is not valid FHIR R4 (same key as its valid item would have). */
export function invalidItem(key: string, facility: string, source: string, reason: string): OutboxInput {
  return { key, kind: FEEDBACK_KIND, target: FEEDBACK_TARGET, payload: { facility, source, invalid: reason } satisfies InvalidFeedbackPayload }
}

export async function ingestResource(deps: IngestDeps, facility: IngestFacility, resource: Resource): Promise<IngestResult> {
  const type = resource.resourceType
  const owned = async (event: string | undefined): Promise<ReferralRecord | IngestResult> => {
    if (!event) return notOurs(`${type} names no referral of ours`)
    const record = await deps.store.referrals.get(facility.id, event)
    if (record) return record
    const elsewhere = await deps.store.referrals.ofEvent(event)
    return elsewhere.length > 0
      ? { ok: false, reason: 'forbidden', message: `referral ${event} was not sent to ${facility.id}` }
      : notOurs(`referral ${event} is not known here`)
  }
  const item = (source: string, record: ReferralRecord, body: Partial<FeedbackPayload>): IngestResult => ({
    ok: true,
    item: {
      key: `fhir-in:${facility.id}:${source}`, kind: FEEDBACK_KIND, target: FEEDBACK_TARGET,
      payload: { facility: facility.id, source, referralEvent: record.referralEvent, enrollment: record.enrollment, ...body } satisfies FeedbackPayload,
    },
  })
  const source = `${type}/${resource.id ?? 'new'}/_history/${versionOf(resource)}`

  switch (type) {
    case 'Task': {
      const task = resource as fhir4.Task
      const record = await owned(identifierIn(task, SID.referral))
      if ('ok' in record) return record
      return item(source, record, { patch: taskPatch(task, deps.mapping) })
    }
    case 'Communication': {
      const c = resource as fhir4.Communication
      const record = await owned(await firstReferral(deps, [...(c.basedOn ?? []), ...(c.about ?? []), ...(c.partOf ?? [])]))
      if ('ok' in record) return record
      const patch = communicationPatch(c)
      return patch ? item(source, record, { patch }) : { ok: false, reason: 'not-relevant', message: 'Communication is not completed' }
    }
    case 'DocumentReference': {
      const d = resource as fhir4.DocumentReference
      const record = await owned(await firstReferral(deps, d.context?.related ?? []))
      if ('ok' in record) return record
      const patch = documentPatch(d)
      return patch ? item(source, record, { patch }) : { ok: false, reason: 'not-relevant', message: 'DocumentReference is not current' }
    }
    case 'Observation':
    case 'Procedure': {
      const ref = localRef((resource as fhir4.Observation).encounter?.reference)
      if (!ref || ref.type !== 'Encounter') return { ok: false, reason: 'not-relevant', message: `${type} has no encounter` }
      const enc = (await deps.connector.read('Encounter', ref.id)) as fhir4.Encounter
      return ingestEncounter(deps, facility, enc, owned, true)
    }
    case 'Encounter':
      return ingestEncounter(deps, facility, resource as fhir4.Encounter, owned)
    default:
      return { ok: false, reason: 'not-relevant', message: `${type} is not read from facilities` }
  }
}

async function ingestEncounter(
  deps: IngestDeps, facility: IngestFacility, enc: fhir4.Encounter, owned: (event: string | undefined) => Promise<ReferralRecord | IngestResult>,
  readBack = false,
): Promise<IngestResult> {
  let event = await firstReferral(deps, enc.basedOn ?? [])
  if (!event) {
    // Same child: the subject's child code, and the latest open referral of that child to this facility.
    let childCode = enc.subject?.identifier?.system === SID.childCode ? enc.subject.identifier.value : undefined
    const subject = localRef(enc.subject?.reference)
    if (!childCode && subject?.type === 'Patient') {
      try {
        childCode = identifierIn((await deps.connector.read('Patient', subject.id)) as fhir4.Patient, SID.childCode)
      } catch {
        childCode = undefined
      }
    }
    if (childCode) event = (await deps.store.referrals.latestForChild(facility.id, childCode))?.referralEvent
  }
  const record = await owned(event)
  if ('ok' in record) return record
  if (!enc.id) return { ok: false, reason: 'not-relevant', message: 'Encounter has no id' }
  const bad = readBack ? checkRead(enc as Resource) : undefined
  if (bad) return bad
  const findings: Array<fhir4.Observation | fhir4.Procedure> = []
  for (const type of ['Observation', 'Procedure'] as const) {
    for await (const page of deps.connector.search(type, { encounter: `Encounter/${enc.id}`, _count: 100 })) findings.push(...(page.resources as never[]))
  }
  for (const f of findings) {
    const bad = checkRead(f as Resource)
    if (bad) return bad
  }
  findings.sort((a, b) => (a.id ?? '').localeCompare(b.id ?? ''))
  const view = encounterToHealthEvent(enc, findings, deps.mapping, { facility: facility.provider, referralEvent: record.referralEvent })
  const versions = contentHash([versionOf(enc as Resource), ...findings.map((f) => `${f.id}:${versionOf(f as Resource)}`)])
  const patch = encounterPatch(enc)
  return {
    ok: true,
    item: {
      key: `fhir-in:${facility.id}:Encounter/${enc.id}/_history/${versions}`, kind: FEEDBACK_KIND, target: FEEDBACK_TARGET,
      payload: {
        facility: facility.id, source: `Encounter/${enc.id}/_history/${versionOf(enc as Resource)}`, referralEvent: record.referralEvent,
        enrollment: record.enrollment, encounter: { event: healthEventUid(facility.id, enc.id), view }, ...(patch ? { patch } : {}),
      } satisfies FeedbackPayload,
    },
  }
}
