/**
 * Small tolerant accessors for reading FHIR that may come from anyone: missing elements give
 * undefined, never an exception.
 */
import type * as fhir4 from 'fhir/r4'
import type { MappingContext } from '../context'
import { fromFhirDateTime } from '../time'

type WithIdentifiers = { identifier?: fhir4.Identifier[] | fhir4.Identifier }

/** The value of the first identifier in a system. */
export function identifierIn(resource: WithIdentifiers | undefined, system: string): string | undefined {
  const ids = resource?.identifier
  if (!ids) return undefined
  const list = Array.isArray(ids) ? ids : [ids]
  for (const id of list) if (id?.system === system && typeof id.value === 'string') return id.value
  return undefined
}

/** The first code in a system among one or more CodeableConcepts. */
export function codeIn(concepts: fhir4.CodeableConcept | fhir4.CodeableConcept[] | undefined, system: string): string | undefined {
  if (!concepts) return undefined
  const list = Array.isArray(concepts) ? concepts : [concepts]
  for (const cc of list) for (const c of cc?.coding ?? []) if (c?.system === system && typeof c.code === 'string') return c.code
  return undefined
}

/** Every code in a system, in order, across CodeableConcepts. */
export function codesIn(concepts: fhir4.CodeableConcept[] | undefined, system: string): string[] {
  const out: string[] = []
  for (const cc of concepts ?? []) for (const c of cc?.coding ?? []) if (c?.system === system && typeof c.code === 'string') out.push(c.code)
  return out
}

/** An extension's value by URL. */
export function extensionOf(resource: { extension?: fhir4.Extension[] } | undefined, url: string): fhir4.Extension | undefined {
  for (const e of resource?.extension ?? []) if (e?.url === url) return e
  return undefined
}

/** The reference string of a Reference, if any. */
export const refOf = (r: fhir4.Reference | undefined): string | undefined => (typeof r?.reference === 'string' ? r.reference : undefined)

/** DHIS2 string forms of FHIR primitives. */
export const boolText = (b: boolean | undefined): string | undefined => (b === true ? 'true' : b === false ? 'false' : undefined)
export const dateText = (d: string | undefined): string | undefined => (typeof d === 'string' ? d.slice(0, 10) : undefined)
export const timeText = (d: string | undefined, ctx: MappingContext): string | undefined =>
  typeof d === 'string' ? fromFhirDateTime(d, ctx.timeZoneOffset) : undefined

/** Sets out[key] when value is defined. */
export function put(out: Record<string, string | undefined>, key: string, value: string | undefined): void {
  if (value !== undefined) out[key] = value
}
