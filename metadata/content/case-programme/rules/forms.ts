/** Keeps forms short: fields that do not apply are hidden, and obvious mistakes are caught. */
import type { RuleDef } from '../../../model/defs'

const hideUnless = (code: string, stage: string, condition: string, dataElements: string[], description: string): RuleDef => ({
  code, name: `Hide ${description}`, description: `Hides ${description} when it does not apply.`, stage, condition,
  actions: dataElements.map((dataElement) => ({ type: 'HIDEFIELD' as const, dataElement })),
})

export const FORM_RULES: RuleDef[] = [
  {
    code: 'CPCM_COPY_CASE_TYPE',
    name: 'Copy the case type onto referrals and reviews',
    description: 'Event indicators cannot read the intake; the copy lets NCDA figures be disaggregated by case type.',
    priority: 1,
    condition: 'd2:hasValue(#{case_type})',
    actions: [
      { type: 'ASSIGN', dataElement: 'CPCM_REF_CASE_TYPE', data: '#{case_type}' },
      { type: 'ASSIGN', dataElement: 'CPCM_REV_CASE_TYPE', data: '#{case_type}' },
    ],
  },
  hideUnless('CPCM_INT_HIDE_CSO', 'CPCM_INTAKE', "#{int_agency} != 'CSO'", ['CPCM_INT_CSO_NAME'], 'the delegated CSO'),
  hideUnless('CPCM_INT_HIDE_JUSTICE_REF', 'CPCM_INTAKE', '#{int_reported_justice} != true', ['CPCM_INT_JUSTICE_REFERENCE'], 'the justice reference'),
  {
    code: 'CPCM_INT_SECOND_TYPE_DIFFERS',
    name: 'Additional case type differs from the main one',
    description: 'The additional case type must be another type.',
    stage: 'CPCM_INTAKE',
    condition: 'd2:hasValue(#{int_case_type_2}) && #{int_case_type_2} == #{int_case_type}',
    actions: [{ type: 'SHOWERROR', dataElement: 'CPCM_INT_CASE_TYPE_2', content: 'The additional case type is the same as the main case type.' }],
  },
  hideUnless('CPCM_HE_HIDE_SAFE_ROOM', 'CPCM_HEALTH_ENCOUNTER', "#{he_service} != 'SAFE_ROOM'", ['CPCM_HE_SAFE_ROOM_NIGHTS'], 'safe-room nights'),
  hideUnless('CPCM_HE_HIDE_EVIDENCE', 'CPCM_HEALTH_ENCOUNTER', "#{he_service} != 'FORENSIC_EXAM'", ['CPCM_HE_EVIDENCE_COLLECTED'], 'forensic evidence'),
  hideUnless('CPCM_HE_HIDE_PEP', 'CPCM_HEALTH_ENCOUNTER', "#{he_service} != 'MEDICAL_CARE' && #{he_service} != 'FORENSIC_EXAM'", ['CPCM_HE_PEP'], 'post-exposure prophylaxis'),
  hideUnless('CPCM_HE_HIDE_POLICE', 'CPCM_HEALTH_ENCOUNTER', "#{he_service} != 'POLICE_INVESTIGATION'", ['CPCM_HE_POLICE_CASE'], 'the police case'),
  {
    code: 'CPCM_CONF_CONFIDENTIALITY_NEEDED',
    name: 'Inter-agency conference needs a confidentiality agreement',
    description: 'Confidential information is shared only after participants sign the agreement (framework 5.1).',
    stage: 'CPCM_CONFERENCE',
    condition: "#{conf_type} == 'INTER_AGENCY' && !#{conf_confidentiality}",
    actions: [{ type: 'WARNINGONCOMPLETE', dataElement: 'CPCM_CONF_CONFIDENTIALITY', content: 'Participants of an inter-agency conference sign the confidentiality agreement before information is shared.' }],
  },
  {
    code: 'CPCM_MON_NEW_SAFETY_CONCERN',
    name: 'New safety concern at monitoring',
    description: 'A child found unsafe is re-categorised at once.',
    stage: 'CPCM_MONITORING',
    condition: 'd2:hasValue(#{mon_child_safe}) && #{mon_child_safe} == false',
    actions: [{ type: 'SHOWWARNING', dataElement: 'CPCM_MON_CHILD_SAFE', content: 'New safety concern: re-categorise the risk now and respond the same day if it is Tier 1.' }],
  },
  {
    code: 'CPCM_TRF_NEEDS_CONSENT',
    name: 'Transfer needs consent',
    description: 'A case file is transferred only with the consent of the child and family.',
    stage: 'CPCM_TRANSFER',
    condition: 'd2:hasValue(#{trf_consent}) && #{trf_consent} == false',
    actions: [{ type: 'SHOWERROR', dataElement: 'CPCM_TRF_CONSENT', content: 'A case is transferred only with the consent of the child and family.' }],
  },
  hideUnless('CPCM_TRF_HIDE_RETURN', 'CPCM_TRANSFER', '#{trf_permanent} != false', ['CPCM_TRF_RETURN_DATE'], 'the file return date'),
  hideUnless('CPCM_FB_HIDE_WELLBEING', 'CPCM_CLIENT_FEEDBACK', "#{fb_respondent} != 'CHILD'", ['CPCM_FB_WELLBEING'], 'the wellbeing question for caregivers'),
]
