/** Table 5: Rwanda's administrative levels, as DHIS2 organisation unit levels. */
export const ORG_UNIT_LEVELS = [
  { level: 1, code: 'CPCM_LEVEL_COUNTRY', name: 'Country' },
  { level: 2, code: 'CPCM_LEVEL_PROVINCE', name: 'Province' },
  { level: 3, code: 'CPCM_LEVEL_DISTRICT', name: 'District' },
  { level: 4, code: 'CPCM_LEVEL_SECTOR', name: 'Sector' },
  { level: 5, code: 'CPCM_LEVEL_CELL', name: 'Cell' },
  { level: 6, code: 'CPCM_LEVEL_VILLAGE', name: 'Village' },
] as const

export const DISTRICT_LEVEL = 3
