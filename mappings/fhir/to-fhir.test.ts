import type * as fhir4 from 'fhir/r4'
import { createMappingContext } from '../context'
import { SID } from '../identifiers'
import { bundleToTrackedEntity } from './from-fhir'
import { trackedEntityToBundle } from './to-fhir'
import { cpcmPackage } from '../../tests/fixtures/package-lookup'
import { CANARY, svCase } from '../../tests/fixtures/mappings/sv-case'
import { FHIR_CARRIES, project } from '../../tests/fixtures/mappings/projection'
import { seedTrackedEntity } from '../../tests/fixtures/seed-cases'

const pkg = cpcmPackage()
const pseudonymous = createMappingContext(pkg, { recipient: { id: 'ISANGE-KACYIRU', allowIdentifiers: false } })
const identified = createMappingContext(pkg, { recipient: { id: 'ISANGE-KACYIRU', allowIdentifiers: true } })
const te = svCase()

const resources = (b: fhir4.Bundle) => (b.entry ?? []).map((e) => e.resource!) as fhir4.FhirResource[]
const ofType = <T extends fhir4.FhirResource['resourceType']>(b: fhir4.Bundle, type: T) =>
  resources(b).filter((r) => r.resourceType === type) as Array<Extract<fhir4.FhirResource, { resourceType: T }>>

describe('DHIS2 -> FHIR -> DHIS2', () => {
  it('keeps every carried value of the Tier 1 sexual violence case', () => {
    const back = bundleToTrackedEntity(trackedEntityToBundle(te, identified), identified)
    expect(project(back, FHIR_CARRIES)).toEqual(project(te, FHIR_CARRIES))
  })

  it('keeps them for 50 seeded cases too, and never invents identifiers for a pseudonymous recipient', () => {
    for (let i = 0; i < 50; i++) {
      const seeded = seedTrackedEntity(i) as unknown as Parameters<typeof trackedEntityToBundle>[0]
      expect(project(bundleToTrackedEntity(trackedEntityToBundle(seeded, identified), identified), FHIR_CARRIES)).toEqual(project(seeded, FHIR_CARRIES))
      const back = project(bundleToTrackedEntity(trackedEntityToBundle(seeded, pseudonymous), pseudonymous), FHIR_CARRIES)
      expect(Object.keys(back.attributes).sort()).toEqual(['CPCM_CHILD_CODE', 'CPCM_DATE_OF_BIRTH', 'CPCM_SEX'])
    }
  })

  it('restores the intake, plan, referral and encounter events with their stage, status and date', () => {
    const back = bundleToTrackedEntity(trackedEntityToBundle(te, pseudonymous), pseudonymous)
    const events = back.enrollments![0]!.events!
    expect(events).toHaveLength(6) // the assessment is not sent
    const referral = events.find((e) => e.programStage === pseudonymous.stage.CPCM_REFERRAL)!
    expect(referral.occurredAt).toBe('2026-03-02T11:00:00.000')
    expect(referral.status).toBe('ACTIVE')
    expect(back.trackedEntityType).toBe(pkg.trackedEntityTypes[0]!.id)
  })
})

describe('privacy', () => {
  const canaries = Object.values(CANARY)

  it('sends no name, phone or national ID unless the recipient may receive identifiers', () => {
    const json = JSON.stringify(trackedEntityToBundle(te, pseudonymous))
    for (const canary of canaries) expect(json).not.toContain(canary)
    expect(json).not.toContain('RelatedPerson')
    expect(json).not.toContain(SID.nationalId)
    const noRecipient = JSON.stringify(trackedEntityToBundle(te, createMappingContext(pkg)))
    for (const canary of canaries) expect(noRecipient).not.toContain(canary)
  })

  it('sends them when allowed: names on Patient, caregiver as RelatedPerson', () => {
    const b = trackedEntityToBundle(te, identified)
    const json = JSON.stringify(b)
    for (const canary of canaries) expect(json).toContain(canary)
    expect(ofType(b, 'Patient')[0]!.name).toEqual([{ use: 'official', family: CANARY.last, given: [CANARY.first] }])
    expect(ofType(b, 'RelatedPerson')[0]!.telecom).toEqual([{ system: 'phone', value: CANARY.phone }])
  })

  it('labels every case resource restricted, and a sexual violence case SDV', () => {
    for (const r of resources(trackedEntityToBundle(te, pseudonymous))) {
      if (r.resourceType === 'Provenance') continue
      const labels = (r.meta?.security ?? []).map((c) => c.code)
      expect(labels).toContain('R')
      if (r.resourceType !== 'Patient') expect(labels).toContain('SDV')
    }
  })
})

describe('the transaction bundle', () => {
  const b = trackedEntityToBundle(te, identified)

  it('is byte-identical for the same input, across calls and contexts', () => {
    const again = trackedEntityToBundle(structuredClone(te), createMappingContext(pkg, { recipient: { id: 'other', allowIdentifiers: true } }))
    expect(JSON.stringify(again)).toBe(JSON.stringify(b))
  })

  it('writes every entry conditionally on an identifier the resource carries, except Provenance by a derived id', () => {
    for (const e of b.entry!) {
      const r = e.resource!
      expect(e.request!.method).toBe('PUT')
      if (r.resourceType === 'Provenance') {
        expect(e.request!.url).toBe(`Provenance/${r.id}`)
        continue
      }
      const m = /^(\w+)\?identifier=([^|]+)\|(.+)$/.exec(e.request!.url)!
      expect(m[1]).toBe(r.resourceType)
      expect((r as { identifier?: fhir4.Identifier[] }).identifier).toContainEqual({ system: m[2], value: m[3] })
    }
  })

  it('has unique urn:uuid fullUrls and every urn:uuid reference points into the bundle', () => {
    const urls = b.entry!.map((e) => e.fullUrl!)
    expect(new Set(urls).size).toBe(urls.length)
    for (const u of urls) expect(u).toMatch(/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    const refs = JSON.stringify(b).match(/"reference":"urn:uuid:[^"]+"/g)!
    for (const r of refs) expect(urls).toContain(r.slice('"reference":"'.length, -1))
  })

  it('carries the referral as ServiceRequest + Task: stat for Tier 1, order to fulfil, focus and for', () => {
    const [sr] = ofType(b, 'ServiceRequest')
    const [task] = ofType(b, 'Task')
    const patientUrl = b.entry![0]!.fullUrl
    const srUrl = b.entry!.find((e) => e.resource === sr)!.fullUrl
    expect(sr!.priority).toBe('stat')
    expect(sr!.code!.coding![0]).toMatchObject({ code: 'FORENSIC' })
    expect(sr!.category![0]!.coding![0]).toMatchObject({ code: 'HEALTH' })
    expect(sr!.performer![0]).toMatchObject({ identifier: { system: SID.provider, value: 'ISANGE-KACYIRU' } })
    expect(task).toMatchObject({ intent: 'order', status: 'in-progress', focus: { reference: srUrl }, for: { reference: patientUrl } })
    expect(task!.code!.coding![0]).toMatchObject({ code: 'fulfill' })
    expect(task!.businessStatus!.coding![0]).toMatchObject({ code: 'IN_PROGRESS' })
    expect(task!.output!.map((o) => o.type.coding![0]!.code)).toEqual(['SERVICE_ACCESSED', 'SERVICE_ACCESSED_DATE'])
  })

  it('carries each health encounter with its findings, based on the referral', () => {
    const encounters = ofType(b, 'Encounter')
    expect(encounters.map((e) => e.type![0]!.coding![0]!.code)).toEqual(['FORENSIC_EXAM', 'SAFE_ROOM'])
    expect(encounters.map((e) => e.class.code)).toEqual(['AMB', 'NONAC'])
    const srUrl = b.entry!.find((e) => e.resource!.resourceType === 'ServiceRequest')!.fullUrl
    for (const e of encounters) expect(e.basedOn).toEqual([{ reference: srUrl }])
    expect(ofType(b, 'Procedure').map((p) => [p.code!.coding![0]!.code, p.status])).toEqual([
      ['FORENSIC_EVIDENCE', 'completed'], ['PEP', 'completed'], ['PEP', 'not-done'],
    ])
    expect(ofType(b, 'Observation').map((o) => o.code.coding![0]!.code)).toEqual(['FINDINGS', 'POLICE_CASE', 'FOLLOW_UP', 'SAFE_ROOM_NIGHTS'])
  })

  it('records provenance at the latest updatedAt of the input, with the server zone', () => {
    const [prov] = ofType(b, 'Provenance')
    expect(prov!.recorded).toBe('2026-03-05T08:20:00.000+02:00')
    expect(prov!.target).toHaveLength(b.entry!.length - 1)
  })
})
