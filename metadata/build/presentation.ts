/** Visualizations and dashboards. */
import type { DashboardDef, VisualizationDef } from '../model/defs'
import type { Dashboard, Visualization } from '../model/dhis2'
import { idOf, prefixed, ref } from './refs'
import { metadataSharing } from './sharing'

export function buildVisualization(def: VisualizationDef): Visualization {
  return {
    id: idOf('visualizations', def.code),
    code: def.code,
    name: prefixed(def.name),
    description: def.description,
    type: def.type,
    dataDimensionItems: def.data.map((item) =>
      'programIndicator' in item
        ? { dataDimensionItemType: 'PROGRAM_INDICATOR' as const, programIndicator: ref('programIndicators', item.programIndicator) }
        : { dataDimensionItemType: 'INDICATOR' as const, indicator: ref('indicators', item.indicator) },
    ),
    columns: def.columns.map((id) => ({ id })),
    rows: def.rows.map((id) => ({ id })),
    filters: def.filters.map((id) => ({ id })),
    columnDimensions: [...def.columns],
    rowDimensions: [...def.rows],
    filterDimensions: [...def.filters],
    relativePeriods: Object.fromEntries(def.relativePeriods.map((p) => [p, true])),
    // The viewer's own org unit and, where asked, its districts: each user sees their jurisdiction.
    userOrganisationUnit: true,
    organisationUnitLevels: def.organisationUnitLevels,
    sharing: metadataSharing(),
  }
}

export function buildDashboard(def: DashboardDef): Dashboard {
  return {
    id: idOf('dashboards', def.code),
    code: def.code,
    name: prefixed(def.name),
    description: def.description,
    dashboardItems: def.items.map((item, i) => ({
      id: idOf('dashboardItems', `${def.code}:${i}`),
      x: (i % 2) * 29,
      y: Math.floor(i / 2) * 20,
      width: 29,
      height: 20,
      ...('visualization' in item
        ? { type: 'VISUALIZATION' as const, visualization: ref('visualizations', item.visualization) }
        : { type: 'TEXT' as const, text: item.text }),
    })),
    sharing: metadataSharing(),
  }
}
