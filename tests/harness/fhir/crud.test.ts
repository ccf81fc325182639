import { Client } from 'fhir-kit-client';
import type { FhirResource } from 'fhir-kit-client';
import type { Bundle, CapabilityStatement, Patient } from '@medplum/fhirtypes';
import { CHILD_SYSTEM, failure, patient } from './fixtures';
import type { FhirServerHandle } from './index';
import { assertValidResource, harnessClient, startFhirServer } from './index';

let fhir: FhirServerHandle;
let client: Client;

beforeAll(async () => {
  fhir = await startFhirServer();
  client = harnessClient(fhir);
});
afterEach(() => fhir.reset());
afterAll(() => fhir.stop());

const http = (r: unknown): Response => Client.httpFor(r as FhirResource).response as Response;

describe('create and read', () => {
  it('creates with a server-assigned id (a client id is ignored, as R4 says) and reads it back', async () => {
    const created = (await client.create({ resourceType: 'Patient', body: { ...patient('C-1'), id: 'mine' } })) as unknown as Patient;
    expect(created.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.meta?.versionId).toBeTruthy();
    expect(http(created).status).toBe(201);
    expect(http(created).headers.get('location')).toBe(`${fhir.baseUrl}/Patient/${created.id}/_history/${created.meta?.versionId}`);
    expect(http(created).headers.get('etag')).toBe(`W/"${created.meta?.versionId}"`);

    const read = (await client.read({ resourceType: 'Patient', id: created.id as string })) as unknown as Patient;
    expect(read).toEqual(created);
    expect(await fhir.count('Patient', `${CHILD_SYSTEM}|C-1`)).toBe(1);
    expect(await fhir.count('Patient', { system: CHILD_SYSTEM, value: 'mine' })).toBe(0);
  });

  it('answers 404 for a missing resource and for an unknown resource type', async () => {
    expect((await failure(client.read({ resourceType: 'Patient', id: 'nope' }))).status).toBe(404);
    const unknown = await failure(client.request('Referral?x=1'));
    expect(unknown.status).toBe(404);
    expect(unknown.outcome.resourceType).toBe('OperationOutcome');
  });

  it('answers 410 Gone after delete', async () => {
    const created = (await client.create({ resourceType: 'Patient', body: patient('C-2') })) as unknown as Patient;
    await client.delete({ resourceType: 'Patient', id: created.id as string });
    expect((await failure(client.read({ resourceType: 'Patient', id: created.id as string }))).status).toBe(410);
    expect(await fhir.count('Patient')).toBe(0);
  });
});

describe('update with If-Match', () => {
  it('updates when the version matches and answers 412 when it does not', async () => {
    const v1 = (await client.create({ resourceType: 'Patient', body: patient('C-3') })) as unknown as Patient;
    const id = v1.id as string;
    const v2 = (await client.update({
      resourceType: 'Patient', id, body: { ...v1, gender: 'male' },
      options: { headers: { 'If-Match': `W/"${v1.meta?.versionId}"` } },
    })) as unknown as Patient;
    expect(v2.gender).toBe('male');
    expect(v2.meta?.versionId).not.toBe(v1.meta?.versionId);

    const stale = await failure(client.update({
      resourceType: 'Patient', id, body: { ...v1, gender: 'other' },
      options: { headers: { 'If-Match': `W/"${v1.meta?.versionId}"` } },
    }));
    expect(stale.status).toBe(412);
    expect(stale.outcome.issue?.[0]?.diagnostics).toContain('Version conflict');

    // An unquoted version is checked too (Medplum alone silently ignored it).
    const bare = await failure(client.update({
      resourceType: 'Patient', id, body: { ...v1, gender: 'other' },
      options: { headers: { 'If-Match': String(v1.meta?.versionId) } },
    }));
    expect(bare.status).toBe(412);
    expect(((await client.read({ resourceType: 'Patient', id })) as Patient).gender).toBe('male');
  });

  it('checks If-Match on PATCH too', async () => {
    const v1 = (await client.create({ resourceType: 'Patient', body: patient('C-4') })) as unknown as Patient;
    const stale = await failure(client.patch({
      resourceType: 'Patient', id: v1.id as string, jsonPatch: [{ op: 'replace', path: '/gender', value: 'male' }],
      options: { headers: { 'If-Match': 'W/"not-the-version"' } },
    }));
    expect(stale.status).toBe(412);
  });

  it('creates on PUT to a new id (update as create) with 201', async () => {
    const body = { ...patient('C-5'), id: 'client-chosen' };
    const created = await client.update({ resourceType: 'Patient', id: 'client-chosen', body });
    expect(http(created).status).toBe(201);
    expect(((await client.read({ resourceType: 'Patient', id: 'client-chosen' })) as Patient).id).toBe('client-chosen');
  });
});

describe('history', () => {
  it('lists versions newest first, the same on every read (Medplum reversed its list in place)', async () => {
    const v1 = (await client.create({ resourceType: 'Patient', body: patient('C-6') })) as unknown as Patient;
    const v2 = (await client.update({ resourceType: 'Patient', id: v1.id as string, body: { ...v1, gender: 'male' } })) as unknown as Patient;
    const versions = async (): Promise<(string | undefined)[]> =>
      (((await client.history({ resourceType: 'Patient', id: v1.id as string })) as unknown as Bundle).entry ?? []).map((e) => e.resource?.meta?.versionId);
    expect(await versions()).toEqual([v2.meta?.versionId, v1.meta?.versionId]);
    expect(await versions()).toEqual([v2.meta?.versionId, v1.meta?.versionId]);
    const old = (await client.vread({ resourceType: 'Patient', id: v1.id as string, version: v1.meta?.versionId as string })) as unknown as Patient;
    expect(old.gender).toBe('female');
  });
});

describe('/metadata', () => {
  it('serves a valid R4 CapabilityStatement listing the interactions we rely on', async () => {
    const cs = (await client.capabilityStatement()) as unknown as CapabilityStatement;
    expect(() => assertValidResource(cs)).not.toThrow();
    expect(cs.fhirVersion).toBe('4.0.1');
    const task = cs.rest?.[0]?.resource?.find((r) => r.type === 'Task');
    expect(task?.conditionalCreate).toBe(true);
    expect(task?.searchParam?.map((p) => p.name)).toEqual(expect.arrayContaining(['identifier', '_lastUpdated', 'owner']));
    expect(cs.rest?.[0]?.interaction?.map((i) => i.code)).toEqual(['transaction', 'batch']);
  });
});
