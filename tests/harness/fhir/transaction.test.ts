import type { Client } from 'fhir-kit-client';
import type { Bundle, BundleEntry, Consent, Patient, ServiceRequest, Task } from '@medplum/fhirtypes';
import { CHILD_SYSTEM, REFERRAL_SYSTEM, diagnostics, failure, fk, patient, task } from './fixtures';
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

const PATIENT = 'urn:uuid:5d8c1f4e-0b7a-4c35-9c55-2f0e6f6f0a01';
const REQUEST = 'urn:uuid:5d8c1f4e-0b7a-4c35-9c55-2f0e6f6f0a02';

function referralBundle(code: string, referral: string): Fk<Bundle> {
  const serviceRequest: ServiceRequest = {
    resourceType: 'ServiceRequest', status: 'active', intent: 'order',
    identifier: [{ system: REFERRAL_SYSTEM, value: referral }], subject: { reference: PATIENT },
  };
  return fk<Bundle>({
    resourceType: 'Bundle',
    type: 'transaction',
    entry: [
      { fullUrl: PATIENT, resource: patient(code), request: { method: 'POST', url: 'Patient', ifNoneExist: `identifier=${CHILD_SYSTEM}|${code}` } },
      { fullUrl: REQUEST, resource: serviceRequest, request: { method: 'POST', url: 'ServiceRequest', ifNoneExist: `identifier=${REFERRAL_SYSTEM}|${referral}` } },
      {
        resource: task(referral, { for: { reference: PATIENT }, focus: { reference: REQUEST }, basedOn: [{ reference: REQUEST }] }),
        request: { method: 'PUT', url: `Task?identifier=${REFERRAL_SYSTEM}|${referral}` },
      },
    ],
  });
}

describe('transaction bundles', () => {
  it('resolves urn:uuid references to the ids the server assigned', async () => {
    const response = (await client.transaction({ body: referralBundle('C-1', 'R-1') })) as unknown as Bundle;
    expect(response.type).toBe('transaction-response');
    expect(response.entry?.map((e) => e.response?.status)).toEqual(['201', '201', '201']);
    const [p, sr, t] = (response.entry ?? []).map((e) => e.resource) as [Patient, ServiceRequest, Task];
    expect(sr.subject?.reference).toBe(`Patient/${p.id}`);
    expect(t.for?.reference).toBe(`Patient/${p.id}`);
    expect(t.focus?.reference).toBe(`ServiceRequest/${sr.id}`);
    const stored = (await client.read({ resourceType: 'Task', id: t.id as string })) as unknown as Task;
    expect(stored.basedOn?.[0]?.reference).toBe(`ServiceRequest/${sr.id}`);
    const entry = response.entry?.[0] as BundleEntry;
    expect(entry.fullUrl).toBe(`${fhir.baseUrl}/Patient/${p.id}`);
    expect(entry.response?.location).toBe(`Patient/${p.id}/_history/${p.meta?.versionId}`);
    expect(entry.response?.etag).toBe(`W/"${p.meta?.versionId}"`);
  });

  it('re-sent with request.ifNoneExist, it reuses the existing resources (idempotent)', async () => {
    const first = (await client.transaction({ body: referralBundle('C-2', 'R-2') })) as unknown as Bundle;
    const again = (await client.transaction({ body: referralBundle('C-2', 'R-2') })) as unknown as Bundle;
    expect(again.entry?.map((e) => e.response?.status)).toEqual(['200', '200', '200']);
    expect(again.entry?.map((e) => e.resource?.id)).toEqual(first.entry?.map((e) => e.resource?.id));
    expect(await fhir.count('Patient')).toBe(1);
    expect(await fhir.count('ServiceRequest')).toBe(1);
    expect(await fhir.count('Task')).toBe(1);
  });

  it('is atomic: when an entry fails after others were written, nothing stays written', async () => {
    // Creates run before updates; this update fails its version check after both creates succeeded.
    const [existing] = await fhir.seed([task('R-3')]);
    const bundle = referralBundle('C-3', 'R-3');
    bundle.entry?.splice(2, 1, {
      resource: { ...task('R-3', { status: 'accepted' }), id: existing?.id },
      request: { method: 'PUT', url: `Task/${existing?.id}`, ifMatch: 'W/"stale"' },
    });
    const res = await failure(client.transaction({ body: bundle }));
    expect(res.status).toBe(412);
    expect(res.outcome.resourceType).toBe('OperationOutcome');
    expect(await fhir.count('Patient')).toBe(0);
    expect(await fhir.count('ServiceRequest')).toBe(0);
    expect((await fhir.list<Task>('Task')).map((t) => t.status)).toEqual(['requested']);
  });

  it('rejects an invalid entry naming the entry, and writes nothing', async () => {
    const bundle = referralBundle('C-4', 'R-4');
    delete (bundle.entry?.[2]?.resource as Partial<Task>).status;
    const res = await failure(client.transaction({ body: bundle }));
    expect(res.status).toBe(400);
    expect(diagnostics(res.outcome)).toContain('Bundle.entry[2].resource.status');
    expect(await fhir.count('Patient')).toBe(0);
  });

  it('rejects an entry whose conditional criteria use an unknown search parameter', async () => {
    const bundle = referralBundle('C-6', 'R-6');
    if (bundle.entry?.[0]?.request) bundle.entry[0].request.ifNoneExist = 'identifer=x|C-6';
    const res = await failure(client.transaction({ body: bundle }));
    expect(res.status).toBe(400);
    expect(diagnostics(res.outcome)).toContain('Unknown search parameter "identifer" for resource type Patient');
    expect(await fhir.count('Patient')).toBe(0);
  });

  it('accepts a large transaction with conditional entries (Medplum limits it to 8), still atomically', async () => {
    const entries: BundleEntry[] = Array.from({ length: 12 }, (_, i) => ({
      fullUrl: `urn:uuid:00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      resource: patient(`C-big-${i}`),
      request: { method: 'POST', url: 'Patient', ifNoneExist: `identifier=${CHILD_SYSTEM}|C-big-${i}` },
    }));
    const consent: Consent = {
      resourceType: 'Consent', status: 'active', scope: { text: 'patient-privacy' }, category: [{ text: 'referral' }],
      patient: { reference: entries[0]?.fullUrl }, policyRule: { text: 'Law N° 058/2021' },
    };
    const ok = (await client.transaction({ body: { resourceType: 'Bundle', type: 'transaction', entry: [...entries, { resource: consent, request: { method: 'POST', url: 'Consent' } }] } })) as unknown as Bundle;
    expect(ok.type).toBe('transaction-response');
    expect(ok.entry).toHaveLength(13);
    const storedConsent = ok.entry?.[12]?.resource as Consent;
    expect(storedConsent.patient?.reference).toBe(`Patient/${ok.entry?.[0]?.resource?.id}`);
    expect(await fhir.count('Patient')).toBe(12);

    // The same size of transaction failing late (a stale If-Match on the last entry) leaves nothing.
    fhir.reset();
    const [existing] = await fhir.seed([task('X')]);
    const failing: BundleEntry[] = [
      ...entries,
      { resource: { ...task('X'), id: existing?.id }, request: { method: 'PUT', url: `Task/${existing?.id}`, ifMatch: 'W/"stale"' } },
    ];
    const res = await failure(client.transaction({ body: { resourceType: 'Bundle', type: 'transaction', entry: failing } }));
    expect(res.status).toBe(412);
    expect(diagnostics(res.outcome)).toContain('Bundle.entry[12]');
    expect(await fhir.count('Patient')).toBe(0);
  });

  it('keeps Medplum\'s limit when asked (engineTransactionLimits)', async () => {
    const strict = await startFhirServer({ engineTransactionLimits: true });
    try {
      const entries: BundleEntry[] = Array.from({ length: 9 }, (_, i) => ({
        resource: patient(`C-l-${i}`), request: { method: 'POST', url: 'Patient', ifNoneExist: `identifier=${CHILD_SYSTEM}|C-l-${i}` },
      }));
      const res = await failure(harnessClient(strict).transaction({ body: { resourceType: 'Bundle', type: 'transaction', entry: entries } }));
      expect(res.status).toBe(400);
      expect(diagnostics(res.outcome)).toContain('too many entries');
    } finally {
      await strict.stop();
    }
  });
});

describe('batch bundles', () => {
  it('processes entries independently and reports each outcome', async () => {
    const response = (await client.batch({
      body: {
        resourceType: 'Bundle', type: 'batch',
        entry: [
          { resource: patient('C-5'), request: { method: 'POST', url: 'Patient' } },
          { resource: { resourceType: 'Task', intent: 'order' }, request: { method: 'POST', url: 'Task' } },
          { request: { method: 'GET', url: `Patient?identifier=${CHILD_SYSTEM}|C-5` } },
        ],
      },
    })) as unknown as Bundle;
    expect(response.type).toBe('batch-response');
    expect(response.entry?.map((e) => e.response?.status)).toEqual(['201', '400', '200']);
    expect(diagnostics(response.entry?.[1]?.response?.outcome ?? { resourceType: 'OperationOutcome', issue: [] })).toContain('Task.status');
    expect((response.entry?.[2]?.resource as Bundle).total).toBe(1);
  });
});
