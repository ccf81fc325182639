/**
 * FHIR R4 Bundle -> DHIS2 tracker JSON (nested: tracked entity, enrollments, events), for
 * every value trackedEntityToBundle carries. Reads our transaction bundles and the same
 * resources as a server returns them (searchset, transaction-response with ids). Resources
 * without our identifiers get UIDs derived from their fullUrl, so a replay derives the same.
 * Not carried, so not restored: enrollment.occurredAt (set to enrolledAt), event orgUnit (the
 * enrollment's), and the stages the forward map does not send.
 */
import type * as fhir4 from 'fhir/r4'
import type { MappingContext } from '../context'
import type { StageCode } from '../dhis2/codes'
import type { Dhis2Enrollment, Dhis2Event, Dhis2TrackedEntity } from '../dhis2/types'
import { dataValuesFrom, type AttributeValues, type Values } from '../dhis2/values'
import { SID } from '../identifiers'
import { derivedUid } from '../uuid'
import { readCarePlan, readCaregiver, readConsent, readEpisode, readGoal, readPatient, type EventView } from './read-case'
import { identifierIn } from './read-helpers'
import { readEncounter, readFinding, readServiceRequest, readTask } from './read-services'

type Res = fhir4.FhirResource

class Index {
  readonly byKey = new Map<string, Res>()
  readonly keyOf = new Map<Res, string>()
  readonly all: Res[] = []
  constructor(bundle: fhir4.Bundle) {
    ;(bundle.entry ?? []).forEach((e, i) => {
      const r = e?.resource as Res | undefined
      if (!r || typeof r !== 'object') return
      const key = e.fullUrl ?? (r.id !== undefined ? `${r.resourceType}/${r.id}` : `entry:${i}`)
      this.all.push(r)
      this.keyOf.set(r, key)
      this.byKey.set(key, r)
      if (r.id !== undefined) this.byKey.set(`${r.resourceType}/${r.id}`, r)
    })
  }
  of<T extends Res['resourceType']>(type: T): Array<Extract<Res, { resourceType: T }>> {
    return this.all.filter((r) => r.resourceType === type) as Array<Extract<Res, { resourceType: T }>>
  }
  resolve(ref: string | undefined): Res | undefined {
    return ref === undefined ? undefined : this.byKey.get(ref)
  }
}

interface CaseBuild { en: Dhis2Enrollment; events: Dhis2Event[] }

function toEvent(build: CaseBuild, stage: StageCode, uid: string, view: EventView, values: Values, ctx: MappingContext): Dhis2Event {
  const ev: Dhis2Event = {
    event: uid, program: ctx.program.case, programStage: ctx.stage[stage], enrollment: build.en.enrollment, orgUnit: build.en.orgUnit,
    status: view.status ?? 'ACTIVE', dataValues: dataValuesFrom(values, Object.keys(values), ctx),
  }
  const at = view.occurredAt
  if (at !== undefined) ev.occurredAt = at
  build.events.push(ev)
  return ev
}

export function bundleToTrackedEntity(bundle: fhir4.Bundle, ctx: MappingContext): Dhis2TrackedEntity {
  const ix = new Index(bundle)
  const patient = ix.of('Patient').find((p) => identifierIn(p, SID.trackedEntity) !== undefined) ?? ix.of('Patient')[0]
  if (!patient) throw new Error('the bundle holds no Patient')
  const pv = readPatient(patient, ctx)
  const patientKey = ix.keyOf.get(patient)!
  const te = pv.trackedEntity ?? derivedUid('trackedEntity', pv.attributes.CPCM_CHILD_CODE ?? patientKey)
  const attributes: AttributeValues = { ...pv.attributes }
  for (const rp of ix.of('RelatedPerson')) {
    const of = rp.patient?.reference
    if (identifierIn(rp, SID.caregiver) === undefined && of !== patientKey && of !== `Patient/${patient.id}`) continue
    Object.assign(attributes, readCaregiver(rp))
  }
  const orgUnit = pv.orgUnit ?? ''

  const cases = new Map<string, CaseBuild>()
  const consents = ix.of('Consent').map((c) => readConsent(c, ctx))
  const enrollments: Dhis2Enrollment[] = []
  for (const e of ix.of('EpisodeOfCare')) {
    const v = readEpisode(e, ctx)
    const key = ix.keyOf.get(e)!
    if (v.enrolledAt === undefined) throw new Error(`EpisodeOfCare ${key} has no period.start (the enrollment date)`)
    const en: Dhis2Enrollment = {
      enrollment: v.enrollment ?? derivedUid('enrollment', key), program: ctx.program.case, trackedEntity: te,
      orgUnit: v.orgUnit ?? orgUnit, status: v.status, enrolledAt: v.enrolledAt, occurredAt: v.enrolledAt, events: [],
    }
    if (v.completedAt !== undefined) en.completedAt = v.completedAt
    const build: CaseBuild = { en, events: en.events! }
    cases.set(key, build)
    if (e.id !== undefined) cases.set(`EpisodeOfCare/${e.id}`, build)
    enrollments.push(en)

    const cv = consents.find((c) => c.episodeRef === key || (e.id !== undefined && c.episodeRef === `EpisodeOfCare/${e.id}`))
    if (cv || Object.keys(v.intake).length > 0) {
      const view: EventView = cv ?? { values: {}, occurredAt: v.enrolledAt }
      const uid = cv?.event ?? derivedUid('intake', en.enrollment)
      toEvent(build, 'CPCM_INTAKE', uid, view, { ...v.intake, ...view.values }, ctx)
    }
  }
  const caseOf = (ref: string | undefined) => (ref === undefined ? undefined : cases.get(ref))

  for (const cp of ix.of('CarePlan')) {
    const cv = readCarePlan(cp, ctx)
    const build = caseOf(cv.episodeRef) ?? [...cases.values()].find((c) => c.en.enrollment === cv.enrollment)
    if (!build) continue
    for (const a of cv.activities) {
      const goal = ix.resolve(a.goalRef)
      const gv = goal?.resourceType === 'Goal' ? readGoal(goal, ctx) : { values: {} as Values }
      const uid = gv.event ?? derivedUid('plan', a.goalRef ?? `${ix.keyOf.get(cp)}#${cv.activities.indexOf(a)}`)
      const view: EventView = { ...gv, ...(a.occurredAt !== undefined ? { occurredAt: a.occurredAt } : {}), values: {} }
      toEvent(build, 'CPCM_CASE_PLAN', uid, view, { ...gv.values, ...a.values }, ctx)
    }
  }

  const tasks = ix.of('Task').map((t) => readTask(t, ctx))
  const referralUids = new Map<string, string>()
  for (const sr of ix.of('ServiceRequest')) {
    const sv = readServiceRequest(sr, ctx)
    const build = caseOf(sv.episodeRef)
    if (!build) continue
    const key = ix.keyOf.get(sr)!
    const task = tasks.find((t) => t.focusRef === key || (sr.id !== undefined && t.focusRef === `ServiceRequest/${sr.id}`))
    const uid = sv.event ?? task?.event ?? derivedUid('referral', key)
    referralUids.set(key, uid)
    if (sr.id !== undefined) referralUids.set(`ServiceRequest/${sr.id}`, uid)
    toEvent(build, 'CPCM_REFERRAL', uid, sv, { ...sv.values, ...(task?.values ?? {}) }, ctx)
  }

  const findings = [...ix.of('Observation'), ...ix.of('Procedure')].map(readFinding)
  for (const enc of ix.of('Encounter')) {
    const ev = readEncounter(enc, ctx)
    const build = caseOf(ev.episodeRef)
    if (!build) continue
    const key = ix.keyOf.get(enc)!
    const values: Values = { ...ev.values }
    const referral = ev.basedOnRef !== undefined ? referralUids.get(ev.basedOnRef) : undefined
    if (referral !== undefined) values.CPCM_HE_REFERRAL_EVENT = referral
    for (const f of findings) if (f && (f.encounterRef === key || (enc.id !== undefined && f.encounterRef === `Encounter/${enc.id}`))) values[f.dataElement] = f.value
    toEvent(build, 'CPCM_HEALTH_ENCOUNTER', ev.event ?? derivedUid('encounter', key), ev, values, ctx)
  }

  const out: Dhis2TrackedEntity = { trackedEntity: te, trackedEntityType: ctx.trackedEntityType, orgUnit, attributes: [], enrollments }
  for (const [code, value] of Object.entries(attributes)) {
    const uid = ctx.uidOf('trackedEntityAttribute', code)
    if (uid !== undefined && value !== undefined) out.attributes!.push({ attribute: uid, value })
  }
  return out
}
