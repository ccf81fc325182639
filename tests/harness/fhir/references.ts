/**
 * Literal references in a resource, for the optional referential-integrity check.
 *
 * Production servers differ: HAPI rejects a write whose local reference does not resolve (unless
 * configured otherwise), Medplum checks only when the project enables it, many facility servers store
 * whatever they get. The harness stores references as they come by default ('lenient', as Medplum's
 * memory repository does) and offers 'strict' to behave like HAPI:
 * - `Type/id` (and `Type/id/_history/v`, or an absolute URL on the harness itself) must exist;
 * - `urn:uuid:` / `urn:oid:` left after transaction processing resolve to nothing and are rejected;
 * - contained (`#id`), absolute URLs on other hosts, and identifier-only (logical) references are accepted;
 * - Bundle resources are not checked (documents resolve their references inside the bundle).
 */

export interface ReferenceUse {
  /** FHIRPath-like location, e.g. `Task.for` or `Task.basedOn[1]`. */
  path: string;
  reference: string;
}

export type ReferenceTarget =
  | { kind: 'local'; resourceType: string; id: string }
  | { kind: 'accepted' }
  | { kind: 'unresolvable'; why: string };

const LOCAL = /^([A-Z][A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})(\/_history\/[A-Za-z0-9\-.]{1,64})?$/;

export function collectReferences(value: unknown, path: string, out: ReferenceUse[] = []): ReferenceUse[] {
  if (Array.isArray(value)) {
    value.forEach((item, i) => collectReferences(item, `${path}[${i}]`, out));
  } else if (value && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      if (key === 'reference' && typeof child === 'string') out.push({ path, reference: child });
      else if (typeof child === 'object') collectReferences(child, `${path}.${key}`, out);
    }
  }
  return out;
}

export function classifyReference(reference: string, baseUrl: string): ReferenceTarget {
  if (reference.startsWith('#')) return { kind: 'accepted' };
  if (/^urn:(uuid|oid):/.test(reference)) {
    return { kind: 'unresolvable', why: 'placeholder that no entry of a transaction resolved' };
  }
  let relative = reference;
  if (/^https?:\/\//.test(reference)) {
    if (!reference.startsWith(`${baseUrl}/`)) return { kind: 'accepted' };
    relative = reference.slice(baseUrl.length + 1);
  }
  const m = LOCAL.exec(relative);
  if (!m) return { kind: 'unresolvable', why: 'not of the form Type/id' };
  return { kind: 'local', resourceType: m[1] as string, id: m[2] as string };
}
