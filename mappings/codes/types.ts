/**
 * Shapes of the code tables. A table is data: the codes of one DHIS2 option set (or of a
 * CPCM-only code system), a row per code, and the maps to other terminologies, each map
 * naming its target system so it can be published as a FHIR ConceptMap.
 */

/** FHIR R4 ConceptMap equivalence. */
export type Equivalence =
  | 'relatedto' | 'equivalent' | 'equal' | 'wider' | 'subsumes' | 'narrower' | 'specializes' | 'inexact' | 'unmatched' | 'disjoint'

/** Where one source code lands in a target terminology; `code: null` means nothing there (unmatched). */
export interface MapTarget {
  code: string | null
  equivalence: Equivalence
  comment?: string
}

/** A map from the table's codes to a target terminology, total over the table's codes. */
export interface TableMap<Code extends string> {
  /** ConceptMap name, e.g. `case-type-to-primero-protection-concerns`. */
  name: string
  title: string
  targetSystem: string
  forward: { readonly [K in Code]: MapTarget }
  /** Target code -> table code for the way back, total over the target values CPCM accepts. */
  reverse?: { readonly [target: string]: Code | null }
}

export interface CodeTable<Code extends string> {
  /** The code system name: URI is codeSystemUri(name). */
  name: string
  title: string
  description: string
  /** The DHIS2 option set these are the codes of; absent for CPCM-only code systems. */
  optionSet?: string
  codes: readonly Code[]
  /** Display per code for CPCM-only systems; option-set tables take the package's option names. */
  displays?: { readonly [K in Code]: string }
  /** Standard codings added next to ours wherever the code is sent (honest equivalents only). */
  standard?: { readonly [K in Code]?: ReadonlyArray<{ system: string; code: string; display: string }> }
  maps: ReadonlyArray<TableMap<Code>>
}

export const table = <Code extends string>(t: CodeTable<Code>): CodeTable<Code> => t

/** Shorthands for map rows. */
export const eq = (code: string): MapTarget => ({ code, equivalence: 'equivalent' })
export const to = (code: string | null, equivalence: Equivalence, comment?: string): MapTarget =>
  comment === undefined ? { code, equivalence } : { code, equivalence, comment }
