/**
 * Validation of incoming resources: @medplum/core's structure-definition validator against the R4 base
 * definitions (cardinality, unknown properties, primitive formats, choice types, invariants), plus the
 * harness's check of required bindings on `code` elements (terminology.ts), which Medplum lacks.
 * The Medplum memory repository validates nothing by itself.
 */
import { OperationOutcomeError, validateResource } from '@medplum/core';
import type { OperationOutcome, OperationOutcomeIssue, Resource } from '@medplum/fhirtypes';
import { ensureTypesLoaded, isKnownResourceType, resourceTypesIn } from './definitions';
import { badInput, withDiagnostics } from './outcomes';
import { requiredCodeIssues } from './terminology';

/**
 * Throws an OperationOutcomeError (answered 400) naming each problem, or returns when the resource is valid.
 * @param location - where the resource sits in the request, e.g. `Bundle.entry[2].resource`; expressions
 *   are rewritten from `Task.status` to `Bundle.entry[2].resource.status`.
 */
export function assertValidResource(resource: unknown, location?: string): asserts resource is Resource {
  const type = (resource as { resourceType?: unknown } | null)?.resourceType;
  if (!resource || typeof resource !== 'object' || Array.isArray(resource)) {
    throw badInput('Expected a FHIR resource (a JSON object)', location);
  }
  if (typeof type !== 'string' || !type) throw badInput('Missing resourceType', location ?? 'resourceType');
  if (!isKnownResourceType(type)) throw badInput(`Unknown resource type "${type}"`, location ?? 'resourceType');
  const nested = resourceTypesIn(resource);
  for (const t of nested) {
    if (!isKnownResourceType(t)) throw badInput(`Unknown resource type "${t}" in a nested resource`, location ?? type);
  }
  ensureTypesLoaded(nested);
  const issues: OperationOutcomeIssue[] = [];
  try {
    validateResource(resource as Resource);
  } catch (err) {
    if (!(err instanceof OperationOutcomeError)) throw err;
    issues.push(...(err.outcome.issue ?? []));
  }
  issues.push(...requiredCodeIssues(resource as Resource));
  if (issues.some((i) => i.severity === 'error' || i.severity === 'fatal')) {
    const outcome: OperationOutcome = { resourceType: 'OperationOutcome', issue: issues };
    throw new OperationOutcomeError(relocate(withDiagnostics(outcome), type, location));
  }
}

function relocate(input: OperationOutcome, type: string, location: string | undefined): OperationOutcome {
  if (!location) return input;
  for (const issue of input.issue ?? []) {
    issue.expression = issue.expression?.map((e) => (e === type ? location : e.startsWith(`${type}.`) ? location + e.slice(type.length) : e));
    if (issue.diagnostics) issue.diagnostics = `${location}: ${issue.diagnostics.split(`(at ${type}`).join(`(at ${location}`)}`;
  }
  return input;
}
