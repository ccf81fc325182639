/**
 * Contract test: the published HL7 R4 examples go through the harness as through a production server.
 * Each one the engine accepts is stored and read back equal in its essentials (everything but the
 * server-assigned id, versionId and lastUpdated). The examples reference resources that do not exist
 * here (Patient/example, Practitioner/...): the default 'lenient' policy stores them as they are, the
 * 'strict' policy rejects them naming the element.
 * The examples are read in place from ../shared/reference and never copied into the project.
 */
import type { Resource } from '@medplum/fhirtypes';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { diagnostics, failure, fk } from './fixtures';
import type { FhirServerHandle } from './index';
import { harnessClient, startFhirServer } from './index';

const DIR = path.resolve(__dirname, '../../../../shared/reference/fhir-r4');
const WANTED = /^((task|servicerequest|consent|encounter|communication)-example.*|bundle-example)\.json$/;
const files = existsSync(DIR) ? readdirSync(DIR).filter((f) => WANTED.test(f)).sort() : [];

const load = (file: string): Resource => JSON.parse(readFileSync(path.join(DIR, file), 'utf8')) as Resource;

function essentials(resource: Resource): Resource {
  const { id: _id, meta, ...rest } = structuredClone(resource);
  const { versionId: _v, lastUpdated: _l, ...keptMeta } = meta ?? {};
  return (Object.keys(keptMeta).length ? { ...rest, meta: keptMeta } : rest) as Resource;
}

if (files.length === 0) {
  test.skip(`HL7 R4 examples not found in ${DIR}: contract test skipped`, () => undefined);
} else {
  describe('HL7 R4 published examples', () => {
    let lenient: FhirServerHandle;
    let strict: FhirServerHandle;
    const accepted: string[] = [];

    beforeAll(async () => {
      lenient = await startFhirServer();
      strict = await startFhirServer({ references: 'strict' });
    });
    afterAll(async () => {
      await lenient.stop();
      await strict.stop();
    });

    it('finds the examples we rely on', () => {
      expect(files).toEqual(expect.arrayContaining(['task-example1.json', 'servicerequest-example2.json', 'consent-example-Out.json', 'bundle-example.json']));
    });

    test.each(files)('%s is stored and read back equal in its essentials', async (file) => {
      const example = load(file);
      const client = harnessClient(lenient);
      const stored = (await client.create({ resourceType: example.resourceType, body: fk(structuredClone(example)) })) as unknown as Resource;
      expect(stored.id).not.toBe(example.id);
      const read = (await client.read({ resourceType: example.resourceType, id: stored.id as string })) as unknown as Resource;
      expect(essentials(read)).toEqual(essentials(example));
      accepted.push(file);
    });

    it('accepts every example (none is rejected by the validator)', () => {
      expect(accepted.sort()).toEqual(files);
    });

    it('in strict mode rejects examples whose local references do not resolve, naming the element', async () => {
      const example = load('task-example1.json');
      const res = await failure(harnessClient(strict).create({ resourceType: 'Task', body: fk(example) }));
      expect(res.status).toBe(400);
      expect(diagnostics(res.outcome)).toMatch(/Reference ".+" does not resolve/);
      expect(res.outcome.issue?.[0]?.expression?.[0]).toMatch(/^Task\./);
      expect(await strict.count('Task')).toBe(0);
    });
  });
}
