import { str } from './json'
import type { MetadataStore } from './metadataStore'
import type { TrackerStore } from './trackerStore'
import { isSuperUser, type ResolvedUser } from './types'

/**
 * Org unit scopes and program ownership, as far as emulated: users with `ALL` are unlimited;
 * others capture in their `organisationUnits` (and descendants) and search in those plus
 * `teiSearchOrganisationUnits`. Sharing (metadata read/write access) is not emulated.
 */
export function canCapture(meta: MetadataStore, user: ResolvedUser, orgUnit: string): boolean {
  return isSuperUser(user) || meta.inScope(orgUnit, user.organisationUnits)
}

export function canSearch(meta: MetadataStore, user: ResolvedUser, orgUnit: string): boolean {
  return isSuperUser(user) || meta.inScope(orgUnit, [...user.teiSearchOrganisationUnits, ...user.organisationUnits])
}

/** The owner org unit must be in capture scope (PROTECTED/CLOSED programs) or search scope (OPEN/AUDITED). */
export function hasOwnershipAccess(meta: MetadataStore, store: TrackerStore, user: ResolvedUser, trackedEntity: string, program: string): boolean {
  const owner = store.owner(trackedEntity, program)
  if (owner === undefined || isSuperUser(user)) return true
  const accessLevel = str(meta.program(program)?.accessLevel) ?? 'OPEN'
  return accessLevel === 'PROTECTED' || accessLevel === 'CLOSED' ? canCapture(meta, user, owner) : canSearch(meta, user, owner)
}
