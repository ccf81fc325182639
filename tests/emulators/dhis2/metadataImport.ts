import { isObject, objects, refId, str } from './json'
import { formatMessage, METADATA_MESSAGES, type MetadataCode } from './messages'
import { type AssociationSet, COLLECTION_ORDER, COLLECTIONS, type CollectionSchema, simpleName } from './metadataSchema'
import type { MetadataStore } from './metadataStore'
import type { ImportStrategy, JsonObject } from './types'
import { generateUid, isValidUid } from './uid'
import { webMessage } from './webMessage'

/**
 * `POST /api/metadata`: validates like DHIS2's object bundle validation for what can be checked here
 * (UID form E4014, CREATE/UPDATE/DELETE existence E5000/E5001, required properties E4000, references
 * to objects neither in the payload nor stored E5002, duplicate ids E5004 and codes E5003), then commits
 * or not according to `importMode` and `atomicMode` (ALL: any error commits nothing; NONE: valid
 * objects are committed). Not emulated: identifier=CODE, mergeMode, schema-level checks (lengths,
 * enums, expressions), E4030 on deleting referenced objects, async=true (answered synchronously).
 */
export interface MetadataImportParams {
  importMode: 'COMMIT' | 'VALIDATE'
  importStrategy: ImportStrategy
  atomicMode: 'ALL' | 'NONE'
  importReportMode: 'ERRORS' | 'FULL' | 'DEBUG'
  skipSharing: boolean
}

export function metadataParams(query: URLSearchParams): MetadataImportParams {
  const pick = <T extends string>(name: string, allowed: readonly T[], fallback: T): T => {
    const value = query.get(name)?.toUpperCase()
    return (allowed as readonly string[]).includes(value ?? '') ? (value as T) : fallback
  }
  return {
    importMode: query.get('dryRun') === 'true' ? 'VALIDATE' : pick('importMode', ['COMMIT', 'VALIDATE'], 'COMMIT'),
    importStrategy: pick('importStrategy', ['CREATE', 'UPDATE', 'CREATE_AND_UPDATE', 'DELETE'], 'CREATE_AND_UPDATE'),
    atomicMode: pick('atomicMode', ['ALL', 'NONE'], 'ALL'),
    importReportMode: pick('importReportMode', ['ERRORS', 'FULL', 'DEBUG'], 'ERRORS'),
    skipSharing: query.get('skipSharing') === 'true',
  }
}

interface ErrorReport {
  message: string
  mainKlass: string
  errorKlass?: string
  errorProperty?: string
  errorProperties: string[]
  errorCode: MetadataCode
  mainId?: string
  value?: string
}

interface Entry {
  collection: string
  schema: CollectionSchema
  index: number
  object: JsonObject
  id: string
  action: 'CREATE' | 'UPDATE' | 'DELETE'
  errors: ErrorReport[]
}

const stats = (created = 0, updated = 0, deleted = 0, ignored = 0) => ({
  created,
  updated,
  deleted,
  ignored,
  total: created + updated + deleted + ignored,
})

/** `PreheatIdentifier.getIdentifiersWithName`: `Name [uid] (Klass)` or `[uid] (Klass)`. */
function withName(object: JsonObject, id: string, klass: string): string {
  const name = str(object.displayName) ?? str(object.name)
  return `${name ? `${name} ` : ''}[${id}] (${simpleName(klass)})`
}

export function importMetadata(
  store: MetadataStore,
  payload: unknown,
  params: MetadataImportParams,
  stamp: () => string,
): { httpStatus: number; body: JsonObject } {
  const root = isObject(payload) ? payload : {}
  const entries: Entry[] = []
  const payloadIds = new Map<string, Set<string>>()
  const error = (entry: Entry, code: MetadataCode, args: unknown[], extra: Partial<ErrorReport> = {}) =>
    entry.errors.push({
      message: formatMessage(METADATA_MESSAGES[code], args),
      mainKlass: entry.schema.klass,
      errorProperties: extra.errorProperty ? [extra.errorProperty] : [],
      errorCode: code,
      mainId: entry.id,
      ...extra,
    })

  for (const collection of COLLECTION_ORDER) {
    const schema = COLLECTIONS[collection] as CollectionSchema
    objects(root[collection]).forEach((object, index) => {
      const given = str(object.id)
      const id = given ?? generateUid()
      const exists = given !== undefined && store.has(collection, given)
      const action = params.importStrategy === 'DELETE' ? 'DELETE' : params.importStrategy === 'CREATE' || !exists ? 'CREATE' : 'UPDATE'
      const entry: Entry = { collection, schema, index, object, id, action, errors: [] }
      entries.push(entry)
      const ids = payloadIds.get(collection) ?? new Set<string>()
      payloadIds.set(collection, ids)
      if (ids.has(id)) error(entry, 'E5004', [id, simpleName(schema.klass)], { errorProperty: 'id' })
      ids.add(id)
      if (given !== undefined && !isValidUid(given)) error(entry, 'E4014', [given, 'id'], { errorProperty: 'id' })
      if (params.importStrategy === 'CREATE' && exists) error(entry, 'E5000', [`[${id}]`, withName(object, id, schema.klass)])
      if ((params.importStrategy === 'UPDATE' || action === 'DELETE') && !exists)
        error(entry, 'E5001', [`[${given ?? ''}]`, withName(object, id, schema.klass)])
    })
  }

  const exists = (collection: string, id: string) => payloadIds.get(collection)?.has(id) === true || store.has(collection, id)
  const checkAssociations = (entry: Entry, holder: JsonObject, set: AssociationSet) => {
    const missing = (target: string, tid: string, property: string) => {
      const targetKlass = COLLECTIONS[target]?.klass ?? target
      error(entry, 'E5002', [`[${tid}] (${simpleName(targetKlass)})`, withName(entry.object, entry.id, entry.schema.klass), property], {
        errorKlass: targetKlass,
        errorProperty: property,
        value: tid,
      })
    }
    for (const [property, target] of Object.entries(set.refs ?? {})) {
      const tid = refId(holder[property])
      if (tid !== undefined && !exists(target, tid)) missing(target, tid, property)
    }
    for (const [property, target] of Object.entries(set.lists ?? {}))
      for (const item of objects(holder[property])) {
        const tid = refId(item)
        if (tid !== undefined && !exists(target, tid)) missing(target, tid, property)
      }
  }

  for (const entry of entries) {
    if (entry.action === 'DELETE') continue
    const { object, schema } = entry
    for (const property of schema.required ?? [])
      if (object[property] === undefined || object[property] === null || object[property] === '')
        error(entry, 'E4000', [property], { errorProperty: property })
    checkAssociations(entry, object, schema)
    for (const [property, set] of Object.entries(schema.embedded ?? {})) {
      const value = object[property]
      for (const embedded of Array.isArray(value) ? objects(value) : isObject(value) ? [value] : []) checkAssociations(entry, embedded, set)
    }
    for (const av of objects(object.attributeValues)) checkAssociations(entry, { attributeValues: av.attribute }, { refs: { attributeValues: 'attributes' } })
    const sharing = isObject(object.sharing) ? object.sharing : undefined
    if (sharing && !params.skipSharing) {
      for (const groupId of Object.keys(isObject(sharing.userGroups) ? sharing.userGroups : {}))
        checkAssociations(entry, { userGroupAccesses: groupId }, { refs: { userGroupAccesses: 'userGroups' } })
      for (const userId of Object.keys(isObject(sharing.users) ? sharing.users : {}))
        checkAssociations(entry, { userAccesses: userId }, { refs: { userAccesses: 'users' } })
    }
    const code = str(object.code)
    if (code !== undefined) {
      // Codes are unique per type, except options: dhis2-core maps Option.code unique="false"
      // and constrains (optionsetid, code), so YES/NO may repeat across option sets.
      const sameScope = (other: JsonObject) => entry.collection !== 'options' || refId(other.optionSet) === refId(object.optionSet)
      const twin = entries.find((e) => e.collection === entry.collection && e.index < entry.index && e.id !== entry.id && e.object.code === code && sameScope(e.object))
      const stored = store.list(entry.collection).find((o) => o.code === code && sameScope(o))
      const other = twin ? { object: twin.object, id: twin.id } : stored && refId(stored) !== entry.id ? { object: stored, id: refId(stored) ?? '' } : undefined
      if (other)
        error(entry, 'E5003', ['code', code, withName(object, entry.id, schema.klass), withName(other.object, other.id, schema.klass)], {
          errorProperty: 'code',
        })
    }
  }

  const hasErrors = entries.some((e) => e.errors.length > 0)
  const commit = params.importMode === 'COMMIT' && (!hasErrors || params.atomicMode === 'NONE')
  if (commit) applyEntries(store, entries, stamp)

  // DHIS2 counts while validating (ValidationFactory.addStatistics), so a VALIDATE report says what a
  // commit would create and update; when validation fails under atomicMode ALL every count becomes ignored.
  const counted = !hasErrors || params.atomicMode === 'NONE'
  const typeReports = COLLECTION_ORDER.filter((c) => payloadIds.has(c)).map((collection) => {
    const own = entries.filter((e) => e.collection === collection)
    const klass = (COLLECTIONS[collection] as CollectionSchema).klass
    const done = (action: Entry['action']) => (counted ? own.filter((e) => e.errors.length === 0 && e.action === action).length : 0)
    const ignored = counted ? own.filter((e) => e.errors.length > 0).length : own.length
    const reported = params.importReportMode === 'ERRORS' ? own.filter((e) => e.errors.length > 0) : own
    return {
      klass,
      stats: stats(done('CREATE'), done('UPDATE'), done('DELETE'), ignored),
      objectReports: reported.map((e) => ({
        klass,
        index: e.index,
        uid: e.id,
        ...(params.importReportMode === 'DEBUG' && (str(e.object.displayName) ?? str(e.object.name)) ? { displayName: str(e.object.displayName) ?? str(e.object.name) } : {}),
        errorReports: e.errors,
      })),
    }
  })
  const total = typeReports.reduce(
    (sum, t) => stats(sum.created + t.stats.created, sum.updated + t.stats.updated, sum.deleted + t.stats.deleted, sum.ignored + t.stats.ignored),
    stats(),
  )
  const status = hasErrors ? (counted ? 'WARNING' : 'ERROR') : 'OK'
  const response = { responseType: 'ImportReport', status, stats: total, typeReports }
  if (!hasErrors) return { httpStatus: 200, body: webMessage(200, 'OK', undefined, { response }) }
  // dhis2-core WebMessageUtils.importReport: any non-OK report -> 409, WebMessage status WARNING.
  return {
    httpStatus: 409,
    body: webMessage(409, 'WARNING', 'One or more errors occurred, please see full details in import report.', { response }),
  }
}

function applyEntries(store: MetadataStore, entries: Entry[], stamp: () => string): void {
  const valid = entries.filter((e) => e.errors.length === 0)
  const now = stamp()
  for (const entry of valid.filter((e) => e.action !== 'DELETE')) {
    const previous = store.get(entry.collection, entry.id)
    const created = str(previous?.created) ?? str(entry.object.created) ?? now
    store.put(entry.collection, { ...structuredClone(entry.object), id: entry.id, created, lastUpdated: now })
  }
  for (const entry of valid.filter((e) => e.action === 'DELETE').reverse()) store.remove(entry.collection, entry.id)
}
