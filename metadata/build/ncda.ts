/**
 * Compiles the measures into programme indicators, the percentages into indicators,
 * and the NCDA aggregate data set with its category combinations.
 */
import type { IndicatorDef, ProgramIndicatorDef } from '../model/defs'
import type {
  Category, CategoryCombo, CategoryOption, CategoryOptionCombo, DataElement, DataSet, Indicator, IndicatorType, ProgramIndicator,
} from '../model/dhis2'
import { CATEGORIES, CATEGORY_COMBOS, categoryOptionShortName, cells, cocCode, type DisaggregationKey } from '../content/ncda/disaggregations'
import { MEASURES, RATIOS, type Measure } from '../content/ncda/measures'
import { aggregateDataSharing, metadataSharing } from './sharing'
import { idOf, prefixed, ref } from './refs'

const DISAGGREGATION_LABEL: Record<DisaggregationKey, string> = {
  SEX_AGE: 'by sex and age', CASE_TYPE: 'by case type', CLOSURE_REASON: 'by reason',
}

const and = (a: string | undefined, b: string) => (a ? `(${a}) && (${b})` : b)

function cellContext(m: Measure) {
  return {
    caseTypeItem: m.caseTypeItem ?? '#{CPCM_INTAKE.CPCM_INT_CASE_TYPE}',
    ageAt: m.analyticsType === 'ENROLLMENT' ? 'V{enrollment_date}' : 'V{event_date}',
  }
}

/** The NCDA data element fed by a measure and disaggregation. */
export const ncdaDataElementCode = (m: Measure, d?: DisaggregationKey) => (d ? `CPCM_NCDA_${m.key}_${d}` : `CPCM_NCDA_${m.key}`)

/** Programme indicator definitions: one total per measure, one per cell of each disaggregation. */
export function programIndicatorDefs(): Array<ProgramIndicatorDef & { ncda?: { dataElement: string; categoryOptionCombo?: string } }> {
  return MEASURES.flatMap((m) => {
    const total = {
      code: `CPCM_PI_${m.key}`, name: m.name, shortName: m.shortName, description: m.description, program: m.program,
      analyticsType: m.analyticsType, expression: m.expression, ...(m.filter ? { filter: m.filter } : {}),
      ...(m.toNcda && m.disaggregations.length === 0 ? { ncda: { dataElement: ncdaDataElementCode(m) } } : {}),
    }
    const perCell = m.disaggregations.flatMap((d) =>
      cells(d, cellContext(m)).map((cell) => ({
        code: `CPCM_PI_${m.key}_${cell.key}`,
        name: `${m.name}, ${cell.label}`,
        shortName: `${m.shortName}, ${cell.shortLabel}`,
        description: `${m.description} ${cell.label}.`,
        program: m.program,
        analyticsType: m.analyticsType,
        expression: m.expression,
        filter: and(m.filter, cell.filter),
        aggregateExportCategoryOptionCombo: cocCode(cell.key),
        ...(m.toNcda ? { ncda: { dataElement: ncdaDataElementCode(m, d), categoryOptionCombo: cocCode(cell.key) } } : {}),
      })),
    )
    return [total, ...perCell]
  })
}

export function indicatorDefs(): IndicatorDef[] {
  return RATIOS.map((r) => ({
    code: `CPCM_IND_${r.key}`, name: r.name, shortName: r.shortName,
    description: `Framework indicator ${r.indicator} (7.4).`, type: 'PERCENT',
    numerator: `I{CPCM_PI_${r.numerator}}`, numeratorDescription: MEASURES.find((m) => m.key === r.numerator)!.name,
    denominator: `I{CPCM_PI_${r.denominator}}`, denominatorDescription: MEASURES.find((m) => m.key === r.denominator)!.name,
  }))
}

/** The same percentages over the NCDA aggregate data elements, for the national data set. */
export function ncdaIndicatorDefs(): IndicatorDef[] {
  const element = (key: string) => {
    const m = MEASURES.find((x) => x.key === key)!
    return ncdaDataElementCode(m, m.disaggregations[m.disaggregations.length - 1])
  }
  return RATIOS.map((r) => ({
    code: `CPCM_IND_NCDA_${r.key}`, name: `NCDA ${r.name}`, shortName: `NCDA ${r.shortName}`,
    description: `Framework indicator ${r.indicator} (7.4), from the NCDA aggregate data set.`, type: 'PERCENT',
    numerator: `#{${element(r.numerator)}}`, numeratorDescription: MEASURES.find((m) => m.key === r.numerator)!.name,
    denominator: `#{${element(r.denominator)}}`, denominatorDescription: MEASURES.find((m) => m.key === r.denominator)!.name,
  }))
}

export function buildProgramIndicator(def: ProgramIndicatorDef, resolve: (e: string) => string): ProgramIndicator {
  const boundaryTarget = def.analyticsType === 'ENROLLMENT' ? 'ENROLLMENT_DATE' : 'EVENT_DATE'
  const boundaries = [
    ['AFTER_START_OF_REPORTING_PERIOD', 'start'],
    ['BEFORE_END_OF_REPORTING_PERIOD', 'end'],
  ] as const
  return {
    id: idOf('programIndicators', def.code),
    code: def.code,
    name: prefixed(def.name),
    shortName: prefixed(def.shortName),
    description: def.description,
    program: ref('programs', def.program),
    analyticsType: def.analyticsType,
    expression: resolve(def.expression),
    ...(def.filter ? { filter: resolve(def.filter) } : {}),
    aggregationType: def.aggregationType ?? 'SUM',
    decimals: 0,
    displayInForm: false,
    analyticsPeriodBoundaries: boundaries.map(([type, key]) => ({
      id: idOf('analyticsPeriodBoundaries', `${def.code}:${key}`),
      boundaryTarget,
      analyticsPeriodBoundaryType: type,
    })),
    ...(def.aggregateExportCategoryOptionCombo
      ? { aggregateExportCategoryOptionCombo: idOf('categoryOptionCombos', def.aggregateExportCategoryOptionCombo) }
      : {}),
    sharing: metadataSharing(),
  }
}

export const PERCENT_TYPE: IndicatorType = { id: idOf('indicatorTypes', 'CPCM_PERCENT'), code: 'CPCM_PERCENT', name: prefixed('Percent'), factor: 100, number: false }

export function buildIndicator(def: IndicatorDef, resolve: (e: string) => string): Indicator {
  return {
    id: idOf('indicators', def.code), code: def.code, name: prefixed(def.name), shortName: prefixed(def.shortName), description: def.description,
    indicatorType: { id: PERCENT_TYPE.id },
    numerator: resolve(def.numerator), numeratorDescription: def.numeratorDescription,
    denominator: resolve(def.denominator), denominatorDescription: def.denominatorDescription,
    annualized: false, decimals: 1, sharing: metadataSharing(),
  }
}

export function buildCategoryModel() {
  const categoryOptions: CategoryOption[] = CATEGORIES.flatMap((c) =>
    c.options.map(([code, name]) => ({ id: idOf('categoryOptions', code), code, name: prefixed(name), shortName: prefixed(categoryOptionShortName(code, name)), sharing: aggregateDataSharing() })),
  )
  const categories: Category[] = CATEGORIES.map((c) => ({
    id: idOf('categories', c.code), code: c.code, name: prefixed(c.name), shortName: prefixed(c.shortName),
    dataDimensionType: 'DISAGGREGATION', dataDimension: true,
    categoryOptions: c.options.map(([code]) => ref('categoryOptions', code)), sharing: metadataSharing(),
  }))
  const combos: CategoryCombo[] = Object.values(CATEGORY_COMBOS).map((cc) => ({
    id: idOf('categoryCombos', cc.code), code: cc.code, name: prefixed(cc.name), dataDimensionType: 'DISAGGREGATION', skipTotal: false,
    categories: cc.categories.map((c) => ref('categories', c)), sharing: metadataSharing(),
  }))
  // DHIS2 would generate these on import with random UIDs; shipping them keeps the
  // adapter's data value sets and the indicators' export combos stable across instances.
  const optionCombos: CategoryOptionCombo[] = (Object.keys(CATEGORY_COMBOS) as DisaggregationKey[]).flatMap((key) =>
    cells(key, { caseTypeItem: '', ageAt: '' }).map((cell) => ({
      id: idOf('categoryOptionCombos', cocCode(cell.key)),
      code: cocCode(cell.key),
      name: cell.label,
      categoryCombo: ref('categoryCombos', CATEGORY_COMBOS[key].code),
      categoryOptions: cell.categoryOptions.map((co) => ref('categoryOptions', co)),
      ignoreApproval: false,
    })),
  )
  return { categoryOptions, categories, combos, optionCombos }
}

export function buildNcdaDataSet(indicatorCodes: string[]): { dataElements: DataElement[]; dataSet: DataSet } {
  const dataElements: DataElement[] = MEASURES.filter((m) => m.toNcda).flatMap((m) => {
    const variants: Array<DisaggregationKey | undefined> = m.disaggregations.length ? m.disaggregations : [undefined]
    return variants.map((d): DataElement => ({
      id: idOf('dataElements', ncdaDataElementCode(m, d)),
      code: ncdaDataElementCode(m, d),
      name: prefixed(`NCDA ${m.name}${d ? ` ${DISAGGREGATION_LABEL[d]}` : ''}`),
      shortName: prefixed(`NCDA ${m.shortName}${d ? ` ${DISAGGREGATION_LABEL[d]}` : ''}`),
      description: `${m.description} Framework indicator ${m.indicator} (7.4). Aggregate count reported to NCDA; small cells are suppressed by the adapter.`,
      valueType: 'INTEGER_ZERO_OR_POSITIVE',
      domainType: 'AGGREGATE',
      aggregationType: 'SUM',
      zeroIsSignificant: true,
      ...(d ? { categoryCombo: ref('categoryCombos', CATEGORY_COMBOS[d].code) } : {}),
      sharing: metadataSharing(),
    }))
  })
  const dataSetRef = ref('dataSets', 'CPCM_NCDA')
  return {
    dataElements,
    dataSet: {
      id: dataSetRef.id, code: 'CPCM_NCDA', name: prefixed('NCDA child protection case management'), shortName: prefixed('NCDA case management'),
      description: 'Monthly aggregate figures for the ten M&E indicators of the framework (7.4), by district. No identities.',
      periodType: 'Monthly', openFuturePeriods: 0, expiryDays: 0, timelyDays: 15,
      dataSetElements: dataElements.map((de) => ({ dataSet: dataSetRef, dataElement: { id: de.id } })),
      indicators: indicatorCodes.map((code) => ref('indicators', code)),
      organisationUnits: [],
      sharing: aggregateDataSharing(),
    },
  }
}
