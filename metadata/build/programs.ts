/** Compiles programme definitions (stages, data elements, attributes, rules) to DHIS2 objects. */
import type { AttributeDef, ProgramDef, RuleDef, StageDataElementDef, StageDef } from '../model/defs'
import type {
  DataElement, Program, ProgramRule, ProgramRuleAction, ProgramRuleVariable, ProgramStage,
  ProgramStageSection, TrackedEntityAttribute, TrackedEntityType, ValueType,
} from '../model/dhis2'
import { caseDataSharing, metadataSharing } from './sharing'
import { idOf, prefixed, ref } from './refs'

const shortNameOf = (def: { name: string; shortName?: string }) => prefixed(def.shortName ?? def.name)

export function buildDataElement(def: StageDataElementDef): DataElement {
  return {
    id: idOf('dataElements', def.code),
    code: def.code,
    name: prefixed(def.name),
    shortName: shortNameOf(def),
    formName: def.formName ?? def.name,
    description: def.description,
    valueType: def.valueType,
    domainType: 'TRACKER',
    aggregationType: aggregationFor(def.valueType, def.optionSet),
    zeroIsSignificant: false,
    ...(def.optionSet ? { optionSet: ref('optionSets', def.optionSet) } : {}),
    sharing: metadataSharing(),
  }
}

function aggregationFor(valueType: ValueType, optionSet?: string): DataElement['aggregationType'] {
  if (optionSet) return 'NONE'
  if (valueType.startsWith('INTEGER') || valueType === 'NUMBER') return 'SUM'
  if (valueType === 'BOOLEAN' || valueType === 'TRUE_ONLY') return 'COUNT'
  return 'NONE'
}

export function buildAttribute(def: AttributeDef): TrackedEntityAttribute {
  return {
    id: idOf('trackedEntityAttributes', def.code),
    code: def.code,
    name: prefixed(def.name),
    shortName: shortNameOf(def),
    formName: def.formName ?? def.name,
    description: def.description,
    valueType: def.valueType,
    aggregationType: 'NONE',
    unique: def.unique ?? false,
    orgunitScope: false,
    generated: def.generated ?? false,
    ...(def.pattern ? { pattern: def.pattern } : {}),
    confidential: def.confidential ?? false,
    inherit: false,
    ...(def.optionSet ? { optionSet: ref('optionSets', def.optionSet) } : {}),
    sharing: metadataSharing(),
  }
}

export function buildPersonType(code: string, attributes: AttributeDef[]): TrackedEntityType {
  return {
    id: idOf('trackedEntityTypes', code),
    code,
    // Our own Person type, not the instance's shared one: importing a shared type would
    // replace its attribute list, and child protection records are best kept apart anyway.
    name: prefixed('Person'),
    shortName: prefixed('Person'),
    description: 'A child (or adult survivor) in case management.',
    allowAuditLog: true,
    featureType: 'NONE',
    minAttributesRequiredToSearch: 1,
    maxTeiCountToReturn: 50,
    trackedEntityTypeAttributes: attributes.map((a) => ({
      id: idOf('trackedEntityTypeAttributes', `${code}:${a.code}`),
      trackedEntityAttribute: ref('trackedEntityAttributes', a.code),
      displayInList: !a.confidential,
      mandatory: false,
      searchable: a.unique === true || a.confidential === true,
    })),
    sharing: caseDataSharing(),
  }
}

function buildStage(program: ProgramDef, stage: StageDef, sortOrder: number): { stage: ProgramStage; sections: ProgramStageSection[] } {
  const stageRef = ref('programStages', stage.code)
  const sections = (stage.sections ?? []).map((s, i) => ({
    id: idOf('programStageSections', s.code),
    code: s.code,
    name: s.name,
    programStage: stageRef,
    sortOrder: i + 1,
    dataElements: s.dataElements.map((de) => ref('dataElements', de)),
  }))
  return {
    stage: {
      id: stageRef.id,
      code: stage.code,
      name: prefixed(stage.name),
      description: stage.description,
      program: ref('programs', program.code),
      sortOrder,
      repeatable: stage.repeatable,
      minDaysFromStart: 0,
      generatedByEnrollmentDate: false,
      autoGenerateEvent: false,
      openAfterEnrollment: false,
      validationStrategy: 'ON_COMPLETE',
      featureType: 'NONE',
      executionDateLabel: stage.executionDateLabel,
      programStageDataElements: stage.dataElements.map((de, i) => ({
        id: idOf('programStageDataElements', `${stage.code}:${de.code}`),
        programStage: stageRef,
        dataElement: ref('dataElements', de.code),
        compulsory: de.compulsory ?? false,
        allowFutureDate: de.allowFutureDate ?? false,
        displayInReports: true,
        sortOrder: i + 1,
      })),
      programStageSections: sections.map((s) => ({ id: s.id })),
      sharing: caseDataSharing(),
    },
    sections,
  }
}

function buildRule(program: ProgramDef, rule: RuleDef): { rule: ProgramRule; actions: ProgramRuleAction[] } {
  const ruleRef = ref('programRules', rule.code)
  const actions = rule.actions.map((a, i): ProgramRuleAction => {
    const code = `${rule.code}_A${i + 1}`
    return {
      id: idOf('programRuleActions', code),
      code,
      programRule: ruleRef,
      programRuleActionType: a.type,
      ...(a.content !== undefined ? { content: a.content } : {}),
      ...(a.data !== undefined ? { data: a.data } : {}),
      ...(a.location ? { location: a.location } : {}),
      ...(a.dataElement ? { dataElement: ref('dataElements', a.dataElement) } : {}),
      ...(a.attribute ? { trackedEntityAttribute: ref('trackedEntityAttributes', a.attribute) } : {}),
      ...(a.stage ? { programStage: ref('programStages', a.stage) } : {}),
      ...(a.section ? { programStageSection: ref('programStageSections', a.section) } : {}),
    }
  })
  return {
    rule: {
      id: ruleRef.id,
      code: rule.code,
      name: prefixed(rule.name),
      description: rule.description,
      program: ref('programs', program.code),
      ...(rule.stage ? { programStage: ref('programStages', rule.stage) } : {}),
      condition: rule.condition,
      ...(rule.priority !== undefined ? { priority: rule.priority } : {}),
      programRuleActions: actions.map((a) => ({ id: a.id })),
    },
    actions,
  }
}

export interface CompiledProgram {
  program: Program
  stages: ProgramStage[]
  sections: ProgramStageSection[]
  dataElements: DataElement[]
  variables: ProgramRuleVariable[]
  rules: ProgramRule[]
  actions: ProgramRuleAction[]
}

export function buildProgram(def: ProgramDef, valueTypeOf: (kind: 'dataElement' | 'attribute', code: string) => ValueType): CompiledProgram {
  const programRef = ref('programs', def.code)
  const compiledStages = def.stages.map((s, i) => buildStage(def, s, i + 1))
  const compiledRules = def.rules.map((r) => buildRule(def, r))
  const variables = def.variables.map((v): ProgramRuleVariable => {
    const code = `${def.code}:${v.name}`
    return {
      id: idOf('programRuleVariables', code),
      code: `${def.code}_V_${v.name.toUpperCase()}`,
      name: v.name,
      program: programRef,
      programRuleVariableSourceType: v.source,
      useCodeForOptionSet: true,
      valueType: v.valueType ?? (v.attribute ? valueTypeOf('attribute', v.attribute) : v.dataElement ? valueTypeOf('dataElement', v.dataElement) : 'TEXT'),
      ...(v.dataElement ? { dataElement: ref('dataElements', v.dataElement) } : {}),
      ...(v.attribute ? { trackedEntityAttribute: ref('trackedEntityAttributes', v.attribute) } : {}),
      ...(v.stage ? { programStage: ref('programStages', v.stage) } : {}),
    }
  })
  const program: Program = {
    id: programRef.id,
    code: def.code,
    name: prefixed(def.name),
    shortName: prefixed(def.shortName),
    description: def.description,
    programType: def.type,
    accessLevel: def.accessLevel,
    ...(def.trackedEntityType ? { trackedEntityType: ref('trackedEntityTypes', def.trackedEntityType) } : {}),
    onlyEnrollOnce: def.onlyEnrollOnce,
    displayIncidentDate: def.displayIncidentDate,
    ...(def.enrollmentDateLabel ? { enrollmentDateLabel: def.enrollmentDateLabel } : {}),
    ...(def.incidentDateLabel ? { incidentDateLabel: def.incidentDateLabel } : {}),
    selectEnrollmentDatesInFuture: false,
    selectIncidentDatesInFuture: false,
    ignoreOverdueEvents: false,
    featureType: 'NONE',
    minAttributesRequiredToSearch: 1,
    programStages: compiledStages.map((s) => ({ id: s.stage.id })),
    programTrackedEntityAttributes: def.attributes.map((a, i) => ({
      id: idOf('programTrackedEntityAttributes', `${def.code}:${a.attribute}`),
      program: programRef,
      trackedEntityAttribute: ref('trackedEntityAttributes', a.attribute),
      mandatory: a.mandatory,
      displayInList: a.displayInList,
      searchable: a.searchable,
      allowFutureDate: a.allowFutureDate ?? false,
      sortOrder: i + 1,
    })),
    programRuleVariables: variables.map((v) => ({ id: v.id })),
    organisationUnits: [],
    sharing: caseDataSharing(),
  }
  return {
    program,
    stages: compiledStages.map((s) => s.stage),
    sections: compiledStages.flatMap((s) => s.sections),
    dataElements: def.stages.flatMap((s) => s.dataElements.map(buildDataElement)),
    variables,
    rules: compiledRules.map((r) => r.rule),
    actions: compiledRules.flatMap((r) => r.actions),
  }
}
