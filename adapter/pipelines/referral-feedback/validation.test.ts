/**
 * Inbound resources against the FHIR R4 StructureDefinitions: the validator itself (elements named,
 * values never), and polling: an invalid Encounter about one of our referrals becomes a dead letter
 * with the validator's reason and is never applied to DHIS2; one not about our referrals is only counted.
 */
import { createMappingContext } from '../../../mappings/context'
import { SID } from '../../../mappings/identifiers'
import { cpcmPackage } from '../../../tests/fixtures/package-lookup'
import { createMemoryLogger } from '../../observability/logger'
import type { Store } from '../../store'
import { BACKENDS, useTestStores } from '../../store/test/backends'
import { drainOutbox } from '../outbox/worker'
import { feedbackHandler } from './apply'
import { describeIssues, validateFhirResource } from './fhir-validation'
import { FEEDBACK_KIND } from './ingest'
import { pollFacility } from './poll'

jest.setTimeout(60_000)

const task = {
  resourceType: 'Task', status: 'accepted', intent: 'order',
  identifier: [{ system: SID.referral, value: 'REFevent001' }],
}

describe('validateFhirResource (R4 StructureDefinitions)', () => {
  it('accepts a valid Task and names the element of each problem, never its value', () => {
    expect(validateFhirResource(task)).toEqual([])
    const wrongCode = validateFhirResource({ ...task, status: 'finished-ish' })
    expect(wrongCode).toEqual([expect.objectContaining({ expression: 'Task.status', code: 'code-invalid' })])
    const badTypes = validateFhirResource({ ...task, priority: 5, authoredOn: 'Uwase on Tuesday', unknownThing: true })
    expect(badTypes.map((i) => [i.expression, i.code]).sort()).toEqual([['Task.authoredOn', 'structure'], ['Task.priority', 'structure'], ['Task.unknownThing', 'structure']])
    expect(describeIssues([...wrongCode, ...badTypes])).not.toMatch(/finished-ish|Uwase/)
  })

  it('places the expressions where the resource sits in the request; unknown or missing types are refused', () => {
    expect(validateFhirResource({ ...task, intent: 'orderish' }, 'Bundle.entry[3].resource')).toEqual([
      expect.objectContaining({ expression: 'Bundle.entry[3].resource.intent' }),
    ])
    expect(validateFhirResource({ resourceType: 'SubscriptionStatus' })[0]).toMatchObject({ expression: 'resourceType' })
    expect(validateFhirResource({ status: 'accepted' })[0]).toMatchObject({ expression: 'resourceType' })
    expect(validateFhirResource({ ...task, contained: [{ resourceType: 'Patient', birthDate: 'soon' }] })[0]).toMatchObject({ expression: 'Task.contained[0].birthDate' })
  })
})

describe.each(BACKENDS)('$name: polling an invalid resource', (backend) => {
  const db = useTestStores(backend)
  let store: Store
  const mapping = createMappingContext(cpcmPackage())

  beforeEach(async () => {
    store = await db.store()
    await store.referrals.mark({ facility: 'isange', referralEvent: 'REFevent001', enrollment: 'ENRenroll01', trackedEntity: 'TEtracked01', childCode: 'CP-0001', state: 'sent' })
  })

  const invalidEncounter = {
    resourceType: 'Encounter', id: 'enc-1', meta: { versionId: '1', lastUpdated: '2026-03-02T10:00:00.000Z' },
    status: 'finished-ish', class: { code: 'AMB' }, basedOn: [{ identifier: { system: SID.referral, value: 'REFevent001' } }],
    period: { start: '2026-03-02T09:00:00+02:00' },
  }
  const unrelated = { ...invalidEncounter, id: 'enc-2', basedOn: undefined, period: { start: 'after lunch' } }
  const connector = (resources: Array<{ resourceType: string }>) => ({
    read: async () => {
      throw new Error('not read in this test')
    },
    // eslint-disable-next-line @typescript-eslint/require-await
    search: async function* (type: string) {
      yield { resources: resources.filter((r) => r.resourceType === type), included: [] }
    },
  }) as never

  it('is never applied: ours becomes a dead letter naming the element, others are counted; a replay changes nothing', async () => {
    const log = createMemoryLogger('debug')
    const deps = { store, mapping, connector: connector([invalidEncounter, unrelated]), logger: log.logger }
    const counts = await pollFacility(deps, { id: 'isange', provider: 'ISANGE-KACYIRU' })
    expect(counts).toMatchObject({ fetched: 2, invalid: 2, queued: 1 })

    const dhis2 = {
      exportEvents: jest.fn(() => {
        throw new Error('DHIS2 must not be read for an invalid resource')
      }),
      importTracker: jest.fn(),
    }
    const delivered = await drainOutbox(
      { store, owner: 'host:1:test', logger: log.logger, handlers: { [FEEDBACK_KIND]: feedbackHandler({ dhis2: dhis2 as never, mapping }) } },
      { batchSize: 10, leaseSeconds: 30, concurrency: 1 },
    )
    expect(delivered).toMatchObject({ done: 0, dead: 1 })
    expect(dhis2.exportEvents).not.toHaveBeenCalled()
    expect(dhis2.importTracker).not.toHaveBeenCalled()
    const [dead] = await store.deadLetters.list()
    expect(dead!.reason).toMatch(/Encounter\/enc-1 from isange is not valid FHIR R4: Encounter\.status: not a code of the required value set/)
    expect(`${dead!.reason}${log.lines.join('')}`).not.toMatch(/finished-ish|after lunch/)
    expect(log.lines.join('')).toMatch(/Encounter\/enc-2 from isange is not valid FHIR R4: Encounter\.period\.start/)

    const again = await pollFacility(deps, { id: 'isange', provider: 'ISANGE-KACYIRU' })
    expect(again).toMatchObject({ invalid: 2, queued: 0, unchanged: 1 })
    expect(await store.deadLetters.list()).toHaveLength(1)
  })
})
