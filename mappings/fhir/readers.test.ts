/**
 * The FHIR-side readers and schemas on what partners really send: the published HL7 R4 and
 * SDOH examples (read from ../shared/reference; skipped when that folder is absent).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import type * as fhir4 from 'fhir/r4'
import { createMappingContext } from '../context'
import { SID } from '../identifiers'
import { readServiceRequest, readTask } from './read-services'
import { parseFhirResource } from './schemas'
import { trackedEntityToBundle } from './to-fhir'
import { cpcmPackage } from '../../tests/fixtures/package-lookup'
import { svCase } from '../../tests/fixtures/mappings/sv-case'

const REFERENCE = path.resolve(__dirname, '../../../shared/reference')
const ctx = createMappingContext(cpcmPackage())
const samples = (folder: string, pattern: RegExp) => {
  const dir = path.join(REFERENCE, folder)
  return existsSync(dir) ? readdirSync(dir).filter((f) => pattern.test(f)).map((f) => [f, JSON.parse(readFileSync(path.join(dir, f), 'utf8'))] as const) : []
}
const hl7 = [...samples('fhir-r4', /^(task|servicerequest)-example.*\.json$/), ...samples('fhir-sdoh', /^(Task|ServiceRequest)-.*\.json$/)]
const describeWithSamples = hl7.length > 0 ? describe : describe.skip

describeWithSamples('published HL7 examples', () => {
  it('found the task and service request examples', () => {
    expect(hl7.map(([f]) => f)).toEqual(expect.arrayContaining(['task-example1.json', 'task-example2.json', 'task-example4.json', 'task-example6.json', 'servicerequest-example2.json', 'servicerequest-example3.json']))
  })

  it.each(hl7.map(([f, json]) => [f, json]))('%s parses and reads without our identifiers', (_file, json) => {
    const parsed = parseFhirResource(json)
    expect(parsed).toEqual({ ok: true, value: json })
    if (json.resourceType === 'Task') {
      const view = readTask(json as fhir4.Task, ctx)
      expect(view.event).toBeUndefined() // not one of ours
      expect(view.values.CPCM_REF_STATUS).toBe({ 'in-progress': 'IN_PROGRESS', accepted: 'ACCEPTED', completed: 'COMPLETED' }[json.status as string])
    } else {
      const view = readServiceRequest(json as fhir4.ServiceRequest, ctx)
      expect(view.event).toBeUndefined()
      expect(view.values.CPCM_REF_SERVICE).toBeUndefined() // SNOMED codes are not CPCM services
    }
  })

  it('task-example1: the focus stays a plain reference and a foreign identifier is not taken for a provider reference', () => {
    const [, json] = hl7.find(([f]) => f === 'task-example1.json')!
    const view = readTask(json as fhir4.Task, ctx)
    expect(view.focusRef).toBe('ServiceRequest/lipid')
    expect(view.values.CPCM_REF_EXTERNAL_ID).toBeUndefined()
  })
})

describe('a Task a facility sends back', () => {
  const te = svCase()
  const referralEvent = te.enrollments![0]!.events!.find((e) => e.programStage === ctx.stage.CPCM_REFERRAL)!.event
  const bundle = trackedEntityToBundle(te, ctx)
  const ours = bundle.entry!.find((e) => e.resource!.resourceType === 'Task')!.resource as fhir4.Task

  it('completed with feedback: our referral, our status and every output come back', () => {
    const update: fhir4.Task = {
      ...ours, status: 'completed', businessStatus: undefined,
      identifier: [...ours.identifier!.filter((i) => i.system !== SID.providerReference), { system: SID.providerReference, value: 'task-isange-778' }],
      output: [
        ...(ours.output ?? []),
        { type: ctx.concept('referral-parameter', 'OUTCOME_ACHIEVED')!, valueBoolean: true },
        { type: ctx.concept('referral-parameter', 'FEEDBACK_RECEIVED')!, valueBoolean: true },
        { type: ctx.concept('referral-parameter', 'FEEDBACK_DATE')!, valueDate: '2026-03-20' },
        { type: ctx.concept('referral-parameter', 'FEEDBACK')!, valueString: 'Examination done; PEP course completed.' },
      ],
    }
    expect(parseFhirResource(update).ok).toBe(true)
    const view = readTask(update, ctx)
    expect(view.event).toBe(referralEvent)
    expect(view.values).toMatchObject({
      CPCM_REF_STATUS: 'COMPLETED', CPCM_REF_EXTERNAL_ID: 'task-isange-778', CPCM_REF_ACCESSED: 'true', CPCM_REF_ACCESSED_DATE: '2026-03-02',
      CPCM_REF_OUTCOME_ACHIEVED: 'true', CPCM_REF_FEEDBACK_RECEIVED: 'true', CPCM_REF_FEEDBACK_DATE: '2026-03-20',
      CPCM_REF_FEEDBACK: 'Examination done; PEP course completed.',
    })
  })

  it('our businessStatus wins over Task.status: blocked for lack of consent stays blocked', () => {
    const blocked = { ...ours, status: 'draft' as const, businessStatus: ctx.concept('referral-status', 'BLOCKED_NO_CONSENT') }
    expect(readTask(blocked, ctx).referralStatus).toBe('BLOCKED_NO_CONSENT')
    expect(readTask({ ...blocked, businessStatus: { text: 'waiting' } }, ctx).referralStatus).toBe('DRAFT')
  })

  it('a malformed update is rejected with the path named', () => {
    const bad = { ...ours, status: 'done', output: [{ valueBoolean: true }] }
    const r = parseFhirResource(bad)
    expect(r.ok).toBe(false)
    if (!r.ok) {
      expect(r.errors.some((e) => e.startsWith('status:'))).toBe(true)
      expect(r.errors.some((e) => e.startsWith('output[0].type:'))).toBe(true)
    }
    const inBundle = parseFhirResource({ resourceType: 'Bundle', type: 'batch', entry: [{ resource: ours }, { resource: bad }] })
    expect(inBundle.ok).toBe(false)
    if (!inBundle.ok) expect(inBundle.errors[0]).toMatch(/^entry\[1\]\.resource\.status: /)
  })
})
