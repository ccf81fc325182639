/** The `/metadata` CapabilityStatement: what this harness serves, per resource type, honestly. */
import { globalSchema } from '@medplum/core';
import type { CapabilityStatement, CapabilityStatementRestResource } from '@medplum/fhirtypes';
import { knownResourceTypes } from './definitions';

const ENGINE = '@medplum/fhir-router 4.5.2 (MemoryRepository) with the cpcm test harness';

function resourceEntry(type: string): CapabilityStatementRestResource {
  const params = Object.values(globalSchema.types[type]?.searchParams ?? {});
  return {
    type: type as CapabilityStatementRestResource['type'],
    profile: `http://hl7.org/fhir/StructureDefinition/${type}`,
    interaction: ['read', 'vread', 'update', 'patch', 'delete', 'history-instance', 'create', 'search-type'].map(
      (code) => ({ code: code as 'read' }),
    ),
    versioning: 'versioned-update',
    readHistory: true,
    updateCreate: true,
    conditionalCreate: true,
    conditionalRead: 'not-supported',
    conditionalUpdate: true,
    conditionalDelete: 'single',
    referencePolicy: ['literal', 'logical'],
    searchInclude: params.filter((p) => p.type === 'reference').map((p) => `${type}:${p.code}`),
    searchParam: params
      .filter((p) => p.code && p.type && !['_compartment', '_content', '_query'].includes(p.code))
      .map((p) => ({
        name: p.code as string,
        type: p.type as 'token',
        ...(p.url ? { definition: p.url } : {}),
      })),
  };
}

export function buildCapabilityStatement(baseUrl: string, requiresToken: boolean): CapabilityStatement {
  return {
    resourceType: 'CapabilityStatement',
    status: 'active',
    date: new Date().toISOString(),
    kind: 'instance',
    software: { name: ENGINE },
    implementation: { description: 'In-process FHIR R4 server for tests', url: baseUrl },
    fhirVersion: '4.0.1',
    format: ['application/fhir+json', 'json'],
    patchFormat: ['application/json-patch+json'],
    rest: [{
      mode: 'server',
      ...(requiresToken
        ? { security: { description: 'Every request except GET /metadata needs Authorization: Bearer <token>.' } }
        : {}),
      interaction: [{ code: 'transaction' }, { code: 'batch' }],
      resource: knownResourceTypes().sort().map(resourceEntry),
    }],
  };
}
