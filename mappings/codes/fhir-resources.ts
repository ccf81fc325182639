/**
 * The code tables as FHIR R4 CodeSystem and ConceptMap resources, for publishing on a
 * terminology server or handing to a partner. Displays of option-set codes come from the
 * package, so relabelling an option in metadata/ relabels the code system too.
 */
import type * as fhir4 from 'fhir/r4'
import type { MetadataPackage } from '../../metadata/model/dhis2'
import { codeSystemUri, conceptMapUri } from '../identifiers'
import { CODE_TABLES } from './registry'
import type { CodeTable, MapTarget } from './types'

const pascal = (name: string) => name.split(/[^A-Za-z0-9]+/).filter(Boolean).map((w) => w[0]!.toUpperCase() + w.slice(1)).join('')

/** Display of each code of a table: the package's option names, or the table's own displays. */
export function displaysOf(pkg: MetadataPackage, t: CodeTable<string>): Map<string, string> {
  const out = new Map<string, string>()
  if (t.displays) for (const code of t.codes) out.set(code, t.displays[code]!)
  if (t.optionSet) {
    const set = pkg.optionSets.find((s) => s.code === t.optionSet)
    if (!set) throw new Error(`the package has no option set ${t.optionSet} (code table ${t.name})`)
    const ids = new Set(set.options.map((o) => o.id))
    for (const o of pkg.options) if (ids.has(o.id)) out.set(o.code, o.name)
  }
  return out
}

export function codeSystemResources(pkg: MetadataPackage): fhir4.CodeSystem[] {
  return CODE_TABLES.map((t) => {
    const displays = displaysOf(pkg, t)
    return {
      resourceType: 'CodeSystem',
      id: `cpcm-${t.name}`,
      url: codeSystemUri(t.name),
      version: pkg.package.version,
      name: `Cpcm${pascal(t.name)}`,
      title: t.title,
      status: 'active',
      experimental: false,
      publisher: 'National Child Development Agency (NCDA), Rwanda',
      description: t.description,
      caseSensitive: true,
      content: 'complete',
      count: t.codes.length,
      concept: t.codes.map((code) => ({ code, display: displays.get(code) ?? code })),
    }
  })
}

/** R4 (cmd-1) wants a comment on narrower and inexact targets. */
const targetOf = (m: MapTarget): fhir4.ConceptMapGroupElementTarget => {
  const out: fhir4.ConceptMapGroupElementTarget = { equivalence: m.equivalence }
  if (m.code !== null) out.code = m.code
  const comment = m.comment ?? (m.equivalence === 'narrower' || m.equivalence === 'inexact' ? 'approximate: see the CPCM mapping notes' : undefined)
  if (comment !== undefined) out.comment = comment
  return out
}

function reverseTarget(forward: Readonly<Record<string, MapTarget>>, code: string, back: string | null): fhir4.ConceptMapGroupElementTarget {
  if (back === null) return { equivalence: 'unmatched', comment: 'not a CPCM code: ignored on the way in' }
  return forward[back]?.code === code ? { code: back, equivalence: 'equivalent' } : { code: back, equivalence: 'inexact', comment: 'many-to-one on the way back' }
}

export function conceptMapResources(pkg: MetadataPackage): fhir4.ConceptMap[] {
  const out: fhir4.ConceptMap[] = []
  for (const t of CODE_TABLES) {
    const displays = displaysOf(pkg, t)
    for (const m of t.maps) {
      const common = { version: pkg.package.version, status: 'active' as const, experimental: false, publisher: 'National Child Development Agency (NCDA), Rwanda' }
      out.push({
        resourceType: 'ConceptMap', id: `cpcm-${m.name}`, url: conceptMapUri(m.name), name: pascal(m.name), title: m.title, ...common,
        group: [{
          source: codeSystemUri(t.name), target: m.targetSystem,
          element: t.codes.map((code) => ({ code, display: displays.get(code) ?? code, target: [targetOf(m.forward[code]!)] })),
        }],
      })
      if (!m.reverse) continue
      const reverse = Object.entries(m.reverse)
      out.push({
        resourceType: 'ConceptMap', id: `cpcm-${m.name}-reverse`, url: conceptMapUri(`${m.name}-reverse`), name: `${pascal(m.name)}Reverse`,
        title: `${m.title} (the way back)`, ...common,
        group: [{
          source: m.targetSystem, target: codeSystemUri(t.name),
          element: reverse.map(([code, back]) => ({ code, target: [reverseTarget(m.forward, code, back)] })),
        }],
      })
    }
  }
  return out
}
