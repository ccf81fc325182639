/** The pure merge of the server's assignments into the package (no server here; the command's test has one). */
import { buildPackage, serialisePackage } from '../../metadata/build/package'
import { assignmentQueries, describeKept, keepAssignments, noneKept } from './metadata-keep-assignments'

type Obj = Record<string, unknown> & { id: string }
const PROGRAM = 'prgCase0001'
const DATA_SET = 'dsNcda00001'
const GROUP = 'ugCpcmAdm01'
const OTHER_GROUP = 'ugCpcmCap01'
const sharing = (userGroups: Record<string, string>, extra: Record<string, unknown> = {}) => ({
  external: false,
  public: '--------',
  users: {},
  userGroups: Object.fromEntries(Object.entries(userGroups).map(([id, access]) => [id, { id, access }])),
  ...extra,
})

/** A package shaped like ours: instance lists empty, sharing for the package's own groups. */
const pkg = () => ({
  package: { code: 'CPCM', version: '0.2.0' },
  userGroups: [
    { id: GROUP, name: 'CPCM admin', users: [], managedGroups: [], sharing: sharing({ [GROUP]: 'rw------' }) },
    { id: OTHER_GROUP, name: 'CPCM data capture', users: [], managedGroups: [], sharing: sharing({ [GROUP]: 'rw------' }) },
  ],
  programs: [
    { id: PROGRAM, name: 'Case (new name)', organisationUnits: [], sharing: sharing({ [GROUP]: 'rwrw----', [OTHER_GROUP]: 'r-rw----' }) },
    { id: 'prgNew00001', name: 'Not on the server yet', organisationUnits: [], sharing: sharing({ [GROUP]: 'rwrw----' }) },
  ],
  dataSets: [{ id: DATA_SET, name: 'NCDA', organisationUnits: [{ id: 'ouPackage01' }], sharing: sharing({ [GROUP]: 'rwrw----' }) }],
  options: [{ id: 'opYes000001', code: 'YES', name: 'Yes' }],
})

const server = () => ({
  programs: [
    {
      id: PROGRAM,
      organisationUnits: [{ id: 'ouGasabo001' }, { id: 'ouKicukiro1' }],
      sharing: sharing(
        { [GROUP]: 'rwrw----', [OTHER_GROUP]: 'rwrw----', ugDistrict1: 'r-rw----' },
        { owner: 'usrAdmin001', public: 'r-------', users: { usrVolunt01: { id: 'usrVolunt01', access: 'r-r-----', displayName: 'A volunteer' } } },
      ),
    },
  ],
  dataSets: [{ id: DATA_SET, organisationUnits: [{ id: 'ouGasabo001' }, { id: 'ouPackage01' }], sharing: sharing({ [GROUP]: 'rwrw----' }) }],
  userGroups: [
    { id: GROUP, users: [{ id: 'usrAdmin001' }], managedGroups: [{ id: OTHER_GROUP }], sharing: sharing({ [GROUP]: 'rw------' }) },
    { id: OTHER_GROUP, users: [{ id: 'usrCpwo0001' }, { id: 'usrCpwo0002' }, { id: 'usrCpwo0001' }], managedGroups: [], sharing: sharing({ [GROUP]: 'rw------' }) },
  ],
})

const find = (payload: Record<string, unknown>, collection: string, id: string) => (payload[collection] as Obj[]).find((o) => o.id === id)!

describe('assignmentQueries', () => {
  it('asks, per collection with instance lists or sharing, for the package ids and only the fields it merges', () => {
    expect(assignmentQueries(pkg())).toEqual([
      { collection: 'programs', ids: [PROGRAM, 'prgNew00001'], fields: 'id,organisationUnits[id],sharing' },
      { collection: 'dataSets', ids: [DATA_SET], fields: 'id,organisationUnits[id],sharing' },
      { collection: 'userGroups', ids: [GROUP, OTHER_GROUP], fields: 'id,users[id],managedGroups[id],sharing' },
    ])
  })

  it('for the real package: every collection that carries sharing, nothing for those that do not', () => {
    const real = JSON.parse(serialisePackage(buildPackage())) as Record<string, Obj[]>
    const queries = assignmentQueries(real)
    const byCollection = new Map(queries.map((q) => [q.collection, q]))
    expect(byCollection.get('programs')).toMatchObject({ fields: 'id,organisationUnits[id],sharing', ids: real.programs!.map((p) => p.id) })
    expect(byCollection.get('dataSets')?.fields).toBe('id,organisationUnits[id],sharing')
    expect(byCollection.get('userGroups')?.fields).toBe('id,users[id],managedGroups[id],sharing')
    expect(byCollection.get('dataElements')?.fields).toBe('id,sharing')
    for (const collection of ['options', 'programRules', 'programRuleActions', 'categoryOptionCombos']) expect(byCollection.has(collection)).toBe(false)
    const shared = Object.entries(real).filter(([, list]) => Array.isArray(list) && list.some((o) => o.sharing !== undefined)).map(([c]) => c)
    expect([...byCollection.keys()].sort()).toEqual([...new Set([...shared, 'programs', 'dataSets', 'userGroups'])].sort())
  })
})

describe('keepAssignments', () => {
  it("adds the server's org units, members and managed groups to the package's lists, package first, no duplicates", () => {
    const { payload, kept } = keepAssignments(pkg(), server())
    expect(find(payload, 'programs', PROGRAM).organisationUnits).toEqual([{ id: 'ouGasabo001' }, { id: 'ouKicukiro1' }])
    expect(find(payload, 'dataSets', DATA_SET).organisationUnits).toEqual([{ id: 'ouPackage01' }, { id: 'ouGasabo001' }])
    expect(find(payload, 'userGroups', GROUP)).toMatchObject({ users: [{ id: 'usrAdmin001' }], managedGroups: [{ id: OTHER_GROUP }] })
    expect(find(payload, 'userGroups', OTHER_GROUP)).toMatchObject({ users: [{ id: 'usrCpwo0001' }, { id: 'usrCpwo0002' }], managedGroups: [] })
    // Everything else is the package's: the update still happens.
    expect(find(payload, 'programs', PROGRAM).name).toBe('Case (new name)')
    expect(kept).toEqual({
      programOrgUnits: { objects: 1, assignments: 2 },
      dataSetOrgUnits: { objects: 1, assignments: 1 },
      userGroupMembers: { objects: 2, assignments: 3 },
      userGroupManagedGroups: { objects: 1, assignments: 1 },
      sharing: { objects: 1, assignments: 2 },
    })
  })

  it('without the merge the payload would carry empty lists: the very thing that wipes them (mergeMode REPLACE)', () => {
    const { payload } = keepAssignments(pkg(), {})
    expect(payload).toEqual(pkg())
    expect(find(payload, 'programs', PROGRAM).organisationUnits).toEqual([])
  })

  it("keeps sharing with the instance's groups and users; the package decides public access and its own groups", () => {
    const { payload } = keepAssignments(pkg(), server())
    expect(find(payload, 'programs', PROGRAM).sharing).toEqual({
      external: false,
      public: '--------', // the package's: case data is never public, whatever the server had
      owner: 'usrAdmin001', // the package names no owner: the server's stays
      users: { usrVolunt01: { id: 'usrVolunt01', access: 'r-r-----' } },
      userGroups: {
        [GROUP]: { id: GROUP, access: 'rwrw----' },
        [OTHER_GROUP]: { id: OTHER_GROUP, access: 'r-rw----' }, // the package's access, not the server's rwrw----
        ugDistrict1: { id: 'ugDistrict1', access: 'r-rw----' },
      },
    })
  })

  it("does not keep a package group's access that a new package version no longer gives", () => {
    const narrower = pkg()
    narrower.programs[0]!.sharing = sharing({ [GROUP]: 'rwrw----' })
    const { payload } = keepAssignments(narrower, server())
    expect((find(payload, 'programs', PROGRAM).sharing as { userGroups: object }).userGroups).toEqual({
      [GROUP]: { id: GROUP, access: 'rwrw----' },
      ugDistrict1: { id: 'ugDistrict1', access: 'r-rw----' },
    })
  })

  it("keeps the server's sharing and lists when the package object has none at all (absent is emptied too)", () => {
    const bare = pkg()
    delete (bare.programs[0] as Record<string, unknown>).sharing
    delete (bare.programs[0] as Record<string, unknown>).organisationUnits
    const { payload, kept } = keepAssignments(bare, server())
    const program = find(payload, 'programs', PROGRAM)
    expect(program.sharing).toEqual(server().programs[0]!.sharing)
    expect(program.organisationUnits).toEqual([{ id: 'ouGasabo001' }, { id: 'ouKicukiro1' }])
    expect(kept.sharing).toEqual({ objects: 1, assignments: 4 })
  })

  it('leaves objects the server does not have, and the package itself, untouched', () => {
    const original = pkg()
    const before = JSON.stringify(original)
    const { payload } = keepAssignments(original, server())
    expect(JSON.stringify(original)).toBe(before)
    expect(find(payload, 'programs', 'prgNew00001')).toBe(original.programs[1])
    expect(payload.options).toBe(original.options)
    expect(payload.package).toBe(original.package)
  })

  it('ignores malformed server entries rather than sending them', () => {
    const odd = server()
    ;(odd.programs[0] as Record<string, unknown>).organisationUnits = [{ id: 'ouGasabo001' }, { name: 'no id' }, 'ouBare00001']
    ;(odd.programs[0]!.sharing.userGroups as Record<string, unknown>).ugNoAccess1 = { id: 'ugNoAccess1' }
    const { payload } = keepAssignments(pkg(), odd)
    expect(find(payload, 'programs', PROGRAM).organisationUnits).toEqual([{ id: 'ouGasabo001' }])
    expect((find(payload, 'programs', PROGRAM).sharing as { userGroups: object }).userGroups).not.toHaveProperty('ugNoAccess1')
  })
})

describe('describeKept', () => {
  it('one line naming what was kept, singular and plural; nothing when nothing was', () => {
    expect(describeKept(keepAssignments(pkg(), server()).kept)).toBe(
      "Keeping the server's assignments: 1 programme's org units (2), 1 data set's org units (1), 2 user groups' members (3), 1 user group's managed groups (1), 1 object's sharing with the instance's user groups and users (2)",
    )
    expect(describeKept({ ...noneKept(), programOrgUnits: { objects: 2, assignments: 312 }, userGroupMembers: { objects: 3, assignments: 41 } })).toBe(
      "Keeping the server's assignments: 2 programmes' org units (312), 3 user groups' members (41)",
    )
    expect(describeKept(noneKept())).toBeUndefined()
  })
})
