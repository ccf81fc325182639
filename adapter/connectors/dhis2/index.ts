/** DHIS2 Web API connector: system info, metadata and tracker imports, tracker exports, aggregate data. */
export { createDhis2Connector, DEFAULT_PAGE_SIZE, type Dhis2Connector } from './connector'
export { TrackerImportError } from './failure'
export { DEFAULT_TOLERANCE_SECONDS } from './trackerExport'
export { DEFAULT_JOB_POLLING } from './trackerImport'
export { subtractSeconds } from './timestamps'
export type * from './types'
