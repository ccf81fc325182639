/**
 * Framework 3.8 and step 9: the seven benchmarks are the closure gate. Closing for
 * another reason (transfer, turning 18, ...) is an exception that needs a justification;
 * every closure needs a supervisor's approval.
 */
import type { RuleDef } from '../../../model/defs'
import { BENCHMARKS } from '../follow-up'

const passes = (variable: string) => `(#{${variable}} == 'MET' || #{${variable}} == 'NOT_APPLICABLE')`
// The rule engine has no d2:condition; over a current-event variable, d2:countIfValue is 1 or 0.
const countMet = BENCHMARKS.map(({ n }) => `d2:countIfValue(#{rev_b${n}}, 'MET') + d2:countIfValue(#{rev_b${n}}, 'NOT_APPLICABLE')`).join(' + ')
const allMetInThisReview = BENCHMARKS.map(({ n }) => passes(`rev_b${n}`)).join(' && ')

const benchmarkGates: RuleDef[] = BENCHMARKS.map(({ n, name }) => ({
  code: `CPCM_CLO_BENCHMARK_${n}_GATE`,
  name: `Closure blocked: benchmark ${n} not met`,
  description: `Closing with all benchmarks achieved requires benchmark ${n} met (or not applicable) in the latest case review.`,
  stage: 'CPCM_CLOSURE',
  condition: `#{clo_reason} == 'BENCHMARKS_MET' && !${passes(`last_b${n}`)}`,
  actions: [
    { type: 'SHOWERROR', dataElement: 'CPCM_CLO_REASON', content: `Closure blocked: benchmark ${n} (${name}) is not met in the latest case review.` },
  ],
}))

export const CLOSURE_RULES: RuleDef[] = [
  {
    code: 'CPCM_REV_COUNT_BENCHMARKS',
    name: 'Count benchmarks met',
    description: 'Not applicable counts as met.',
    stage: 'CPCM_REVIEW',
    priority: 1,
    condition: 'true',
    actions: [{ type: 'ASSIGN', dataElement: 'CPCM_REV_BENCHMARKS_MET', data: countMet }],
  },
  {
    code: 'CPCM_REV_CLOSE_NOT_READY',
    name: 'Review proposes closure before all benchmarks are met',
    description: 'A review may only propose closure when the seven benchmarks are met.',
    stage: 'CPCM_REVIEW',
    condition: `#{rev_decision} == 'CLOSE' && !(${allMetInThisReview})`,
    actions: [
      { type: 'SHOWWARNING', dataElement: 'CPCM_REV_DECISION', content: 'Not all seven benchmarks are met: reassess or revise the plan instead of closing.' },
    ],
  },
  {
    code: 'CPCM_REV_HIDE_FILE_STANDARD',
    name: 'Hide audit result unless audited',
    description: 'Only a sampled file has an audit result.',
    stage: 'CPCM_REVIEW',
    condition: '!#{rev_file_audited}',
    actions: [{ type: 'HIDEFIELD', dataElement: 'CPCM_REV_FILE_STANDARD' }],
  },
  ...benchmarkGates,
  {
    code: 'CPCM_CLO_EXCEPTION_JUSTIFIED',
    name: 'Exceptional closure needs a justification',
    description: 'Closing for a reason other than benchmarks achieved (e.g. transfer) is allowed with a justification.',
    stage: 'CPCM_CLOSURE',
    condition: "d2:hasValue(#{clo_reason}) && #{clo_reason} != 'BENCHMARKS_MET'",
    actions: [
      { type: 'SETMANDATORYFIELD', dataElement: 'CPCM_CLO_JUSTIFICATION' },
      { type: 'SHOWWARNING', dataElement: 'CPCM_CLO_REASON', content: 'Closing without all benchmarks achieved: record the justification; a supervisor must approve.' },
    ],
  },
  {
    code: 'CPCM_CLO_HIDE_JUSTIFICATION',
    name: 'Hide justification for a regular closure',
    description: 'The justification applies to exceptional closures only.',
    stage: 'CPCM_CLOSURE',
    condition: "!d2:hasValue(#{clo_reason}) || #{clo_reason} == 'BENCHMARKS_MET'",
    actions: [{ type: 'HIDEFIELD', dataElement: 'CPCM_CLO_JUSTIFICATION' }],
  },
  {
    code: 'CPCM_CLO_TRANSFER_RECORDED',
    name: 'Closure by transfer needs a transfer record',
    description: 'The file goes somewhere: one person is accountable at any time.',
    stage: 'CPCM_CLOSURE',
    condition: "#{clo_reason} == 'TRANSFERRED' && d2:count(#{any_transfer_agency}) == 0",
    actions: [{ type: 'SHOWERROR', dataElement: 'CPCM_CLO_REASON', content: 'Record the transfer (receiving agency and consent) before closing the case as transferred.' }],
  },
  {
    code: 'CPCM_CLO_NEEDS_APPROVAL',
    name: 'Closure needs supervisor approval',
    description: 'A supervisor approves every closure.',
    stage: 'CPCM_CLOSURE',
    condition: '#{clo_approved} != true',
    actions: [
      { type: 'ERRORONCOMPLETE', dataElement: 'CPCM_CLO_APPROVED', content: 'A supervisor must approve the closure before the case is closed.' },
      { type: 'HIDEFIELD', dataElement: 'CPCM_CLO_APPROVER' },
    ],
  },
]
