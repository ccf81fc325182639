/**
 * `_include` and `_revinclude` (one level, no `:iterate`). Medplum's memory repository parses them and
 * then ignores them; the harness adds the included resources to each page with `search.mode: include`.
 */
import { evalFhirPath, parseSearchRequest } from '@medplum/core';
import type { FhirRepository } from '@medplum/fhir-router';
import type { Bundle, BundleEntry, Reference, Resource } from '@medplum/fhirtypes';
import { ensureTypesLoaded, isKnownResourceType } from './definitions';
import { fail } from './outcomes';
import { classifyReference } from './references';
import { searchParameter } from './search-params';

interface IncludeTarget {
  source: string;
  param: string;
  target?: string;
}

function parseTarget(kind: string, value: string): IncludeTarget {
  const [source = '', param = '', target] = value.split(':');
  const sp = searchParameter(source, param);
  if (!isKnownResourceType(source) || sp?.type !== 'reference') {
    fail(400, 'invalid', `${kind}=${value}: expected SourceType:referenceParameter[:TargetType]`, kind);
  }
  return { source, param, target };
}

export async function applyIncludes(
  bundle: Bundle,
  type: string,
  query: URLSearchParams,
  repo: FhirRepository,
  baseUrl: string,
): Promise<void> {
  const includes = query.getAll('_include').map((v) => parseTarget('_include', v));
  const revIncludes = query.getAll('_revinclude').map((v) => parseTarget('_revinclude', v));
  if (!includes.length && !revIncludes.length) return;
  const matches = (bundle.entry ?? []).map((e) => e.resource).filter((r): r is Resource => Boolean(r));
  const seen = new Set(matches.map((r) => `${r.resourceType}/${r.id}`));
  const added: BundleEntry[] = [];
  const add = (r: Resource): void => {
    const key = `${r.resourceType}/${r.id}`;
    if (seen.has(key)) return;
    seen.add(key);
    added.push({ fullUrl: `${baseUrl}/${key}`, resource: r, search: { mode: 'include' } });
  };

  for (const inc of includes) {
    if (inc.source !== type) fail(400, 'invalid', `_include=${inc.source}:${inc.param} does not start from ${type}`, '_include');
    const expression = searchParameter(inc.source, inc.param)?.expression ?? '';
    for (const resource of matches) {
      for (const value of evalFhirPath(expression, resource)) {
        const target = classifyReference((value as Reference).reference ?? '', baseUrl);
        if (target.kind !== 'local' || (inc.target && inc.target !== target.resourceType)) continue;
        try {
          add(await repo.readResource(target.resourceType, target.id));
        } catch {
          // dangling reference: nothing to include
        }
      }
    }
  }

  for (const rev of revIncludes) {
    if (!matches.length) break;
    ensureTypesLoaded([rev.source]);
    const refs = matches.map((r) => `${r.resourceType}/${r.id}`).join(',');
    for (const r of await repo.searchResources(parseSearchRequest(rev.source, { [rev.param]: refs }))) add(r);
  }
  if (added.length) bundle.entry = [...(bundle.entry ?? []), ...added];
}
