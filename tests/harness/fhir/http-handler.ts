/**
 * node:http request handling in front of the engine: base path, injected faults, bearer token,
 * /metadata, body parsing, response writing and the request log.
 * Order: faults first (a proxy in front of a real server fails before auth), then auth, then FHIR.
 */
import type { Resource } from '@medplum/fhirtypes';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EngineResponse, FhirEngine } from './engine';
import type { FaultQueue } from './faults';
import { faultOutcome } from './faults';
import { outcome, withDiagnostics } from './outcomes';
import type { RequestLog } from './request-log';

export interface HandlerContext {
  engine: FhirEngine;
  faults: FaultQueue;
  log: RequestLog;
  basePath: string;
  bearerToken: () => string | undefined;
  capabilityStatement: () => Resource;
  /** Resolves after `ms`, or at once when the server stops. */
  sleep: (ms: number) => Promise<void>;
}

const FHIR_JSON = 'application/fhir+json; charset=utf-8';

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function parseBody(raw: string, contentType: string | undefined): { ok: true; body: unknown } | { ok: false; message: string } {
  if (!raw) return { ok: true, body: undefined };
  if (contentType?.includes('application/x-www-form-urlencoded')) return { ok: true, body: raw };
  try {
    return { ok: true, body: JSON.parse(raw) };
  } catch (err) {
    return { ok: false, message: `Request body is not valid JSON: ${(err as Error).message}` };
  }
}

function relativePath(pathname: string, basePath: string): string | undefined {
  if (basePath && pathname !== basePath && !pathname.startsWith(`${basePath}/`)) return undefined;
  return pathname.slice(basePath.length).replace(/^\/+|\/+$/g, '');
}

function authorize(req: IncomingMessage, token: string | undefined, path: string): EngineResponse | undefined {
  if (!token || path === 'metadata') return undefined;
  const header = req.headers.authorization;
  if (header === `Bearer ${token}`) return undefined;
  const presented = Boolean(header);
  return {
    status: 401,
    body: outcome('login', presented ? 'Invalid bearer token' : 'Missing bearer token (Authorization: Bearer ...)'),
    headers: { 'www-authenticate': presented ? 'Bearer realm="fhir", error="invalid_token"' : 'Bearer realm="fhir"' },
  };
}

async function answer(ctx: HandlerContext, req: IncomingMessage, url: URL, path: string): Promise<EngineResponse> {
  const method = (req.method ?? 'GET').toUpperCase();
  const denied = authorize(req, ctx.bearerToken(), path);
  if (denied) {
    await readBody(req);
    return denied;
  }
  if (path === 'metadata') {
    return method === 'GET'
      ? { status: 200, body: ctx.capabilityStatement(), headers: {} }
      : { status: 405, body: outcome('not-supported', `${method} /metadata is not allowed`), headers: { allow: 'GET' } };
  }
  const parsed = parseBody(await readBody(req), req.headers['content-type']);
  if (!parsed.ok) return { status: 400, body: outcome('structure', parsed.message), headers: {} };
  return ctx.engine.handle({ method, path, query: url.searchParams, body: parsed.body, headers: req.headers });
}

export function createHandler(ctx: HandlerContext): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const started = performance.now();
    const startedAt = new Date().toISOString();
    const url = new URL(req.url ?? '/', 'http://harness.invalid');
    const method = (req.method ?? 'GET').toUpperCase();
    const rel = relativePath(url.pathname, ctx.basePath);
    let notServing = 0; // ms spent waiting (injected delay, the serial queue), not working
    let engineMs: number | undefined;
    const record = (status: number, fault?: 'status' | 'delay' | 'drop'): void => {
      const total = performance.now() - started;
      ctx.log.add({
        method, url: req.url ?? '', path: rel ?? url.pathname, status, ...(fault ? { fault } : {}),
        withAuthorization: Boolean(req.headers.authorization), startedAt, durationMs: Math.round(total),
        serverMs: total - notServing, ...(engineMs !== undefined ? { engineMs } : {}),
      });
    };
    const send = (r: EngineResponse, fault?: 'status' | 'delay'): void => {
      if (r.timing) {
        notServing += r.timing.queuedMs;
        engineMs = r.timing.engineMs;
      }
      const body = JSON.stringify(r.status >= 400 && r.body.resourceType === 'OperationOutcome' ? withDiagnostics(r.body) : r.body);
      if (!res.destroyed) {
        res.writeHead(r.status, { 'content-type': FHIR_JSON, ...r.headers });
        res.end(body);
      }
      record(r.status, fault);
    };

    void (async () => {
      if (rel === undefined) {
        await readBody(req);
        send({ status: 404, body: outcome('not-found', `Not a FHIR endpoint: ${url.pathname} (base is ${ctx.basePath || '/'})`), headers: {} });
        return;
      }
      const fault = ctx.faults.take(method, rel);
      if (fault?.delayMs) {
        const slept = performance.now();
        await ctx.sleep(fault.delayMs);
        notServing += performance.now() - slept;
      }
      if (fault?.drop) {
        req.socket.destroy();
        record(0, 'drop');
        return;
      }
      if (fault?.status) {
        await readBody(req);
        const headers: Record<string, string> = fault.retryAfter ? { 'retry-after': fault.retryAfter } : {};
        send({ status: fault.status, body: faultOutcome(fault.status), headers }, 'status');
        return;
      }
      send(await answer(ctx, req, url, rel), fault ? 'delay' : undefined);
    })().catch((err: unknown) => {
      send({ status: 500, body: outcome('exception', `Harness error: ${(err as Error).message}`), headers: {} });
    });
  };
}
