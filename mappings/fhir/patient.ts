/**
 * The child as Patient (pseudonymous unless the recipient may receive identifiers) and the
 * caregiver as RelatedPerson (only then).
 */
import type * as fhir4 from 'fhir/r4'
import type { MappingContext } from '../context'
import type { AttributeValues } from '../dhis2/values'
import type { Dhis2TrackedEntity } from '../dhis2/types'
import { mapOf } from '../codes/registry'
import { SEXES } from '../codes/case-records'
import { EXT, logicalRef, SID } from '../identifiers'
import { toFhirDate } from '../time'
import { conditionalEntry, keyed, META_R, ref, CAREGIVER_RELATIONSHIP } from './common'

const GENDER = mapOf(SEXES, 'sex-to-administrative-gender').forward as Readonly<Record<string, { code: string | null }>>

/** Adds the Patient entry; returns its fullUrl. */
export function addPatient(entries: fhir4.BundleEntry[], te: Dhis2TrackedEntity, a: AttributeValues, ctx: MappingContext): string {
  const { fullUrl, identifier } = keyed('Patient', SID.trackedEntity, te.trackedEntity)
  const identifiers: fhir4.Identifier[] = []
  const childCode = a.CPCM_CHILD_CODE
  if (childCode !== undefined) identifiers.push({ system: SID.childCode, value: childCode })
  identifiers.push(identifier)
  const patient: fhir4.Patient = { resourceType: 'Patient', meta: META_R, identifier: identifiers }
  if (a.CPCM_DOB_ESTIMATED === 'true') patient.extension = [{ url: EXT.birthDateEstimated, valueBoolean: true }]
  if (ctx.allowIdentifiers) {
    if (a.CPCM_NATIONAL_ID !== undefined) identifiers.push({ system: SID.nationalId, value: a.CPCM_NATIONAL_ID })
    const first = a.CPCM_FIRST_NAME, last = a.CPCM_LAST_NAME
    if (first !== undefined || last !== undefined) {
      const name: fhir4.HumanName = { use: 'official' }
      if (last !== undefined) name.family = last
      if (first !== undefined) name.given = [first]
      patient.name = [name]
    }
  }
  const sex = a.CPCM_SEX !== undefined ? GENDER[a.CPCM_SEX]?.code : undefined
  if (sex) patient.gender = sex as fhir4.Patient['gender']
  if (a.CPCM_DATE_OF_BIRTH !== undefined) patient.birthDate = toFhirDate(a.CPCM_DATE_OF_BIRTH)
  patient.managingOrganization = logicalRef(SID.orgUnit, te.orgUnit, undefined, 'Organization')
  entries.push(conditionalEntry(patient, SID.trackedEntity, te.trackedEntity, fullUrl))
  return fullUrl
}

/** Adds the caregiver when identifiers are allowed and there is a name or phone. */
export function addCaregiver(entries: fhir4.BundleEntry[], te: Dhis2TrackedEntity, a: AttributeValues, patientUrl: string, ctx: MappingContext): void {
  if (!ctx.allowIdentifiers) return
  const name = a.CPCM_CAREGIVER_NAME, phone = a.CPCM_CAREGIVER_PHONE
  if (name === undefined && phone === undefined) return
  const { fullUrl, identifier } = keyed('RelatedPerson', SID.caregiver, te.trackedEntity)
  const person: fhir4.RelatedPerson = {
    resourceType: 'RelatedPerson', meta: META_R, identifier: [identifier], active: true, patient: ref(patientUrl),
    relationship: CAREGIVER_RELATIONSHIP,
  }
  if (name !== undefined) person.name = [{ text: name }]
  if (phone !== undefined) person.telecom = [{ system: 'phone', value: phone }]
  entries.push(conditionalEntry(person, SID.caregiver, te.trackedEntity, fullUrl))
}
