/** The app's domain: pure functions over cases, by metadata code, no I/O and no React. */
export * from './dates'
export * from './caseSnapshot'
export * from './steps'
export * from './deadlines'
export * from './worklist'
export * from './screening'
