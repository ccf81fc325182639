/** Option sets hold their options; codes are unique within a set; typed values match their set. */
import type { DataElement, Option, OptionSet, TrackedEntityAttribute } from '../model/dhis2'
import { type Check, problem, type Problem } from './problem'

export const checkOptionSets: Check = (index) => {
  const out: Problem[] = []
  const options = new Map(index.get<Option>('options').map((o) => [o.id, o]))
  const listed = new Set<string>()
  for (const set of index.get<OptionSet>('optionSets')) {
    const codes = new Set<string>()
    if (set.options.length === 0) out.push(problem('option', 'optionSets', set, 'has no options'))
    for (const { id } of set.options) {
      const option = options.get(id)
      if (!option) continue // reported by the reference check
      listed.add(id)
      if (option.optionSet.id !== set.id) out.push(problem('option', 'optionSets', set, `lists option ${option.code} that belongs to another set`))
      if (codes.has(option.code)) out.push(problem('option', 'optionSets', set, `option code ${option.code} appears twice`))
      codes.add(option.code)
    }
  }
  for (const option of options.values()) {
    if (!listed.has(option.id)) out.push(problem('option', 'options', option, 'is not listed by its option set'))
  }
  const sets = new Map(index.get<OptionSet>('optionSets').map((s) => [s.id, s]))
  for (const [collection, items] of [['dataElements', index.get<DataElement>('dataElements')], ['trackedEntityAttributes', index.get<TrackedEntityAttribute>('trackedEntityAttributes')]] as const) {
    for (const item of items) {
      const set = item.optionSet && sets.get(item.optionSet.id)
      if (set && set.valueType !== item.valueType) out.push(problem('option', collection, item, `value type ${item.valueType} differs from its option set's ${set.valueType}`))
    }
  }
  return out
}

/** Option codes by option set id, for the expression checks. */
export function optionCodesBySet(index: Parameters<Check>[0]): Map<string, Set<string>> {
  const options = new Map(index.get<Option>('options').map((o) => [o.id, o.code]))
  return new Map(index.get<OptionSet>('optionSets').map((s) => [s.id, new Set(s.options.map((o) => options.get(o.id) ?? ''))]))
}
