/**
 * The consent gate for sharing a case: a case leaves only when its intake records the
 * family's consent to share information with service providers. A child with several
 * cases is shared with the cases that have it, and only those.
 */
import type { Dhis2Enrollment, Dhis2TrackedEntity } from '../../mappings/dhis2'
import type { MappingContext } from '../../mappings/context'

export type SharingDecision =
  | { allowed: true; trackedEntity: Dhis2TrackedEntity; consentRefs: string[]; withheldCases: number }
  | { allowed: false; reason: 'no-case' | 'no-consent' }

function intakeConsent(enrollment: Dhis2Enrollment, ctx: MappingContext): string | undefined {
  const intakeStage = ctx.stage.CPCM_INTAKE
  const consentElement = ctx.de.CPCM_INT_CONSENT_SHARING
  for (const event of enrollment.events ?? []) {
    if (event.programStage !== intakeStage) continue
    const consent = event.dataValues?.find((v) => v.dataElement === consentElement)
    if (consent?.value === 'true') return event.event
  }
  return undefined
}

export function decideCaseSharing(te: Dhis2TrackedEntity, ctx: MappingContext): SharingDecision {
  const cases = (te.enrollments ?? []).filter((e) => e.program === ctx.program.case)
  if (cases.length === 0) return { allowed: false, reason: 'no-case' }
  const consented: Dhis2Enrollment[] = []
  const consentRefs: string[] = []
  for (const enrollment of cases) {
    const ref = intakeConsent(enrollment, ctx)
    if (ref) {
      consented.push(enrollment)
      consentRefs.push(ref)
    }
  }
  if (consented.length === 0) return { allowed: false, reason: 'no-consent' }
  return {
    allowed: true,
    trackedEntity: consented.length === cases.length && cases.length === (te.enrollments ?? []).length ? te : { ...te, enrollments: consented },
    consentRefs,
    withheldCases: cases.length - consented.length,
  }
}
