/** UIDs, codes, names and lengths: what DHIS2's own import would refuse. */
import { UID_PATTERN } from '../model/uid'
import { type Check, type Identified, problem } from './problem'

const NOT_PREFIXED = new Set(['userGroups', 'organisationUnitLevels', 'options', 'categoryOptionCombos', 'programRuleVariables', 'programStageSections'])
const NO_CODE_NEEDED = new Set<string>([])

export const checkIdentifiers: Check = (index) =>
  Object.entries(index.collections).flatMap(([collection, objects]) => {
    const codes = new Map<string, Identified>()
    return objects.flatMap((o) => {
      const out = []
      if (!UID_PATTERN.test(o.id)) out.push(problem('uid', collection, o, `UID "${o.id}" is not 11 characters starting with a letter`))
      if (!o.code && !NO_CODE_NEEDED.has(collection)) out.push(problem('code', collection, o, 'has no code'))
      if (o.code && o.code.length > 50) out.push(problem('code', collection, o, `code is ${o.code.length} characters (DHIS2 allows 50)`))
      // Options are unique by code within their set only; the option check covers them.
      if (o.code && collection !== 'options') {
        if (codes.has(o.code)) out.push(problem('code', collection, o, `code ${o.code} is used twice in ${collection}`))
        codes.set(o.code, o)
      }
      if (typeof o.name === 'string') {
        if (!NOT_PREFIXED.has(collection) && !o.name.startsWith('CPCM - ')) out.push(problem('name', collection, o, `name "${o.name}" lacks the "CPCM - " prefix`))
        if (o.name.length > 230) out.push(problem('name', collection, o, 'name is longer than 230 characters'))
      }
      if (typeof o.shortName === 'string' && o.shortName.length > 50) {
        out.push(problem('name', collection, o, `short name "${o.shortName}" is ${o.shortName.length} characters (DHIS2 allows 50)`))
      }
      return out
    })
  })

/** Names and short names are unique per type in DHIS2. */
export const checkUniqueNames: Check = (index) =>
  Object.entries(index.collections).flatMap(([collection, objects]) => {
    if (collection === 'options' || collection === 'programRuleVariables' || collection === 'categoryOptionCombos' || collection === 'programStageSections') return []
    const out = []
    for (const field of ['name', 'shortName'] as const) {
      const seen = new Set<string>()
      for (const o of objects) {
        const value = o[field]
        if (typeof value !== 'string') continue
        if (seen.has(value)) out.push(problem('name', collection, o, `${field} "${value}" is not unique`))
        seen.add(value)
      }
    }
    return out
  })
