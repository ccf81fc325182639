/**
 * DHIS2 tracked entity -> FHIR R4 transaction Bundle. Pure and deterministic: the same input
 * (and context) gives the same bundle, byte for byte. No validation here: callers validate
 * untrusted JSON once with dhis2/parse.ts; this runs on the hot path.
 *
 * Entry order: Patient, RelatedPerson, then per case EpisodeOfCare, Consent, Goals + CarePlan,
 * ServiceRequest + Task per referral, Encounter (+ Observation/Procedure) per health encounter,
 * and Provenance last. Other stages (assessment narrative, notes, reviews...) are not sent.
 */
import type * as fhir4 from 'fhir/r4'
import type { MappingContext } from '../context'
import { SDV_CASE_TYPES } from '../codes/case-types'
import type { Dhis2Enrollment, Dhis2Event, Dhis2TrackedEntity } from '../dhis2/types'
import { attributeValues, eventValues, type Values } from '../dhis2/values'
import { addCarePlan, type PlanAction } from './care-plan'
import { META_R, META_R_SDV } from './common'
import { addEncounter } from './encounter'
import { addConsent, addEpisode } from './episode'
import { addCaregiver, addPatient } from './patient'
import { addProvenance, latestUpdate } from './provenance'
import { addReferral } from './referral'

export interface ToBundleOptions {
  /** Provenance.recorded when the input carries no timestamp at all (DHIS2 always sends updatedAt). */
  recorded?: string
}

interface Pending { event: Dhis2Event; values: Values }

function addCase(entries: fhir4.BundleEntry[], en: Dhis2Enrollment, patientUrl: string, ctx: MappingContext): void {
  const s = ctx.stage
  let intake: Pending | undefined
  let tier: string | undefined
  let tierAt = ''
  const plan: PlanAction[] = []
  const referrals: Pending[] = []
  const encounters: Pending[] = []
  const events = en.events ?? []
  for (let i = 0; i < events.length; i++) {
    const event = events[i]!
    if (event.deleted === true) continue
    const stage = event.programStage
    if (stage === s.CPCM_INTAKE) {
      if (!intake) intake = { event, values: eventValues(event, ctx) }
    } else if (stage === s.CPCM_ASSESSMENT) {
      // The latest assessment's tier overrides intake's for the referral priority.
      const at = event.occurredAt ?? ''
      if (at >= tierAt) {
        const v = eventValues(event, ctx)
        if (v.CPCM_ASM_RISK_TIER !== undefined) { tier = v.CPCM_ASM_RISK_TIER; tierAt = at }
      }
    } else if (stage === s.CPCM_CASE_PLAN) plan.push({ event, values: eventValues(event, ctx) })
    else if (stage === s.CPCM_REFERRAL) referrals.push({ event, values: eventValues(event, ctx) })
    else if (stage === s.CPCM_HEALTH_ENCOUNTER) encounters.push({ event, values: eventValues(event, ctx) })
  }
  const iv = intake?.values
  if (tier === undefined) tier = iv?.CPCM_INT_RISK_TIER
  const sensitive = iv !== undefined && (SDV_CASE_TYPES.has(iv.CPCM_INT_CASE_TYPE ?? '') || SDV_CASE_TYPES.has(iv.CPCM_INT_CASE_TYPE_2 ?? ''))
  const meta = sensitive ? META_R_SDV : META_R

  const episodeUrl = addEpisode(entries, en, iv, patientUrl, meta, ctx)
  if (intake) addConsent(entries, intake.event, intake.values, patientUrl, episodeUrl, meta, ctx)
  addCarePlan(entries, en, plan, patientUrl, episodeUrl, meta, ctx)
  const referralUrls = new Map<string, string>()
  for (const r of referrals) referralUrls.set(r.event.event, addReferral(entries, r.event, r.values, tier, patientUrl, episodeUrl, meta, ctx))
  for (const e of encounters) addEncounter(entries, e.event, e.values, patientUrl, episodeUrl, referralUrls, meta, ctx)
}

export function trackedEntityToBundle(te: Dhis2TrackedEntity, ctx: MappingContext, options: ToBundleOptions = {}): fhir4.Bundle {
  const entries: fhir4.BundleEntry[] = []
  const attributes = attributeValues(te, ctx)
  const patientUrl = addPatient(entries, te, attributes, ctx)
  addCaregiver(entries, te, attributes, patientUrl, ctx)
  const enrollments = te.enrollments ?? []
  for (let i = 0; i < enrollments.length; i++) {
    const en = enrollments[i]!
    if (en.program === ctx.program.case && en.deleted !== true) addCase(entries, en, patientUrl, ctx)
  }
  const recorded = latestUpdate(te) ?? options.recorded
  if (recorded === undefined) throw new Error(`tracked entity ${te.trackedEntity} carries no timestamp: pass options.recorded`)
  addProvenance(entries, te, recorded, ctx)
  return { resourceType: 'Bundle', type: 'transaction', entry: entries }
}
