import type { Bundle, Task } from '@medplum/fhirtypes';
import { diagnostics, failure, fk, patient, task } from './fixtures';
import type { FhirServerHandle } from './index';
import { harnessClient, startFhirServer } from './index';

describe('unresolved references', () => {
  let lenient: FhirServerHandle;
  let strict: FhirServerHandle;

  beforeAll(async () => {
    lenient = await startFhirServer();
    strict = await startFhirServer({ references: 'strict' });
  });
  afterEach(() => {
    lenient.reset();
    strict.reset();
  });
  afterAll(async () => {
    await lenient.stop();
    await strict.stop();
  });

  it('are stored as they come by default (lenient)', async () => {
    const stored = (await harnessClient(lenient).create({ resourceType: 'Task', body: task('R-1', { for: { reference: 'Patient/missing' } }) })) as unknown as Task;
    expect(stored.for?.reference).toBe('Patient/missing');
  });

  it('are rejected in strict mode, naming the element; resolvable, contained, external and logical ones pass', async () => {
    const client = harnessClient(strict);
    const res = await failure(client.create({ resourceType: 'Task', body: task('R-2', { for: { reference: 'Patient/missing' } }) }));
    expect(res.status).toBe(400);
    expect(diagnostics(res.outcome)).toContain('Patient/missing not found');
    expect(res.outcome.issue?.[0]?.expression).toEqual(['Task.for']);

    const [child] = await strict.seed([patient('C-1')]);
    await expect(client.create({
      resourceType: 'Task',
      body: task('R-3', {
        for: { reference: `${strict.baseUrl}/Patient/${child?.id}` },
        owner: { reference: 'https://facility.example.rw/fhir/Organization/42' },
        requester: { identifier: { system: 'urn:ietf:rfc:3986', value: 'urn:oid:1.2.3' } },
        focus: { reference: `Patient/${child?.id}` },
      }),
    })).resolves.toMatchObject({ resourceType: 'Task' });
  });

  it('in strict mode, transaction entries may reference each other in any order; a dangling one fails it all', async () => {
    const client = harnessClient(strict);
    const p = 'urn:uuid:7a0b5f0e-1d7c-4b7e-9d0a-000000000001';
    const bundle = fk<Bundle>({
      resourceType: 'Bundle', type: 'transaction',
      entry: [
        { resource: task('R-4', { for: { reference: p } }), request: { method: 'POST', url: 'Task' } },
        { fullUrl: p, resource: patient('C-4'), request: { method: 'POST', url: 'Patient' } },
      ],
    });
    await expect(client.transaction({ body: bundle })).resolves.toMatchObject({ type: 'transaction-response' });
    strict.reset();
    bundle.entry?.push({ resource: task('R-5', { focus: { reference: 'ServiceRequest/missing' } }), request: { method: 'POST', url: 'Task' } });
    const res = await failure(client.transaction({ body: bundle }));
    expect(res.status).toBe(400);
    expect(diagnostics(res.outcome)).toContain('ServiceRequest/missing');
    expect(await strict.count('Patient')).toBe(0);
    expect(await strict.count('Task')).toBe(0);
  });
});
