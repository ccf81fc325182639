/**
 * Batch and transaction bundles around Medplum's processBatch:
 * - transactions only run as transactions when the request config says `transactions: true` (the engine
 *   otherwise treats them as batches); the harness always sets it;
 * - every entry resource of a transaction is validated up front, so the error names the entry
 *   (`Bundle.entry[2].resource.status`) rather than only `Task.status`;
 * - conditional criteria of transaction entries (`ifNoneExist`, `PUT Type?...`) get the same checks as
 *   top-level ones (unknown parameters answer 400 instead of matching nothing; chains are rewritten);
 * - atomicity comes from HarnessRepository.withTransaction (snapshot and restore);
 * - Medplum refuses transactions with more than 50 updates, or more than 8 entries when any entry is
 *   conditional ("requires strict isolation"): a Medplum server limit that HAPI and most servers do not
 *   have. Unless `engineTransactionLimits` is set, the harness runs such a transaction as a batch inside
 *   its own atomic snapshot and fails it as a whole if any entry fails;
 * - response entries get fullUrl, etag, lastModified and a versioned location, as production servers send.
 */
import { OperationOutcomeError } from '@medplum/core';
import { processBatch } from '@medplum/fhir-router';
import type { FhirRepository, FhirRequest, FhirRouter } from '@medplum/fhir-router';
import type { Bundle, BundleEntry, Resource } from '@medplum/fhirtypes';
import { fail } from './outcomes';
import { prepareCriteria } from './search-params';
import { assertValidResource } from './validation';

const MEDPLUM_MAX_UPDATES = 50;
const MEDPLUM_MAX_STRICT_ENTRIES = 8;

export function assertBundleRequest(body: unknown): asserts body is Bundle {
  const bundle = body as Bundle | undefined;
  if (bundle?.resourceType !== 'Bundle') fail(400, 'invalid', 'POST to the base URL expects a Bundle', 'resourceType');
  if (bundle.type !== 'batch' && bundle.type !== 'transaction') {
    fail(400, 'invalid', `Bundle.type must be batch or transaction, got "${bundle.type}"`, 'Bundle.type');
  }
}

export function validateTransactionEntries(bundle: Bundle): void {
  (bundle.entry ?? []).forEach((entry, i) => {
    const method = entry.request?.method;
    if (entry.resource && (method === 'POST' || method === 'PUT')) {
      assertValidResource(entry.resource, `Bundle.entry[${i}].resource`);
    }
  });
}

export async function prepareEntryCriteria(bundle: Bundle, repo: FhirRepository): Promise<void> {
  for (const entry of bundle.entry ?? []) {
    const request = entry.request;
    if (!request?.url) continue;
    const [type = '', query] = request.url.split('?');
    if (request.method === 'POST' && request.ifNoneExist) {
      request.ifNoneExist = (await prepareCriteria(type, new URLSearchParams(request.ifNoneExist), repo)).toString();
    } else if (query !== undefined && request.method !== 'GET' && !type.includes('/')) {
      request.url = `${type}?${(await prepareCriteria(type, new URLSearchParams(query), repo)).toString()}`;
    }
  }
}

export function exceedsMedplumLimits(bundle: Bundle): boolean {
  const entries = bundle.entry ?? [];
  const updates = entries.filter((e) => e.request?.method === 'PUT').length;
  const conditional = entries.some(
    (e) => (e.request?.method === 'POST' && e.request.ifNoneExist) ||
      ((e.request?.method === 'PUT' || e.request?.method === 'DELETE') && e.request.url?.includes('?')),
  );
  return updates > MEDPLUM_MAX_UPDATES || (conditional && entries.length > MEDPLUM_MAX_STRICT_ENTRIES);
}

/** Runs a transaction as a batch inside one atomic repository transaction; any failed entry fails all. */
export async function runAsAtomicBatch(req: FhirRequest, repo: FhirRepository, router: FhirRouter, bundle: Bundle): Promise<Bundle> {
  return repo.withTransaction(async () => {
    const result = await processBatch({ ...req, config: { ...req.config, transactions: false } }, repo, router, { ...bundle, type: 'batch' });
    (result.entry ?? []).forEach((entry, i) => {
      const status = Number.parseInt(entry.response?.status ?? '500', 10);
      if (status >= 400 && entry.response?.outcome) {
        const outcome = structuredClone(entry.response.outcome);
        for (const issue of outcome.issue ?? []) issue.diagnostics = `Bundle.entry[${i}]: ${issue.diagnostics ?? issue.details?.text ?? ''}`;
        throw new OperationOutcomeError(outcome);
      }
    });
    return { ...result, type: 'transaction-response' };
  });
}

export function enrichBundleResponse(bundle: Bundle, baseUrl: string): void {
  for (const entry of bundle.entry ?? []) describeEntry(entry, baseUrl);
}

function describeEntry(entry: BundleEntry, baseUrl: string): void {
  const r: Resource | undefined = entry.resource;
  if (!r?.id || !entry.response) return;
  entry.fullUrl = `${baseUrl}/${r.resourceType}/${r.id}`;
  const version = r.meta?.versionId;
  if (version) {
    entry.response.etag = `W/"${version}"`;
    if (entry.response.location) entry.response.location = `${r.resourceType}/${r.id}/_history/${version}`;
  }
  if (r.meta?.lastUpdated) entry.response.lastModified = r.meta.lastUpdated;
}
