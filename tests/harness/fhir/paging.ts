/**
 * Paging links for search results. The memory repository applies `_count`/`_offset` and reports `total`
 * but returns no links and no `fullUrl`; production servers return both. Links are absolute URLs on the
 * harness host (offset paging, like Medplum's server), so `client.nextPage()` works as against a real server.
 */
import type { Bundle, BundleLink } from '@medplum/fhirtypes';

export interface PageContext {
  /** Absolute URL of the searched endpoint without query, e.g. http://127.0.0.1:5555/fhir/Task */
  endpoint: string;
  baseUrl: string;
  query: URLSearchParams;
  count: number;
  offset: number;
}

function pageUrl(ctx: PageContext, offset: number): string {
  const q = new URLSearchParams(ctx.query);
  q.delete('_offset');
  if (offset > 0) q.set('_offset', String(offset));
  return `${ctx.endpoint}?${q.toString()}`;
}

export function addPaging(bundle: Bundle, ctx: PageContext): void {
  bundle.entry = bundle.entry?.map(({ resource, search, ...rest }) => ({
    ...(resource?.id ? { fullUrl: `${ctx.baseUrl}/${resource.resourceType}/${resource.id}` } : {}),
    ...rest,
    resource,
    search: search ?? { mode: 'match' },
  }));
  const total = bundle.total ?? 0;
  const links: BundleLink[] = [
    { relation: 'self', url: pageUrl(ctx, ctx.offset) },
    { relation: 'first', url: pageUrl(ctx, 0) },
  ];
  if (ctx.offset > 0 && ctx.count > 0) links.push({ relation: 'previous', url: pageUrl(ctx, Math.max(0, ctx.offset - ctx.count)) });
  if (ctx.count > 0 && ctx.offset + ctx.count < total) links.push({ relation: 'next', url: pageUrl(ctx, ctx.offset + ctx.count) });
  bundle.link = links;
}
