/**
 * Assembles the whole package. Pure and deterministic: the same sources give the same
 * JSON, byte for byte, so a rebuild never changes an installed instance.
 */
import type { CollectionName, MetadataPackage, ValueType } from '../model/dhis2'
import type { AttributeDef, DataElementDef } from '../model/defs'
import { ALL_ATTRIBUTES } from '../content/attributes'
import { CASE_PROGRAMME } from '../content/case-programme/programme'
import { DASHBOARDS, VISUALIZATIONS } from '../content/dashboards'
import { INCIDENT_REGISTER } from '../content/incident-register'
import { ALL_OPTION_SETS } from '../content/option-sets'
import { INCIDENT_TO_CASE } from '../content/relationships'
import { resolveExpression } from './expressions'
import {
  buildCategoryModel, buildIndicator, buildNcdaDataSet, buildProgramIndicator, indicatorDefs, ncdaIndicatorDefs, PERCENT_TYPE, programIndicatorDefs,
} from './ncda'
import { buildDashboard, buildVisualization } from './presentation'
import { buildAttribute, buildPersonType, buildProgram } from './programs'
import { idOf, prefixed, ref } from './refs'
import { buildOrgUnitLevels, buildUserGroups, buildUserRoles } from './security'
import { caseDataSharing, metadataSharing } from './sharing'

export const PACKAGE_VERSION = '0.1.0'
/** Fixed, not the build time: the date belongs to the release, and builds stay byte-identical. */
const RELEASED = '2026-11-23T00:00:00.000'
const PERSON = 'CPCM_PERSON'

const byCode = <T extends { code: string }>(items: T[]) => [...items].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0))

export function buildPackage(): MetadataPackage {
  const programDefs = [INCIDENT_REGISTER, CASE_PROGRAMME]
  const dataElementDefs = new Map<string, DataElementDef>(programDefs.flatMap((p) => p.stages.flatMap((s) => s.dataElements.map((d) => [d.code, d] as const))))
  const attributeDefs = new Map<string, AttributeDef>(ALL_ATTRIBUTES.map((a) => [a.code, a]))
  const valueTypeOf = (kind: 'dataElement' | 'attribute', code: string): ValueType => {
    const def = kind === 'dataElement' ? dataElementDefs.get(code) : attributeDefs.get(code)
    if (!def) throw new Error(`programme rule variable names unknown ${kind} ${code}`)
    return def.valueType
  }
  const programs = programDefs.map((p) => buildProgram(p, valueTypeOf))
  const categories = buildCategoryModel()
  const piDefs = programIndicatorDefs()
  const trackerIndicatorDefs = indicatorDefs()
  const aggregateIndicatorDefs = ncdaIndicatorDefs()
  const ncda = buildNcdaDataSet(aggregateIndicatorDefs.map((i) => i.code))

  const codes = new Map<string, Set<string>>()
  const remember = (collection: string, items: Array<{ code: string }>) => {
    const set = codes.get(collection) ?? new Set<string>()
    items.forEach((i) => set.add(i.code))
    codes.set(collection, set)
  }
  remember('programStages', programs.flatMap((p) => p.stages))
  remember('dataElements', [...programs.flatMap((p) => p.dataElements), ...ncda.dataElements])
  remember('trackedEntityAttributes', ALL_ATTRIBUTES)
  remember('programIndicators', piDefs)
  const resolve = (expression: string) => resolveExpression(expression, (collection, code) => codes.get(collection)?.has(code) ?? false)

  const options = ALL_OPTION_SETS.flatMap((set) =>
    set.options.map(([code, name], i) => ({
      id: idOf('options', `${set.code}:${code}`), code, name, sortOrder: i + 1, optionSet: ref('optionSets', set.code),
    })),
  )

  return {
    package: {
      name: `CPCM_TRACKER_${PACKAGE_VERSION}_DHIS2.40`,
      code: 'CPCM',
      type: 'TRACKER',
      version: PACKAGE_VERSION,
      DHIS2Version: '2.40',
      locale: 'en',
      description: 'Rwanda National Child Protection Case Management Framework (NCDA, 2023): incident register, case management programme, rules, indicators and the NCDA data set.',
      lastUpdated: RELEASED,
    },
    userGroups: byCode(buildUserGroups()),
    userRoles: byCode(buildUserRoles()),
    organisationUnitLevels: buildOrgUnitLevels(),
    // Options share codes across sets (e.g. OTHER): order by set, then by position.
    options,
    optionSets: byCode(ALL_OPTION_SETS.map((set) => ({
      id: idOf('optionSets', set.code), code: set.code, name: prefixed(set.name), valueType: 'TEXT' as const, version: 1,
      options: set.options.map(([code]) => ({ id: idOf('options', `${set.code}:${code}`) })), sharing: metadataSharing(),
    }))),
    categoryOptions: byCode(categories.categoryOptions),
    categories: byCode(categories.categories),
    categoryCombos: byCode(categories.combos),
    categoryOptionCombos: byCode(categories.optionCombos),
    dataElements: byCode([...programs.flatMap((p) => p.dataElements), ...ncda.dataElements]),
    trackedEntityAttributes: byCode(ALL_ATTRIBUTES.map(buildAttribute)),
    trackedEntityTypes: [buildPersonType(PERSON, ALL_ATTRIBUTES)],
    programs: byCode(programs.map((p) => p.program)),
    programStages: byCode(programs.flatMap((p) => p.stages)),
    programStageSections: byCode(programs.flatMap((p) => p.sections)),
    programRuleVariables: byCode(programs.flatMap((p) => p.variables)),
    programRules: byCode(programs.flatMap((p) => p.rules)),
    programRuleActions: byCode(programs.flatMap((p) => p.actions)),
    programIndicators: byCode(piDefs.map((d) => buildProgramIndicator(d, resolve))),
    indicatorTypes: [PERCENT_TYPE],
    indicators: byCode([...trackerIndicatorDefs, ...aggregateIndicatorDefs].map((d) => buildIndicator(d, resolve))),
    dataSets: [ncda.dataSet],
    relationshipTypes: [{
      id: idOf('relationshipTypes', INCIDENT_TO_CASE.code), code: INCIDENT_TO_CASE.code, name: prefixed(INCIDENT_TO_CASE.name),
      description: INCIDENT_TO_CASE.description, bidirectional: false, fromToName: INCIDENT_TO_CASE.fromToName, toFromName: INCIDENT_TO_CASE.toFromName,
      fromConstraint: { relationshipEntity: 'PROGRAM_STAGE_INSTANCE', program: ref('programs', INCIDENT_REGISTER.code) },
      toConstraint: { relationshipEntity: 'TRACKED_ENTITY_INSTANCE', trackedEntityType: ref('trackedEntityTypes', PERSON), program: ref('programs', CASE_PROGRAMME.code) },
      sharing: caseDataSharing(),
    }],
    visualizations: byCode(VISUALIZATIONS.map(buildVisualization)),
    dashboards: byCode(DASHBOARDS.map(buildDashboard)),
  }
}

/** The JSON exactly as written to disk (two-space indent, trailing newline). */
export const serialisePackage = (pkg: MetadataPackage) => `${JSON.stringify(pkg, null, 2)}\n`

export const COLLECTIONS = (pkg: MetadataPackage) => Object.keys(pkg).filter((k): k is CollectionName => k !== 'package')
