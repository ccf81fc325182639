/**
 * Every reference resolves, and to an object of the right type. A reference is an
 * object whose only key is `id`; the property it sits under says what type it must be.
 */
import { type Check, type Identified, problem, type Problem } from './problem'

const TARGET: Record<string, string> = {
  dataElement: 'dataElements', dataElements: 'dataElements',
  programStage: 'programStages', programStages: 'programStages',
  programStageSection: 'programStageSections', programStageSections: 'programStageSections',
  program: 'programs',
  optionSet: 'optionSets', options: 'options', option: 'options',
  trackedEntityAttribute: 'trackedEntityAttributes', trackedEntityType: 'trackedEntityTypes',
  programRule: 'programRules', programRuleActions: 'programRuleActions', programRuleVariables: 'programRuleVariables',
  programIndicator: 'programIndicators', indicator: 'indicators', indicators: 'indicators', indicatorType: 'indicatorTypes',
  categoryCombo: 'categoryCombos', categories: 'categories', categoryOptions: 'categoryOptions',
  dataSet: 'dataSets', visualization: 'visualizations',
}

/** Org units are the instance's own: assigned after import (see metadata/README.md). */
const EXTERNAL = new Set(['organisationUnits', 'users', 'managedGroups'])
/** Layout of a visualization: analytics dimensions (dx, pe, ou), not objects. */
const DIMENSIONS = new Set(['columns', 'rows', 'filters'])
const KNOWN_DIMENSIONS = new Set(['dx', 'pe', 'ou'])

const isRef = (v: unknown): v is { id: string } =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length === 1 && typeof (v as { id?: unknown }).id === 'string'

export const checkReferences: Check = (index) => {
  const out: Problem[] = []
  const visit = (collection: string, owner: Identified, property: string, value: unknown) => {
    if (EXTERNAL.has(property)) {
      if (Array.isArray(value) && value.length > 0) out.push(problem('reference', collection, owner, `${property} must be empty: they belong to the instance`))
      return
    }
    if (DIMENSIONS.has(property)) {
      for (const d of value as Array<{ id: string }>) if (!KNOWN_DIMENSIONS.has(d.id)) out.push(problem('reference', collection, owner, `${property} names dimension ${d.id}; only dx, pe and ou are used`))
      return
    }
    if (property === 'sharing') {
      const groups = (value as { userGroups?: Record<string, { id: string }> }).userGroups ?? {}
      for (const [key, access] of Object.entries(groups)) {
        if (key !== access.id || index.find(key)?.collection !== 'userGroups') out.push(problem('reference', collection, owner, `sharing names user group ${key}, which is not in the package`))
      }
      return
    }
    if (isRef(value)) {
      const expected = TARGET[property]
      const found = index.find(value.id)
      if (!expected) out.push(problem('reference', collection, owner, `reference under "${property}" has no known target type`))
      else if (!found) out.push(problem('reference', collection, owner, `${property} ${value.id} does not exist in the package`))
      else if (found.collection !== expected) out.push(problem('reference', collection, owner, `${property} ${value.id} is a ${found.collection} object, not ${expected}`))
      return
    }
    if (Array.isArray(value)) value.forEach((item) => visit(collection, owner, property, item))
    else if (typeof value === 'object' && value !== null) {
      for (const [key, child] of Object.entries(value)) visit(collection, owner, key, child)
    }
  }
  for (const [collection, objects] of Object.entries(index.collections)) {
    for (const object of objects) {
      for (const [key, value] of Object.entries(object)) {
        if (key !== 'id') visit(collection, object, key, value)
      }
    }
  }
  for (const pi of index.get<Identified & { aggregateExportCategoryOptionCombo?: string }>('programIndicators')) {
    const coc = pi.aggregateExportCategoryOptionCombo
    if (coc && index.find(coc)?.collection !== 'categoryOptionCombos') {
      out.push(problem('reference', 'programIndicators', pi, `aggregateExportCategoryOptionCombo ${coc} is not a category option combo of the package`))
    }
  }
  return out
}
