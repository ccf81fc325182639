import type { Client } from 'fhir-kit-client';
import type { Resource } from '@medplum/fhirtypes';
import { diagnostics, failure, patient, task } from './fixtures';
import type { Fk } from './fixtures';
import type { FhirServerHandle } from './index';
import { harnessClient, startFhirServer } from './index';

let fhir: FhirServerHandle;
let client: Client;

beforeAll(async () => {
  fhir = await startFhirServer();
  client = harnessClient(fhir);
});
afterEach(() => fhir.reset());
afterAll(() => fhir.stop());

const asResource = (value: object): Fk<Resource> => value as Fk<Resource>;

describe('validation against the R4 structure definitions', () => {
  it('rejects a Task without status and intent, naming both, and writes nothing', async () => {
    const res = await failure(client.create({ resourceType: 'Task', body: asResource({ resourceType: 'Task', description: 'no status' }) }));
    expect(res.status).toBe(400);
    expect(res.outcome.resourceType).toBe('OperationOutcome');
    expect(res.outcome.issue?.map((i) => i.expression?.[0])).toEqual(['Task.status', 'Task.intent']);
    expect(res.outcome.issue?.[0]?.diagnostics).toBe('Missing required property (at Task.status)');
    expect(await fhir.count('Task')).toBe(0);
  });

  it('rejects a Patient with an unknown property and a malformed date', async () => {
    const res = await failure(client.create({ resourceType: 'Patient', body: asResource({ ...patient('C-1'), favouriteColour: 'blue', birthDate: '2019-02-30x' }) }));
    expect(res.status).toBe(400);
    const text = diagnostics(res.outcome);
    expect(text).toContain('Invalid additional property "favouriteColour"');
    expect(text).toContain('Patient.favouriteColour');
    expect(text).toContain('Invalid date format (at Patient.birthDate)');
    expect(await fhir.count('Patient')).toBe(0);
  });

  it('validates updates and conditional creates that would hit an existing resource', async () => {
    const [stored] = await fhir.seed([task('R-1')]);
    const update = await failure(client.update({ resourceType: 'Task', id: stored?.id as string, body: asResource({ ...stored, status: 42 }) }));
    expect(update.status).toBe(400);
    expect(diagnostics(update.outcome)).toContain('Task.status');
    const conditional = await failure(client.create({
      resourceType: 'Task', body: asResource({ ...task('R-1'), intent: undefined, foo: 1 }),
      options: { headers: { 'If-None-Exist': 'identifier=R-1' } },
    }));
    expect(conditional.status).toBe(400);
  });

  it('validates the result of a PATCH', async () => {
    const [stored] = await fhir.seed([task('R-2')]);
    const res = await failure(client.patch({ resourceType: 'Task', id: stored?.id as string, jsonPatch: [{ op: 'remove', path: '/intent' }] }));
    expect(res.status).toBe(400);
    expect(diagnostics(res.outcome)).toContain('Task.intent');
    expect((await fhir.list('Task'))[0]).toEqual(stored);
  });

  it('checks invariants (e.g. a contained resource must not carry meta.versionId)', async () => {
    const res = await failure(client.create({
      resourceType: 'Task',
      body: asResource({ ...task('R-3'), contained: [{ ...patient('C-2'), id: 'p', meta: { versionId: '1' } }], for: { reference: '#p' } }),
    }));
    expect(res.status).toBe(400);
    expect(diagnostics(res.outcome)).toMatch(/dom-4/);
  });

  it('answers 400 for a body that is not JSON, and for an unknown resourceType', async () => {
    const notJson = await fetch(`${fhir.baseUrl}/Patient`, { method: 'POST', headers: { 'content-type': 'application/fhir+json' }, body: '{"resourceType":' });
    expect(notJson.status).toBe(400);
    expect(((await notJson.json()) as Resource).resourceType).toBe('OperationOutcome');
    const unknown = await failure(client.create({ resourceType: 'Patient', body: { resourceType: 'Child' } }));
    expect(unknown.status).toBe(400);
  });
});

describe('required bindings on code elements (checked by the harness; Medplum alone accepted any code)', () => {
  it('rejects a Task with a status that is not a TaskStatus code', async () => {
    const res = await failure(client.create({ resourceType: 'Task', body: asResource({ ...task('R-9'), status: 'in progress' }) }));
    expect(res.status).toBe(400);
    expect(res.outcome.issue?.[0]).toMatchObject({ code: 'code-invalid', expression: ['Task.status'] });
    expect(res.outcome.issue?.[0]?.diagnostics).toContain('Value "in progress" is not in the required value set http://hl7.org/fhir/ValueSet/task-status');
    expect(await fhir.count('Task')).toBe(0);
  });

  it('checks nested and backbone elements too, and accepts valid codes', async () => {
    const bad = await failure(client.create({
      resourceType: 'Patient', body: asResource({ ...patient('C-9'), gender: 'F', contact: [{ name: { text: 'Aunt' }, gender: 'x' }] }),
    }));
    expect(bad.outcome.issue?.map((i) => i.expression?.[0])).toEqual(['Patient.gender', 'Patient.contact[0].gender']);
    await expect(client.create({ resourceType: 'Task', body: task('R-10', { priority: 'urgent', status: 'in-progress' }) })).resolves.toBeTruthy();
  });
});
