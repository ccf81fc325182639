/**
 * `If-Match` version checks for every write, answered 412 on mismatch.
 * Medplum checks If-Match only on `PUT Type/id`, and only when the value is a quoted ETag (`W/"3"`);
 * an unquoted value was silently ignored, and conditional update, PATCH and DELETE ignored it entirely.
 * The harness accepts `W/"v"`, `"v"` and `v`, checks it here for all four, and then passes the quoted
 * form on to Medplum.
 */
import { parseSearchRequest } from '@medplum/core';
import type { FhirRepository } from '@medplum/fhir-router';
import type { Resource } from '@medplum/fhirtypes';
import { fail } from './outcomes';

export function parseIfMatch(header: string | string[] | undefined): string | undefined {
  const raw = Array.isArray(header) ? header[0] : header;
  if (!raw?.trim()) return undefined;
  const m = /^\s*(?:W\/)?"?([^"]+)"?\s*$/.exec(raw);
  if (!m?.[1]) fail(400, 'invalid', `Malformed If-Match header: ${raw}`);
  return m[1];
}

/**
 * Finds the current target of a write and compares its version.
 * @param search - for conditional writes, `Type?query`; otherwise undefined.
 */
export async function checkIfMatch(
  repo: FhirRepository,
  version: string,
  target: { resourceType: string; id?: string; search?: string },
): Promise<void> {
  let current: Resource | undefined;
  if (target.id) {
    try {
      current = await repo.readResource(target.resourceType, target.id);
    } catch {
      current = undefined;
    }
  } else if (target.search) {
    const matches = await repo.searchResources({ ...parseSearchRequest(target.search), count: 2 });
    if (matches.length > 1) fail(412, 'multiple-matches', `Conditional write matched ${matches.length} resources`);
    current = matches[0];
  }
  if (!current) {
    fail(412, 'conflict', `If-Match: W/"${version}" given but there is no current resource to compare with`);
  }
  if (current.meta?.versionId !== version) {
    fail(412, 'conflict', `Version conflict: If-Match W/"${version}" but current version is W/"${current.meta?.versionId}"`);
  }
}
