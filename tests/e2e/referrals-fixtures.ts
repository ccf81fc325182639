/**
 * The referral scenario for the end-to-end tests: a Tier 1 sexual-violence case of a 12-year-old
 * girl referred to an Isange One Stop Centre, seeded into the DHIS2 emulator; a facility acting on
 * its own FHIR server with plain fetch, as a partner's system would; readers of what DHIS2 holds.
 */
import type * as fhir4 from 'fhir/r4'
import { codeSystemUri, SID } from '../../mappings/identifiers'
import type { Dhis2Emulator } from '../emulators/dhis2'
import { ids } from '../fixtures/package-lookup'
import { seedTrackedEntity, seedUid } from '../fixtures/seed-cases'

export const CANARY_FIRST = 'CanaryIsimbi'

export interface ReferralCaseOptions {
  n: number
  provider?: string
  service?: string
  caseConsent?: boolean
  referralConsent?: boolean
  shareIdentity?: boolean
}

/** A seeded case turned into the scenario: intake SV Tier 1, a 12-year-old, one REQUESTED referral, no encounters yet. */
export function referralCase(o: ReferralCaseOptions) {
  const te = seedTrackedEntity(o.n)
  const en = te.enrollments[0]!
  const set = (event: (typeof en.events)[number], code: string, value: string) => {
    const id = ids.dataElement(code)
    const dv = event.dataValues.find((d) => d.dataElement === id)
    if (dv) dv.value = value
    else event.dataValues.push({ dataElement: id, value })
  }
  const intake = en.events[0]!
  set(intake, 'CPCM_INT_CASE_TYPE', 'SEXUAL_VIOLENCE')
  set(intake, 'CPCM_INT_RISK_TIER', 'TIER1')
  set(intake, 'CPCM_INT_CONSENT_SHARING', String(o.caseConsent ?? true))
  set(en.events[1]!, 'CPCM_ASM_RISK_TIER', 'TIER1')
  for (const a of te.attributes) {
    if (a.attribute === ids.attribute('CPCM_FIRST_NAME')) a.value = `${CANARY_FIRST}${o.n}`
    if (a.attribute === ids.attribute('CPCM_SEX')) a.value = 'FEMALE'
    if (a.attribute === ids.attribute('CPCM_DATE_OF_BIRTH')) a.value = '2014-01-15'
  }
  const referral = en.events[4]!
  referral.status = 'ACTIVE'
  referral.dataValues = [
    ['CPCM_REF_SERVICE', o.service ?? 'FORENSIC'], ['CPCM_REF_PROVIDER', o.provider ?? 'ISANGE-KACYIRU'],
    ['CPCM_REF_PROVIDER_NAME', 'Isange One Stop Centre'], ['CPCM_REF_REASON', 'Forensic examination within 72 hours'],
    ['CPCM_REF_CONSENT', String(o.referralConsent ?? true)], ['CPCM_REF_SHARE_IDENTITY', String(o.shareIdentity ?? false)],
    ['CPCM_REF_STATUS', 'REQUESTED'],
  ].map(([code, value]) => ({ dataElement: ids.dataElement(code!), value: value! }))
  en.events.splice(5, 1) // no health encounter yet
  return { te, referralEvent: referral.event, enrollment: en.enrollment, childCode: te.attributes.find((a) => a.attribute === ids.attribute('CPCM_CHILD_CODE'))!.value }
}

export function seedReferralCase(emulator: Dhis2Emulator, o: ReferralCaseOptions) {
  const c = referralCase(o)
  const report = emulator.importTracker({ trackedEntities: [c.te] }, { importStrategy: 'CREATE_AND_UPDATE', atomicMode: 'ALL' }) as { status?: string }
  if (report.status !== 'OK') throw new Error(`seeding the referral case failed: ${JSON.stringify(report).slice(0, 1500)}`)
  return c
}

/** The referral event's values by code, its status and followUp, as DHIS2 holds them. */
export function referralInDhis2(emulator: Dhis2Emulator, event: string) {
  const stored = emulator.tracker.events.get(event)!
  const values: Record<string, string> = {}
  for (const [de, v] of stored.dataValues) values[codeOf(de)] = v.value
  return { values, followUp: stored.followUp, updatedAt: stored.updatedAt }
}

export function healthEncountersInDhis2(emulator: Dhis2Emulator, enrollment: string) {
  const stage = ids.stage('CPCM_HEALTH_ENCOUNTER')
  return [...emulator.tracker.events.values()]
    .filter((e) => e.enrollment === enrollment && e.programStage === stage && !e.deleted)
    .map((e) => ({ event: e.event, status: e.status, values: Object.fromEntries([...e.dataValues].map(([de, v]) => [codeOf(de), v.value])) }))
}

let byUid: Map<string, string> | undefined
function codeOf(uid: string): string {
  if (!byUid) {
    byUid = new Map()
    const { cpcmPackage } = require('../fixtures/package-lookup') as typeof import('../fixtures/package-lookup')
    for (const d of cpcmPackage().dataElements) byUid.set(d.id, d.code)
  }
  return byUid.get(uid) ?? uid
}

/** A facility's system working on its own FHIR server, as a partner would (plain fetch). */
export function facilityClient(baseUrl: string, token?: string) {
  const headers = { 'content-type': 'application/fhir+json', ...(token ? { authorization: `Bearer ${token}` } : {}) }
  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${baseUrl}/${path}`, { method, headers, ...(body ? { body: JSON.stringify(body) } : {}) })
    const json = (await res.json()) as T
    if (!res.ok) throw new Error(`${method} ${path}: HTTP ${res.status} ${JSON.stringify(json).slice(0, 500)}`)
    return json
  }
  const param = (code: string, value: Partial<fhir4.TaskOutput>) => ({ type: { coding: [{ system: codeSystemUri('referral-parameter'), code }] }, ...value }) as fhir4.TaskOutput
  return {
    call,
    async task(referralEvent: string): Promise<fhir4.Task> {
      const b = await call<fhir4.Bundle>('GET', `Task?identifier=${encodeURIComponent(`${SID.referral}|${referralEvent}`)}`)
      const t = b.entry?.[0]?.resource as fhir4.Task | undefined
      if (!t) throw new Error(`no Task for referral ${referralEvent}`)
      return t
    },
    async serviceRequest(referralEvent: string): Promise<fhir4.ServiceRequest> {
      const b = await call<fhir4.Bundle>('GET', `ServiceRequest?identifier=${encodeURIComponent(`${SID.referral}|${referralEvent}`)}`)
      return b.entry![0]!.resource as fhir4.ServiceRequest
    },
    updateTask: (task: fhir4.Task) => call<fhir4.Task>('PUT', `Task/${task.id}`, task),
    accept: (task: fhir4.Task): fhir4.Task => ({ ...task, status: 'accepted', businessStatus: { text: 'Seen at reception' } }),
    complete(task: fhir4.Task, options: { feedback: boolean }): fhir4.Task {
      const output = [param('SERVICE_ACCESSED', { valueBoolean: true }), param('SERVICE_ACCESSED_DATE', { valueDate: '2026-03-02' }), param('OUTCOME_ACHIEVED', { valueBoolean: true })]
      if (options.feedback) output.push(param('FEEDBACK_RECEIVED', { valueBoolean: true }), param('FEEDBACK_DATE', { valueDate: '2026-03-09' }), param('FEEDBACK', { valueString: 'Forensic exam and PEP done; counselling started; police case opened.' }))
      return { ...task, status: 'completed', output }
    },
    async encounter(sr: fhir4.ServiceRequest, service: string, start: string, findings: Array<{ code: string; resource: 'Observation' | 'Procedure'; value?: Partial<fhir4.Observation> }>) {
      const enc = await call<fhir4.Encounter>('POST', 'Encounter', {
        resourceType: 'Encounter', status: 'finished', class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'AMB' },
        type: [{ coding: [{ system: codeSystemUri('health-service'), code: service }] }], subject: sr.subject,
        basedOn: [{ reference: `ServiceRequest/${sr.id}` }], period: { start, end: start },
      })
      for (const f of findings) {
        const code = { coding: [{ system: codeSystemUri('health-finding'), code: f.code }] }
        const body = f.resource === 'Procedure'
          ? { resourceType: 'Procedure', status: 'completed', code, subject: sr.subject, encounter: { reference: `Encounter/${enc.id}` } }
          : { resourceType: 'Observation', status: 'final', code, subject: sr.subject, encounter: { reference: `Encounter/${enc.id}` }, ...f.value }
        await call('POST', f.resource, body)
      }
      return enc
    },
  }
}

export const uid = seedUid
