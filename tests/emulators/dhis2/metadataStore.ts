import { asObject, clone, objects, refId, str } from './json'
import { DEFAULT_OBJECTS } from './metadataSchema'
import type { JsonObject } from './types'

/**
 * Stored metadata by collection (`programs`, `dataElements`, ...), plus the lookups the tracker and
 * aggregate validators need. Objects are stored as imported (replace on update, as DHIS2 does).
 */
export class MetadataStore {
  private readonly collections = new Map<string, Map<string, JsonObject>>()

  constructor() {
    for (const [collection, list] of Object.entries(DEFAULT_OBJECTS)) for (const o of list) this.put(collection, clone(o))
  }

  get(collection: string, id: string | undefined): JsonObject | undefined {
    return id === undefined ? undefined : this.collections.get(collection)?.get(id)
  }

  has(collection: string, id: string | undefined): boolean {
    return this.get(collection, id) !== undefined
  }

  list(collection: string): JsonObject[] {
    return [...(this.collections.get(collection)?.values() ?? [])]
  }

  put(collection: string, object: JsonObject): void {
    const id = refId(object)
    if (id === undefined) throw new Error(`metadata object in ${collection} has no id`)
    let map = this.collections.get(collection)
    if (!map) this.collections.set(collection, (map = new Map()))
    map.set(id, object)
  }

  remove(collection: string, id: string): void {
    this.collections.get(collection)?.delete(id)
  }

  /** Another object of the collection holding `value` in `property` (uniqueness checks). */
  findBy(collection: string, property: string, value: unknown): JsonObject | undefined {
    return this.list(collection).find((o) => o[property] === value)
  }

  // ---- lookups used by the tracker and aggregate emulation ----

  program = (id: string | undefined) => this.get('programs', id)
  programStage = (id: string | undefined) => this.get('programStages', id)
  dataElement = (id: string | undefined) => this.get('dataElements', id)
  attribute = (id: string | undefined) => this.get('trackedEntityAttributes', id)
  trackedEntityType = (id: string | undefined) => this.get('trackedEntityTypes', id)
  orgUnit = (id: string | undefined) => this.get('organisationUnits', id)
  relationshipType = (id: string | undefined) => this.get('relationshipTypes', id)

  isTrackerProgram(program: JsonObject): boolean {
    return program.programType === 'WITH_REGISTRATION' || (program.programType === undefined && program.trackedEntityType !== undefined)
  }

  /** The program a stage belongs to: `programStage.program`, else a program listing the stage. */
  programOfStage(stageId: string): string | undefined {
    const stage = this.programStage(stageId)
    const direct = refId(stage?.program)
    if (direct) return direct
    return refId(this.list('programs').find((p) => objects(p.programStages).some((s) => refId(s) === stageId)))
  }

  /** Data elements of a stage: embedded `programStageDataElements` and top-level ones pointing at it. */
  stageDataElements(stageId: string): Map<string, { compulsory: boolean }> {
    const result = new Map<string, { compulsory: boolean }>()
    const add = (psde: JsonObject) => {
      const de = refId(psde.dataElement)
      if (de) result.set(de, { compulsory: psde.compulsory === true })
    }
    objects(this.programStage(stageId)?.programStageDataElements).forEach(add)
    this.list('programStageDataElements').filter((p) => refId(p.programStage) === stageId).forEach(add)
    return result
  }

  /** Attributes of a program (embedded and top-level programTrackedEntityAttributes). */
  programAttributes(programId: string): Map<string, { mandatory: boolean }> {
    const result = new Map<string, { mandatory: boolean }>()
    const add = (ptea: JsonObject) => {
      const tea = refId(ptea.trackedEntityAttribute)
      if (tea) result.set(tea, { mandatory: ptea.mandatory === true })
    }
    objects(this.program(programId)?.programTrackedEntityAttributes).forEach(add)
    this.list('programTrackedEntityAttributes').filter((p) => refId(p.program) === programId).forEach(add)
    return result
  }

  typeAttributes(typeId: string): Map<string, { mandatory: boolean }> {
    const result = new Map<string, { mandatory: boolean }>()
    for (const teta of objects(this.trackedEntityType(typeId)?.trackedEntityTypeAttributes)) {
      const tea = refId(teta.trackedEntityAttribute)
      if (tea) result.set(tea, { mandatory: teta.mandatory === true })
    }
    return result
  }

  /** Option codes of an option set: from `options` pointing at it and from its own `options` list. */
  optionCodes(optionSetId: string): Set<string> {
    const codes = new Set<string>()
    for (const option of objects(this.get('optionSets', optionSetId)?.options)) {
      const stored = this.get('options', refId(option))
      const code = str(option.code) ?? str(stored?.code)
      if (code) codes.add(code)
    }
    for (const option of this.list('options')) if (refId(option.optionSet) === optionSetId && str(option.code)) codes.add(option.code as string)
    return codes
  }

  programHasOrgUnit(programId: string, orgUnitId: string): boolean {
    return objects(this.program(programId)?.organisationUnits).some((ou) => refId(ou) === orgUnitId)
  }

  /** Ancestors of an org unit, nearest first (via `parent`, or `path` when parents are not stored). */
  ancestors(orgUnitId: string): string[] {
    const result: string[] = []
    const path = str(this.orgUnit(orgUnitId)?.path)
    if (path) return path.split('/').filter((p) => p !== '' && p !== orgUnitId).reverse()
    let current = refId(this.orgUnit(orgUnitId)?.parent)
    while (current && !result.includes(current)) {
      result.push(current)
      current = refId(this.orgUnit(current)?.parent)
    }
    return result
  }

  /** True when `orgUnitId` is one of `roots` or below one of them. */
  inScope(orgUnitId: string, roots: readonly string[]): boolean {
    if (roots.includes(orgUnitId)) return true
    return this.ancestors(orgUnitId).some((a) => roots.includes(a))
  }

  children(orgUnitId: string): string[] {
    return this.list('organisationUnits')
      .filter((ou) => refId(ou.parent) === orgUnitId)
      .map((ou) => refId(ou) as string)
  }

  displayName(collection: string, id: string): string | undefined {
    const o = this.get(collection, id)
    return str(o?.displayName) ?? str(o?.name)
  }

  valueTypeOf(collection: 'dataElements' | 'trackedEntityAttributes', id: string): string | undefined {
    return str(asObject(this.get(collection, id)).valueType)
  }
}
