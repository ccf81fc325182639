/**
 * Medplum's MemoryRepository with what a production server adds and the memory store lacks:
 * - every write (create, update, conditional writes, patch results, transaction/batch entries) is
 *   validated first, so nothing invalid is stored;
 * - transactions are atomic: `withTransaction` snapshots the store and restores it if anything throws
 *   (the memory repository just runs the callback, so a failing entry left earlier entries written);
 * - deleted resources answer 410 Gone instead of 404;
 * - history is read without reversing the stored version list in place (MemoryRepository.readHistory
 *   does `.reverse()` on its own array, so every second call returned the wrong order);
 * - optional referential integrity ('strict'), checked when the outermost transaction ends so
 *   entries may reference each other in any order;
 * - searches by `_id` or by `identifier=system|value` (what every conditional write does) look only
 *   at the resources that can match, as a server's index would (the memory store evaluated FHIRPath
 *   on every resource of the type, which made each conditional write O(store size)), and match
 *   identifier values exactly, case included (see narrow()).
 * Callers must not run two requests at once (the engine serialises them) or a rollback would undo both.
 */
import { Operator, OperationOutcomeError, deepClone, gone, matchesSearchRequest } from '@medplum/core';
import type { SearchRequest, WithId } from '@medplum/core';
import type { CreateResourceOptions } from '@medplum/fhir-router';
import { MemoryRepository } from '@medplum/fhir-router';
import type { Bundle, Resource } from '@medplum/fhirtypes';
import { badInput } from './outcomes';
import { classifyReference, collectReferences } from './references';
import { assertValidResource } from './validation';

export type ReferencePolicy = 'lenient' | 'strict';

export interface HarnessRepositoryOptions {
  references: ReferencePolicy;
  /** Absolute base URL of the server, to recognise absolute references to itself. */
  baseUrl: () => string;
}

/** MemoryRepository's private fields (plain properties at run time). */
interface Internals {
  resources: Map<string, Map<string, Resource>>;
  history: Map<string, Map<string, Resource[]>>;
}

interface Snapshot {
  resources: Map<string, Map<string, Resource>>;
  history: Map<string, Map<string, Resource[]>>;
  deleted: Set<string>;
}

export class HarnessRepository extends MemoryRepository {
  private depth = 0;
  private pendingReferenceChecks: Resource[] = [];
  private readonly deleted = new Set<string>();

  constructor(private readonly options: HarnessRepositoryOptions) {
    super();
  }

  private get internals(): Internals {
    return this as unknown as Internals;
  }

  override async createResource<T extends Resource>(resource: T, _options?: CreateResourceOptions): Promise<WithId<T>> {
    assertValidResource(resource);
    if (this.options.references === 'strict' && resource.resourceType !== 'Bundle') {
      if (this.depth > 0) this.pendingReferenceChecks.push(structuredClone(resource));
      else this.checkReferences(resource);
    }
    const result = await super.createResource(resource);
    this.deleted.delete(`${result.resourceType}/${result.id}`);
    return result;
  }

  override async readResource<T extends Resource>(resourceType: string, id: string): Promise<T> {
    if (this.deleted.has(`${resourceType}/${id}`)) throw new OperationOutcomeError(gone);
    return super.readResource<T>(resourceType, id);
  }

  override async deleteResource(resourceType: string, id: string): Promise<void> {
    await super.deleteResource(resourceType, id);
    this.deleted.add(`${resourceType}/${id}`);
  }

  override async readHistory<T extends Resource>(resourceType: string, id: string): Promise<Bundle<T>> {
    await this.readResource(resourceType, id);
    const versions = [...(this.internals.history.get(resourceType)?.get(id) ?? [])].reverse();
    return {
      resourceType: 'Bundle',
      type: 'history',
      ...(versions.length ? { entry: versions.map((v) => ({ resource: structuredClone(v) as T })) } : {}),
    };
  }

  override async search<T extends Resource>(request: SearchRequest<T>): Promise<Bundle<WithId<T>>> {
    const narrowed = request.sortRules?.length ? undefined : this.narrow(request);
    if (!narrowed) return super.search(request);
    // Medplum's own matcher decides every other filter.
    const rest = { ...request, filters: narrowed.otherFilters };
    const matches = narrowed.candidates.filter((r) => matchesSearchRequest(r, rest)) as WithId<T>[];
    let entries = matches.map((r) => ({ resource: deepClone(r) }));
    if (request.offset !== undefined) entries = entries.slice(request.offset);
    if (request.count !== undefined) entries = entries.slice(0, request.count);
    return { resourceType: 'Bundle', type: 'searchset', ...(entries.length ? { entry: entries } : {}), total: matches.length };
  }

  /**
   * The resources an `_id` or `identifier=system|value` filter selects, and the filters left to apply.
   * Identifier values match exactly, as on HAPI: Medplum's matcher ignores case, and DHIS2 UIDs that
   * differ only in case would then overwrite each other's resources in a conditional update.
   */
  private narrow(request: SearchRequest): { candidates: Resource[]; otherFilters: SearchRequest['filters'] } | undefined {
    const byId = this.internals.resources.get(request.resourceType) ?? new Map<string, Resource>();
    const filters = request.filters ?? [];
    for (const filter of filters) {
      if (filter.operator !== Operator.EQUALS || filter.value.includes(',')) continue;
      const otherFilters = filters.filter((f) => f !== filter);
      if (filter.code === '_id') {
        const found = byId.get(filter.value);
        return { candidates: found ? [found] : [], otherFilters };
      }
      const bar = filter.value.indexOf('|');
      if (filter.code !== 'identifier' || bar <= 0 || bar === filter.value.length - 1) continue;
      const system = filter.value.slice(0, bar);
      const value = filter.value.slice(bar + 1);
      const candidates = [...byId.values()].filter((r) =>
        ([] as Array<{ system?: string; value?: string }>)
          .concat((r as { identifier?: [] }).identifier ?? [])
          .some((id) => id.system === system && id.value === value));
      return { candidates, otherFilters };
    }
    return undefined;
  }

  override async withTransaction<R>(callback: (client: undefined) => Promise<R>): Promise<R> {
    if (this.depth > 0) {
      this.depth++;
      try {
        return await callback(undefined);
      } finally {
        this.depth--;
      }
    }
    const snapshot = this.snapshot();
    this.depth = 1;
    this.pendingReferenceChecks = [];
    try {
      const result = await callback(undefined);
      for (const resource of this.pendingReferenceChecks) this.checkReferences(resource);
      return result;
    } catch (err) {
      this.restore(snapshot);
      throw err;
    } finally {
      this.depth = 0;
      this.pendingReferenceChecks = [];
    }
  }

  override clear(): void {
    super.clear();
    this.deleted.clear();
  }

  private exists(resourceType: string, id: string): boolean {
    return Boolean(this.internals.resources.get(resourceType)?.has(id));
  }

  private checkReferences(resource: Resource): void {
    for (const use of collectReferences(resource, resource.resourceType)) {
      const target = classifyReference(use.reference, this.options.baseUrl());
      if (target.kind === 'accepted') continue;
      if (target.kind === 'unresolvable') {
        throw badInput(`Reference "${use.reference}" cannot be resolved: ${target.why}`, use.path);
      }
      // A reference may name the resource being written (its id is assigned before validation).
      const self = target.resourceType === resource.resourceType && target.id === resource.id;
      if (!self && !this.exists(target.resourceType, target.id)) {
        throw badInput(`Reference "${use.reference}" does not resolve: ${target.resourceType}/${target.id} not found`, use.path);
      }
    }
  }

  private snapshot(): Snapshot {
    const { resources, history } = this.internals;
    return {
      resources: new Map([...resources].map(([type, byId]) => [type, new Map(byId)])),
      history: new Map([...history].map(([type, byId]) => [type, new Map([...byId].map(([id, v]) => [id, [...v]]))])),
      deleted: new Set(this.deleted),
    };
  }

  private restore(snapshot: Snapshot): void {
    const { resources, history } = this.internals;
    resources.clear();
    history.clear();
    for (const [k, v] of snapshot.resources) resources.set(k, v);
    for (const [k, v] of snapshot.history) history.set(k, v);
    this.deleted.clear();
    for (const key of snapshot.deleted) this.deleted.add(key);
  }
}
