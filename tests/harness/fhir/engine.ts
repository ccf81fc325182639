/**
 * The FHIR engine behind the HTTP layer: Medplum's FhirRouter over the HarnessRepository, with the
 * request rules a production server applies and the memory engine lacks (see each imported module).
 * Requests run one at a time (SerialQueue).
 */
import { OperationOutcomeError, allOk, getStatus, normalizeOperationOutcome, parseSearchRequest } from '@medplum/core';
import type { FhirRequest, HttpMethod } from '@medplum/fhir-router';
import { FhirRouter } from '@medplum/fhir-router';
import type { Bundle, Resource } from '@medplum/fhirtypes';
import type { IncomingHttpHeaders } from 'node:http';
import { ensureTypesLoaded, isKnownResourceType, resourceTypesIn } from './definitions';
import { checkIfMatch, parseIfMatch } from './if-match';
import { applyIncludes } from './includes';
import { HarnessHttpError, fail, withDiagnostics } from './outcomes';
import { addPaging } from './paging';
import type { ReferencePolicy } from './repository';
import { HarnessRepository } from './repository';
import type { PagingOptions, PreparedSearch } from './search-params';
import { prepareCriteria, prepareSearch } from './search-params';
import { SerialQueue } from './serial-queue';
import {
  assertBundleRequest, enrichBundleResponse, exceedsMedplumLimits, prepareEntryCriteria, runAsAtomicBatch, validateTransactionEntries,
} from './transaction';
import { assertValidResource } from './validation';

export interface EngineOptions {
  references: ReferencePolicy;
  paging: PagingOptions;
  engineTransactionLimits: boolean;
  baseUrl: () => string;
}

export interface EngineRequest {
  method: string;
  /** Path relative to the FHIR base, without leading slash or query: `Task`, `Task/1/_history/2`, `` for the base. */
  path: string;
  query: URLSearchParams;
  body: unknown;
  headers: IncomingHttpHeaders;
}

export interface EngineResponse {
  status: number;
  body: Resource;
  headers: Record<string, string>;
  /** Set by `handle`: time waiting behind other requests, and time the engine worked on this one (ms, fractional). */
  timing?: { queuedMs: number; engineMs: number };
}

interface Prepared {
  request: FhirRequest;
  search?: PreparedSearch & { type: string };
  createdIfMissing?: boolean;
  direct?: Bundle;
}

export class FhirEngine {
  readonly router = new FhirRouter();
  readonly repo: HarnessRepository;
  private readonly queue = new SerialQueue();

  constructor(private readonly options: EngineOptions) {
    this.repo = new HarnessRepository({ references: options.references, baseUrl: options.baseUrl });
  }

  /** Runs direct repository work (seeding, counting) in turn with HTTP requests. */
  run<T>(work: (repo: HarnessRepository) => Promise<T>): Promise<T> {
    return this.queue.run(() => work(this.repo));
  }

  handle(req: EngineRequest): Promise<EngineResponse> {
    const queued = performance.now();
    return this.queue.run(async () => {
      const started = performance.now();
      const response = await this.process(req).catch(errorResponse);
      return { ...response, timing: { queuedMs: started - queued, engineMs: performance.now() - started } };
    });
  }

  private async process(req: EngineRequest): Promise<EngineResponse> {
    const prepared = await this.prepare(req);
    const [outcome, resource] = prepared.direct
      ? [allOk, prepared.direct]
      : await this.router.handleRequest(prepared.request, this.repo);
    let status = getStatus(outcome);
    if (status >= 400) return errorResponse(new OperationOutcomeError(outcome));
    if (prepared.createdIfMissing && status === 200) status = 201;
    const body = (resource ?? outcome) as Resource;
    const baseUrl = this.options.baseUrl();
    if (body.resourceType === 'Bundle' && prepared.search) {
      const { type, query, count, offset } = prepared.search;
      await applyIncludes(body, type, query, this.repo, baseUrl);
      addPaging(body, { endpoint: `${baseUrl}/${type}`, baseUrl, query, count, offset });
    } else if (body.resourceType === 'Bundle' && (body.type === 'transaction-response' || body.type === 'batch-response')) {
      enrichBundleResponse(body, baseUrl);
    }
    return { status, body, headers: resourceHeaders(body, status, baseUrl) };
  }

  private async prepare(req: EngineRequest): Promise<Prepared> {
    let method = req.method.toUpperCase() as HttpMethod;
    let path = req.path;
    let query = new URLSearchParams(req.query);
    let body = req.body;
    const headers: IncomingHttpHeaders = { ...req.headers };
    const route = this.router.find(method, path);
    if (!route) fail(404, 'not-supported', `No FHIR interaction for ${method} /${path}`);
    const type = route.params.resourceType;
    if (type !== undefined) {
      if (!isKnownResourceType(type)) fail(404, 'not-supported', `Unknown resource type "${type}"`);
      ensureTypesLoaded([type]);
    }
    const id = route.params.id;
    const interaction = route.data?.interaction;
    const ifMatch = parseIfMatch(headers['if-match']);
    if (ifMatch) headers['if-match'] = `W/"${ifMatch}"`;
    const prepared: Prepared = { request: undefined as unknown as FhirRequest };

    switch (interaction) {
      case 'create': {
        if (body && typeof body === 'object' && !Array.isArray(body)) delete (body as { id?: string }).id; // R4: the server ignores a client id on create
        assertValidResource(body);
        const ifNoneExist = headers['if-none-exist'];
        if (typeof ifNoneExist === 'string') {
          headers['if-none-exist'] = (await prepareCriteria(type as string, new URLSearchParams(ifNoneExist), this.repo)).toString();
        }
        break;
      }
      case 'update':
      case 'patch':
      case 'delete': {
        if (interaction === 'update') assertValidResource(body);
        if (!id) query = await prepareCriteria(type as string, query, this.repo);
        if (ifMatch) await checkIfMatch(this.repo, ifMatch, { resourceType: type as string, id, search: `${type}?${query}` });
        if (interaction === 'update' && id) prepared.createdIfMissing = !(await this.exists(type as string, id));
        break;
      }
      case 'search-type': {
        if (method === 'POST') {
          for (const [k, v] of new URLSearchParams(typeof body === 'string' ? body : '')) query.append(k, v);
          method = 'GET';
          path = type as string;
          body = undefined;
        }
        const search = await prepareSearch(type as string, query, this.repo, this.options.paging);
        query = search.query;
        prepared.search = { ...search, type: type as string };
        break;
      }
      case 'batch': {
        assertBundleRequest(body);
        ensureTypesLoaded([...resourceTypesIn(body), ...(body.entry ?? []).map((e) => e.request?.url?.split(/[/?]/)[0] ?? '')]);
        if (body.type === 'transaction') {
          validateTransactionEntries(body);
          await prepareEntryCriteria(body, this.repo);
          if (!this.options.engineTransactionLimits && exceedsMedplumLimits(body)) {
            prepared.direct = await runAsAtomicBatch(this.fhirRequest(method, path, query, body, headers), this.repo, this.router, body);
          }
        }
        break;
      }
      case 'read':
      case 'vread':
      case 'history-instance':
        break;
      default:
        fail(400, 'not-supported', `${method} /${path} (${interaction}) is not supported by this server`);
    }
    prepared.request = this.fhirRequest(method, path, query, body, headers);
    return prepared;
  }

  private fhirRequest(method: HttpMethod, path: string, query: URLSearchParams, body: unknown, headers: IncomingHttpHeaders): FhirRequest {
    const qs = query.toString();
    return { method, url: qs ? `${path}?${qs}` : path, pathname: '', body, params: {}, query: {}, headers, config: { transactions: true } };
  }

  private async exists(type: string, id: string): Promise<boolean> {
    return (await this.repo.searchResources(parseSearchRequest(type, { _id: id }))).length > 0;
  }
}

function httpDate(instant: string | undefined): string | undefined {
  return instant ? new Date(instant).toUTCString() : undefined;
}

function resourceHeaders(body: Resource, status: number, baseUrl: string): Record<string, string> {
  const headers: Record<string, string> = {};
  const version = body.meta?.versionId;
  if (!version || !body.id || body.resourceType === 'Bundle' || body.resourceType === 'OperationOutcome') return headers;
  headers.etag = `W/"${version}"`;
  const modified = httpDate(body.meta?.lastUpdated);
  if (modified) headers['last-modified'] = modified;
  if (status === 201) headers.location = `${baseUrl}/${body.resourceType}/${body.id}/_history/${version}`;
  return headers;
}

function errorResponse(err: unknown): EngineResponse {
  if (err instanceof HarnessHttpError) return { status: err.status, body: withDiagnostics(err.outcome), headers: err.headers };
  const outcome = err instanceof OperationOutcomeError ? err.outcome : normalizeOperationOutcome(err);
  return { status: getStatus(outcome), body: withDiagnostics(outcome), headers: {} };
}
