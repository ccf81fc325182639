/**
 * Validates a compiled metadata package before anyone imports it. Works on the JSON
 * itself, so it checks exactly what DHIS2 would receive (a hand-edited file too).
 */
import { checkAttributes } from './attributes'
import { checkCategoryCombos } from './categories'
import { checkExpressions } from './expressions'
import { checkIdentifiers, checkUniqueNames } from './identifiers'
import { checkOptionSets } from './options'
import { indexPackage, metadataFileSchema } from './package-index'
import type { Check, Problem } from './problem'
import { checkPrograms } from './programs'
import { checkReferences } from './references'
import { checkSecurity } from './security'
import { checkUsage } from './usage'

export type { Problem } from './problem'
export { parseTextPattern } from './attributes'

const CHECKS: Check[] = [
  checkIdentifiers, checkUniqueNames, checkReferences, checkOptionSets, checkPrograms,
  checkAttributes, checkCategoryCombos, checkUsage, checkSecurity, checkExpressions,
]

export function validatePackage(json: unknown): Problem[] {
  const shape = metadataFileSchema.safeParse(json)
  if (!shape.success) {
    const first = shape.error.issues[0]
    return [{ check: 'shape', collection: 'file', object: first?.path.join('.') || '(root)', message: `not a DHIS2 metadata package: ${first?.message}` }]
  }
  const { index, problems } = indexPackage(json as Record<string, unknown>)
  return [...problems, ...CHECKS.flatMap((check) => check(index))]
}

export const formatProblem = (p: Problem) => `${p.check}: ${p.collection} ${p.object}: ${p.message}`
