/**
 * `startFhirServer()`: a real FHIR R4 engine (Medplum FhirRouter + memory repository, with the harness
 * additions) served over HTTP on 127.0.0.1 with an ephemeral port.
 *
 *   const fhir = await startFhirServer({ bearerToken: 'secret' });
 *   const client = new Client({ baseUrl: fhir.baseUrl, bearerToken: 'secret' });
 *   ...
 *   await fhir.stop();
 */
import { parseSearchRequest } from '@medplum/core';
import type { Resource } from '@medplum/fhirtypes';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildCapabilityStatement } from './capability';
import type { DefinitionsStats } from './definitions';
import { ensureTypesLoaded, loadDefinitions } from './definitions';
import { FhirEngine } from './engine';
import type { FaultSpec } from './faults';
import { FaultQueue } from './faults';
import { createHandler } from './http-handler';
import type { ReferencePolicy } from './repository';
import type { RequestLogEntry } from './request-log';
import { RequestLog } from './request-log';

export interface FhirServerOptions {
  /** Require `Authorization: Bearer <token>` on everything but GET /metadata (401 + OperationOutcome otherwise). */
  bearerToken?: string;
  /** Path of the FHIR base on the server (default `/fhir`); `''` serves at the root. */
  basePath?: string;
  /** Page size when a search has no `_count` (default 20, like Medplum's server). */
  defaultPageSize?: number;
  /** Largest `_count` honoured (default 1000). */
  maxPageSize?: number;
  /** 'lenient' (default) stores unresolved references; 'strict' rejects them like HAPI. See references.ts. */
  references?: ReferencePolicy;
  /** Keep Medplum's transaction size limits (8 entries when conditional, 50 updates). Default false. */
  engineTransactionLimits?: boolean;
}

export interface Identifier {
  system?: string;
  value: string;
}

export interface FhirServerHandle {
  /** e.g. `http://127.0.0.1:43123/fhir` (no trailing slash). */
  readonly baseUrl: string;
  /** Milliseconds from the call to listening, including definitions. */
  readonly startupMs: number;
  readonly definitions: DefinitionsStats;
  /** Requests received since start or the last reset/clearRequests. */
  readonly requests: readonly RequestLogEntry[];
  /** Faults injected but not yet consumed. */
  readonly pendingFaults: number;
  stop(): Promise<void>;
  /** Empties the store and forgets requests and faults (the token stays). */
  reset(): void;
  /** Current resources of a type, optionally with this identifier (`system|value`, or an object). */
  count(resourceType: string, identifier?: string | Identifier): Promise<number>;
  list<T extends Resource = Resource>(resourceType: string): Promise<T[]>;
  /** Stores resources directly (validated; ids kept if given), atomically, without going through HTTP. */
  seed<T extends Resource>(resources: T[]): Promise<T[]>;
  inject(fault: FaultSpec): void;
  clearFaults(): void;
  clearRequests(): void;
  /** Changes (or with undefined removes) the required bearer token, e.g. to test token expiry. */
  setBearerToken(token: string | undefined): void;
}

function identifierQuery(identifier: string | Identifier): string {
  if (typeof identifier === 'string') return identifier;
  return identifier.system === undefined ? identifier.value : `${identifier.system}|${identifier.value}`;
}

export async function startFhirServer(options: FhirServerOptions = {}): Promise<FhirServerHandle> {
  const started = performance.now();
  const definitions = loadDefinitions();
  const basePath = (options.basePath ?? '/fhir').replace(/\/+$/, '');
  let token = options.bearerToken;
  let baseUrl = '';
  const engine = new FhirEngine({
    references: options.references ?? 'lenient',
    paging: { defaultPageSize: options.defaultPageSize ?? 20, maxPageSize: options.maxPageSize ?? 1000 },
    engineTransactionLimits: options.engineTransactionLimits ?? false,
    baseUrl: () => baseUrl,
  });
  const faults = new FaultQueue();
  const log = new RequestLog();
  const sleepers = new Set<() => void>();
  const sleep = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const wake = (): void => {
        clearTimeout(timer);
        sleepers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      sleepers.add(wake);
    });
  let capability: Resource | undefined;

  const server = createServer(createHandler({
    engine, faults, log, basePath, sleep,
    bearerToken: () => token,
    capabilityStatement: () => (capability ??= buildCapabilityStatement(baseUrl, Boolean(token))),
  }));
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  baseUrl = `http://127.0.0.1:${port}${basePath}`;
  let stopped: Promise<void> | undefined;

  return {
    baseUrl,
    startupMs: Math.round(performance.now() - started),
    definitions,
    get requests() {
      return log.all();
    },
    get pendingFaults() {
      return faults.pending;
    },
    stop() {
      stopped ??= new Promise<void>((resolve) => {
        for (const wake of [...sleepers]) wake();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return stopped;
    },
    reset() {
      engine.repo.clear();
      log.clear();
      faults.clear();
    },
    count(resourceType, identifier) {
      ensureTypesLoaded([resourceType]);
      const query = identifier === undefined ? {} : { identifier: identifierQuery(identifier) };
      return engine.run(async (repo) => (await repo.searchResources(parseSearchRequest(resourceType, query))).length);
    },
    list<T extends Resource>(resourceType: string) {
      ensureTypesLoaded([resourceType]);
      return engine.run((repo) => repo.searchResources(parseSearchRequest(resourceType))) as Promise<T[]>;
    },
    seed(resources) {
      return engine.run((repo) => repo.withTransaction(async () => {
        const stored = [];
        for (const r of resources) stored.push(await repo.createResource(structuredClone(r)));
        return stored;
      })) as Promise<never>;
    },
    inject: (fault) => faults.inject(fault),
    clearFaults: () => faults.clear(),
    clearRequests: () => log.clear(),
    setBearerToken(next) {
      token = next;
      capability = undefined;
    },
  };
}
