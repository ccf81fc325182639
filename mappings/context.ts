/**
 * The mapping context: everything the maps need from the metadata package, computed once.
 * Maps name metadata by code; the context turns codes into UIDs and back with plain maps,
 * and holds the frozen CodeableConcepts every bundle reuses, so mapping one record builds
 * no lookup table.
 */
import type * as fhir4 from 'fhir/r4'
import type { MetadataPackage } from '../metadata/model/dhis2'
import { displaysOf } from './codes/fhir-resources'
import { CODE_TABLES } from './codes/registry'
import {
  ATTRIBUTE_CODES, DATA_ELEMENT_CODES, PROGRAM_CODES, STAGE_CODES,
  type AttributeCode, type DataElementCode, type StageCode,
} from './dhis2/codes'
import { codeSystemUri } from './identifiers'
import { checkOffset } from './time'

export interface Recipient {
  /** Who receives what is mapped: a partner code from the adapter's configuration. */
  id: string
  /** Names, contacts and national ID may be sent (consent and need checked by the caller). */
  allowIdentifiers: boolean
}

export interface MappingOptions {
  recipient?: Recipient
  /** The DHIS2 server's time zone as a fixed offset; default +02:00 (Africa/Kigali, no DST). */
  timeZoneOffset?: string
  /** Name of the software that signs Provenance; default `cpcm-adapter`. */
  software?: string
}

export type MetadataKind = 'program' | 'programStage' | 'dataElement' | 'trackedEntityAttribute' | 'optionSet' | 'trackedEntityType'

export interface MappingContext {
  readonly pkg: MetadataPackage
  readonly recipient: Recipient | undefined
  readonly allowIdentifiers: boolean
  readonly timeZoneOffset: string
  readonly software: string
  readonly program: { readonly case: string; readonly incident: string }
  readonly trackedEntityType: string
  /** Stage, data element and attribute UIDs by the codes the maps use. */
  readonly stage: Readonly<Record<StageCode, string>>
  readonly de: Readonly<Record<DataElementCode, string>>
  readonly attr: Readonly<Record<AttributeCode, string>>
  /** UID -> code, for every object of these kinds in the package. */
  readonly stageCodeByUid: ReadonlyMap<string, string>
  readonly dataElementCodeByUid: ReadonlyMap<string, string>
  readonly attributeCodeByUid: ReadonlyMap<string, string>
  /** Any object's UID by kind and code, or undefined. */
  uidOf(kind: MetadataKind, code: string): string | undefined
  /** Any object's code by kind and UID, or undefined. */
  codeOf(kind: MetadataKind, uid: string): string | undefined
  /** The option codes of an option set (by option set code). */
  optionCodes(optionSetCode: string): ReadonlySet<string>
  /** The frozen CodeableConcept of a code in a code table (by table name), or undefined. */
  concept(table: string, code: string): fhir4.CodeableConcept | undefined
  /** Our coding alone (frozen), or undefined. */
  coding(table: string, code: string): fhir4.Coding | undefined
}

const COLLECTION: Record<MetadataKind, keyof Omit<MetadataPackage, 'package'>> = {
  program: 'programs', programStage: 'programStages', dataElement: 'dataElements',
  trackedEntityAttribute: 'trackedEntityAttributes', optionSet: 'optionSets', trackedEntityType: 'trackedEntityTypes',
}

function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object') {
    for (const v of Object.values(o)) deepFreeze(v)
    Object.freeze(o)
  }
  return o
}

function required<C extends string>(codes: readonly C[], byCode: ReadonlyMap<string, string>, what: string): Record<C, string> {
  const out = {} as Record<C, string>
  const missing = codes.filter((c) => !byCode.has(c))
  if (missing.length > 0) throw new Error(`the metadata package lacks ${what} the mappings need: ${missing.join(', ')}`)
  for (const c of codes) out[c] = byCode.get(c)!
  return Object.freeze(out)
}

export function createMappingContext(pkg: MetadataPackage, options: MappingOptions = {}): MappingContext {
  const byKind = new Map<MetadataKind, { byCode: Map<string, string>; byUid: Map<string, string> }>()
  for (const kind of Object.keys(COLLECTION) as MetadataKind[]) {
    const items = pkg[COLLECTION[kind]] as Array<{ id: string; code: string }>
    byKind.set(kind, { byCode: new Map(items.map((i) => [i.code, i.id])), byUid: new Map(items.map((i) => [i.id, i.code])) })
  }
  const kindMaps = (k: MetadataKind) => byKind.get(k)!

  const optionCodeById = new Map(pkg.options.map((o) => [o.id, o.code]))
  const optionSets = new Map<string, ReadonlySet<string>>()
  for (const set of pkg.optionSets) optionSets.set(set.code, new Set(set.options.map((o) => optionCodeById.get(o.id)!)))

  const concepts = new Map<string, Map<string, fhir4.CodeableConcept>>()
  const codings = new Map<string, Map<string, fhir4.Coding>>()
  for (const t of CODE_TABLES) {
    const displays = displaysOf(pkg, t)
    const system = codeSystemUri(t.name)
    const cc = new Map<string, fhir4.CodeableConcept>()
    const cs = new Map<string, fhir4.Coding>()
    for (const code of t.codes) {
      const ours: fhir4.Coding = { system, code, display: displays.get(code) ?? code }
      const standard = t.standard?.[code] ?? []
      cs.set(code, deepFreeze({ ...ours }))
      cc.set(code, deepFreeze({ coding: [ours, ...standard.map((s) => ({ ...s }))] }))
    }
    concepts.set(t.name, cc)
    codings.set(t.name, cs)
  }

  const programIds = required([PROGRAM_CODES.case, PROGRAM_CODES.incident], kindMaps('program').byCode, 'programmes')
  const types = pkg.trackedEntityTypes
  if (types.length === 0) throw new Error('the metadata package has no tracked entity type')
  const recipient = options.recipient ? Object.freeze({ ...options.recipient }) : undefined

  return Object.freeze({
    pkg,
    recipient,
    allowIdentifiers: recipient?.allowIdentifiers === true,
    timeZoneOffset: checkOffset(options.timeZoneOffset ?? '+02:00'),
    software: options.software ?? 'cpcm-adapter',
    program: Object.freeze({ case: programIds[PROGRAM_CODES.case], incident: programIds[PROGRAM_CODES.incident] }),
    trackedEntityType: types[0]!.id,
    stage: required(STAGE_CODES, kindMaps('programStage').byCode, 'programme stages'),
    de: required(DATA_ELEMENT_CODES, kindMaps('dataElement').byCode, 'data elements'),
    attr: required(ATTRIBUTE_CODES, kindMaps('trackedEntityAttribute').byCode, 'attributes'),
    stageCodeByUid: kindMaps('programStage').byUid,
    dataElementCodeByUid: kindMaps('dataElement').byUid,
    attributeCodeByUid: kindMaps('trackedEntityAttribute').byUid,
    uidOf: (kind: MetadataKind, code: string) => kindMaps(kind).byCode.get(code),
    codeOf: (kind: MetadataKind, uid: string) => kindMaps(kind).byUid.get(uid),
    optionCodes: (code: string) => optionSets.get(code) ?? new Set<string>(),
    concept: (table: string, code: string) => concepts.get(table)?.get(code),
    coding: (table: string, code: string) => codings.get(table)?.get(code),
  })
}
