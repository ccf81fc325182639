import type * as fhir4 from 'fhir/r4'
import { createMappingContext } from '../context'
import { codeSystemUri, SID } from '../identifiers'
import { eventValues } from '../dhis2/values'
import { consentWithdrawalBundle, referralToBundle } from './referral-bundle'
import { decideReferralUpdate, encounterToHealthEvent, taskPatch, communicationPatch } from './referral-feedback'
import { cpcmPackage } from '../../tests/fixtures/package-lookup'
import { CANARY, svCase } from '../../tests/fixtures/mappings/sv-case'
import { assertValidResource } from '../../tests/harness/fhir'

const pkg = cpcmPackage()
const pseudonymous = createMappingContext(pkg, { recipient: { id: 'isange', allowIdentifiers: false } })
const identified = createMappingContext(pkg, { recipient: { id: 'isange', allowIdentifiers: true } })
const te = svCase()
const enrollment = te.enrollments![0]!
const referral = enrollment.events!.find((e) => e.programStage === pseudonymous.stage.CPCM_REFERRAL)!
const input = { trackedEntity: te, enrollment, referral, ownerReference: 'Organization/isange-kacyiru' }

describe('a referral for one facility', () => {
  it('holds only Patient, Consent, ServiceRequest, Task and Provenance, labelled, pseudonymous by default', () => {
    const { bundle, resourceTypes } = referralToBundle(input, pseudonymous)
    expect(resourceTypes).toEqual(['Consent', 'Patient', 'Provenance', 'ServiceRequest', 'Task'])
    const text = JSON.stringify(bundle)
    for (const canary of Object.values(CANARY)) expect(text).not.toContain(canary)
    const task = bundle.entry!.find((e) => e.resource!.resourceType === 'Task')!
    expect(task.request).toEqual({ method: 'POST', url: 'Task', ifNoneExist: `identifier=${SID.referral}|${referral.event}` })
    const t = task.resource as fhir4.Task
    expect(t).toMatchObject({ status: 'requested', intent: 'order', owner: { reference: 'Organization/isange-kacyiru', identifier: { value: 'ISANGE-KACYIRU' } }, priority: 'stat' })
    expect(t.output).toBeUndefined()
    expect(t.meta?.security?.map((s) => s.code)).toEqual(['R', 'SDV'])
    const sr = bundle.entry!.find((e) => e.resource!.resourceType === 'ServiceRequest')!.resource as fhir4.ServiceRequest
    expect(sr.supportingInfo).toBeUndefined()
    const consent = bundle.entry!.find((e) => e.resource!.resourceType === 'Consent')!.resource as fhir4.Consent
    expect(consent).toMatchObject({ status: 'active', provision: { type: 'permit', actor: [{ reference: { identifier: { value: 'ISANGE-KACYIRU' } } }] } })
    for (const e of bundle.entry!) assertValidResource(e.resource)
  })

  it('sends names only with an identified context, and does not change when feedback or timestamps do', () => {
    expect(JSON.stringify(referralToBundle(input, identified).bundle)).toContain(CANARY.first)
    const later = { ...referral, updatedAt: '2026-04-01T00:00:00.000', status: 'COMPLETED' as const, dataValues: [...referral.dataValues, { dataElement: pseudonymous.de.CPCM_REF_FEEDBACK, value: 'Done' }] }
    expect(referralToBundle({ ...input, referral: later }, pseudonymous)).toEqual(referralToBundle(input, pseudonymous))
  })

  it('withdraws consent with the Consent alone', () => {
    const bundle = consentWithdrawalBundle(input, pseudonymous)
    expect(bundle.entry!.map((e) => e.resource!.resourceType)).toEqual(['Consent'])
    expect(bundle.entry![0]!.resource).toMatchObject({ status: 'inactive', provision: { type: 'deny' } })
  })
})

const param = (code: string, value: Partial<fhir4.TaskOutput>) => ({ type: { coding: [{ system: codeSystemUri('referral-parameter'), code }] }, ...value }) as fhir4.TaskOutput

describe('feedback into the referral event', () => {
  const current = eventValues(referral, pseudonymous)
  const base = { ...current, CPCM_REF_STATUS: 'REQUESTED', CPCM_REF_ACCESSED: undefined, CPCM_REF_ACCESSED_DATE: undefined } as Record<string, string | undefined>
  delete base.CPCM_REF_ACCESSED
  delete base.CPCM_REF_ACCESSED_DATE

  it('moves the status with the facility (accepted) and reads outputs', () => {
    const task: fhir4.Task = { resourceType: 'Task', id: 't1', status: 'accepted', intent: 'order' }
    const update = decideReferralUpdate(base, taskPatch(task, pseudonymous))
    expect(update).toMatchObject({ status: 'ACCEPTED', flag: false, values: { CPCM_REF_STATUS: 'ACCEPTED' } })
  })

  it('completes only when accessed, outcome achieved and feedback received', () => {
    const done: fhir4.Task = {
      resourceType: 'Task', id: 't1', status: 'completed', intent: 'order',
      output: [param('SERVICE_ACCESSED', { valueBoolean: true }), param('OUTCOME_ACHIEVED', { valueBoolean: true })],
    }
    const noFeedback = decideReferralUpdate(base, taskPatch(done, pseudonymous))
    expect(noFeedback.status).toBe('IN_PROGRESS')
    expect(noFeedback.flag).toBe(true)
    expect(noFeedback.values.CPCM_REF_STATUS_REASON).toMatch(/completed, but no feedback was received/)
    const after = { ...base, ...noFeedback.values }
    const fb = communicationPatch({ resourceType: 'Communication', status: 'completed', sent: '2026-03-20T10:00:00+02:00', payload: [{ contentString: 'Exam done' }] })!
    const completed = decideReferralUpdate(after, fb, true)
    expect(completed).toMatchObject({ status: 'COMPLETED', flag: false })
    expect(completed.values.CPCM_REF_STATUS_REASON).toBe('')
    expect(decideReferralUpdate({ ...after, ...completed.values, CPCM_REF_STATUS_REASON: undefined } as never, fb, false).unchanged).toBe(true)
  })

  it('keeps a cancelled referral cancelled', () => {
    expect(decideReferralUpdate({ ...base, CPCM_REF_STATUS: 'CANCELLED' }, { values: {}, facilityStatus: 'ACCEPTED' }).status).toBe('CANCELLED')
  })

  it('reads an encounter and its coded findings into a health encounter event', () => {
    const enc: fhir4.Encounter = {
      resourceType: 'Encounter', id: 'enc-1', status: 'finished', class: { code: 'AMB' },
      type: [{ coding: [{ system: codeSystemUri('health-service'), code: 'FORENSIC_EXAM' }] }], period: { start: '2026-03-02T13:30:00+02:00' },
    }
    const proc: fhir4.Procedure = { resourceType: 'Procedure', status: 'completed', subject: {}, encounter: { reference: 'Encounter/enc-1' }, code: { coding: [{ system: codeSystemUri('health-finding'), code: 'FORENSIC_EVIDENCE' }] } }
    const view = encounterToHealthEvent(enc, [proc], pseudonymous, { facility: 'ISANGE-KACYIRU', referralEvent: referral.event })
    expect(view).toEqual({
      status: 'COMPLETED', occurredAt: '2026-03-02T13:30:00',
      values: { CPCM_HE_SERVICE: 'FORENSIC_EXAM', CPCM_HE_FACILITY: 'ISANGE-KACYIRU', CPCM_HE_REFERRAL_EVENT: referral.event, CPCM_HE_EXTERNAL_ID: 'enc-1', CPCM_HE_EVIDENCE_COLLECTED: 'true' },
    })
  })
})
