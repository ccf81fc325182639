/** What a package contains, for people: counts by type, per programme, indicators. */
import type { MetadataPackage } from '../model/dhis2'

export interface PackageSummary {
  version: string
  dhis2Version: string
  objects: Array<[string, number]>
  programs: Array<{ name: string; stages: number; dataElements: number; rules: number; actions: number; variables: number }>
  programIndicators: { total: number; measures: number; cells: number }
  indicators: number
  ncdaDataElements: number
  categoryCombos: number
}

export function summarisePackage(pkg: MetadataPackage): PackageSummary {
  const objects = Object.entries(pkg)
    .filter((e): e is [string, unknown[]] => Array.isArray(e[1]))
    .map(([k, v]) => [k, v.length] as [string, number])
  const total = objects.reduce((n, [, c]) => n + c, 0)
  const actionsByRule = new Map(pkg.programRules.map((r) => [r.id, r.programRuleActions.length]))
  return {
    version: pkg.package.version,
    dhis2Version: pkg.package.DHIS2Version,
    objects: [...objects, ['total', total]],
    programs: pkg.programs.map((p) => {
      const rules = pkg.programRules.filter((r) => r.program.id === p.id)
      const stages = pkg.programStages.filter((s) => s.program.id === p.id)
      return {
        name: p.name,
        stages: stages.length,
        dataElements: new Set(stages.flatMap((s) => s.programStageDataElements.map((d) => d.dataElement.id))).size,
        rules: rules.length,
        actions: rules.reduce((n, r) => n + (actionsByRule.get(r.id) ?? 0), 0),
        variables: pkg.programRuleVariables.filter((v) => v.program.id === p.id).length,
      }
    }),
    programIndicators: {
      total: pkg.programIndicators.length,
      measures: pkg.programIndicators.filter((pi) => !pi.aggregateExportCategoryOptionCombo).length,
      cells: pkg.programIndicators.filter((pi) => pi.aggregateExportCategoryOptionCombo).length,
    },
    indicators: pkg.indicators.length,
    ncdaDataElements: pkg.dataElements.filter((d) => d.domainType === 'AGGREGATE').length,
    categoryCombos: pkg.categoryCombos.length,
  }
}
