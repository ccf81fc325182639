/**
 * Programme consistency DHIS2 does not check on import but Capture trips over:
 * rule actions aimed at fields the programme does not have, variables reading stages
 * that hold no such data element, sections listing fields of another stage.
 */
import type {
  DataElement, Program, ProgramRule, ProgramRuleAction, ProgramRuleVariable, ProgramStage, ProgramStageSection, RuleActionType,
} from '../model/dhis2'
import { type Check, problem, type Problem } from './problem'

const NEEDS_CONTENT: RuleActionType[] = ['SHOWWARNING', 'SHOWERROR', 'WARNINGONCOMPLETE', 'ERRORONCOMPLETE', 'DISPLAYTEXT', 'DISPLAYKEYVALUEPAIR']
const NEEDS_FIELD: RuleActionType[] = ['HIDEFIELD', 'SETMANDATORYFIELD', 'ASSIGN']

export const checkPrograms: Check = (index) => {
  const out: Problem[] = []
  const stages = new Map(index.get<ProgramStage>('programStages').map((s) => [s.id, s]))
  const dataElements = new Map(index.get<DataElement>('dataElements').map((d) => [d.id, d]))
  const actions = new Map(index.get<ProgramRuleAction>('programRuleActions').map((a) => [a.id, a]))
  const stageElements = (stageId: string) => new Set(stages.get(stageId)?.programStageDataElements.map((p) => p.dataElement.id) ?? [])

  for (const program of index.get<Program>('programs')) {
    const programStages = program.programStages.map((s) => stages.get(s.id)).filter((s): s is ProgramStage => !!s)
    const elements = new Set(programStages.flatMap((s) => s.programStageDataElements.map((p) => p.dataElement.id)))
    const attributes = new Set(program.programTrackedEntityAttributes.map((a) => a.trackedEntityAttribute.id))
    if (program.programType === 'WITHOUT_REGISTRATION' && programStages.length !== 1) out.push(problem('program', 'programs', program, 'an event programme has exactly one stage'))
    if (program.programType === 'WITH_REGISTRATION' && !program.trackedEntityType) out.push(problem('program', 'programs', program, 'a tracker programme needs a tracked entity type'))
    for (const stage of programStages) {
      if (stage.program.id !== program.id) out.push(problem('program', 'programStages', stage, `is listed by ${program.code} but points to another programme`))
      for (const psde of stage.programStageDataElements) {
        const de = dataElements.get(psde.dataElement.id)
        if (de && de.domainType !== 'TRACKER') out.push(problem('program', 'programStages', stage, `uses aggregate data element ${de.code}`))
      }
    }

    const variables = index.get<ProgramRuleVariable>('programRuleVariables').filter((v) => v.program.id === program.id)
    const names = new Set<string>()
    for (const v of variables) {
      if (names.has(v.name)) out.push(problem('rule', 'programRuleVariables', v, `name ${v.name} is used twice in ${program.code}`))
      names.add(v.name)
      if (!/^[A-Za-z0-9_]+$/.test(v.name)) out.push(problem('rule', 'programRuleVariables', v, `name "${v.name}" should use letters, digits and underscores only`))
      if (v.programRuleVariableSourceType === 'TEI_ATTRIBUTE') {
        if (!v.trackedEntityAttribute || !attributes.has(v.trackedEntityAttribute.id)) out.push(problem('rule', 'programRuleVariables', v, `reads an attribute that ${program.code} does not have`))
      } else if (v.programRuleVariableSourceType !== 'CALCULATED_VALUE') {
        if (!v.dataElement || !elements.has(v.dataElement.id)) out.push(problem('rule', 'programRuleVariables', v, `reads a data element that no stage of ${program.code} has`))
        if (v.programRuleVariableSourceType === 'DATAELEMENT_NEWEST_EVENT_PROGRAM_STAGE') {
          if (!v.programStage) out.push(problem('rule', 'programRuleVariables', v, 'reads the newest event of a stage but names no stage'))
          else if (v.dataElement && !stageElements(v.programStage.id).has(v.dataElement.id)) out.push(problem('rule', 'programRuleVariables', v, 'reads a data element its stage does not have'))
        }
      }
    }

    for (const rule of index.get<ProgramRule>('programRules').filter((r) => r.program.id === program.id)) {
      const scope = rule.programStage ? stageElements(rule.programStage.id) : elements
      if (rule.programStage && !program.programStages.some((s) => s.id === rule.programStage!.id)) out.push(problem('rule', 'programRules', rule, `is tied to a stage of another programme`))
      if (rule.programRuleActions.length === 0) out.push(problem('rule', 'programRules', rule, 'has no actions'))
      for (const { id } of rule.programRuleActions) {
        const action = actions.get(id)
        if (!action) continue
        if (action.programRule.id !== rule.id) out.push(problem('rule', 'programRuleActions', action, `is listed by ${rule.code} but points to another rule`))
        const type = action.programRuleActionType
        if (NEEDS_CONTENT.includes(type) && !action.content) out.push(problem('rule', 'programRuleActions', action, `${type} needs content`))
        if (type === 'ASSIGN' && !action.data) out.push(problem('rule', 'programRuleActions', action, 'ASSIGN needs data'))
        if (NEEDS_FIELD.includes(type) && !action.dataElement && !action.trackedEntityAttribute) out.push(problem('rule', 'programRuleActions', action, `${type} needs a data element or attribute`))
        if (action.dataElement && !scope.has(action.dataElement.id)) {
          const de = dataElements.get(action.dataElement.id)
          out.push(problem('rule', 'programRuleActions', action, `of rule ${rule.code} targets ${de?.code ?? action.dataElement.id}, which ${rule.programStage ? 'its stage' : program.code} does not have`))
        }
        if (action.trackedEntityAttribute && !attributes.has(action.trackedEntityAttribute.id)) out.push(problem('rule', 'programRuleActions', action, `targets an attribute ${program.code} does not have`))
      }
    }
  }

  for (const section of index.get<ProgramStageSection>('programStageSections')) {
    const stage = stages.get(section.programStage.id)
    const own = stageElements(section.programStage.id)
    for (const de of section.dataElements) {
      if (!own.has(de.id)) out.push(problem('program', 'programStageSections', section, `lists ${dataElements.get(de.id)?.code ?? de.id}, which stage ${stage?.code} does not have`))
    }
    if (stage && !stage.programStageSections.some((s) => s.id === section.id)) out.push(problem('program', 'programStageSections', section, `is not listed by stage ${stage.code}`))
  }
  return out
}
