/** Nothing unused: a data element, option set or attribute nobody reads is a mistake or dead weight. */
import type { DataElement, DataSet, Program, ProgramStage, TrackedEntityAttribute, TrackedEntityType } from '../model/dhis2'
import { type Check, problem, type Problem } from './problem'

export const checkUsage: Check = (index) => {
  const out: Problem[] = []
  const usedElements = new Set([
    ...index.get<ProgramStage>('programStages').flatMap((s) => s.programStageDataElements.map((p) => p.dataElement.id)),
    ...index.get<DataSet>('dataSets').flatMap((d) => d.dataSetElements.map((e) => e.dataElement.id)),
  ])
  for (const de of index.get<DataElement>('dataElements')) {
    if (!usedElements.has(de.id)) out.push(problem('usage', 'dataElements', de, 'is not used by any programme stage or data set'))
  }
  const usedSets = new Set(
    [...index.get<DataElement>('dataElements'), ...index.get<TrackedEntityAttribute>('trackedEntityAttributes')].flatMap((x) => (x.optionSet ? [x.optionSet.id] : [])),
  )
  for (const set of index.get<{ id: string; code: string }>('optionSets')) {
    if (!usedSets.has(set.id)) out.push(problem('usage', 'optionSets', set, 'is not used by any data element or attribute'))
  }
  const usedAttributes = new Set([
    ...index.get<Program>('programs').flatMap((p) => p.programTrackedEntityAttributes.map((a) => a.trackedEntityAttribute.id)),
    ...index.get<TrackedEntityType>('trackedEntityTypes').flatMap((t) => t.trackedEntityTypeAttributes.map((a) => a.trackedEntityAttribute.id)),
  ])
  for (const attr of index.get<TrackedEntityAttribute>('trackedEntityAttributes')) {
    if (!usedAttributes.has(attr.id)) out.push(problem('usage', 'trackedEntityAttributes', attr, 'is not used by any programme or tracked entity type'))
  }
  return out
}
