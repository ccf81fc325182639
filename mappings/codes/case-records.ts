/** Smaller option sets the maps use: sex, who gave consent, case plan action status, benchmarks. */
import { HL7 } from '../identifiers'
import { primeroSystem } from './primero-lookups'
import { eq, table, to } from './types'

export const SEX_CODES = ['FEMALE', 'MALE'] as const
export type SexCode = (typeof SEX_CODES)[number]

export const SEXES = table<SexCode>({
  name: 'sex',
  title: 'CPCM sex',
  description: 'Sex of the child.',
  optionSet: 'CPCM_SEX',
  codes: SEX_CODES,
  maps: [
    {
      name: 'sex-to-administrative-gender', title: 'CPCM sex to FHIR administrative gender', targetSystem: HL7.gender,
      forward: { FEMALE: eq('female'), MALE: eq('male') },
      reverse: { female: 'FEMALE', male: 'MALE', other: null, unknown: null },
    },
    {
      name: 'sex-to-primero-gender', title: 'CPCM sex to Primero sex', targetSystem: primeroSystem('lookup-gender'),
      forward: { FEMALE: eq('female'), MALE: eq('male') },
      reverse: { female: 'FEMALE', male: 'MALE', other: null },
    },
  ],
})

export const CONSENT_GIVER_CODES = ['PARENT', 'CAREGIVER', 'SELF', 'CPWO_BEST_INTEREST'] as const
export type ConsentGiverCode = (typeof CONSENT_GIVER_CODES)[number]

export const CONSENT_GIVERS = table<ConsentGiverCode>({
  name: 'consent-giver',
  title: 'CPCM consent given by',
  description: 'Who gave consent at intake (tool 6).',
  optionSet: 'CPCM_CONSENT_GIVER',
  codes: CONSENT_GIVER_CODES,
  maps: [{
    name: 'consent-giver-to-primero-interview-subject',
    title: 'CPCM consent giver to Primero "consent obtained from"',
    targetSystem: primeroSystem('interview-subject'),
    forward: {
      PARENT: to('caregiver', 'wider'), CAREGIVER: eq('caregiver'), SELF: eq('individual'),
      CPWO_BEST_INTEREST: to('other', 'wider', 'the CPWO in the child\'s best interest'),
    },
    reverse: { caregiver: 'CAREGIVER', individual: 'SELF', other: 'CPWO_BEST_INTEREST' },
  }],
})

export const PLAN_STATUS_CODES = ['NOT_STARTED', 'IN_PROGRESS', 'DONE', 'CANCELLED'] as const
export type PlanStatusCode = (typeof PLAN_STATUS_CODES)[number]

export const PLAN_STATUSES = table<PlanStatusCode>({
  name: 'plan-action-status',
  title: 'CPCM case plan action status',
  description: 'Progress of one action of the case plan (tool 10).',
  optionSet: 'CPCM_PLAN_ACTION_STATUS',
  codes: PLAN_STATUS_CODES,
  maps: [
    {
      name: 'plan-action-status-to-care-plan-activity-status', title: 'Case plan action status to CarePlan activity status',
      targetSystem: HL7.carePlanActivityStatus,
      forward: { NOT_STARTED: eq('not-started'), IN_PROGRESS: eq('in-progress'), DONE: eq('completed'), CANCELLED: eq('cancelled') },
      reverse: {
        'not-started': 'NOT_STARTED', scheduled: 'NOT_STARTED', 'in-progress': 'IN_PROGRESS', 'on-hold': 'IN_PROGRESS',
        completed: 'DONE', cancelled: 'CANCELLED', stopped: 'CANCELLED', unknown: null, 'entered-in-error': null,
      },
    },
    {
      name: 'plan-action-status-to-goal-status', title: 'Case plan action status to Goal lifecycle status',
      targetSystem: HL7.goalStatus,
      forward: { NOT_STARTED: to('planned', 'equivalent'), IN_PROGRESS: to('active', 'equivalent'), DONE: eq('completed'), CANCELLED: eq('cancelled') },
    },
  ],
})

export const BENCHMARK_CODES = ['B1_GOALS', 'B2_NO_VIOLENCE', 'B3_MITIGATION', 'B4_SAFE_CARE', 'B5_JUSTICE', 'B6_COPING', 'B7_SAFE_PERSON'] as const
export type BenchmarkCode = (typeof BENCHMARK_CODES)[number]

export const BENCHMARKS = table<BenchmarkCode>({
  name: 'benchmark',
  title: 'CPCM closure benchmarks',
  description: 'The seven benchmarks of framework 3.8 (Goal.category of a case plan goal).',
  optionSet: 'CPCM_BENCHMARK',
  codes: BENCHMARK_CODES,
  maps: [],
})
