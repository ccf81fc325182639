import type { Bundle } from '@medplum/fhirtypes';
import { failure, patient } from './fixtures';
import type { FhirServerHandle } from './index';
import { harnessClient, startFhirServer } from './index';

const TOKEN = 'harness-token-1';
let fhir: FhirServerHandle;

beforeAll(async () => {
  fhir = await startFhirServer({ bearerToken: TOKEN });
});
afterEach(() => {
  fhir.reset();
  fhir.setBearerToken(TOKEN);
});
afterAll(() => fhir.stop());

describe('bearer token', () => {
  it('answers 401 with an OperationOutcome without a token or with a wrong one, and writes nothing', async () => {
    const none = await failure(harnessClient(fhir).create({ resourceType: 'Patient', body: patient('C-1') }));
    expect(none.status).toBe(401);
    expect(none.outcome.resourceType).toBe('OperationOutcome');
    expect(none.outcome.issue?.[0]?.code).toBe('login');
    expect(none.headers.get('www-authenticate')).toBe('Bearer realm="fhir"');

    const wrong = await failure(harnessClient(fhir, { token: 'guess' }).search({ resourceType: 'Patient' }));
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('www-authenticate')).toContain('error="invalid_token"');
    expect(await fhir.count('Patient')).toBe(0);
  });

  it('serves requests with the right token, and /metadata without one', async () => {
    const client = harnessClient(fhir, { token: TOKEN });
    await client.create({ resourceType: 'Patient', body: patient('C-2') });
    expect(await fhir.count('Patient')).toBe(1);
    await expect(harnessClient(fhir).capabilityStatement()).resolves.toMatchObject({ resourceType: 'CapabilityStatement' });
    expect(fhir.requests.map((r) => [r.path, r.status, r.withAuthorization])).toEqual([['Patient', 201, true], ['metadata', 200, false]]);
  });

  it('can rotate the token to test expiry handling', async () => {
    const client = harnessClient(fhir, { token: TOKEN });
    fhir.setBearerToken('rotated');
    expect((await failure(client.search({ resourceType: 'Patient' }))).status).toBe(401);
  });
});

describe('injected faults', () => {
  const client = () => harnessClient(fhir, { token: TOKEN });

  it('answers the next N requests with 503 and Retry-After, then serves normally', async () => {
    fhir.inject({ status: 503, retryAfter: 2, times: 2 });
    for (let i = 0; i < 2; i++) {
      const res = await failure(client().create({ resourceType: 'Patient', body: patient('C-3') }));
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('2');
      expect(res.outcome.issue?.[0]?.code).toBe('transient');
    }
    expect(await fhir.count('Patient')).toBe(0);
    await client().create({ resourceType: 'Patient', body: patient('C-3') });
    expect(fhir.requests.map((r) => [r.status, r.fault])).toEqual([[503, 'status'], [503, 'status'], [201, undefined]]);
    expect(fhir.pendingFaults).toBe(0);
  });

  it('answers 429 only for matching requests', async () => {
    fhir.inject({ status: 429, retryAfter: 'Wed, 21 Oct 2026 07:28:00 GMT', method: 'GET', path: /^Task/ });
    await client().create({ resourceType: 'Patient', body: patient('C-4') });
    const throttled = await failure(client().search({ resourceType: 'Task' }));
    expect(throttled.status).toBe(429);
    expect(throttled.outcome.issue?.[0]?.code).toBe('throttled');
    expect(throttled.headers.get('retry-after')).toBe('Wed, 21 Oct 2026 07:28:00 GMT');
    await expect(client().search({ resourceType: 'Task' })).resolves.toMatchObject({ resourceType: 'Bundle' });
  });

  it('delays a request long enough for a client timeout to fire', async () => {
    fhir.inject({ delayMs: 300 });
    const started = Date.now();
    await expect(client().search({ resourceType: 'Patient', options: { signal: AbortSignal.timeout(50) } })).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(250);
    fhir.inject({ delayMs: 60 });
    const slow = Date.now();
    expect(((await client().search({ resourceType: 'Patient' })) as unknown as Bundle).resourceType).toBe('Bundle');
    expect(Date.now() - slow).toBeGreaterThanOrEqual(55);
  });

  it('drops the connection without an answer', async () => {
    fhir.inject({ drop: true });
    const err = (await client().search({ resourceType: 'Patient' }).catch((e: unknown) => e)) as { response?: unknown; message: string };
    expect(err.response).toBeUndefined();
    expect(err.message).toMatch(/fetch failed|socket|terminated/i);
    expect(fhir.requests.at(-1)).toMatchObject({ status: 0, fault: 'drop' });
  });
});
