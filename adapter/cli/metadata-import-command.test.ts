/**
 * `cpcm metadata import`, in process through main() against the DHIS2 emulator served over real
 * HTTP: dry run, import, re-import, refusals before anything is sent, the server's error reports,
 * and the exit codes for settings, versions and an unreachable server.
 */
import { mkdtempSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { buildPackage, serialisePackage } from '../../metadata/build/package'
import { createDhis2Emulator, type Dhis2Emulator, type Dhis2Version } from '../../tests/emulators/dhis2'
import { serve, type ServedEmulator, TOKEN, USERS } from '../connectors/dhis2/testing'
import { main } from './main'
import { compareVersions, type ImportSummary, parseDhis2Version } from './metadata-import-command'
import type { Output } from './output'

type Pkg = Record<string, unknown> & { package: Record<string, unknown> }
const freshPackage = (): Pkg => JSON.parse(serialisePackage(buildPackage())) as Pkg
const PACKAGE = freshPackage()
const COLLECTIONS = Object.entries(PACKAGE).filter((e): e is [string, Array<{ id: string; code?: string }>] => Array.isArray(e[1]))
const OBJECTS = COLLECTIONS.reduce((n, [, list]) => n + list.length, 0)

const dir = mkdtempSync(join(tmpdir(), 'cpcm-metadata-import-'))
const writePackage = (name: string, pkg: unknown) => {
  const file = join(dir, name)
  writeFileSync(file, typeof pkg === 'string' ? pkg : JSON.stringify(pkg))
  return file
}

async function run(...args: string[]) {
  const out: string[] = []
  const err: string[] = []
  const output: Output = { line: (t = '') => out.push(t), error: (t) => err.push(t) }
  const code = await main(['node', 'cpcm', 'metadata', 'import', ...args], output)
  return { code, out: out.join('\n'), err, errText: err.join('\n'), last: err[err.length - 1] ?? '' }
}

/** Objects of the package's collections the emulator holds (its default category objects included). */
const storedCount = (e: Dhis2Emulator) => COLLECTIONS.reduce((n, [c]) => n + e.metadata.list(c).length, 0)
const packageObjectsStored = (e: Dhis2Emulator) => COLLECTIONS.reduce((n, [c, list]) => n + list.filter((o) => e.metadata.has(c, o.id)).length, 0)
const metadataPosts = (s: ServedEmulator) => s.requests.filter((r) => r.method === 'POST' && /\/api\/metadata$/.test(r.url.pathname))

/** The emulator, answering `/api/system/info` with another version (it emulates 2.40 to 2.42 only). */
function reportingVersion(emulator: Dhis2Emulator, version: string): Dhis2Emulator {
  return {
    ...emulator,
    handle: async (request) => {
      const response = await emulator.handle(request)
      if (!request.url.pathname.endsWith('/system/info') || response.status !== 200) return response
      return { ...response, body: { ...(response.body as object), version } }
    },
  }
}

// Settings come from the environment: each test sees only what it sets.
const saved = { ...process.env }
let served: ServedEmulator | undefined
async function start(emulator: Dhis2Emulator | Dhis2Version = '2.41') {
  served = await serve(typeof emulator === 'string' ? createDhis2Emulator({ version: emulator, users: USERS }) : emulator)
  process.env.DHIS2_URL = served.baseUrl
  process.env.DHIS2_TOKEN = TOKEN
  return served
}
beforeEach(() => {
  for (const key of Object.keys(process.env)) if (/^(DHIS2_|CPCM_|PRIMERO_|FHIR_|DATABASE_URL$)/.test(key)) delete process.env[key]
})
afterEach(async () => {
  await served?.stop()
  served = undefined
  for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key]
  Object.assign(process.env, saved)
})

/** A table row: the type, its count in the package, then created, updated, deleted, ignored. */
const row = (type: string, ...numbers: number[]) => new RegExp(`^  ${type}\\s+${numbers.join('\\s+')}$`, 'm')

describe('cpcm metadata import --dry-run', () => {
  it('reports what an import would create, per type and in total, and the server holds nothing afterwards', async () => {
    const { emulator } = await start()
    const before = storedCount(emulator)
    const r = await run('--dry-run')
    expect(r.code).toBe(0)
    for (const [type, list] of COLLECTIONS) expect(r.out).toMatch(row(type, list.length, list.length, 0, 0, 0))
    expect(r.out).toMatch(row('total', OBJECTS, OBJECTS, 0, 0, 0))
    expect(r.out).toMatch(/dry run \(importMode=VALIDATE\), nothing was written/)
    expect(r.out).toMatch(new RegExp(`Status: OK: ${OBJECTS} would be created, 0 would be updated`))
    expect(storedCount(emulator)).toBe(before)
    expect(packageObjectsStored(emulator)).toBe(0)
    const posts = metadataPosts(served!)
    expect(posts).toHaveLength(1)
    const query = posts[0]!.url.searchParams
    expect([query.get('importMode'), query.get('importStrategy'), query.get('atomicMode')]).toEqual(['VALIDATE', 'CREATE_AND_UPDATE', 'ALL'])
  })

  it('after an import, says every object would be updated', async () => {
    const { emulator } = await start('2.40')
    expect((await run()).code).toBe(0)
    const r = await run('--dry-run', '--json')
    expect(r.code).toBe(0)
    const summary = JSON.parse(r.out) as ImportSummary
    expect(summary).toMatchObject({ dryRun: true, status: 'OK', totals: { created: 0, updated: OBJECTS, ignored: 0 }, errors: [] })
    expect(packageObjectsStored(emulator)).toBe(OBJECTS)
  })
})

describe('cpcm metadata import', () => {
  it.each(['2.40', '2.41', '2.42'] as const)('creates every object of a fresh build on DHIS2 %s', async (version) => {
    const { emulator } = await start(version)
    const before = storedCount(emulator)
    const r = await run()
    expect(r.code).toBe(0)
    expect(storedCount(emulator) - before).toBe(OBJECTS)
    expect(packageObjectsStored(emulator)).toBe(OBJECTS)
    expect(r.out).toMatch(row('total', OBJECTS, OBJECTS, 0, 0, 0))
    expect(r.out).toMatch(new RegExp(`Status: OK: ${OBJECTS} created, 0 updated, 0 deleted, 0 ignored`))
    const query = metadataPosts(served!)[0]!.url.searchParams
    expect([query.get('importMode'), query.get('importStrategy'), query.get('atomicMode')]).toEqual(['COMMIT', 'CREATE_AND_UPDATE', 'ALL'])
    // Progress went to stderr, the summary to stdout.
    expect(r.errText).toMatch(new RegExp(`sending ${OBJECTS} objects \\(importMode=COMMIT\\)`))
    expect(r.out).not.toMatch(/sending/)
  })

  it('imports a package file; a second import creates nothing (idempotent), --json', async () => {
    const { emulator } = await start()
    const file = writePackage('package.json', PACKAGE)
    expect((await run('--file', file)).code).toBe(0)
    const after = storedCount(emulator)
    const r = await run('--file', file, '--json')
    expect(r.code).toBe(0)
    const summary = JSON.parse(r.out) as ImportSummary
    expect(summary).toMatchObject({ dryRun: false, status: 'OK', server: { version: '2.41.0' }, package: { code: 'CPCM', dhis2Version: '2.40', objects: OBJECTS }, errors: [] })
    expect(summary.totals.created).toBe(0)
    expect(summary.totals.updated + summary.totals.ignored).toBe(OBJECTS)
    for (const t of summary.types) expect(t).toMatchObject({ created: 0, objects: t.updated + t.ignored })
    expect(summary.types.map((t) => t.type)).toEqual(COLLECTIONS.map(([c]) => c))
    expect(storedCount(emulator)).toBe(after)
  })

  it('lists the server\'s error reports naming type, uid and object, writes nothing and exits 2', async () => {
    // The instance already has a data element with one of the package's codes, under another UID.
    const clash = (PACKAGE.dataElements as Array<{ id: string; code: string }>)[5]!
    const emulator = createDhis2Emulator({ version: '2.41', users: USERS })
    const seeded = emulator.importMetadata({
      dataElements: [{ id: 'deLocal0001', code: clash.code, name: 'Local element', shortName: 'Local', valueType: 'TEXT', domainType: 'TRACKER', aggregationType: 'NONE' }],
    })
    expect(seeded.httpStatus).toBe(200)
    await start(emulator)
    for (const args of [['--dry-run'], []]) {
      const r = await run(...args)
      expect(r.code).toBe(2)
      const errorLine = r.out.split('\n').find((l) => l.includes('E5003'))
      expect(errorLine).toMatch(new RegExp(`^  dataElements ${clash.id} \\(${clash.code}\\): E5003 \\[code\\] .*${clash.code}`))
      expect(r.out).toMatch(/^Errors \(1\)$/m)
      expect(r.out).toMatch(/Status: ERROR: the server refused the package; nothing was written/)
      expect(r.out).toMatch(row('total', OBJECTS, 0, 0, 0, OBJECTS))
      expect(r.last).toBe('cpcm: DHIS2 reported 1 error(s) (status ERROR); nothing was written: see the summary')
      expect(r.errText).not.toMatch(/\n\s+at /)
    }
    expect(packageObjectsStored(emulator)).toBe(0)

    const json = await run('--json')
    expect(json.code).toBe(2)
    expect((JSON.parse(json.out) as ImportSummary).errors).toEqual([
      expect.objectContaining({ type: 'dataElements', uid: clash.id, object: clash.code, errorCode: 'E5003', property: 'code' }),
    ])
  })
})

describe('re-importing into a configured server', () => {
  type Ref = { id: string }
  type Stored = Record<string, unknown> & { organisationUnits?: Ref[]; users?: Ref[]; sharing?: { userGroups: Record<string, { access: string }> } }
  const [caseProgramme, incidentProgramme] = PACKAGE.programs as Array<{ id: string }>
  const ncda = (PACKAGE.dataSets as Array<{ id: string }>)[0]!
  const capture = (PACKAGE.userGroups as Array<{ id: string; code: string }>).find((g) => g.code === 'CPCM_DATA_CAPTURE')!
  const ou = (id: string, name: string, parent?: string) => ({ id, name, shortName: name, openingDate: '1970-01-01', ...(parent ? { parent: { id: parent } } : {}) })
  const DISTRICT_TEAM = 'ugGasabo001'
  const stored = (e: Dhis2Emulator, collection: string, id: string) => e.metadata.get(collection, id) as Stored
  const ids = (refs: Ref[] | undefined) => (refs ?? []).map((r) => r.id).sort()

  /** What an administrator does after the first import: org units, members, a district team's access. */
  function configure(e: Dhis2Emulator) {
    const seeded = e.importMetadata({
      organisationUnits: [ou('ouRwanda001', 'Rwanda'), ou('ouGasabo001', 'Gasabo', 'ouRwanda001'), ou('ouKicukir01', 'Kicukiro', 'ouRwanda001'), ou('ouNyarugen1', 'Nyarugenge', 'ouRwanda001')],
      userGroups: [{ id: DISTRICT_TEAM, name: 'Gasabo district team' }],
    })
    expect(seeded.httpStatus).toBe(200)
    const assign = (collection: string, id: string, change: (o: Stored) => Partial<Stored>) => {
      const object = stored(e, collection, id)
      e.metadata.put(collection, { ...object, ...change(object) })
    }
    assign('programs', caseProgramme!.id, (p) => ({
      organisationUnits: [{ id: 'ouGasabo001' }, { id: 'ouKicukir01' }],
      sharing: { ...p.sharing!, userGroups: { ...p.sharing!.userGroups, [DISTRICT_TEAM]: { id: DISTRICT_TEAM, access: 'r-rw----' } } } as Stored['sharing'],
    }))
    assign('programs', incidentProgramme!.id, () => ({ organisationUnits: [{ id: 'ouGasabo001' }] }))
    assign('dataSets', ncda.id, () => ({ organisationUnits: [{ id: 'ouGasabo001' }, { id: 'ouKicukir01' }, { id: 'ouNyarugen1' }] }))
    assign('userGroups', capture.id, () => ({ users: e.users.map((u) => ({ id: u.uid })) }))
  }
  const KEEPING =
    "Keeping the server's assignments: 2 programmes' org units (3), 1 data set's org units (3), 1 user group's members (2), 1 object's sharing with the instance's user groups and users (1)"

  function expectAssignmentsKept(e: Dhis2Emulator) {
    expect(ids(stored(e, 'programs', caseProgramme!.id).organisationUnits)).toEqual(['ouGasabo001', 'ouKicukir01'])
    expect(ids(stored(e, 'programs', incidentProgramme!.id).organisationUnits)).toEqual(['ouGasabo001'])
    expect(ids(stored(e, 'dataSets', ncda.id).organisationUnits)).toEqual(['ouGasabo001', 'ouKicukir01', 'ouNyarugen1'])
    expect(ids(stored(e, 'userGroups', capture.id).users)).toEqual(e.users.map((u) => u.uid).sort())
    expect(stored(e, 'programs', caseProgramme!.id).sharing!.userGroups[DISTRICT_TEAM]).toEqual({ id: DISTRICT_TEAM, access: 'r-rw----' })
  }

  it("a new package version updates the objects and keeps the org units, members and sharing assigned since", async () => {
    const { emulator } = await start()
    const first = await run()
    expect(first.code).toBe(0)
    expect(first.errText).not.toMatch(/Keeping/)
    configure(emulator)

    const next = freshPackage()
    next.package.version = '0.2.0'
    ;(next.programs as Array<{ id: string; description?: string }>)[0]!.description = 'Changed in version 0.2.0'
    const r = await run('--file', writePackage('next.json', next), '--json')
    expect(r.code).toBe(0)
    expect(r.err).toContain(KEEPING)
    const summary = JSON.parse(r.out) as ImportSummary
    expect(summary.kept).toEqual({
      programOrgUnits: { objects: 2, assignments: 3 },
      dataSetOrgUnits: { objects: 1, assignments: 3 },
      userGroupMembers: { objects: 1, assignments: 2 },
      userGroupManagedGroups: { objects: 0, assignments: 0 },
      sharing: { objects: 1, assignments: 1 },
    })
    expect(summary.totals).toMatchObject({ created: 0, updated: OBJECTS })
    // Updated: the package's change is there; kept: the instance's assignments are too.
    expect(stored(emulator, 'programs', caseProgramme!.id).description).toBe('Changed in version 0.2.0')
    expectAssignmentsKept(emulator)
    // The package still decides its own groups' access.
    const packageSharing = (next.programs as Array<{ id: string; sharing: Stored['sharing'] }>)[0]!.sharing!.userGroups
    for (const [group, entry] of Object.entries(packageSharing)) expect(stored(emulator, 'programs', caseProgramme!.id).sharing!.userGroups[group]).toEqual(entry)

    // The reads before the import: one GET per collection, every URL short.
    const reads = served!.requests.filter((q) => q.method === 'GET' && !q.url.pathname.endsWith('/system/info'))
    expect(reads.length).toBeGreaterThan(0)
    for (const q of reads) {
      expect(q.url.searchParams.get('paging')).toBe('false')
      expect(q.url.searchParams.get('filter')).toMatch(/^id:in:\[/)
      expect(q.url.toString().length).toBeLessThan(8192)
    }
  })

  it('a dry run sends the same merged payload, says what it keeps, and writes nothing', async () => {
    const { emulator } = await start()
    expect((await run()).code).toBe(0)
    configure(emulator)
    const before = JSON.stringify(emulator.metadata.list('programs'))
    const r = await run('--dry-run')
    expect(r.code).toBe(0)
    expect(r.err).toContain(KEEPING)
    expect(r.out).toMatch(new RegExp(`Status: OK: 0 would be created, ${OBJECTS} would be updated`))
    expect(JSON.stringify(emulator.metadata.list('programs'))).toBe(before)
    const post = metadataPosts(served!).at(-1)!
    expect(post.url.searchParams.get('importMode')).toBe('VALIDATE')
    const sent = JSON.parse(post.body!) as Record<string, Stored[]>
    expect(ids(sent.programs!.find((p) => p.id === caseProgramme!.id)!.organisationUnits)).toEqual(['ouGasabo001', 'ouKicukir01'])
    expect(ids(sent.userGroups!.find((g) => g.id === capture.id)!.users)).toEqual(emulator.users.map((u) => u.uid).sort())
  })

  it('without the merge the same import would wipe them (the emulator replaces objects as DHIS2 does)', async () => {
    const { emulator } = await start()
    expect((await run()).code).toBe(0)
    configure(emulator)
    expect(emulator.importMetadata(freshPackage()).httpStatus).toBe(200) // the package as built, as `cpcm` sent it before
    expect(stored(emulator, 'programs', caseProgramme!.id).organisationUnits).toEqual([])
    expect(stored(emulator, 'dataSets', ncda.id).organisationUnits).toEqual([])
    expect(stored(emulator, 'userGroups', capture.id).users).toEqual([])
    expect(stored(emulator, 'programs', caseProgramme!.id).sharing!.userGroups).not.toHaveProperty(DISTRICT_TEAM)
  })
})

describe('refusals before anything is imported', () => {
  it('an invalid package file: each problem on its own line, exit 65, nothing sent', async () => {
    const s = await start()
    const pkg = freshPackage()
    const rules = pkg.programRules as Array<{ code: string; condition: string }>
    rules.find((r) => r.code === 'CPCM_REF_COMPLETE_NEEDS_ALL_THREE')!.condition = "#{ref_status} == 'COMPLETED' &&"
    ;(pkg.programRuleActions as Array<{ dataElement?: { id: string } }>)[0]!.dataElement = { id: 'deMissing01' }
    const r = await run('--file', writePackage('invalid.json', pkg))
    expect(r.code).toBe(65)
    expect(r.err).toEqual(expect.arrayContaining([expect.stringMatching(/^  expression: programRules CPCM_REF_COMPLETE_NEEDS_ALL_THREE: condition/)]))
    expect(r.err).toEqual(expect.arrayContaining([expect.stringMatching(/^  reference: programRuleActions \S+: dataElement deMissing01 does not exist in the package$/)]))
    expect(r.last).toMatch(/^cpcm: the package has \d+ problem\(s\); nothing was sent to DHIS2$/)
    expect(r.out).toBe('')
    expect(metadataPosts(s)).toEqual([])
    expect(s.requests).toEqual([])
  })

  it('a file that is not JSON is 65, a missing file 66, both in one line and nothing sent', async () => {
    const s = await start()
    const broken = await run('--file', writePackage('broken.json', '{ "package": '))
    expect(broken.code).toBe(65)
    expect(broken.err).toEqual([expect.stringMatching(/^cpcm: .*broken\.json is not valid JSON: /)])
    const missing = await run('--file', join(dir, 'nope.json'))
    expect(missing.code).toBe(66)
    expect(missing.err).toEqual([expect.stringMatching(/^cpcm: .*nope\.json does not exist/)])
    expect(s.requests).toEqual([])
  })

  it.each([
    ['2.39.8', 'the built package (2.40)', undefined],
    ['2.41.2', 'a package file needing 2.42', '2.42'],
  ])('a server reporting %s is refused for %s: exit 78, no /metadata request', async (serverVersion, _what, needs) => {
    const s = await start(reportingVersion(createDhis2Emulator({ version: '2.41', users: USERS }), serverVersion))
    const args = needs === undefined ? [] : ['--file', writePackage('newer.json', { ...freshPackage(), package: { ...PACKAGE.package, DHIS2Version: needs } })]
    const r = await run(...args)
    expect(r.code).toBe(78)
    expect(r.last).toBe(`cpcm: DHIS2 at ${s.baseUrl.replace(/\/$/, '')} is version ${serverVersion}, older than the ${needs ?? '2.40'} this package needs; nothing was sent`)
    expect(metadataPosts(s)).toEqual([])
    expect(packageObjectsStored(s.emulator)).toBe(0)
  })

  it('a newer server (2.42-SNAPSHOT, 42.0.1) is accepted', async () => {
    for (const version of ['2.42-SNAPSHOT', '42.0.1']) {
      const s = await start(reportingVersion(createDhis2Emulator({ version: '2.42', users: USERS }), version))
      expect((await run('--dry-run')).code).toBe(0)
      expect(metadataPosts(s)).toHaveLength(1)
      await s.stop()
      served = undefined
    }
  })
})

describe('settings and connectivity', () => {
  it('without DHIS2_URL: exit 78 and one line', async () => {
    const r = await run('--dry-run')
    expect(r.code).toBe(78)
    expect(r.err).toEqual(['cpcm: DHIS2_URL is required for metadata import'])
    expect(r.out).toBe('')
  })

  it('without a token or login: exit 78 and one line, nothing sent', async () => {
    const s = await start()
    delete process.env.DHIS2_TOKEN
    const r = await run()
    expect(r.code).toBe(78)
    expect(r.err).toEqual([expect.stringMatching(/^cpcm: DHIS2_TOKEN \(or DHIS2_USERNAME and DHIS2_PASSWORD\) is required for metadata import$/)])
    expect(s.requests).toEqual([])
  })

  it('a token DHIS2 refuses: exit 78, the token never printed', async () => {
    const s = await start()
    process.env.DHIS2_TOKEN = 'd2pat_wrongTOKEN00000000001'
    const r = await run()
    expect(r.code).toBe(78)
    expect(r.last).toMatch(/^cpcm: .*HTTP 401.*DHIS2 refused the login; check DHIS2_TOKEN/)
    expect(r.errText).not.toContain('d2pat_wrong')
    expect(metadataPosts(s)).toEqual([])
  })

  it('an unreachable server: exit 69 and one cpcm line, no stack trace', async () => {
    const port = await new Promise<number>((done) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as { port: number }
        probe.close(() => done(port))
      })
    })
    process.env.DHIS2_URL = `http://127.0.0.1:${port}`
    process.env.DHIS2_TOKEN = TOKEN
    const r = await run('--dry-run')
    expect(r.code).toBe(69)
    expect(r.last).toMatch(new RegExp(`^cpcm: dhis2 GET http://127\\.0\\.0\\.1:${port}/api/system/info: cannot reach the server`))
    expect(r.err.filter((l) => l.startsWith('cpcm:'))).toHaveLength(1)
    expect(r.errText).not.toMatch(/\n\s+at /)
    expect(r.out).toBe('')
  }, 30_000)

  it('a refused read of the package\'s objects (403) stops before the import: exit 78, nothing imported', async () => {
    const s = await start()
    s.emulator.faults.inject({ path: '/programs', method: 'GET', status: 403 })
    const r = await run()
    expect(r.code).toBe(78)
    expect(r.last).toMatch(/^cpcm: dhis2 GET \S+\/api\/programs\?\S*: HTTP 403.*reading the package's objects needs read access to their types\)$/)
    expect(metadataPosts(s)).toEqual([])
    expect(packageObjectsStored(s.emulator)).toBe(0)
  })

  it('an HTTP error without an import report on POST /api/metadata (a proxy\'s 413): exit 69, one line', async () => {
    const s = await start()
    s.emulator.faults.inject({ path: '/metadata', method: 'POST', status: 413 })
    const r = await run()
    expect(r.code).toBe(69)
    expect(r.last).toMatch(/^cpcm: dhis2 POST \S+\/api\/metadata\S*: HTTP 413/)
    expect(r.out).toBe('')
    expect(packageObjectsStored(s.emulator)).toBe(0)
  })
})

describe('DHIS2 versions', () => {
  it.each([
    ['2.40', [2, 40, 0]], ['2.41.3', [2, 41, 3]], ['2.42-SNAPSHOT', [2, 42, 0]], ['2.40.4.1', [2, 40, 4]], ['v41', [2, 41, 0]], ['42.0.1', [2, 42, 0]],
    ['unknown', undefined], ['2', undefined], ['1.9', undefined],
  ] as const)('reads %s', (text, expected) => {
    expect(parseDhis2Version(text)).toEqual(expected)
  })

  it('orders them', () => {
    const v = (s: string) => parseDhis2Version(s)!
    expect(compareVersions(v('2.39.8'), v('2.40'))).toBeLessThan(0)
    expect(compareVersions(v('2.40.0'), v('2.40'))).toBe(0)
    expect(compareVersions(v('2.40.1'), v('2.40'))).toBeGreaterThan(0)
    expect(compareVersions(v('2.100.0'), v('2.41'))).toBeGreaterThan(0)
  })
})
