import { canCapture } from './access'
import { isObject, objects, refId, str } from './json'
import { DATA_VALUE_MESSAGES, type DataValueCode, formatMessage } from './messages'
import { DEFAULT_CATEGORY_OPTION_COMBO } from './metadataSchema'
import type { MetadataStore } from './metadataStore'
import type { ImportStrategy, JsonObject, ResolvedUser } from './types'
import { valueAsString, valueTypeError } from './valueTypes'
import { webMessage } from './webMessage'

/**
 * `POST /api/dataValueSets` (aggregate data, JSON only): checks data element, period form, org unit,
 * category/attribute option combos, the user's capture scope, value type and option set, and answers
 * with the ImportSummary shape of 2.40 (conflicts grouped per object and code with their `indexes`).
 * An empty value without comment deletes an existing value. Not emulated: data set assignment and
 * locking (E7633, E7640 to E7644), approval, period types of data sets, idSchemes, CSV/XML/ADX,
 * `async=true` (answered synchronously), `completeDate` registration.
 */
export interface StoredDataValue {
  dataElement: string
  period: string
  orgUnit: string
  categoryOptionCombo: string
  attributeOptionCombo: string
  value: string
  comment?: string
  storedBy: string
  created: string
  lastUpdated: string
}

export type DataValueStore = Map<string, StoredDataValue>

const PERIOD = /^(\d{4}|\d{6}|\d{8}|\d{4}W\d{1,2}|\d{4}(Wed|Thu|Sat|Sun)W\d{1,2}|\d{4}BiW\d{1,2}|\d{4}Q[1-4]|\d{4}S[12]|\d{4}(April|July|Oct|Nov)(S[12])?|\d{6}B|\d{4}AprilS[12])$/

interface Conflict {
  object: string
  objects: Record<string, string>
  value: string
  errorCode: DataValueCode
  property: string
  indexes: number[]
}

const importOptions = (dryRun: boolean, importStrategy: ImportStrategy) => ({
  idSchemes: {},
  dryRun,
  preheatCache: false,
  async: false,
  importStrategy,
  mergeMode: 'REPLACE',
  reportMode: 'FULL',
  skipExistingCheck: false,
  sharing: false,
  skipNotifications: false,
  skipAudit: false,
  datasetAllowsPeriods: false,
  strictPeriods: false,
  strictDataElements: false,
  strictCategoryOptionCombos: false,
  strictAttributeOptionCombos: false,
  strictOrganisationUnits: false,
  strictDataSetApproval: false,
  strictDataSetLocking: false,
  strictDataSetInputPeriods: false,
  requireCategoryOptionCombo: false,
  requireAttributeOptionCombo: false,
  skipPatternValidation: false,
  ignoreEmptyCollection: false,
  force: false,
  firstRowIsHeader: true,
  skipLastUpdated: false,
  mergeDataValues: false,
  skipCache: false,
})

export function importDataValueSet(
  meta: MetadataStore,
  store: DataValueStore,
  user: ResolvedUser,
  payload: unknown,
  query: URLSearchParams,
  stamp: () => string,
): { httpStatus: number; body: JsonObject } {
  const set = isObject(payload) ? payload : {}
  const dryRun = query.get('dryRun') === 'true' || query.get('importMode')?.toUpperCase() === 'VALIDATE'
  const strategyParam = (query.get('importStrategy') ?? 'CREATE_AND_UPDATE').toUpperCase()
  const strategy = (['CREATE', 'UPDATE', 'DELETE'].includes(strategyParam) ? strategyParam : 'CREATE_AND_UPDATE') as ImportStrategy
  const conflicts: Conflict[] = []
  const conflict = (index: number, code: DataValueCode, args: unknown[], property: string, objectKey: string, object: string) => {
    const same = conflicts.find((c) => c.errorCode === code && c.object === object && c.property === property)
    if (same) same.indexes.push(index)
    else conflicts.push({ object, objects: { [objectKey]: object }, value: formatMessage(DATA_VALUE_MESSAGES[code], args), errorCode: code, property, indexes: [index] })
  }
  const values = objects(set.dataValues)
  const count = { imported: 0, updated: 0, ignored: 0, deleted: 0 }
  const dataSet = refId(set.dataSet)
  if (dataSet && !meta.has('dataSets', dataSet)) {
    conflict(0, 'E7600', [dataSet], 'dataSet', 'dataSet', dataSet)
    count.ignored = values.length
    return summary(dryRun, strategy, 'ERROR', count, conflicts, [])
  }
  const rejected: number[] = []
  values.forEach((dv, index) => {
    const before = conflicts.reduce((n, c) => n + c.indexes.length, 0)
    const de = refId(dv.dataElement) ?? ''
    const period = str(dv.period) ?? str(set.period) ?? ''
    const orgUnit = refId(dv.orgUnit) ?? refId(set.orgUnit) ?? ''
    const coc = refId(dv.categoryOptionCombo) ?? DEFAULT_CATEGORY_OPTION_COMBO
    const aoc = refId(dv.attributeOptionCombo) ?? refId(set.attributeOptionCombo) ?? DEFAULT_CATEGORY_OPTION_COMBO
    const element = meta.dataElement(de)
    if (!element) conflict(index, 'E7610', [de], 'dataElement', 'dataElement', de)
    if (!PERIOD.test(period)) conflict(index, 'E7611', [period], 'period', 'period', period)
    if (!meta.orgUnit(orgUnit)) conflict(index, 'E7612', [orgUnit], 'orgUnit', 'organisationUnit', orgUnit)
    else if (!canCapture(meta, user, orgUnit)) conflict(index, 'E7617', [orgUnit, user.username], 'orgUnit', 'organisationUnit', orgUnit)
    if (!meta.has('categoryOptionCombos', coc)) conflict(index, 'E7613', [coc], 'categoryOptionCombo', 'categoryOptionCombo', coc)
    if (!meta.has('categoryOptionCombos', aoc)) conflict(index, 'E7615', [aoc], 'attributeOptionCombo', 'attributeOptionCombo', aoc)
    const value = valueAsString(dv.value) ?? ''
    const comment = str(dv.comment)
    const key = [de, period, orgUnit, coc, aoc].join('|')
    const existing = store.get(key)
    const deleting = strategy === 'DELETE' || dv.deleted === true || (value === '' && !comment)
    if (element && value !== '') {
      const valueType = str(element.valueType) ?? 'TEXT'
      const problem = valueTypeError(valueType, value)
      if (problem) conflict(index, 'E7619', [valueType, problem], 'value', 'value', value)
      const optionSet = refId(element.optionSet)
      if (optionSet && !meta.optionCodes(optionSet).has(value)) conflict(index, 'E7621', [de], 'value', 'value', value)
    }
    if (deleting && !existing && strategy !== 'DELETE' && dv.deleted !== true) conflict(index, 'E7618', [de], 'value', 'dataElement', de)
    if (conflicts.reduce((n, c) => n + c.indexes.length, 0) > before) {
      rejected.push(index)
      count.ignored++
      return
    }
    if (deleting) {
      if (!existing) return void count.ignored++
      if (!dryRun) store.delete(key)
      return void count.deleted++
    }
    if ((strategy === 'CREATE' && existing) || (strategy === 'UPDATE' && !existing)) return void count.ignored++
    const now = stamp()
    if (!dryRun)
      store.set(key, { dataElement: de, period, orgUnit, categoryOptionCombo: coc, attributeOptionCombo: aoc, value, comment, storedBy: user.username, created: existing?.created ?? now, lastUpdated: now })
    if (existing) count.updated++
    else count.imported++
  })
  return summary(dryRun, strategy, conflicts.length ? 'WARNING' : 'SUCCESS', count, conflicts, rejected)
}

function summary(
  dryRun: boolean,
  strategy: ImportStrategy,
  status: 'SUCCESS' | 'WARNING' | 'ERROR',
  importCount: Record<string, number>,
  conflicts: Conflict[],
  rejectedIndexes: number[],
): { httpStatus: number; body: JsonObject } {
  const response = {
    responseType: 'ImportSummary',
    status,
    importOptions: importOptions(dryRun, strategy),
    description: status === 'ERROR' ? 'Import process was aborted' : 'Import process completed successfully',
    importCount,
    conflicts,
    rejectedIndexes,
    dataSetComplete: 'false',
  }
  // dhis2-core WebMessageUtils.importSummary: ERROR and WARNING answer 409 (message texts as the server sends them).
  if (status === 'ERROR') return { httpStatus: 409, body: webMessage(409, 'ERROR', 'An error occurred, please check import summary.', { response }) }
  if (status === 'WARNING')
    return { httpStatus: 409, body: webMessage(409, 'WARNING', 'One more conflicts encountered, please check import summary.', { response }) }
  return { httpStatus: 200, body: webMessage(200, 'OK', 'Import was successful.', { response }) }
}
