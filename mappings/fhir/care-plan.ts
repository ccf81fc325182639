/**
 * The case plan: one Goal per case plan action event (goal, benchmark, due date) and one
 * CarePlan per case whose activities are the actions (what, who, from when to when, status).
 */
import type * as fhir4 from 'fhir/r4'
import type { MappingContext } from '../context'
import type { Dhis2Enrollment, Dhis2Event } from '../dhis2/types'
import type { Values } from '../dhis2/values'
import { PLAN_STATUSES } from '../codes/case-records'
import { mapOf } from '../codes/registry'
import { ENROLLMENT_TO_CARE_PLAN } from '../codes/statuses'
import { SID } from '../identifiers'
import { toFhirDate, toFhirDateTime } from '../time'
import { conditionalEntry, eventStatusExtension, keyed, ref } from './common'

type Lifecycle = fhir4.Goal['lifecycleStatus']
type ActivityStatus = fhir4.CarePlanActivityDetail['status']
const ACTIVITY = mapOf(PLAN_STATUSES, 'plan-action-status-to-care-plan-activity-status').forward as Readonly<Record<string, { code: string | null }>>
const LIFECYCLE = mapOf(PLAN_STATUSES, 'plan-action-status-to-goal-status').forward as Readonly<Record<string, { code: string | null }>>

/** Goal.description is required; this stands in when the (compulsory) goal text is missing. */
export const GOAL_NOT_RECORDED = 'Goal not recorded'

export interface PlanAction { event: Dhis2Event; values: Values }

export function addCarePlan(
  entries: fhir4.BundleEntry[], en: Dhis2Enrollment, actions: PlanAction[], patientUrl: string, episodeUrl: string,
  meta: fhir4.Meta, ctx: MappingContext,
): void {
  if (actions.length === 0) return
  const goals: fhir4.Reference[] = []
  const activity: fhir4.CarePlanActivity[] = []
  for (const { event, values: v } of actions) {
    const { fullUrl, identifier } = keyed('Goal', SID.event, event.event)
    const status = v.CPCM_PLAN_STATUS
    const goal: fhir4.Goal = {
      resourceType: 'Goal', meta, identifier: [identifier], extension: eventStatusExtension(event.status),
      lifecycleStatus: ((status !== undefined && LIFECYCLE[status]?.code) || 'proposed') as Lifecycle,
      description: { text: v.CPCM_PLAN_GOAL ?? GOAL_NOT_RECORDED },
      subject: ref(patientUrl),
    }
    const benchmark = v.CPCM_PLAN_BENCHMARK !== undefined ? ctx.concept('benchmark', v.CPCM_PLAN_BENCHMARK) : undefined
    if (benchmark) goal.category = [benchmark]
    if (v.CPCM_PLAN_DUE !== undefined) goal.target = [{ dueDate: toFhirDate(v.CPCM_PLAN_DUE) }]
    entries.push(conditionalEntry(goal, SID.event, event.event, fullUrl))
    const goalRef = ref(fullUrl)
    goals.push(goalRef)

    const detail: fhir4.CarePlanActivityDetail = {
      status: ((status !== undefined && ACTIVITY[status]?.code) || 'unknown') as ActivityStatus,
      goal: [goalRef],
    }
    const period: fhir4.Period = {}
    if (event.occurredAt !== undefined) period.start = toFhirDateTime(event.occurredAt, ctx.timeZoneOffset)
    if (v.CPCM_PLAN_DUE !== undefined) period.end = toFhirDate(v.CPCM_PLAN_DUE)
    if (period.start !== undefined || period.end !== undefined) detail.scheduledPeriod = period
    if (v.CPCM_PLAN_RESPONSIBLE !== undefined) detail.performer = [{ display: v.CPCM_PLAN_RESPONSIBLE }]
    if (v.CPCM_PLAN_ACTION !== undefined) detail.description = v.CPCM_PLAN_ACTION
    activity.push({ detail })
  }
  const { fullUrl, identifier } = keyed('CarePlan', SID.enrollment, en.enrollment)
  const plan: fhir4.CarePlan = {
    resourceType: 'CarePlan', meta, identifier: [identifier], status: ENROLLMENT_TO_CARE_PLAN[en.status] ?? 'active', intent: 'plan',
    subject: ref(patientUrl), supportingInfo: [ref(episodeUrl)], goal: goals, activity,
  }
  entries.push(conditionalEntry(plan, SID.enrollment, en.enrollment, fullUrl))
}
