/** Step 8: monitoring visits and case review against the seven benchmarks (framework 3.8). */
import type { StageDataElementDef, StageDef } from '../../model/defs'

export const MONITORING: StageDef = {
  code: 'CPCM_MONITORING',
  name: 'Monitoring visit',
  description: 'Follow-up of the case plan by the caseworker or IZU (tool 13).',
  steps: [8],
  repeatable: true,
  executionDateLabel: 'Visit date',
  dataElements: [
    { code: 'CPCM_MON_VISIT_TYPE', name: 'Visit type', description: 'Home, school, office or phone.', valueType: 'TEXT', optionSet: 'CPCM_VISIT_TYPE', compulsory: true },
    { code: 'CPCM_MON_VISITOR', name: 'Visit made by', description: 'CPWO, CSO caseworker or IZU.', valueType: 'TEXT', optionSet: 'CPCM_VISITOR_ROLE' },
    { code: 'CPCM_MON_CHILD_SEEN', name: 'Child seen', description: 'The child was seen during the visit.', valueType: 'BOOLEAN' },
    { code: 'CPCM_MON_CHILD_SAFE', name: 'Child safe', description: 'No new safety concern.', valueType: 'BOOLEAN', compulsory: true },
    { code: 'CPCM_MON_PROGRESS', name: 'Progress on the plan', shortName: 'Plan progress', description: 'Progress since the last visit.', valueType: 'TEXT', optionSet: 'CPCM_PROGRESS' },
    { code: 'CPCM_MON_NOTES', name: 'Observations', description: 'What was observed and done; no names.', valueType: 'LONG_TEXT' },
    { code: 'CPCM_MON_NEXT_VISIT', name: 'Next visit date', shortName: 'Next visit', description: 'When the next visit is planned.', valueType: 'DATE', allowFutureDate: true },
  ],
}

/** The seven benchmarks, as the review form asks them. */
export const BENCHMARKS: ReadonlyArray<{ n: number; name: string }> = [
  { n: 1, name: 'All goals in the case plan are achieved' },
  { n: 2, name: 'No one in the household is experiencing violence, abuse, neglect or exploitation' },
  { n: 3, name: 'Mitigation measures are in place so the child is not at risk' },
  { n: 4, name: 'Child has safe shelter and permanent family- or community-based care' },
  { n: 5, name: 'Case reported to legal authority and the justice process concluded' },
  { n: 6, name: 'Child expresses confidence in problem solving, positive coping and hope' },
  { n: 7, name: 'Child and caregiver know an accessible safe person and place; assistive support accessed' },
]

export const benchmarkCode = (n: number) => `CPCM_REV_BENCHMARK_${n}`

const benchmarkElements: StageDataElementDef[] = BENCHMARKS.map(({ n, name }) => ({
  code: benchmarkCode(n),
  name: `Benchmark ${n}: ${name}`,
  shortName: `Benchmark ${n}`,
  formName: `${n}. ${name}`,
  description: `Framework 3.8, benchmark ${n}.`,
  valueType: 'TEXT',
  optionSet: 'CPCM_BENCHMARK_ANSWER',
  compulsory: true,
}))

export const REVIEW: StageDef = {
  code: 'CPCM_REVIEW',
  name: 'Case review',
  description: 'Review of progress against the case plan and the seven benchmarks; decides closure or reassessment (tool 14).',
  steps: [8],
  repeatable: true,
  executionDateLabel: 'Review date',
  sections: [
    { code: 'CPCM_REV_SEC_BENCHMARKS', name: 'Benchmarks', dataElements: benchmarkElements.map((e) => e.code) },
    { code: 'CPCM_REV_SEC_DECISION', name: 'Decision', dataElements: ['CPCM_REV_BENCHMARKS_MET', 'CPCM_REV_PROGRESS', 'CPCM_REV_DECISION', 'CPCM_REV_NEXT_REVIEW', 'CPCM_REV_CASE_TYPE'] },
    { code: 'CPCM_REV_SEC_AUDIT', name: 'Supervisor file audit', dataElements: ['CPCM_REV_FILE_AUDITED', 'CPCM_REV_FILE_STANDARD'] },
  ],
  dataElements: [
    ...benchmarkElements,
    { code: 'CPCM_REV_BENCHMARKS_MET', name: 'Benchmarks met', description: 'How many of the seven benchmarks are met (not applicable counts as met). Assigned by a programme rule.', valueType: 'INTEGER_ZERO_OR_POSITIVE' },
    { code: 'CPCM_REV_PROGRESS', name: 'Progress towards the benchmarks', shortName: 'Benchmark progress', description: 'Compared with the previous review or the assessment.', valueType: 'TEXT', optionSet: 'CPCM_PROGRESS', compulsory: true },
    { code: 'CPCM_REV_DECISION', name: 'Review decision', description: 'Continue, revise the plan, reassess, or proceed to closure.', valueType: 'TEXT', optionSet: 'CPCM_REVIEW_DECISION', compulsory: true },
    { code: 'CPCM_REV_NEXT_REVIEW', name: 'Next review date', shortName: 'Next review', description: 'When the case is next reviewed.', valueType: 'DATE', allowFutureDate: true },
    { code: 'CPCM_REV_CASE_TYPE', name: 'Case type of the reviewed case', shortName: 'Review case type', description: 'Copied from intake by a programme rule so review indicators can be disaggregated by case type.', valueType: 'TEXT', optionSet: 'CPCM_CASE_TYPE' },
    { code: 'CPCM_REV_FILE_AUDITED', name: 'Case file sampled for supervisor audit', shortName: 'File audited', description: 'The supervisor audited this case file against the national standards.', valueType: 'TRUE_ONLY' },
    { code: 'CPCM_REV_FILE_STANDARD', name: 'Case file meets national standards', shortName: 'File meets standards', description: 'Result of the supervisor\'s audit.', valueType: 'BOOLEAN' },
  ],
}
