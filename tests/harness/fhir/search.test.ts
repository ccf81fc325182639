import type { Client, FhirResource } from 'fhir-kit-client';
import type { Bundle, BundleLink, Patient, Task } from '@medplum/fhirtypes';
import { CHILD_SYSTEM, REFERRAL_SYSTEM, failure, patient, sleep, task } from './fixtures';
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

const search = async (resourceType: string, searchParams: Record<string, string>): Promise<Bundle> =>
  (await client.search({ resourceType, searchParams })) as unknown as Bundle;
const ids = (b: Bundle): string[] => (b.entry ?? []).map((e) => e.resource?.id as string);
const asPaged = (b: Bundle) => ({ bundle: b as unknown as FhirResource & { link: { relation: string; url: string }[] } });

describe('search', () => {
  it('finds by identifier (system|value), and not by value under another system', async () => {
    await fhir.seed([patient('C-1'), patient('C-2'), { ...patient('C-1'), identifier: [{ system: 'urn:other', value: 'C-1' }] }]);
    const found = await search('Patient', { identifier: `${CHILD_SYSTEM}|C-1` });
    expect(found.total).toBe(1);
    expect(found.entry?.[0]?.fullUrl).toBe(`${fhir.baseUrl}/Patient/${found.entry?.[0]?.resource?.id}`);
    expect(found.entry?.[0]?.search?.mode).toBe('match');
    expect((await search('Patient', { identifier: 'C-1' })).total).toBe(2);
  });

  it('pages through 250 resources with _count=100 via nextPage, with absolute links on the harness host', async () => {
    await fhir.seed(Array.from({ length: 250 }, (_, i) => task(`R-${i}`)));
    const seen: string[] = [];
    let page: Bundle | undefined = await search('Task', { _count: '100' });
    const pageSizes: number[] = [];
    while (page) {
      pageSizes.push(page.entry?.length ?? 0);
      seen.push(...ids(page));
      expect(page.total).toBe(250);
      for (const link of page.link ?? []) expect(link.url.startsWith(`${fhir.baseUrl}/Task?`)).toBe(true);
      page = (await client.nextPage(asPaged(page))) as Bundle | undefined;
    }
    expect(pageSizes).toEqual([100, 100, 50]);
    expect(new Set(seen).size).toBe(250);
    expect(fhir.requests.map((r) => r.url)).toEqual([
      '/fhir/Task?_count=100', '/fhir/Task?_count=100&_offset=100', '/fhir/Task?_count=100&_offset=200',
    ]);
  });

  it('pages by default (20) when no _count is given, and offers previous links', async () => {
    await fhir.seed(Array.from({ length: 25 }, (_, i) => task(`R-${i}`)));
    const first = await search('Task', {});
    expect(first.entry).toHaveLength(20);
    const second = (await client.nextPage(asPaged(first))) as unknown as Bundle;
    expect(second.entry).toHaveLength(5);
    const rel = (b: Bundle): string[] => (b.link ?? []).map((l: BundleLink) => l.relation);
    expect(rel(first)).toEqual(['self', 'first', 'next']);
    expect(rel(second)).toEqual(['self', 'first', 'previous']);
    expect(ids((await client.prevPage(asPaged(second))) as unknown as Bundle)).toEqual(ids(first));
  });

  it('filters with _lastUpdated=gt...', async () => {
    await fhir.seed([task('old-1'), task('old-2')]);
    await sleep(5);
    const cutoff = new Date().toISOString();
    await sleep(5);
    const [fresh] = await fhir.seed([task('new-1')]);
    const found = await search('Task', { _lastUpdated: `gt${cutoff}` });
    expect(ids(found)).toEqual([fresh?.id]);
    expect((await search('Task', { _lastUpdated: `le${cutoff}` })).total).toBe(2);
  });

  it('sorts by _lastUpdated', async () => {
    const [a] = await fhir.seed([task('a')]);
    await sleep(3);
    const [b] = await fhir.seed([task('b')]);
    expect(ids(await search('Task', { _sort: '-_lastUpdated' }))).toEqual([b?.id, a?.id]);
  });

  it('answers 400 for an unknown search parameter (the engine alone returned an empty Bundle)', async () => {
    await fhir.seed([task('R-1')]);
    const res = await failure(client.search({ resourceType: 'Task', searchParams: { identfier: 'R-1' } }));
    expect(res.status).toBe(400);
    expect(res.outcome.issue?.[0]?.diagnostics).toContain('Unknown search parameter "identfier" for resource type Task');
    expect((await failure(client.search({ resourceType: 'Task', searchParams: { '_has:Patient:link:identifier': 'x' } }))).status).toBe(400);
  });

  it('supports one level of chaining (the engine alone matched nothing)', async () => {
    const [child] = (await fhir.seed([patient('C-9')])) as Patient[];
    await fhir.seed([task('R-9', { for: { reference: `Patient/${child?.id}` } }), task('R-10')]);
    const found = await search('Task', { 'patient.identifier': `${CHILD_SYSTEM}|C-9` });
    expect(found.total).toBe(1);
    expect((found.entry?.[0]?.resource as Task).identifier?.[0]?.value).toBe('R-9');
    expect((await search('Task', { 'patient.identifier': `${CHILD_SYSTEM}|none` })).total).toBe(0);
  });

  it('adds _include and _revinclude resources (the engine alone ignored them)', async () => {
    const [child] = (await fhir.seed([patient('C-8')])) as Patient[];
    const [t] = await fhir.seed([task('R-8', { for: { reference: `Patient/${child?.id}` } })]);
    const included = await search('Task', { identifier: `${REFERRAL_SYSTEM}|R-8`, _include: 'Task:patient' });
    expect(included.total).toBe(1);
    expect(included.entry?.map((e) => [e.resource?.resourceType, e.search?.mode])).toEqual([['Task', 'match'], ['Patient', 'include']]);
    const rev = await search('Patient', { _id: child?.id as string, _revinclude: 'Task:patient' });
    expect(rev.entry?.map((e) => e.resource?.id)).toEqual([child?.id, t?.id]);
  });

  it('accepts POST _search with form parameters', async () => {
    await fhir.seed([task('R-11'), task('R-12')]);
    const found = (await client.search({
      resourceType: 'Task', searchParams: { identifier: `${REFERRAL_SYSTEM}|R-11` }, options: { postSearch: true },
    })) as unknown as Bundle;
    expect(found.total).toBe(1);
  });
});
