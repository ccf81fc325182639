/**
 * With moduleResolution "bundler", TypeScript resolves '@dhis2/rule-engine' to its
 * .mjs through package.json "exports", which names no types, so the package's own
 * rule-engine.d.ts is never found (TS7016). That .d.ts also matches neither the
 * CommonJS shape ({ org }) nor the ESM one exactly. engineModule.ts describes the
 * members it uses itself, so the module is declared untyped here.
 */
declare module '@dhis2/rule-engine'
