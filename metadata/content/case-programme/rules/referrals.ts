/**
 * Section 5, step 7: a referral needs consent, and is complete only when the child
 * accessed the service, the outcome was achieved and the provider's feedback came back.
 */
import type { RuleDef } from '../../../model/defs'
import { anyOf, noneOf } from '../../expressions'

const SENT_STATES = ['DRAFT', 'BLOCKED_NO_CONSENT', 'CANCELLED']
const NEEDS_REASON = ['BLOCKED_NO_CONSENT', 'REJECTED', 'ON_HOLD', 'FAILED', 'CANCELLED']

export const REFERRAL_RULES: RuleDef[] = [
  {
    code: 'CPCM_REF_COMPLETE_NEEDS_ALL_THREE',
    name: 'Referral complete only when accessed, outcome achieved and feedback received',
    description: 'Whatever the provider reports, the referral is complete only when all three conditions hold.',
    stage: 'CPCM_REFERRAL',
    condition: "#{ref_status} == 'COMPLETED' && (!#{ref_accessed} || !#{ref_outcome} || !#{ref_feedback})",
    actions: [
      { type: 'SHOWERROR', dataElement: 'CPCM_REF_STATUS', content: 'A referral is complete only when the child accessed the service, the intended outcome was achieved and the provider\'s feedback was received.' },
    ],
  },
  {
    code: 'CPCM_REF_NEEDS_CONSENT',
    name: 'Referral needs consent',
    description: 'Nothing is sent to a provider without the consent of the child and family for this referral.',
    stage: 'CPCM_REFERRAL',
    condition: `#{ref_consent} != true && d2:hasValue(#{ref_status}) && ${noneOf('#{ref_status}', SENT_STATES)}`,
    actions: [
      { type: 'SHOWERROR', dataElement: 'CPCM_REF_CONSENT', content: 'A referral needs the consent of the child and family for this provider. Record consent, or keep the referral as a draft.' },
    ],
  },
  {
    code: 'CPCM_REF_CASE_CONSENT_MISSING',
    name: 'No consent to share information in this case',
    description: 'The intake recorded no consent to share information with providers.',
    stage: 'CPCM_REFERRAL',
    condition: 'd2:hasValue(#{consent_sharing}) && #{consent_sharing} == false',
    actions: [
      { type: 'SHOWWARNING', dataElement: 'CPCM_REF_CONSENT', content: 'The family did not consent to information sharing at intake: confirm consent for this referral with them first.' },
    ],
  },
  {
    code: 'CPCM_REF_REASON_REQUIRED',
    name: 'Status reason required',
    description: 'A blocked, rejected, on-hold, failed or cancelled referral says why.',
    stage: 'CPCM_REFERRAL',
    condition: anyOf('#{ref_status}', NEEDS_REASON),
    actions: [{ type: 'SETMANDATORYFIELD', dataElement: 'CPCM_REF_STATUS_REASON' }],
  },
  {
    code: 'CPCM_REF_HIDE_STATUS_REASON',
    name: 'Hide status reason when not needed',
    description: 'The reason applies to blocked, rejected, on-hold, failed or cancelled referrals, and to completed ones flagged by the adapter.',
    stage: 'CPCM_REFERRAL',
    condition: `${noneOf('#{ref_status}', [...NEEDS_REASON, 'COMPLETED', 'IN_PROGRESS'])}`,
    actions: [{ type: 'HIDEFIELD', dataElement: 'CPCM_REF_STATUS_REASON' }],
  },
  {
    code: 'CPCM_REF_HIDE_ACCESSED_DATE',
    name: 'Hide access date until accessed',
    description: 'The date applies once the service was accessed.',
    stage: 'CPCM_REFERRAL',
    condition: '#{ref_accessed} != true',
    actions: [{ type: 'HIDEFIELD', dataElement: 'CPCM_REF_ACCESSED_DATE' }],
  },
  {
    code: 'CPCM_REF_HIDE_FEEDBACK',
    name: 'Hide feedback until received',
    description: 'Feedback text and date apply once feedback was received.',
    stage: 'CPCM_REFERRAL',
    condition: '#{ref_feedback} != true',
    actions: [
      { type: 'HIDEFIELD', dataElement: 'CPCM_REF_FEEDBACK' },
      { type: 'HIDEFIELD', dataElement: 'CPCM_REF_FEEDBACK_DATE' },
    ],
  },
  {
    code: 'CPCM_REF_FEEDBACK_TEXT_REQUIRED',
    name: 'Feedback received needs its text',
    description: 'Written feedback goes into the case file.',
    stage: 'CPCM_REFERRAL',
    condition: '#{ref_feedback} == true',
    actions: [{ type: 'SETMANDATORYFIELD', dataElement: 'CPCM_REF_FEEDBACK' }],
  },
  {
    code: 'CPCM_REF_HIDE_SHARE_IDENTITY',
    name: 'Hide identity sharing without consent',
    description: 'Names can only be shared under a consented referral.',
    stage: 'CPCM_REFERRAL',
    condition: '#{ref_consent} != true',
    actions: [{ type: 'HIDEFIELD', dataElement: 'CPCM_REF_SHARE_IDENTITY' }],
  },
]
