/**
 * One programme's rules, actions and variables looked up from a metadata payload,
 * with the value types and option sets of the fields they refer to.
 */
import type {
  Dhis2Metadata,
  Dhis2Program,
  Dhis2ProgramRule,
  Dhis2ProgramRuleAction,
  Dhis2ProgramRuleVariable,
  Dhis2ValueType,
} from './types'
import { ruleValueKind, type OptionCodeName } from './valueTypes'
import type { RuleValueTypeName } from './engineModule'

export interface IndexedRule {
  rule: Dhis2ProgramRule
  /** The rule's actions, in the order the rule lists them. */
  actions: Dhis2ProgramRuleAction[]
  /** Ids the rule lists that the payload does not contain. */
  missingActionIds: string[]
}

export interface FieldInfo {
  valueType: Dhis2ValueType | undefined
  options: OptionCodeName[] | undefined
}

export interface ProgramIndex {
  program: Dhis2Program
  isTracker: boolean
  rules: IndexedRule[]
  variables: Dhis2ProgramRuleVariable[]
  constants: Map<string, number>
  stageName(stageId: string): string
  dataElement(id: string): FieldInfo
  attribute(id: string): FieldInfo
  /** The engine kind of a variable: its own valueType, else its field's; option names are text. */
  variableKind(variable: Dhis2ProgramRuleVariable): RuleValueTypeName
  variableOptions(variable: Dhis2ProgramRuleVariable): OptionCodeName[]
}

function byId<T extends { id: string }>(items: readonly T[] | undefined): Map<string, T> {
  return new Map((items ?? []).map((item) => [item.id, item]))
}

export function indexProgram(metadata: Dhis2Metadata, programId: string): ProgramIndex {
  const program = (metadata.programs ?? []).find((candidate) => candidate.id === programId)
  if (!program) {
    throw new Error(`Programme ${programId} is not in the metadata payload (programs[])`)
  }

  const actionsById = byId(metadata.programRuleActions)
  const rules = (metadata.programRules ?? [])
    .filter((rule) => rule.program?.id === programId)
    .map((rule): IndexedRule => {
      const listed = rule.programRuleActions ?? []
      if (listed.length === 0) {
        // Payloads that only carry the owning side (action.programRule).
        const owned = (metadata.programRuleActions ?? []).filter((action) => action.programRule?.id === rule.id)
        return { rule, actions: owned, missingActionIds: [] }
      }
      const actions: Dhis2ProgramRuleAction[] = []
      const missingActionIds: string[] = []
      for (const ref of listed) {
        const action = actionsById.get(ref.id)
        if (action) actions.push(action)
        else missingActionIds.push(ref.id)
      }
      return { rule, actions, missingActionIds }
    })

  const variables = (metadata.programRuleVariables ?? []).filter((variable) => variable.program?.id === programId)

  const stageNames = new Map<string, string>()
  for (const stage of metadata.programStages ?? []) stageNames.set(stage.id, stage.displayName ?? stage.name ?? stage.id)
  for (const stage of program.programStages ?? []) {
    const name = stage.displayName ?? stage.name
    if (name !== undefined) stageNames.set(stage.id, name)
  }

  const optionsById = byId((metadata.options ?? []).filter((option): option is typeof option & { id: string } => !!option.id))
  const optionSets = new Map<string, OptionCodeName[]>()
  for (const optionSet of metadata.optionSets ?? []) {
    const options: OptionCodeName[] = []
    for (const entry of optionSet.options ?? []) {
      const full = entry.code !== undefined ? entry : entry.id !== undefined ? optionsById.get(entry.id) : undefined
      if (full?.code !== undefined) options.push({ code: full.code, name: full.name ?? full.code })
    }
    optionSets.set(optionSet.id, options)
  }

  const dataElements = byId(metadata.dataElements)
  const attributes = byId(metadata.trackedEntityAttributes)
  const fieldInfo = (field: { valueType: Dhis2ValueType; optionSet?: { id: string } } | undefined): FieldInfo => ({
    valueType: field?.valueType,
    options: field?.optionSet ? optionSets.get(field.optionSet.id) : undefined,
  })
  const dataElement = (id: string) => fieldInfo(dataElements.get(id))
  const attribute = (id: string) => fieldInfo(attributes.get(id))
  const variableField = (variable: Dhis2ProgramRuleVariable): FieldInfo | undefined => {
    if (variable.programRuleVariableSourceType === 'TEI_ATTRIBUTE') {
      return variable.trackedEntityAttribute ? attribute(variable.trackedEntityAttribute.id) : undefined
    }
    if (variable.programRuleVariableSourceType === 'CALCULATED_VALUE') return undefined
    return variable.dataElement ? dataElement(variable.dataElement.id) : undefined
  }

  return {
    program,
    isTracker: program.programType !== 'WITHOUT_REGISTRATION',
    rules,
    variables,
    constants: new Map((metadata.constants ?? []).map((constant) => [constant.id, constant.value])),
    stageName: (stageId) => stageNames.get(stageId) ?? stageId,
    dataElement,
    attribute,
    variableOptions: (variable) => variableField(variable)?.options ?? [],
    variableKind: (variable) => {
      const field = variableField(variable)
      if (field?.options && field.options.length > 0 && variable.useCodeForOptionSet !== true) return 'TEXT'
      return ruleValueKind(variable.valueType ?? field?.valueType)
    },
  }
}
