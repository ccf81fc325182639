/**
 * Checks and normalises a type-level search before the engine sees it.
 *
 * The Medplum memory repository answers an empty Bundle, silently, for an unknown search parameter, a
 * chained parameter (`subject.identifier=...`) or `_has`; production servers (HAPI, Medplum's own
 * server) answer 400 for what they do not know. The harness answers 400 for unknown parameters and for
 * features it does not offer, and implements one level of chaining itself (rewritten to a reference
 * search). It also applies a default page size (production servers page by default).
 */
import { globalSchema, parseSearchRequest } from '@medplum/core';
import type { FhirRepository } from '@medplum/fhir-router';
import type { SearchParameter } from '@medplum/fhirtypes';
import { ensureTypesLoaded, isKnownResourceType } from './definitions';
import { fail } from './outcomes';

export interface PagingOptions {
  defaultPageSize: number;
  maxPageSize: number;
}

export interface PreparedSearch {
  query: URLSearchParams;
  count: number;
  offset: number;
}

/** Accepted and handled by the engine or the harness. `_summary`/`_elements` are accepted but ignored by the memory repository (full resources come back). */
const CONTROL = new Set(['_count', '_offset', '_sort', '_total', '_summary', '_elements', '_include', '_revinclude', '_format', '_pretty']);
const UNSUPPORTED = new Set(['_has', '_filter', '_text', '_content', '_query', '_list', '_contained', '_containedType', '_compartment', '_cursor', '_type']);

export function searchParameter(type: string, code: string): SearchParameter | undefined {
  return globalSchema.types[type]?.searchParams?.[code];
}

function nonNegativeInt(name: string, value: string | null, fallback: number): number {
  if (value === null) return fallback;
  if (!/^\d+$/.test(value)) fail(400, 'invalid', `${name} must be a non-negative integer, got "${value}"`, name);
  return Number(value);
}

/**
 * Checks search criteria and rewrites chained parameters; used for searches (with `control` true) and
 * for the criteria of conditional create, update, patch and delete (where `_count` and friends make no sense).
 */
export async function prepareCriteria(
  type: string,
  input: URLSearchParams,
  repo: FhirRepository,
  control = false,
): Promise<URLSearchParams> {
  const query = new URLSearchParams();
  for (const [key, value] of input) {
    const [name = '', modifier] = key.split(':');
    const base = name.split('.')[0] ?? '';
    if (UNSUPPORTED.has(base)) fail(400, 'not-supported', `Search parameter ${base} is not supported by this server`, key);
    if (CONTROL.has(name)) {
      if (!control) fail(400, 'invalid', `${name} is not allowed in conditional criteria`, key);
      if ((name === '_include' || name === '_revinclude') && modifier) {
        fail(400, 'not-supported', `${key} is not supported by this server`, key);
      }
      if (name === '_sort') checkSort(type, value);
      query.append(key, value);
    } else if (name.includes('.')) {
      query.append(...(await resolveChain(type, key, value, repo)));
    } else if (!searchParameter(type, name)) {
      fail(400, 'not-supported', `Unknown search parameter "${name}" for resource type ${type}`, key);
    } else {
      query.append(key, value);
    }
  }
  return query;
}

export async function prepareSearch(
  type: string,
  input: URLSearchParams,
  repo: FhirRepository,
  paging: PagingOptions,
): Promise<PreparedSearch> {
  const query = await prepareCriteria(type, input, repo, true);
  const count = Math.min(nonNegativeInt('_count', query.get('_count'), paging.defaultPageSize), paging.maxPageSize);
  const offset = nonNegativeInt('_offset', query.get('_offset'), 0);
  query.set('_count', String(count));
  query.delete('_offset');
  if (offset > 0) query.set('_offset', String(offset));
  return { query, count, offset };
}

function checkSort(type: string, value: string): void {
  for (const rule of value.split(',')) {
    const code = rule.replace(/^-/, '');
    if (!searchParameter(type, code)) fail(400, 'not-supported', `Unknown sort parameter "${code}" for ${type}`, '_sort');
  }
}

/**
 * `subject.identifier=s|v` or `subject:Patient.identifier=s|v` becomes `subject=Patient/a,Patient/b`:
 * the inner search runs first on each possible target type. One level only.
 */
async function resolveChain(type: string, key: string, value: string, repo: FhirRepository): Promise<[string, string]> {
  const parts = key.split('.');
  if (parts.length !== 2) fail(400, 'not-supported', `Only one level of chaining is supported: ${key}`, key);
  const [head = '', inner = ''] = parts;
  const [refName = '', typeModifier] = head.split(':');
  const refParam = searchParameter(type, refName);
  if (refParam?.type !== 'reference') fail(400, 'invalid', `"${refName}" is not a reference search parameter of ${type}`, key);
  const targets = typeModifier ? [typeModifier] : (refParam.target ?? []).filter((t) => searchParameter(t, inner.split(':')[0] ?? ''));
  if (targets.length === 0 || targets.some((t) => !isKnownResourceType(t) || !searchParameter(t, inner.split(':')[0] ?? ''))) {
    fail(400, 'invalid', `Chained parameter "${inner}" is not searchable on the targets of ${type}.${refName}`, key);
  }
  ensureTypesLoaded(targets);
  const refs: string[] = [];
  for (const target of targets) {
    const matches = await repo.searchResources(parseSearchRequest(target, { [inner]: value }));
    refs.push(...matches.map((m) => `${target}/${m.id}`));
  }
  return [refName, refs.length ? refs.join(',') : `${targets[0]}/harness-chain-matched-nothing`];
}
