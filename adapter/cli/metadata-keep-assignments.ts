/**
 * Keeping what the instance owns when the package is imported again. Pure: no I/O; the command
 * reads the server's objects (assignmentQueries -> connector.getMetadata) and sends what
 * keepAssignments returns.
 *
 * Why. An update through `POST /api/metadata` replaces the stored object with the payload's
 * (DHIS2's default mergeMode=REPLACE; the package relies on it to remove stages, rules and
 * elements it no longer has). What dhis2-core does, read in its source (github.com/dhis2/dhis2-core):
 * - DefaultMergeService.merge (dhis-2/dhis-services/dhis-service-core/.../schema/DefaultMergeService.java),
 *   called by DefaultObjectBundleService.handleUpdates (dhis-service-dxf2/.../metadata/objectbundle/)
 *   with the bundle's mergeMode and skipSharing: for a collection
 *   property it skips only a source collection that is `null`; otherwise REPLACE does
 *   `target.clear(); target.addAll(source)` (MERGE would add the two together). A collection that
 *   is absent from the JSON is not null: Program.organisationUnits, DataSet.sources (JSON `organisationUnits`) and
 *   UserGroup.members (JSON `users`) are initialised to empty sets and Jackson leaves them so. So
 *   `organisationUnits: []` and no `organisationUnits` at all both empty the stored assignments.
 * - UserGroup.members is the owning side of the membership (UserGroupObjectBundleHook: "this is the
 *   import path that can mutate group membership"), so `users: []` removes every member.
 * - Sharing: `sharing` (BaseIdentifiableObject, a JSONB object, `new Sharing()` by default) is an
 *   ordinary property, so REPLACE sets the payload's; only `skipSharing=true` leaves it alone, and
 *   that would also skip the package's own sharing on objects it creates ("Skip sharing properties,
 *   does not merge sharing when doing updates, and does not add user group access when creating new
 *   objects": the import parameter table of the DHIS2 developer docs, dhis2-docs
 *   src/developer/web-api/metadata.md, which also notes "When updating objects, all property values
 *   will be overwritten even if the new values are null").
 *
 * What is kept, on the package's objects that already exist on the server:
 * - programmes' and data sets' org units, user groups' members and managed groups: the union of
 *   what the server has and what the package lists (the package lists none: they are the
 *   instance's, see metadata/README.md "After import");
 * - sharing: the entries for user groups and users that are not the package's own (the
 *   instance's district groups, say). The package still decides public and external access and the
 *   access of its own user groups: a new package version can narrow them. An owner the package does
 *   not name stays the server's.
 */
import type { Dhis2Object } from '../connectors/dhis2'

type Pkg = Record<string, unknown>
type Ref = { id: string }

/** Lists on the package's objects that the instance adds to; the package's list is a floor. */
export const INSTANCE_LISTS = [
  { key: 'programOrgUnits', collection: 'programs', property: 'organisationUnits', one: "programme's org units", many: "programmes' org units" },
  { key: 'dataSetOrgUnits', collection: 'dataSets', property: 'organisationUnits', one: "data set's org units", many: "data sets' org units" },
  { key: 'userGroupMembers', collection: 'userGroups', property: 'users', one: "user group's members", many: "user groups' members" },
  { key: 'userGroupManagedGroups', collection: 'userGroups', property: 'managedGroups', one: "user group's managed groups", many: "user groups' managed groups" },
] as const

export type KeptKey = (typeof INSTANCE_LISTS)[number]['key'] | 'sharing'
/** Per kind: on how many objects something of the server's was kept, and how many entries. */
export type Kept = Record<KeptKey, { objects: number; assignments: number }>

export const noneKept = (): Kept => ({
  programOrgUnits: { objects: 0, assignments: 0 },
  dataSetOrgUnits: { objects: 0, assignments: 0 },
  userGroupMembers: { objects: 0, assignments: 0 },
  userGroupManagedGroups: { objects: 0, assignments: 0 },
  sharing: { objects: 0, assignments: 0 },
})

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)
const listOf = (pkg: Pkg, collection: string): Dhis2Object[] => (Array.isArray(pkg[collection]) ? (pkg[collection] as unknown[]).filter(isObject) : [])
const idOf = (v: unknown): string | undefined => (isObject(v) && typeof v.id === 'string' && v.id !== '' ? v.id : undefined)
const refs = (v: unknown): Ref[] => (Array.isArray(v) ? v.map(idOf).filter((id): id is string => id !== undefined).map((id) => ({ id })) : [])

/** What to read: per collection holding instance lists or sharing, the package's ids and the fields. */
export function assignmentQueries(pkg: Pkg): Array<{ collection: string; ids: string[]; fields: string }> {
  const collections = new Set<string>([...INSTANCE_LISTS.map((l) => l.collection), ...Object.keys(pkg).filter((c) => listOf(pkg, c).some((o) => isObject(o.sharing)))])
  return [...collections]
    .map((collection) => {
      const objects = listOf(pkg, collection)
      const fields = [
        'id',
        ...INSTANCE_LISTS.filter((l) => l.collection === collection).map((l) => `${l.property}[id]`),
        ...(objects.some((o) => isObject(o.sharing)) ? ['sharing'] : []),
      ]
      return { collection, ids: objects.map(idOf).filter((id): id is string => id !== undefined), fields: fields.join(',') }
    })
    .filter((q) => q.ids.length > 0)
}

type Sharing = Record<string, unknown> & { users?: unknown; userGroups?: unknown; owner?: unknown }

/** The package's sharing plus the server's entries for groups and users that are not the package's. */
function mergeSharing(mine: Sharing | undefined, theirs: Sharing, own: { userGroups: Set<string>; users: Set<string> }): { sharing: Sharing; kept: number } {
  if (mine === undefined) {
    // The package says nothing about this object's sharing: the server's stays as it is.
    const count = (m: unknown) => (isObject(m) ? Object.keys(m).length : 0)
    return { sharing: theirs, kept: count(theirs.userGroups) + count(theirs.users) }
  }
  let kept = 0
  const merged: Sharing = { ...mine }
  for (const kind of ['userGroups', 'users'] as const) {
    const entries: Record<string, unknown> = { ...(isObject(mine[kind]) ? mine[kind] : {}) }
    for (const [id, entry] of Object.entries(isObject(theirs[kind]) ? theirs[kind] : {})) {
      if (id in entries || own[kind].has(id) || !isObject(entry) || typeof entry.access !== 'string') continue
      entries[id] = { id, access: entry.access }
      kept++
    }
    merged[kind] = entries
  }
  if (merged.owner === undefined && typeof theirs.owner === 'string') merged.owner = theirs.owner
  return { sharing: merged, kept }
}

/**
 * The package with the server's assignments added to the objects that exist there (`server`: the
 * objects read, by collection, with the fields assignmentQueries asked for). The package is not
 * changed; objects the server does not have are sent as the package has them.
 */
export function keepAssignments(pkg: Pkg, server: Record<string, readonly Dhis2Object[]>): { payload: Pkg; kept: Kept } {
  const kept = noneKept()
  const ids = (collection: string) => new Set(listOf(pkg, collection).flatMap((o) => idOf(o) ?? []))
  const own = { userGroups: ids('userGroups'), users: ids('users') }
  const payload: Pkg = { ...pkg }
  for (const [collection, stored] of Object.entries(server)) {
    const byId = new Map(stored.map((o) => [idOf(o), o] as const))
    if (!Array.isArray(pkg[collection])) continue
    payload[collection] = (pkg[collection] as unknown[]).map((object) => {
      const theirs = isObject(object) ? byId.get(idOf(object)) : undefined
      if (!isObject(object) || theirs === undefined) return object
      const next: Dhis2Object = { ...object }
      for (const list of INSTANCE_LISTS.filter((l) => l.collection === collection)) {
        const mine = refs(object[list.property])
        const listed = new Set(mine.map((r) => r.id))
        const added = refs(theirs[list.property]).filter((r) => !listed.has(r.id) && listed.add(r.id))
        if (added.length === 0 && object[list.property] === undefined && theirs[list.property] === undefined) continue
        next[list.property] = [...mine, ...added]
        if (added.length > 0) {
          kept[list.key].objects++
          kept[list.key].assignments += added.length
        }
      }
      if (isObject(theirs.sharing) && (isObject(object.sharing) || object.sharing === undefined)) {
        const { sharing, kept: entries } = mergeSharing(isObject(object.sharing) ? object.sharing : undefined, theirs.sharing, own)
        next.sharing = sharing
        if (entries > 0) {
          kept.sharing.objects++
          kept.sharing.assignments += entries
        }
      }
      return next
    })
  }
  return { payload, kept }
}

/** `Keeping the server's assignments: 2 programmes' org units (312), ...`, or undefined when nothing was kept. */
export function describeKept(kept: Kept): string | undefined {
  const kinds: Array<[Kept[KeptKey], string, string]> = [
    ...INSTANCE_LISTS.map((l): [Kept[KeptKey], string, string] => [kept[l.key], l.one, l.many]),
    [kept.sharing, "object's sharing with the instance's user groups and users", "objects' sharing with the instance's user groups and users"],
  ]
  const parts = kinds
    .filter(([k]) => k.assignments > 0)
    .map(([k, one, many]) => `${k.objects} ${k.objects === 1 ? one : many} (${k.assignments})`)
  return parts.length === 0 ? undefined : `Keeping the server's assignments: ${parts.join(', ')}`
}
