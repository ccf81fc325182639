/**
 * Test fixture: a small child-protection case programme in /api/metadata shape.
 * Used by the engine tests only (not exported from index.ts).
 */
import type {
  Dhis2Metadata,
  Dhis2ProgramRule,
  Dhis2ProgramRuleAction,
  Dhis2ProgramRuleVariable,
  ProgramRuleActionType,
} from './types'

export const PROGRAM = 'pCpcmCase01'
export const ASSESSMENT = 'sAssessmnt1'
export const FOLLOW_UP = 'sFollowUp01'

export const TEA = {
  dateOfBirth: 'aDateOfBir1',
  sex: 'aSex0000001',
  consent: 'aConsent001',
} as const

export const DE = {
  abuseType: 'dAbuseType1',
  riskScore: 'dRiskScore1',
  riskLevel: 'dRiskLevel1',
  riskPercent: 'dRiskPct001',
  referred: 'dReferred01',
  referralDate: 'dRefDate001',
  nextVisit: 'dNextVisit1',
  safetyPlan: 'dSafePlan01',
} as const

export const SECTION_REFERRAL = 'psReferral1'
export const OPTION_CHILD_LABOUR = 'oChildLab01'

const program = { id: PROGRAM }

function variable(
  name: string,
  programRuleVariableSourceType: Dhis2ProgramRuleVariable['programRuleVariableSourceType'],
  field: Partial<Pick<Dhis2ProgramRuleVariable, 'dataElement' | 'trackedEntityAttribute' | 'programStage' | 'valueType'>>,
  useCodeForOptionSet = false,
): Dhis2ProgramRuleVariable {
  return { id: `v${name}`.slice(0, 11), name, program, programRuleVariableSourceType, useCodeForOptionSet, ...field }
}

interface RuleSpec {
  id: string
  name: string
  condition: string
  stage?: string
  priority?: number
  actions: Array<Omit<Dhis2ProgramRuleAction, 'programRule' | 'programRuleActionType'> & { type: ProgramRuleActionType }>
}

function rules(specs: RuleSpec[]): Pick<Dhis2Metadata, 'programRules' | 'programRuleActions'> {
  const programRules: Dhis2ProgramRule[] = []
  const programRuleActions: Dhis2ProgramRuleAction[] = []
  for (const spec of specs) {
    programRules.push({
      id: spec.id,
      name: spec.name,
      condition: spec.condition,
      program,
      ...(spec.stage ? { programStage: { id: spec.stage } } : {}),
      ...(spec.priority !== undefined ? { priority: spec.priority } : {}),
      programRuleActions: spec.actions.map((action) => ({ id: action.id })),
    })
    for (const { type, ...action } of spec.actions) {
      programRuleActions.push({ ...action, programRuleActionType: type, programRule: { id: spec.id } })
    }
  }
  return { programRules, programRuleActions }
}

const ref = (id: string) => ({ id })

export function caseProgramme(): Dhis2Metadata {
  return {
    programs: [
      {
        id: PROGRAM,
        name: 'Child Protection Case',
        programType: 'WITH_REGISTRATION',
        programStages: [ref(ASSESSMENT), ref(FOLLOW_UP)],
      },
    ],
    programStages: [
      { id: ASSESSMENT, name: 'Assessment', program },
      { id: FOLLOW_UP, name: 'Follow-up', program },
    ],
    trackedEntityAttributes: [
      { id: TEA.dateOfBirth, name: 'Date of birth', valueType: 'DATE' },
      { id: TEA.sex, name: 'Sex', valueType: 'TEXT', optionSet: ref('osSex000001') },
      { id: TEA.consent, name: 'Consent to services', valueType: 'TRUE_ONLY' },
    ],
    dataElements: [
      { id: DE.abuseType, name: 'Type of abuse', valueType: 'TEXT', optionSet: ref('osAbuse0001') },
      { id: DE.riskScore, name: 'Risk score', valueType: 'INTEGER_ZERO_OR_POSITIVE' },
      { id: DE.riskLevel, name: 'Risk level', valueType: 'TEXT', optionSet: ref('osRisk00001') },
      { id: DE.riskPercent, name: 'Risk percent', valueType: 'PERCENTAGE' },
      { id: DE.referred, name: 'Referred', valueType: 'BOOLEAN' },
      { id: DE.referralDate, name: 'Referral date', valueType: 'DATE' },
      { id: DE.nextVisit, name: 'Next visit', valueType: 'DATE' },
      { id: DE.safetyPlan, name: 'Safety plan', valueType: 'LONG_TEXT' },
    ],
    optionSets: [
      { id: 'osSex000001', options: [ref('oFemale0001'), ref('oMale000001')] },
      {
        id: 'osAbuse0001',
        options: [
          { id: 'oPhysical01', code: 'PHYSICAL', name: 'Physical abuse' },
          { id: 'oSexual0001', code: 'SEXUAL', name: 'Sexual abuse' },
          { id: 'oNeglect001', code: 'NEGLECT', name: 'Neglect' },
          { id: OPTION_CHILD_LABOUR, code: 'CHILD_LABOUR', name: 'Child labour' },
        ],
      },
      {
        id: 'osRisk00001',
        options: [
          { code: 'LOW', name: 'Low' },
          { code: 'HIGH', name: 'High' },
        ],
      },
    ],
    // /api/metadata lists options separately and only references them from the set.
    options: [
      { id: 'oFemale0001', code: 'F', name: 'Female', optionSet: ref('osSex000001') },
      { id: 'oMale000001', code: 'M', name: 'Male', optionSet: ref('osSex000001') },
    ],
    programRuleVariables: [
      variable('dob', 'TEI_ATTRIBUTE', { trackedEntityAttribute: ref(TEA.dateOfBirth) }),
      variable('sex', 'TEI_ATTRIBUTE', { trackedEntityAttribute: ref(TEA.sex) }),
      variable('sexCode', 'TEI_ATTRIBUTE', { trackedEntityAttribute: ref(TEA.sex) }, true),
      variable('consent', 'TEI_ATTRIBUTE', { trackedEntityAttribute: ref(TEA.consent) }),
      variable('riskScore', 'DATAELEMENT_CURRENT_EVENT', { dataElement: ref(DE.riskScore) }),
      variable('abuseType', 'DATAELEMENT_CURRENT_EVENT', { dataElement: ref(DE.abuseType) }, true),
      variable('abuseTypeName', 'DATAELEMENT_CURRENT_EVENT', { dataElement: ref(DE.abuseType) }),
      variable('referred', 'DATAELEMENT_CURRENT_EVENT', { dataElement: ref(DE.referred) }),
      variable('lastRiskScore', 'DATAELEMENT_NEWEST_EVENT_PROGRAM_STAGE', {
        dataElement: ref(DE.riskScore),
        programStage: ref(ASSESSMENT),
      }),
      variable('ageYears', 'CALCULATED_VALUE', { valueType: 'INTEGER' }),
    ],
    ...rules([
      {
        id: 'rAge0000001',
        name: 'Compute age',
        condition: 'd2:hasValue(A{dob})',
        priority: 1,
        actions: [{ id: 'aAge0000001', type: 'ASSIGN', content: '#{ageYears}', data: 'd2:yearsBetween(A{dob}, V{current_date})' }],
      },
      {
        id: 'rAdult00001',
        name: 'Warn when the person is 18 or older',
        condition: 'd2:hasValue(A{dob}) && d2:yearsBetween(A{dob}, V{current_date}) >= 18',
        priority: 2,
        actions: [
          {
            id: 'aAdult00001',
            type: 'SHOWWARNING',
            content: 'Age in years:',
            data: 'd2:yearsBetween(A{dob}, V{current_date})',
            trackedEntityAttribute: ref(TEA.dateOfBirth),
          },
        ],
      },
      {
        id: 'rConsent001',
        name: 'Consent is required to complete',
        condition: '!d2:hasValue(A{consent})',
        actions: [{ id: 'aConsent001', type: 'ERRORONCOMPLETE', content: 'Record consent before completing' }],
      },
      {
        id: 'rHighRisk01',
        name: 'High risk',
        condition: '#{riskScore} >= 7',
        stage: ASSESSMENT,
        actions: [
          { id: 'aHighRisk01', type: 'ASSIGN', data: "'High'", dataElement: ref(DE.riskLevel) },
          {
            id: 'aHighRisk02',
            type: 'SHOWWARNING',
            content: 'High risk score, refer now:',
            data: '#{riskScore}',
            dataElement: ref(DE.riskScore),
          },
        ],
      },
      {
        id: 'rRiskPct001',
        name: 'Risk percent',
        condition: 'd2:hasValue(#{riskScore})',
        stage: ASSESSMENT,
        actions: [{ id: 'aRiskPct001', type: 'ASSIGN', data: '#{riskScore} * 10', dataElement: ref(DE.riskPercent) }],
      },
      {
        id: 'rAutoRef001',
        name: 'Automatic referral at 9',
        condition: '#{riskScore} >= 9',
        stage: ASSESSMENT,
        actions: [{ id: 'aAutoRef001', type: 'ASSIGN', data: 'true', dataElement: ref(DE.referred) }],
      },
      {
        id: 'rNotRef0001',
        name: 'Hide referral details when not referred',
        condition: 'd2:hasValue(#{referred}) && !#{referred}',
        stage: ASSESSMENT,
        actions: [
          { id: 'aNotRef0001', type: 'HIDEFIELD', dataElement: ref(DE.referralDate) },
          { id: 'aNotRef0002', type: 'HIDESECTION', programStageSection: ref(SECTION_REFERRAL) },
        ],
      },
      {
        id: 'rFollowUp01',
        name: 'Follow-up within a week for medium risk',
        condition: '#{riskScore} >= 4',
        stage: ASSESSMENT,
        actions: [
          { id: 'aFollowUp01', type: 'ASSIGN', data: 'd2:addDays(V{event_date}, 7)', dataElement: ref(DE.nextVisit) },
          { id: 'aFollowUp02', type: 'SCHEDULEEVENT', data: 'd2:addDays(V{event_date}, 7)', programStage: ref(FOLLOW_UP) },
        ],
      },
      {
        id: 'rFuture0001',
        name: 'Assessment date in the future',
        condition: 'd2:daysBetween(V{current_date}, V{event_date}) > 0',
        stage: ASSESSMENT,
        actions: [
          {
            id: 'aFuture0001',
            type: 'SHOWERROR',
            content: 'Assessment date is this many days in the future:',
            data: 'd2:daysBetween(V{current_date}, V{event_date})',
          },
        ],
      },
      {
        id: 'rSexual0001',
        name: 'Safety plan for sexual abuse',
        condition: "#{abuseType} == 'SEXUAL'",
        stage: ASSESSMENT,
        actions: [
          { id: 'aSexual0001', type: 'SETMANDATORYFIELD', dataElement: ref(DE.safetyPlan) },
          { id: 'aSexual0002', type: 'DISPLAYKEYVALUEPAIR', content: 'Abuse type', data: '#{abuseTypeName}' },
        ],
      },
      {
        id: 'rYoung00001',
        name: 'No child labour option under five',
        condition: 'd2:hasValue(A{dob}) && #{ageYears} < 5',
        stage: ASSESSMENT,
        priority: 3,
        actions: [
          { id: 'aYoung00001', type: 'HIDEOPTION', dataElement: ref(DE.abuseType), option: ref(OPTION_CHILD_LABOUR) },
        ],
      },
    ]),
  }
}

/** The fixture with extra rules (broken ones for the validator tests). */
export function withRules(metadata: Dhis2Metadata, extra: RuleSpec[]): Dhis2Metadata {
  const added = rules(extra)
  return {
    ...metadata,
    programRules: [...(metadata.programRules ?? []), ...(added.programRules ?? [])],
    programRuleActions: [...(metadata.programRuleActions ?? []), ...(added.programRuleActions ?? [])],
  }
}
