import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { createMappingContext } from '../context'
import { REFERRAL_STATUS_CODES } from '../codes/referral-statuses'
import type { Dhis2TrackedEntity } from '../dhis2/types'
import { PRIMERO_CARRIES, project } from '../../tests/fixtures/mappings/projection'
import { cpcmPackage } from '../../tests/fixtures/package-lookup'
import { CANARY, svCase } from '../../tests/fixtures/mappings/sv-case'
import { seedTrackedEntity } from '../../tests/fixtures/seed-cases'
import {
  parsePrimeroCase, parsePrimeroReferrals, primeroCaseSchema, primeroErrorsSchema, primeroIdentifiers, primeroMany, primeroOne,
  primeroRecordIdFor, primeroReferralSchema, primeroToTrackedEntity, primeroTokenErrorSchema, trackedEntityToPrimero,
} from './index'

const pkg = cpcmPackage()
const cso = createMappingContext(pkg, { recipient: { id: 'CSO-HOPE', allowIdentifiers: true } })
const anonymous = createMappingContext(pkg, { recipient: { id: 'CSO-HOPE', allowIdentifiers: false } })
const asOf = '2026-03-10'
const te = svCase()
const en = te.enrollments![0]!
const links = { trackedEntity: te.trackedEntity, enrollment: en.enrollment, orgUnit: en.orgUnit }
const json = <T>(x: T): T => JSON.parse(JSON.stringify(x))

describe('DHIS2 -> Primero -> DHIS2', () => {
  it('with the current DHIS2 case: every carried value comes back exactly', () => {
    const record = json(trackedEntityToPrimero(te, cso, { asOf }))
    expect(project(primeroToTrackedEntity(record, cso, { current: te }), PRIMERO_CARRIES)).toEqual(project(te, PRIMERO_CARRIES))
  })

  it('also for 50 seeded cases', () => {
    for (let i = 0; i < 50; i++) {
      const seeded = seedTrackedEntity(i) as unknown as Dhis2TrackedEntity
      const back = primeroToTrackedEntity(json(trackedEntityToPrimero(seeded, cso, { asOf })), cso, { current: seeded })
      expect(project(back, PRIMERO_CARRIES)).toEqual(project(seeded, PRIMERO_CARRIES))
    }
  })

  it('from links alone: only the codes Primero cannot tell apart change, to the documented defaults', () => {
    const back = primeroToTrackedEntity(json(trackedEntityToPrimero(te, cso, { asOf })), cso, { links })
    const got = project(back, PRIMERO_CARRIES)
    const want = project(te, PRIMERO_CARRIES)
    const referral = (p: typeof got) => p.enrollments[0]!.events.find((e) => e.stage === 'CPCM_REFERRAL')! as { values: Record<string, string> }
    expect(referral(got).values).toEqual({ ...referral(want).values, CPCM_REF_SERVICE: 'MEDICAL', CPCM_REF_STATUS: 'ACCEPTED' }) // FORENSIC -> medical, IN_PROGRESS -> accepted
    const intake = (p: typeof got) => p.enrollments[0]!.events.find((e) => e.stage === 'CPCM_INTAKE')! as { values: Record<string, string> }
    expect(intake(got).values).toEqual(intake(want).values)
    expect(got.attributes).toEqual(want.attributes)
  })

  it.each(REFERRAL_STATUS_CODES)('referral status %s survives the trip with the current case, and is never sent if not sent', (status) => {
    const copy = json(te)
    const referral = copy.enrollments![0]!.events!.find((e) => e.programStage === cso.stage.CPCM_REFERRAL)!
    referral.dataValues.find((d) => d.dataElement === cso.de.CPCM_REF_STATUS)!.value = status
    const record = trackedEntityToPrimero(copy, cso, { asOf })
    expect(record.referrals).toHaveLength(status === 'DRAFT' || status === 'BLOCKED_NO_CONSENT' ? 0 : 1)
    const back = primeroToTrackedEntity(json(record), cso, { current: copy })
    const ev = back.enrollments![0]!.events!.find((e) => e.event === referral.event)!
    expect(ev.dataValues.find((d) => d.dataElement === cso.de.CPCM_REF_STATUS)!.value).toBe(status)
  })
})

describe('the Primero record', () => {
  const record = trackedEntityToPrimero(te, cso, { asOf })

  it('has Primero\'s fields and values', () => {
    expect(record.case).toMatchObject({
      id: primeroRecordIdFor(en.enrollment), module_id: 'primeroModule-cp', status: 'open', registration_date: '2026-03-02',
      sex: 'female', date_of_birth: '2013-11-20', age: 12, estimated: true, protection_concerns: ['sexual_abuse_violence', 'emotional_or_psychological'],
      risk_level: 'high', consent_for_services: true, disclosure_other_orgs: true, interview_subject: 'caregiver',
    })
    expect(record.case.services_section).toEqual([expect.objectContaining({
      unique_id: expect.stringMatching(/^Ev/), service_type: 'medical', service_implementing_agency: 'ISANGE-KACYIRU',
      service_response_day_time: '2026-03-02T11:00:00.000+02:00', service_implemented: 'implemented', service_status_referred: true,
    })])
    expect(record.referrals).toEqual([expect.objectContaining({ type: 'Referral', status: 'accepted', id: 'task-isange-778', service_record_id: record.case.services_section![0]!.unique_id })])
  })

  it('is valid against the Primero schemas and identical on replay', () => {
    expect(parsePrimeroCase({ data: record.case })).toEqual({ ok: true, value: record.case })
    expect(parsePrimeroReferrals({ data: record.referrals }).ok).toBe(true)
    expect(JSON.stringify(trackedEntityToPrimero(json(te), cso, { asOf }))).toBe(JSON.stringify(record))
  })

  it('carries no names or national ID unless allowed', () => {
    const text = JSON.stringify(trackedEntityToPrimero(te, anonymous, { asOf }))
    for (const canary of Object.values(CANARY)) expect(text).not.toContain(canary)
    const allowed = JSON.stringify(record)
    expect(allowed).toContain(CANARY.first)
    expect(allowed).toContain(CANARY.nationalId)
    expect(allowed).not.toContain(CANARY.caregiver) // caregivers are not sent to Primero
  })

  it('names Primero\'s ids with our identifier systems', () => {
    expect(primeroIdentifiers({ id: 'b3222e84-a5d7-4692-a643-1ab3d41f17d6', case_id_display: 'f15a1a9' })).toEqual([
      { system: 'https://ncda.gov.rw/fhir/cpcm/sid/primero-record-id', value: 'b3222e84-a5d7-4692-a643-1ab3d41f17d6' },
      { system: 'https://ncda.gov.rw/fhir/cpcm/sid/primero-case-id-display', value: 'f15a1a9' },
    ])
  })
})

const PRIMERO = path.resolve(__dirname, '../../../shared/reference/primero')
const sample = (f: string) => JSON.parse(readFileSync(path.join(PRIMERO, f), 'utf8'))
const withSamples = existsSync(PRIMERO) ? describe : describe.skip

withSamples('Primero v2 replies (reference samples)', () => {
  it.each(['case-get-200.json', 'case-create-200.json', 'case-create-request.json', 'case-disable-200.json'])('%s parses as one case', (f) => {
    expect(parsePrimeroCase(sample(f)).ok).toBe(true)
  })

  it('lists: cases with metadata, referrals and transitions without', () => {
    expect(primeroMany(primeroCaseSchema).safeParse(sample('cases-list-200.json')).success).toBe(true)
    for (const f of ['case-referrals-list-200.json', 'case-transitions-list-200.json', 'referrals-bulk-200.json']) expect(parsePrimeroReferrals(sample(f)).ok).toBe(true)
    for (const f of ['referral-create-200.json', 'referral-revoke-200.json', 'transfer-accepted-200.json']) expect(primeroOne(primeroReferralSchema).safeParse(sample(f)).success).toBe(true)
  })

  it('errors: errors[] with status or code; the token endpoint\'s own shape', () => {
    for (const f of ['case-create-409.json', 'case-create-422.json', 'referral-create-403.json']) expect(primeroErrorsSchema.safeParse(sample(f)).success).toBe(true)
    expect(primeroTokenErrorSchema.safeParse(sample('token-401.json')).success).toBe(true)
  })

  it('a case made in Primero (age only) becomes a DHIS2 case with derived UIDs and an estimated date of birth', () => {
    const c = parsePrimeroCase(sample('case-get-200.json'))
    if (!c.ok) throw new Error(c.errors.join())
    const back = primeroToTrackedEntity({ case: c.value, referrals: [] }, anonymous, { links: { orgUnit: en.orgUnit } })
    expect(back).toEqual(primeroToTrackedEntity({ case: c.value, referrals: [] }, anonymous, { links: { orgUnit: en.orgUnit } }))
    expect(back.trackedEntity).toMatch(/^[A-Za-z][A-Za-z0-9]{10}$/)
    const attrs = Object.fromEntries(back.attributes!.map((a) => [cso.codeOf('trackedEntityAttribute', a.attribute), a.value]))
    expect(attrs).toEqual({ CPCM_SEX: 'FEMALE', CPCM_DATE_OF_BIRTH: '2003-05-10', CPCM_DOB_ESTIMATED: 'true' })
    expect(back.enrollments![0]).toMatchObject({ status: 'ACTIVE', enrolledAt: '2019-05-10T00:00:00.000', orgUnit: en.orgUnit })
    expect(() => primeroToTrackedEntity({ case: c.value, referrals: [] }, anonymous)).toThrow(/no org unit/)
  })
})

describe('malformed Primero input', () => {
  it('names the path of each problem', () => {
    const r = parsePrimeroCase({ data: { age: 'sixteen', services_section: [{ service_type: 'medical' }], consent_for_services: 'yes' } })
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.errors.map((e) => e.split(':')[0]).sort()).toEqual(['data.age', 'data.consent_for_services', 'data.services_section[0].unique_id'])
    const e = primeroErrorsSchema.safeParse({ errors: [{ resource: '/api/v2/cases', message: 'x' }] })
    expect(e.success).toBe(false)
  })
})
