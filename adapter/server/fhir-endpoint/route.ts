/**
 * The inbound FHIR R4 endpoint at `/fhir` (a route of the adapter's HTTP service). Per-partner
 * bearer auth; a partner reads and updates only the Tasks of referrals sent to it; every payload is
 * validated before anything is written (the FHIR R4 StructureDefinitions, including resources read back
 * for id-only notifications; then our own schemas, identifiers and ownership), and whatever is accepted
 * becomes the same inbound items polling makes (pipelines/referral-feedback/ingest.ts), so a
 * replayed notification changes nothing. Errors are OperationOutcomes naming the problem.
 */
import { timingSafeEqual } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { MappingContext } from '../../../mappings/context'
import { parseFhirResource } from '../../../mappings/fhir/schemas'
import { identifierIn } from '../../../mappings/fhir/read-helpers'
import { SID } from '../../../mappings/identifiers'
import type { FhirConnector } from '../../connectors/fhir'
import type { Logger } from '../../observability/logger'
import { describeIssues, loadFhirDefinitions, validateFhirResource, type FhirIssue } from '../../pipelines/referral-feedback/fhir-validation'
import { ingestResource, type IngestResult } from '../../pipelines/referral-feedback/ingest'
import type { OutboxInput, Store } from '../../store'
import { capabilityStatement } from './capability'
import { FhirEndpointError, outcome, send, validationOutcome } from './outcome'

export interface Partner {
  id: string
  /** The provider code its encounters are recorded under. */
  provider: string
  token: string
  /** Its own server, to read back id-only notifications and Tasks. */
  connector: Pick<FhirConnector, 'read' | 'search'>
  baseUrl: string
}

export interface FhirEndpointDeps {
  partners: Partner[]
  store: Store
  mapping: MappingContext
  logger: Logger
  /** Called after items were queued (e.g. to deliver them now rather than at the next pass). */
  onQueued?: (count: number) => void
  maxBodyBytes?: number
  prefix?: string
}

const digest = (s: string) => Buffer.from(s.padEnd(256, '\0').slice(0, 256))

function partnerOf(req: IncomingMessage, partners: readonly Partner[]): Partner {
  const header = req.headers.authorization ?? ''
  const m = /^Bearer\s+(\S+)$/i.exec(header)
  if (!m) throw new FhirEndpointError(401, 'login', 'a bearer token is required (Authorization: Bearer <token>)')
  const given = digest(m[1]!)
  const found = partners.find((p) => timingSafeEqual(digest(p.token), given) && p.token.length === m[1]!.length)
  if (!found) throw new FhirEndpointError(401, 'login', 'the bearer token is not valid')
  return found
}

async function readBody(req: IncomingMessage, limit: number): Promise<unknown> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req) {
    size += (chunk as Buffer).length
    if (size > limit) throw new FhirEndpointError(413, 'too-costly', `the body is larger than ${limit} bytes`)
    chunks.push(chunk as Buffer)
  }
  const text = Buffer.concat(chunks).toString('utf8')
  if (text.trim() === '') throw new FhirEndpointError(400, 'required', 'the body is empty: a FHIR resource is expected')
  try {
    return JSON.parse(text)
  } catch {
    throw new FhirEndpointError(400, 'invalid', 'the body is not JSON')
  }
}

const notValid = (what: string, issues: readonly FhirIssue[]) =>
  new FhirEndpointError(400, 'invalid', `${what} is not valid FHIR R4: ${describeIssues(issues)}`, undefined, issues)

/**
 * The R4 structure check (skipped for entries of a Bundle already checked whole), then our schemas.
 * `where` is the resource's place in the request, e.g. `Bundle.entry[1].resource.`.
 */
function validate(body: unknown, type: string, where = '', structure = true): void {
  const t = (body as { resourceType?: unknown } | null)?.resourceType
  if (t !== type) throw new FhirEndpointError(400, 'invalid', `expected a ${type}, got ${typeof t === 'string' ? t : 'no resourceType'}`, [`${where}resourceType`])
  if (structure) {
    const issues = validateFhirResource(body, where ? where.replace(/\.$/, '') : undefined)
    if (issues.length > 0) throw notValid(type, issues)
  }
  const parsed = parseFhirResource(body)
  if (!parsed.ok) {
    const first = parsed.errors[0] ?? 'invalid'
    const path = first.split(':')[0]
    throw new FhirEndpointError(400, 'invalid', `${type} is not valid: ${parsed.errors.slice(0, 3).join('; ')}`, path ? [`${where}${type}.${path}`] : undefined)
  }
}

const refused = (r: Exclude<IngestResult, { ok: true }>, what: string) =>
  r.reason === 'forbidden' ? new FhirEndpointError(403, 'forbidden', r.message)
    : r.reason === 'invalid' ? notValid(what, r.issues)
      : new FhirEndpointError(r.reason === 'not-ours' ? 404 : 422, r.reason === 'not-ours' ? 'not-found' : 'processing', `${what}: ${r.message}`)

/** A notification Bundle as the R4 validator sees it: the R4B/R5 SubscriptionStatus entry (not an R4 type) left out. */
const r4View = (bundle: { entry?: Array<{ resource?: { resourceType?: string } }> }) =>
  ({ ...bundle, entry: bundle.entry?.map((e) => (e.resource?.resourceType === 'SubscriptionStatus' ? { ...e, resource: undefined } : e)) })

export function createFhirEndpoint(deps: FhirEndpointDeps) {
  const prefix = deps.prefix ?? '/fhir'
  // The R4 definitions are loaded once, lazily: here, right after start, so the first push does not wait for them.
  setImmediate(() => {
    try {
      loadFhirDefinitions()
    } catch (error) {
      deps.logger.warn({ reason: error instanceof Error ? error.message : String(error) }, 'FHIR definitions not loaded yet: loaded at the first request')
    }
  })
  const limit = deps.maxBodyBytes ?? 1_000_000
  const ingestDeps = (p: Partner) => ({ store: deps.store, mapping: deps.mapping, connector: p.connector })
  const enqueue = async (items: OutboxInput[]) => {
    if (items.length === 0) return 0
    const results = await deps.store.enqueue(items)
    const queued = results.filter((r) => r.outcome !== 'unchanged').length
    if (queued > 0) deps.onQueued?.(queued)
    return queued
  }

  /** The partner may touch the Task of this referral only if it was sent to it. */
  async function owned(partner: Partner, event: string): Promise<void> {
    if (await deps.store.referrals.get(partner.id, event)) return
    const elsewhere = await deps.store.referrals.ofEvent(event)
    if (elsewhere.length > 0) throw new FhirEndpointError(403, 'forbidden', `Task ${event} belongs to another partner`)
    throw new FhirEndpointError(404, 'not-found', `no referral ${event} was sent to ${partner.id}`)
  }

  async function putTask(partner: Partner, body: unknown, id: string | undefined, res: ServerResponse) {
    validate(body, 'Task')
    const task = body as { id?: string; identifier?: Array<{ system?: string; value?: string }> }
    const event = identifierIn(task, SID.referral)
    if (!event) throw new FhirEndpointError(400, 'required', `Task.identifier must include our referral id (system ${SID.referral})`, ['Task.identifier'])
    if (id !== undefined && id !== event) throw new FhirEndpointError(400, 'invalid', `the Task id in the URL (${id}) is not the referral id it carries`, ['Task.identifier'])
    await owned(partner, event)
    const result = await ingestResource(ingestDeps(partner), partner, task as never)
    if (!result.ok) throw refused(result, 'Task')
    await enqueue([result.item])
    send(res, 200, { ...(body as object), id: event })
  }

  async function getTask(partner: Partner, id: string, res: ServerResponse) {
    await owned(partner, id)
    for await (const page of partner.connector.search('Task', { identifier: `${SID.referral}|${id}` })) {
      const task = page.resources[0]
      if (task) return send(res, 200, { ...task, id })
      break
    }
    throw new FhirEndpointError(404, 'not-found', `Task ${id} is not on ${partner.id}'s server`)
  }

  async function notification(partner: Partner, body: unknown, res: ServerResponse) {
    const bundle = body as { resourceType?: string; type?: string; entry?: Array<{ fullUrl?: string; resource?: { resourceType?: string; id?: string } }> }
    if (bundle?.resourceType !== 'Bundle') throw new FhirEndpointError(400, 'invalid', 'POST to the base takes a subscription notification Bundle', ['Bundle.resourceType'])
    validate(r4View(bundle), 'Bundle')
    if (bundle.type !== 'history') throw new FhirEndpointError(400, 'not-supported', `only subscription notifications (Bundle.type history) are accepted, not ${bundle.type}`, ['Bundle.type'])
    const entries = bundle.entry ?? []
    const origin = new URL(partner.baseUrl).origin
    const resources: Array<{ resourceType: string; id?: string }> = []
    for (const [i, entry] of entries.entries()) {
      if (entry.resource?.resourceType === 'Parameters' || entry.resource?.resourceType === 'SubscriptionStatus') continue // the status entry
      if (entry.resource) {
        const type = entry.resource.resourceType ?? ''
        if (type === 'Task' || type === 'Encounter') validate(entry.resource, type, `Bundle.entry[${i}].resource.`, false)
        resources.push(entry.resource as { resourceType: string })
        continue
      }
      // id-only: read it back from the partner's own server, never from anywhere else.
      const url = entry.fullUrl ?? ''
      const m = /^(https?:\/\/.+)\/([A-Z][A-Za-z]+)\/([A-Za-z0-9.-]{1,64})(?:\/_history\/[^/]+)?$/.exec(url)
      if (!m) throw new FhirEndpointError(400, 'invalid', `entry ${i} has neither a resource nor an absolute fullUrl`, [`Bundle.entry[${i}].fullUrl`])
      if (new URL(m[1]!).origin !== origin) throw new FhirEndpointError(400, 'security', `entry ${i} points to another server: only ${origin} is read`, [`Bundle.entry[${i}].fullUrl`])
      const read = (await partner.connector.read(m[2] as 'Task', m[3]!)) as { resourceType: string }
      const issues = validateFhirResource(read)
      if (issues.length > 0) throw notValid(`${m[2]} read back for Bundle.entry[${i}]`, issues.map((x) => ({ ...x, message: `${x.message} (in the ${m[2]} read back for Bundle.entry[${i}].fullUrl)` })))
      resources.push(read)
    }
    const items: OutboxInput[] = []
    let ignored = 0
    for (const r of resources) {
      const result = await ingestResource(ingestDeps(partner), partner, r)
      if (result.ok) items.push(result.item)
      else if (result.reason === 'forbidden' || result.reason === 'invalid') throw refused(result, r.resourceType)
      else ignored++
    }
    const queued = await enqueue(items)
    send(res, 200, outcome('information', 'informational', `accepted ${items.length} resource(s): ${queued} new, ${items.length - queued} already received; ${ignored} not about our referrals`))
  }

  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://local')
    const path = url.pathname.slice(prefix.length).replace(/\/+$/, '')
    const method = req.method ?? 'GET'
    try {
      if (path === '/metadata' && method === 'GET') return send(res, 200, capabilityStatement({ software: 'cpcm-adapter', version: '0.1.0' }))
      const partner = partnerOf(req, deps.partners)
      const task = /^\/Task(?:\/([A-Za-z0-9.-]{1,64}))?$/.exec(path)
      if (path === '' && method === 'POST') return await notification(partner, await readBody(req, limit), res)
      if (task && method === 'GET' && task[1]) return await getTask(partner, task[1], res)
      if (task && method === 'PUT' && task[1]) return await putTask(partner, await readBody(req, limit), task[1], res)
      if (task && method === 'POST' && !task[1]) return await putTask(partner, await readBody(req, limit), undefined, res)
      throw new FhirEndpointError(task || path === '' ? 405 : 404, 'not-supported', `${method} ${prefix}${path} is not offered: see ${prefix}/metadata`)
    } catch (error) {
      if (error instanceof FhirEndpointError) {
        const body = error.issues?.length ? validationOutcome(error.issues) : outcome('error', error.code, error.message, error.expression)
        return send(res, error.status, body, error.status === 401 ? { 'www-authenticate': 'Bearer' } : {})
      }
      // A partner's server failing while we read back: their problem, said without our internals.
      const message = error instanceof Error ? error.message : String(error)
      deps.logger.error({ reason: message }, 'inbound FHIR request failed')
      return send(res, 502, outcome('error', 'exception', 'the request could not be completed; nothing was written'))
    }
  }
}
