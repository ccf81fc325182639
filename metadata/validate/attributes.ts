/**
 * Generated attributes need a TextPattern DHIS2 can generate from; the child code must
 * not be built from the name; identifying attributes stay confidential and out of lists.
 */
import type { Program, TrackedEntityAttribute } from '../model/dhis2'
import { type Check, problem, type Problem } from './problem'

const SEGMENT = /^(?:"[^"]*"|ORG_UNIT_CODE\([^)]*\)|RANDOM\([#Xx*]+\)|SEQUENTIAL\(#+\)|CURRENT_DATE\([^)]+\))$/

/** Parses a TextPattern into its segments, or says what is wrong. */
export function parseTextPattern(pattern: string): { segments: string[] } | { error: string } {
  const segments = pattern.split(/\s*\+\s*/).map((s) => s.trim())
  const bad = segments.find((s) => !SEGMENT.test(s))
  if (bad !== undefined) return { error: `segment "${bad}" is not a literal, ORG_UNIT_CODE, RANDOM, SEQUENTIAL or CURRENT_DATE` }
  if (!segments.some((s) => s.startsWith('RANDOM') || s.startsWith('SEQUENTIAL'))) return { error: 'has no RANDOM or SEQUENTIAL segment, so values would repeat' }
  return { segments }
}

const IDENTIFYING = /NAME|PHONE|NATIONAL_ID|ADDRESS/

export const checkAttributes: Check = (index) => {
  const out: Problem[] = []
  for (const attr of index.get<TrackedEntityAttribute>('trackedEntityAttributes')) {
    if (attr.generated) {
      if (!attr.pattern) out.push(problem('attribute', 'trackedEntityAttributes', attr, 'is generated but has no TextPattern'))
      else {
        const parsed = parseTextPattern(attr.pattern)
        if ('error' in parsed) out.push(problem('attribute', 'trackedEntityAttributes', attr, `TextPattern ${parsed.error}`))
        if (/NAME|ATTRIBUTE/i.test(attr.pattern)) out.push(problem('attribute', 'trackedEntityAttributes', attr, 'TextPattern must not derive the code from a name or another attribute'))
      }
      if (!attr.unique) out.push(problem('attribute', 'trackedEntityAttributes', attr, 'is generated but not unique'))
    }
    if (IDENTIFYING.test(attr.code) && !attr.confidential) out.push(problem('privacy', 'trackedEntityAttributes', attr, 'identifies a person but is not confidential'))
  }
  const confidential = new Set(index.get<TrackedEntityAttribute>('trackedEntityAttributes').filter((a) => a.confidential).map((a) => a.id))
  for (const program of index.get<Program>('programs')) {
    for (const pa of program.programTrackedEntityAttributes) {
      if (confidential.has(pa.trackedEntityAttribute.id) && pa.displayInList) {
        out.push(problem('privacy', 'programs', program, `shows confidential attribute ${index.find(pa.trackedEntityAttribute.id)?.object.code} in lists`))
      }
    }
  }
  return out
}
