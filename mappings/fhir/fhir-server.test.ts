/**
 * The bundles against a real FHIR engine (the shared harness: Medplum's router with R4
 * validation): every resource validates, the transaction commits, and a replay changes nothing.
 */
import type * as fhir4 from 'fhir/r4'
import { assertValidResource, harnessClient, loadDefinitions, startFhirServer, type FhirServerHandle } from '../../tests/harness/fhir'
import { codeSystemResources, conceptMapResources } from '../codes/fhir-resources'
import { createMappingContext } from '../context'
import { SID } from '../identifiers'
import { trackedEntityToBundle } from './to-fhir'
import { cpcmPackage } from '../../tests/fixtures/package-lookup'
import { svCase } from '../../tests/fixtures/mappings/sv-case'
import { FHIR_CARRIES, project } from '../../tests/fixtures/mappings/projection'
import { bundleToTrackedEntity } from './from-fhir'

const pkg = cpcmPackage()
const ctx = createMappingContext(pkg, { recipient: { id: 'ISANGE-KACYIRU', allowIdentifiers: true } })
const te = svCase()
const bundle = trackedEntityToBundle(te, ctx)
const TYPES = ['Patient', 'RelatedPerson', 'EpisodeOfCare', 'Consent', 'Goal', 'CarePlan', 'ServiceRequest', 'Task', 'Encounter', 'Observation', 'Procedure', 'Provenance']

beforeAll(() => loadDefinitions())

it('every resource in the bundle is valid R4', () => {
  bundle.entry!.forEach((e, i) => expect(() => assertValidResource(e.resource, `Bundle.entry[${i}].resource`)).not.toThrow())
  expect(() => assertValidResource(bundle)).not.toThrow()
})

it('the published CodeSystems and ConceptMaps are valid R4', () => {
  for (const r of [...codeSystemResources(pkg), ...conceptMapResources(pkg)]) expect(() => assertValidResource(r, `${r.resourceType}/${r.id}`)).not.toThrow()
})

describe('on a FHIR server', () => {
  let fhir: FhirServerHandle
  beforeAll(async () => { fhir = await startFhirServer({ references: 'strict' }) })
  afterAll(() => fhir.stop())

  it('commits the transaction, resolves references, and a replay creates nothing new', async () => {
    const client = harnessClient(fhir)
    const first = (await client.transaction({ body: bundle as never })) as unknown as fhir4.Bundle
    // Created; Provenance is a PUT by id, which this engine answers 200 inside a transaction even when it creates.
    expect(first.entry!.slice(0, -1).map((e) => e.response!.status)).toEqual(bundle.entry!.slice(0, -1).map(() => '201'))
    const counts = async () => Object.fromEntries(await Promise.all(TYPES.map(async (t) => [t, (await fhir.list(t)).length] as const)))
    const before = await counts()
    expect(before).toMatchObject({ Patient: 1, Goal: 2, Task: 1, Encounter: 2, Procedure: 3, Provenance: 1 })
    const again = (await client.transaction({ body: bundle as never })) as unknown as fhir4.Bundle
    expect(again.entry!.every((e) => e.response!.status.startsWith('200'))).toBe(true)
    expect(await counts()).toEqual(before)
    const [task] = (await fhir.list('Task')) as unknown as fhir4.Task[]
    const [sr] = (await fhir.list('ServiceRequest')) as unknown as fhir4.ServiceRequest[]
    expect(task!.focus!.reference).toBe(`ServiceRequest/${sr!.id}`)
    expect(await fhir.count('Task', `${SID.referral}|${sr!.identifier![0]!.value}`)).toBe(1)
  })

  it('what the server stored (server ids, relative references) maps back to the same DHIS2 values', async () => {
    const stored: fhir4.BundleEntry[] = []
    for (const type of TYPES) for (const r of (await fhir.list(type)) as unknown as fhir4.FhirResource[]) stored.push({ fullUrl: `${fhir.baseUrl}/${type}/${r.id}`, resource: r })
    const back = bundleToTrackedEntity({ resourceType: 'Bundle', type: 'collection', entry: stored }, ctx)
    expect(project(back, FHIR_CARRIES)).toEqual(project(te, FHIR_CARRIES))
  })
})
