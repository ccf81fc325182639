/**
 * Searches as async iterators of pages, following `next` links only on the configured origin:
 * a link elsewhere ends the search with a ConnectorError instead of carrying the token away.
 * A link back to a page already read ends it too (a server bug would otherwise loop forever).
 */
import type { Bundle, FhirResource } from 'fhir/r4'
import { type FhirHttp, parseWith, type Read } from './http'
import { type BundleBody, bundleSchema, RESOURCE_TYPE } from './schemas'
import type { FhirSearchPage, ResourceOf, ResourceType, SearchParams } from './types'

const readSearchset =
  <K extends ResourceType>(type: K): Read<FhirSearchPage<ResourceOf<K>>> =>
  (response, fail) => {
    const bundle = parseWith(bundleSchema, response, fail)
    if (bundle.type !== 'searchset') throw fail({ type: 'invalid', status: response.status, problem: `type: expected searchset, got ${bundle.type}` })
    const resources: ResourceOf<K>[] = []
    const included: FhirResource[] = []
    for (const [index, entry] of bundle.entry.entries()) {
      if (!entry.resource) continue
      const mode = entry.search?.mode
      const match = mode === 'match' || (mode === undefined && entry.resource.resourceType === type)
      if (match && entry.resource.resourceType !== type)
        throw fail({ type: 'invalid', status: response.status, problem: `entry.${index}.resource: a ${entry.resource.resourceType} matched a ${type} search` })
      if (match) resources.push(entry.resource as unknown as ResourceOf<K>)
      else if (mode !== 'outcome') included.push(entry.resource as unknown as FhirResource)
    }
    return { resources, included, ...(bundle.total !== undefined ? { total: bundle.total } : {}), bundle: bundle as unknown as Bundle }
  }

const nextLink = (bundle: BundleBody) => bundle.link.find((link) => link.relation === 'next')?.url

export async function* searchPages<K extends ResourceType>(
  http: FhirHttp,
  type: K,
  params: SearchParams,
): AsyncGenerator<FhirSearchPage<ResourceOf<K>>, void, undefined> {
  if (!RESOURCE_TYPE.test(type)) throw new TypeError(`not a resource type: ${type}`)
  const read = readSearchset(type)
  let request = { method: 'GET', url: http.url(type, params) }
  let page = await http.call(request, (client, options) => client.search({ resourceType: type, searchParams: params, options }), read)
  const visited = new Set([request.url])
  for (;;) {
    yield page
    const next = nextLink(page.bundle as unknown as BundleBody)
    if (!next) return
    const target = new URL(next, `${http.baseUrl}/`)
    if (target.origin !== http.origin) throw http.fail(request, { type: 'foreign-link', origin: target.origin })
    if (visited.has(target.href)) throw http.fail(request, { type: 'invalid', status: 200, problem: 'the next link points to a page already read' })
    visited.add(target.href)
    request = { method: 'GET', url: target.href }
    page = await http.call(request, (client, options) => client.request(target.href, { options }), read)
  }
}
