/**
 * `createFhirConnector`: the FHIR R4 interactions the adapter needs, over fhir-kit-client through
 * one seam (http.ts). Writes are keyed on a business identifier (If-None-Exist, conditional PUT),
 * so a retried write finds what the first attempt stored instead of creating it twice.
 */
import type { Bundle, CapabilityStatement, FhirResource, OperationOutcome } from 'fhir/r4'
import { createFhirHttp, type FhirHttp, parseWith, type Read } from './http'
import { bundleSchema, capabilitySchema, RESOURCE_ID, RESOURCE_TYPE, resourceOf } from './schemas'
import { searchPages } from './search'
import type {
  FhirConnectorOptions,
  FhirSearchPage,
  IdentifierKey,
  ResourceOf,
  ResourceType,
  SearchParams,
  TransactionResult,
  WriteResult,
} from './types'

export interface FhirConnector {
  /** `GET [base]/metadata`. */
  capabilities(): Promise<CapabilityStatement>
  /** `POST [base]` with a transaction (or batch) Bundle; the response Bundle and each entry's status. */
  transaction(bundle: Bundle): Promise<TransactionResult>
  /** `POST [base]/[type]` with `If-None-Exist: identifier=system|value`: 201 created, 200 already there. */
  conditionalCreate<T extends FhirResource>(resource: T, identifier: IdentifierKey): Promise<WriteResult<T>>
  /** `PUT [base]/[type]?identifier=system|value`, with `If-Match` when given (a version id or an ETag). */
  conditionalUpdate<T extends FhirResource>(resource: T, identifier: IdentifierKey, options?: { ifMatch?: string }): Promise<WriteResult<T>>
  read<K extends ResourceType>(type: K, id: string): Promise<ResourceOf<K>>
  /** Pages of a search, following `next` links on the base URL's origin only. */
  search<K extends ResourceType>(type: K, params?: SearchParams): AsyncIterable<FhirSearchPage<ResourceOf<K>>>
}

/** Servers may answer writes with no body; ask for the resource. */
const RETURN_RESOURCE = { prefer: 'return=representation' }

/** A token search value: `\`, `|`, `,` and `$` escaped as R4 search requires. */
export const tokenValue = ({ system, value }: IdentifierKey) => {
  const escape = (s: string) => s.replace(/[\\|,$]/g, (c) => `\\${c}`)
  return `${escape(system)}|${escape(value)}`
}

/** `W/"3"` from a version id; an ETag given whole is sent as is. */
const etag = (ifMatch: string) => (/^(W\/)?"/.test(ifMatch) ? ifMatch : `W/"${ifMatch}"`)

function checkWrite(resource: FhirResource, identifier: IdentifierKey): void {
  if (!RESOURCE_TYPE.test(resource.resourceType)) throw new TypeError(`not a resource type: ${resource.resourceType}`)
  // A write keyed on an identifier the resource does not carry would never match on retry: a duplicate per attempt.
  const own = (resource as { identifier?: { system?: string; value?: string }[] }).identifier ?? []
  if (!own.some((i) => i.system === identifier.system && i.value === identifier.value))
    throw new TypeError(`${resource.resourceType} does not carry the identifier ${identifier.system}|${identifier.value} its write is keyed on`)
}

const readWrite =
  <T extends FhirResource>(type: string): Read<WriteResult<T>> =>
  (response, fail) => {
    const resource = parseWith(resourceOf(type), response, fail) as unknown as T
    const location = response.headers.get('location') ?? response.headers.get('content-location') ?? undefined
    const tag = response.headers.get('etag') ?? undefined
    return { status: response.status, created: response.status === 201, resource, ...(location ? { location } : {}), ...(tag ? { etag: tag } : {}) }
  }

const readTransaction =
  (sent: Bundle): Read<TransactionResult> =>
  (response, fail) => {
    const bundle = parseWith(bundleSchema, response, fail)
    const invalid = (problem: string) => fail({ type: 'invalid', status: response.status, problem })
    if (bundle.type !== `${sent.type}-response`) throw invalid(`type: expected ${sent.type}-response, got ${bundle.type}`)
    if (bundle.entry.length !== (sent.entry?.length ?? 0)) throw invalid(`${bundle.entry.length} response entries for ${sent.entry?.length ?? 0} requests`)
    const entries = bundle.entry.map((entry, index) => {
      if (!entry.response) throw invalid(`entry.${index}.response: missing`)
      const { status, location, etag: tag, lastModified, outcome } = entry.response
      return {
        status: Number(status.slice(0, 3)),
        ...(location !== undefined ? { location } : {}),
        ...(tag !== undefined ? { etag: tag } : {}),
        ...(lastModified !== undefined ? { lastModified } : {}),
        ...(outcome !== undefined ? { outcome: outcome as OperationOutcome } : {}),
      }
    })
    return { bundle: bundle as unknown as Bundle, entries }
  }

export function createFhirConnector(options: FhirConnectorOptions): FhirConnector {
  const http: FhirHttp = createFhirHttp(options)
  const body = (resource: FhirResource) => resource as unknown as FhirResource & Record<string, unknown>

  return {
    capabilities: () =>
      http.call(
        { method: 'GET', url: http.url('metadata') },
        (client, o) => client.capabilityStatement(o),
        (response, fail) => parseWith(capabilitySchema, response, fail) as unknown as CapabilityStatement,
      ),

    transaction: (bundle) =>
      http.call(
        { method: 'POST', url: `${http.baseUrl}/` },
        (client, o) => client.transaction({ body: body(bundle), options: { ...o, headers: RETURN_RESOURCE } }),
        readTransaction(bundle),
      ),

    async conditionalCreate(resource, identifier) {
      checkWrite(resource, identifier)
      const type = resource.resourceType
      const ifNoneExist = new URLSearchParams({ identifier: tokenValue(identifier) }).toString()
      return http.call(
        { method: 'POST', url: http.url(type) },
        (client, o) => client.create({ resourceType: type, body: body(resource), options: { ...o, headers: { ...RETURN_RESOURCE, 'if-none-exist': ifNoneExist } } }),
        readWrite(type),
      )
    },

    async conditionalUpdate(resource, identifier, { ifMatch } = {}) {
      checkWrite(resource, identifier)
      const type = resource.resourceType
      const searchParams = { identifier: tokenValue(identifier) }
      const headers = { ...RETURN_RESOURCE, ...(ifMatch !== undefined ? { 'if-match': etag(ifMatch) } : {}) }
      return http.call(
        { method: 'PUT', url: http.url(type, searchParams) },
        (client, o) => client.update({ resourceType: type, searchParams, body: body(resource), options: { ...o, headers } }),
        readWrite(type),
      )
    },

    async read<K extends ResourceType>(type: K, id: string) {
      if (!RESOURCE_TYPE.test(type) || !RESOURCE_ID.test(id)) throw new TypeError(`not a resource reference: ${type}/${id}`)
      return http.call(
        { method: 'GET', url: http.url(`${type}/${id}`) },
        (client, o) => client.read({ resourceType: type, id, options: o }),
        (response, fail) => parseWith(resourceOf(type), response, fail) as unknown as ResourceOf<K>,
      )
    },

    search: (type, params = {}) => searchPages(http, type, params),
  }
}
