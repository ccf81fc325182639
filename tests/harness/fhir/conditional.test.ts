import type { Client } from 'fhir-kit-client';
import type { Task } from '@medplum/fhirtypes';
import { REFERRAL_SYSTEM, failure, patient, task } from './fixtures';
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

const ifNoneExist = (value: string) => ({ headers: { 'If-None-Exist': `identifier=${REFERRAL_SYSTEM}|${value}` } });

describe('conditional create (If-None-Exist)', () => {
  it('creates once: the second identical request returns the existing resource', async () => {
    const first = (await client.create({ resourceType: 'Task', body: task('R-1'), options: ifNoneExist('R-1') })) as unknown as Task;
    const second = (await client.create({ resourceType: 'Task', body: task('R-1'), options: ifNoneExist('R-1') })) as unknown as Task;
    expect(second.id).toBe(first.id);
    expect(second.meta?.versionId).toBe(first.meta?.versionId);
    expect(await fhir.count('Task', `${REFERRAL_SYSTEM}|R-1`)).toBe(1);
    expect(fhir.requests.map((r) => r.status)).toEqual([201, 200]);
  });

  it('creates once even when both requests are in flight together', async () => {
    await Promise.all([1, 2, 3].map(() => client.create({ resourceType: 'Task', body: task('R-2'), options: ifNoneExist('R-2') })));
    expect(await fhir.count('Task')).toBe(1);
  });

  it('rejects criteria with an unknown search parameter instead of matching nothing and creating a duplicate', async () => {
    await client.create({ resourceType: 'Task', body: task('R-3') });
    const bad = await failure(client.create({
      resourceType: 'Task', body: task('R-3'), options: { headers: { 'If-None-Exist': 'identfier=x|R-3' } },
    }));
    expect(bad.status).toBe(400);
    expect(bad.outcome.issue?.[0]?.diagnostics).toContain('Unknown search parameter "identfier"');
    expect(await fhir.count('Task')).toBe(1);
  });
});

describe('conditional update by identifier', () => {
  const byIdentifier = (value: string) => ({ identifier: `${REFERRAL_SYSTEM}|${value}` });

  it('creates when nothing matches, then updates the same resource', async () => {
    const created = (await client.update({ resourceType: 'Task', searchParams: byIdentifier('R-4'), body: task('R-4') })) as unknown as Task;
    const updated = (await client.update({
      resourceType: 'Task', searchParams: byIdentifier('R-4'), body: task('R-4', { status: 'accepted' }),
    })) as unknown as Task;
    expect(updated.id).toBe(created.id);
    expect(updated.status).toBe('accepted');
    expect(fhir.requests.map((r) => r.status)).toEqual([201, 200]);
    expect(await fhir.count('Task')).toBe(1);
  });

  it('answers 412 when the criteria match more than one resource', async () => {
    await fhir.seed([task('R-5'), task('R-5')]);
    const res = await failure(client.update({ resourceType: 'Task', searchParams: byIdentifier('R-5'), body: task('R-5') }));
    expect(res.status).toBe(412);
  });

  it('honours If-Match on a conditional update', async () => {
    const [stored] = await fhir.seed([task('R-6')]);
    const stale = await failure(client.update({
      resourceType: 'Task', searchParams: byIdentifier('R-6'), body: task('R-6', { status: 'accepted' }),
      options: { headers: { 'If-Match': 'W/"old"' } },
    }));
    expect(stale.status).toBe(412);
    const ok = (await client.update({
      resourceType: 'Task', searchParams: byIdentifier('R-6'), body: task('R-6', { status: 'accepted' }),
      options: { headers: { 'If-Match': `W/"${stored?.meta?.versionId}"` } },
    })) as unknown as Task;
    expect(ok.status).toBe('accepted');
  });

  it('keeps unrelated resources apart (identifier search matches system and value)', async () => {
    await fhir.seed([patient('R-7'), task('R-7')]);
    await client.update({ resourceType: 'Task', searchParams: byIdentifier('R-7'), body: task('R-7', { status: 'rejected' }) });
    expect(await fhir.count('Task')).toBe(1);
    expect(await fhir.count('Patient')).toBe(1);
  });

  it('matches identifier values exactly: DHIS2 UIDs differing only in case are different records', async () => {
    await client.update({ resourceType: 'Task', searchParams: byIdentifier('TSdaaaaaaaa'), body: task('TSdaaaaaaaa') });
    await client.update({ resourceType: 'Task', searchParams: byIdentifier('TSdaaaaaaaA'), body: task('TSdaaaaaaaA', { status: 'accepted' }) });
    expect(await fhir.count('Task')).toBe(2);
    expect(await fhir.count('Task', `${REFERRAL_SYSTEM}|TSdaaaaaaaa`)).toBe(1);
  });
});
