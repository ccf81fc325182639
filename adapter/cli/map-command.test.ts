/**
 * `cpcm map`, in process through main() with stdin injected on the Output, on the realistic
 * seeded cases (canary names) and the sexual violence case of the mapping tests; and once
 * through the real binary, to prove stdin and stdout are wired.
 */
import { spawnSync } from 'node:child_process'
import { resolve } from 'node:path'
import type * as fhir4 from 'fhir/r4'
import { createMappingContext, SID, type Dhis2TrackedEntity, type PrimeroCaseRecord } from '../../mappings'
import { CANARY, svCase } from '../../tests/fixtures/mappings/sv-case'
import { FHIR_CARRIES, PRIMERO_CARRIES, project } from '../../tests/fixtures/mappings/projection'
import { cpcmPackage } from '../../tests/fixtures/package-lookup'
import { seedTrackedEntity } from '../../tests/fixtures/seed-cases'
import { main } from './main'
import { personalValues, redactLine, syntaxErrorAt } from './map-command'
import type { Output } from './output'

const run = async (stdin: string, ...args: string[]) => {
  const out: string[] = []
  const err: string[] = []
  const output: Output & { readStdin: () => Promise<string> } = {
    line: (t = '') => out.push(t), error: (t) => err.push(t), readStdin: async () => stdin,
  }
  const code = await main(['node', 'cpcm', 'map', ...args], output)
  return { code, out: out.join('\n'), err, errText: err.join('\n') }
}
const ok = async (stdin: string, ...args: string[]) => {
  const r = await run(stdin, ...args)
  if (r.code !== 0) throw new Error(`exit ${r.code}: ${r.errText}`)
  expect(r.err).toEqual([])
  return JSON.parse(r.out)
}

const seed = (i: number) => seedTrackedEntity(i) as unknown as Dhis2TrackedEntity
const te = seed(3)
const canaries = [`CanaryFirst3`, `CanaryLast3`, `CanaryCaregiver3`]
const attr = (t: Dhis2TrackedEntity, code: string) => t.attributes!.find((a) => a.attribute === ctx.attr[code as keyof typeof ctx.attr])?.value
const ctx = createMappingContext(cpcmPackage())
const dob = attr(te, 'CPCM_DATE_OF_BIRTH')!
const patientOf = (b: fhir4.Bundle) => b.entry!.map((e) => e.resource!).find((r): r is fhir4.Patient => r.resourceType === 'Patient')!
const PAIRS = ['dhis2->fhir', 'fhir->dhis2', 'dhis2->primero', 'primero->dhis2']

/** Every error is one line, `cpcm: `, and shows no canary and no date of birth. */
function expectOneSafeLine(r: { err: string[] }, ...secrets: string[]) {
  expect(r.err).toHaveLength(1)
  expect(r.err[0]).toMatch(/^cpcm: /)
  for (const s of [...canaries, dob, ...Object.values(CANARY), '2013-11-20', ...secrets]) expect(r.err[0]).not.toContain(s)
  expect(r.err[0]).not.toMatch(/\n|    at /)
}

describe('cpcm map --from dhis2 --to fhir', () => {
  it('maps a tracked entity to a transaction Bundle: Patient keyed by the child code, pseudonymous by default', async () => {
    const bundle: fhir4.Bundle = await ok(JSON.stringify(te), '--from', 'dhis2', '--to', 'fhir')
    expect(bundle).toMatchObject({ resourceType: 'Bundle', type: 'transaction' })
    const patient = patientOf(bundle)
    expect(patient.identifier).toContainEqual({ system: SID.childCode, value: attr(te, 'CPCM_CHILD_CODE') })
    expect(patient.name).toBeUndefined()
    const text = JSON.stringify(bundle)
    for (const c of canaries) expect(text).not.toContain(c)
    expect(text).not.toContain('RelatedPerson')
  })

  it('carries names and the caregiver with --allow-identifiers for a --recipient', async () => {
    const bundle: fhir4.Bundle = await ok(JSON.stringify(te), '--from', 'dhis2', '--to', 'fhir', '--recipient', 'ISANGE-KACYIRU', '--allow-identifiers')
    expect(patientOf(bundle).name).toEqual([{ use: 'official', family: 'CanaryLast3', given: ['CanaryFirst3'] }])
    expect(JSON.stringify(bundle)).toContain('CanaryCaregiver3')
    const withoutFlag: fhir4.Bundle = await ok(JSON.stringify(te), '--from', 'dhis2', '--to', 'fhir', '--recipient', 'ISANGE-KACYIRU')
    expect(patientOf(withoutFlag).name).toBeUndefined()
  })

  it('--pretty indents; the JSON is the same', async () => {
    const r = await run(JSON.stringify(te), '--from', 'dhis2', '--to', 'fhir', '--pretty')
    expect(r.out.startsWith('{\n  "resourceType": "Bundle"')).toBe(true)
    expect(JSON.parse(r.out)).toEqual(await ok(JSON.stringify(te), '--from', 'dhis2', '--to', 'fhir'))
  })

  it.each([
    ['2.40 {instances}', (items: unknown[]) => ({ instances: items, page: 1, pageSize: 50, total: 3 })],
    ['2.41+ {trackedEntities, pager}', (items: unknown[]) => ({ trackedEntities: items, pager: { page: 1, pageSize: 50 } })],
    ['a JSON array', (items: unknown[]) => items],
  ])('maps every record of %s: an array of Bundles in input order', async (_, wrap) => {
    const items = [seed(0), seed(1), seed(2)]
    const bundles: fhir4.Bundle[] = await ok(JSON.stringify(wrap(items)), '--from', 'dhis2', '--to', 'fhir')
    expect(bundles).toHaveLength(3)
    bundles.forEach((b, i) => {
      expect(b.type).toBe('transaction')
      expect(patientOf(b).identifier).toContainEqual({ system: SID.trackedEntity, value: items[i]!.trackedEntity })
    })
  })
})

describe('cpcm map --from fhir --to dhis2', () => {
  it('round trip keeps every value the FHIR map carries', async () => {
    const bundle = await ok(JSON.stringify(te), '--from', 'dhis2', '--to', 'fhir', '--recipient', 'ISANGE-KACYIRU', '--allow-identifiers')
    const back: Dhis2TrackedEntity = await ok(JSON.stringify(bundle), '--from', 'fhir', '--to', 'dhis2')
    expect(project(back, FHIR_CARRIES)).toEqual(project(te, FHIR_CARRIES))
  })

  it('pseudonymous round trip brings back only the child code, sex and date of birth', async () => {
    const bundle = await ok(JSON.stringify(svCase()), '--from', 'dhis2', '--to', 'fhir')
    const back: Dhis2TrackedEntity = await ok(JSON.stringify(bundle), '--from', 'fhir', '--to', 'dhis2')
    expect(Object.keys(project(back, FHIR_CARRIES).attributes).sort()).toEqual(['CPCM_CHILD_CODE', 'CPCM_DATE_OF_BIRTH', 'CPCM_DOB_ESTIMATED', 'CPCM_SEX'])
  })

  it('an array of Bundles (what a list printed) maps back to an array of tracked entities', async () => {
    const bundles = await ok(JSON.stringify({ instances: [seed(5), seed(6)] }), '--from', 'dhis2', '--to', 'fhir')
    const back: Dhis2TrackedEntity[] = await ok(JSON.stringify(bundles), '--from', 'fhir', '--to', 'dhis2')
    expect(back.map((t) => t.trackedEntity)).toEqual([seed(5).trackedEntity, seed(6).trackedEntity])
  })

  it('a Bundle the map cannot use is one line: no Patient; no org unit to place the child in', async () => {
    const empty = await run(JSON.stringify({ resourceType: 'Bundle', type: 'transaction', entry: [] }), '--from', 'fhir', '--to', 'dhis2')
    expect(empty.code).toBe(65)
    expect(empty.err).toEqual(['cpcm: cannot map the input: the bundle holds no Patient'])
    const patient = { resourceType: 'Patient', name: [{ family: 'CanaryLast3', given: ['CanaryFirst3'] }], birthDate: dob, address: [{ city: 'Kacyiru' }] }
    const noPlace = await run(JSON.stringify({ resourceType: 'Bundle', type: 'collection', entry: [{ resource: patient }] }), '--from', 'fhir', '--to', 'dhis2')
    expect(noPlace.code).toBe(65)
    expect(noPlace.errText).toMatch(/orgUnit: not a DHIS2 UID/)
    expectOneSafeLine(noPlace, 'Kacyiru')
  })

  it('every resource the map reads is checked, named by path', async () => {
    const bundle = { resourceType: 'Bundle', type: 'transaction', entry: [{ resource: { resourceType: 'Patient' } }, { resource: { resourceType: 'Task', status: 'done', intent: 'order' } }] }
    const r = await run(JSON.stringify(bundle), '--from', 'fhir', '--to', 'dhis2')
    expect(r.code).toBe(65)
    expect(r.errText).toMatch(/^cpcm: input is not a FHIR Bundle: entry\[1\]\.resource\.status: Invalid option/)
    const malformed = await ok(JSON.stringify(te), '--from', 'dhis2', '--to', 'fhir', '--recipient', 'ISANGE-KACYIRU', '--allow-identifiers')
    const i = malformed.entry.findIndex((e: fhir4.BundleEntry) => e.resource!.resourceType === 'EpisodeOfCare')
    malformed.entry[i].resource.type = { coding: [] }
    malformed.entry[0].resource.birthDate = Number(dob.slice(0, 4))
    const shape = await run(JSON.stringify(malformed), '--from', 'fhir', '--to', 'dhis2')
    expect(shape.code).toBe(65)
    expect(shape.err).toEqual(['cpcm: input is not a FHIR Bundle: entry[0].resource.birthDate: Invalid input: expected string, received number (and 1 more problem)'])
    const notBundle = await run(JSON.stringify({ resourceType: 'Patient' }), '--from', 'fhir', '--to', 'dhis2')
    expect(notBundle.errText).toMatch(/^cpcm: input is not a FHIR Bundle: resourceType: /)
  })
})

describe('cpcm map between DHIS2 and Primero', () => {
  it('dhis2 -> primero -> dhis2 keeps what Primero carries (names only when allowed)', async () => {
    const sv = svCase()
    const record: PrimeroCaseRecord = await ok(JSON.stringify(sv), '--from', 'dhis2', '--to', 'primero', '--as-of', '2026-03-10', '--recipient', 'CSO-HOPE', '--allow-identifiers')
    expect(record.case).toMatchObject({ age: 12, name_first: CANARY.first, registration_date: '2026-03-02' })
    const orgUnit = sv.enrollments![0]!.orgUnit
    const back: Dhis2TrackedEntity = await ok(JSON.stringify(record), '--from', 'primero', '--to', 'dhis2', '--org-unit', orgUnit)
    const got = project(back, PRIMERO_CARRIES), want = project(sv, PRIMERO_CARRIES)
    expect(got.attributes).toEqual(want.attributes)
    expect(got.enrollments[0]).toMatchObject({ status: 'ACTIVE', orgUnit })
    const stages = (p: typeof got) => p.enrollments[0]!.events.map((e) => e.stage).sort()
    expect(stages(got)).toEqual(stages(want))

    const anonymous: PrimeroCaseRecord = await ok(JSON.stringify(sv), '--from', 'dhis2', '--to', 'primero', '--as-of', '2026-03-10')
    for (const c of Object.values(CANARY)) expect(JSON.stringify(anonymous)).not.toContain(c)
  })

  it('accepts Primero\'s own {data: case} and a case list {data: [...]}', async () => {
    const { case: c } = await ok(JSON.stringify(svCase()), '--from', 'dhis2', '--to', 'primero', '--as-of', '2026-03-10')
    const one: Dhis2TrackedEntity = await ok(JSON.stringify({ data: c }), '--from', 'primero', '--to', 'dhis2', '--org-unit', 'AbCdEfGhIj1')
    expect(one.orgUnit).toBe('AbCdEfGhIj1')
    const list: Dhis2TrackedEntity[] = await ok(JSON.stringify({ data: [c, c], metadata: { total: 2, per: 20, page: 1 } }), '--from', 'primero', '--to', 'dhis2', '--org-unit', 'AbCdEfGhIj1')
    expect(list).toHaveLength(2)
  })

  it('a Primero case with a wrong field names its path; one with no place in DHIS2 is a usage error', async () => {
    const r = await run(JSON.stringify({ data: { name_first: 'CanaryFirst3', date_of_birth: '16/01/2013', age: 'twelve' } }), '--from', 'primero', '--to', 'dhis2', '--org-unit', 'AbCdEfGhIj1')
    expect(r.code).toBe(65)
    expect(r.errText).toMatch(/^cpcm: input is not a Primero case: data\.age: Invalid input: expected number, received string \(and 1 more problem\)$/)
    expectOneSafeLine(r, '16/01/2013')
    const noOrgUnit = await run('{}', '--from', 'primero', '--to', 'dhis2')
    expect(noOrgUnit.code).toBe(64)
    expect(noOrgUnit.errText).toMatch(/--org-unit/)
  })
})

describe('invalid input: exit 65, one line, paths and never values', () => {
  it('malformed JSON names the position, not the text around it', async () => {
    const r = await run('{"trackedEntity": "Te0000000x1", "name": CanaryFirst3}', '--from', 'dhis2', '--to', 'fhir')
    expect(r.code).toBe(65)
    expect(r.err).toEqual(["cpcm: stdin is not JSON: Unexpected token 'C' at position 41 (line 1, column 42)"])
    const pretty = await run('{\n  "a": [1, 2,],\n  "b": "CanaryFirst3"\n}', '--from', 'dhis2', '--to', 'fhir')
    expect(pretty.err).toEqual(["cpcm: stdin is not JSON: Unexpected token ']' at position 15 (line 2, column 14)"])
    const cut = await run(JSON.stringify(te).slice(0, 500), '--from', 'dhis2', '--to', 'fhir')
    expect(cut.err[0]).toMatch(/^cpcm: stdin is not JSON: (Unterminated string|Expected .*|Unexpected end of input) at position \d+ \(line 1, column \d+\)$/)
    expectOneSafeLine(cut)
    expect((await run('  \n', '--from', 'dhis2', '--to', 'fhir')).err).toEqual(['cpcm: stdin is empty: expected one record, or a list of records, as JSON'])
  })

  it('a wrong shape names the first field path, counts the rest, shows no name or date of birth', async () => {
    const bad = JSON.parse(JSON.stringify(te))
    bad.enrollments[0].events[2].occurredAt = 'CanaryFirst3'
    bad.attributes.find((a: { value: string }) => a.value === dob).value = 20130116
    const r = await run(JSON.stringify(bad), '--from', 'dhis2', '--to', 'fhir')
    expect(r.code).toBe(65)
    expect(r.err).toHaveLength(1)
    expect(r.err[0]).toMatch(/^cpcm: input is not a DHIS2 tracked entity: attributes\[\d\]\.value: Invalid input: expected string, received number \(and 1 more problem\)$/)
    expectOneSafeLine(r, '20130116')

    const event = JSON.parse(JSON.stringify(te))
    event.enrollments[0].events[2].occurredAt = '16/01/2026'
    expect((await run(JSON.stringify(event), '--from', 'dhis2', '--to', 'fhir')).err).toEqual([
      'cpcm: input is not a DHIS2 tracked entity: enrollments[0].events[2].occurredAt: not a DHIS2 date or timestamp',
    ])
  })

  it('in a list, paths start at the record; an envelope\'s at its items', async () => {
    const second = JSON.parse(JSON.stringify(seed(1)))
    delete second.orgUnit
    expect((await run(JSON.stringify([seed(0), second]), '--from', 'dhis2', '--to', 'fhir')).err).toEqual([
      'cpcm: input is not a list of DHIS2 tracked entities: [1].orgUnit: Invalid input: expected string, received undefined',
    ])
    expect((await run(JSON.stringify({ trackedEntities: [seed(0), second] }), '--from', 'dhis2', '--to', 'fhir')).err).toEqual([
      'cpcm: input is not a DHIS2 tracked entity export: trackedEntities[1].orgUnit: Invalid input: expected string, received undefined',
    ])
  })

  it('a record the map cannot use says which, in one line', async () => {
    const noCase = { ...seed(0), enrollments: [] }
    const r = await run(JSON.stringify([seed(1), noCase]), '--from', 'dhis2', '--to', 'primero', '--as-of', '2026-03-10')
    expect(r.code).toBe(65)
    expect(r.err).toEqual([`cpcm: cannot map record [1]: tracked entity ${noCase.trackedEntity} has no case`])
  })

  it('an error line never shows a personal value of the input, whatever its source', () => {
    const values = personalValues(te, ctx)
    expect([...values]).toEqual(expect.arrayContaining([...canaries, dob, te.orgUnit]))
    expect(values).not.toContain(te.trackedEntity)
    const line = redactLine(`cannot map: CanaryFirst3 (born ${dob}) in ${te.orgUnit}\nat enrollments[0].events`, values)
    expect(line).toBe('cannot map: [redacted] (born [redacted]) in [redacted] at enrollments[0].events')
    expect(redactLine('x', personalValues({ resourceType: 'Patient', name: [{ given: ['Amahoro'] }] }))).toBe('x')
    expect(redactLine('events[0] of Amahoro', personalValues({ name: [{ given: ['Amahoro'] }] }))).toBe('events[0] of [redacted]')
  })
})

describe('usage: exit 64', () => {
  it('an unsupported pair lists the supported ones', async () => {
    const r = await run(JSON.stringify(te), '--from', 'primero', '--to', 'fhir')
    expect(r.code).toBe(64)
    expect(r.err).toEqual([`cpcm: no mapping from primero to fhir; supported: ${PAIRS.join(', ')}`])
    for (const [from, to] of [['fhir', 'primero'], ['dhis2', 'dhis2']]) {
      expect(await run('{}', '--from', from!, '--to', to!)).toMatchObject({ code: 64, err: [expect.stringContaining(`no mapping from ${from} to ${to}`)] })
    }
  })

  it('an unknown system, a missing --from, an option for another pair, an unknown option', async () => {
    expect(await run('{}', '--from', 'hl7v2', '--to', 'fhir')).toMatchObject({ code: 64, err: [expect.stringMatching(/^cpcm: unknown system "hl7v2" for --from/)] })
    expect(await run('{}', '--to', 'fhir')).toMatchObject({ code: 64, err: [expect.stringMatching(/^cpcm: map needs --from and --to/)] })
    expect(await run('{}', '--from', 'dhis2', '--to', 'fhir', '--allow-identifiers')).toMatchObject({ code: 64, err: [expect.stringMatching(/needs --recipient/)] })
    expect(await run('{}', '--from', 'dhis2', '--to', 'fhir', '--org-unit', 'AbCdEfGhIj1')).toMatchObject({ code: 64, err: [expect.stringMatching(/--org-unit applies only with --from primero/)] })
    expect(await run('{}', '--from', 'dhis2', '--to', 'primero', '--as-of', '10/03/2026')).toMatchObject({ code: 64 })
    const unknown = await run('{}', '--from', 'dhis2', '--to', 'fhir', '--prety')
    expect(unknown.code).toBe(64)
    expect(unknown.errText).toMatch(/unknown option '--prety'/)
  })

  it('--help lists the pairs and exits 0', async () => {
    const r = await run('', '--help')
    expect(r.code).toBe(0)
    expect(r.out).toContain(`Supported: ${PAIRS.join(', ')}.`)
  })
})

describe('the JSON syntax scanner agrees with JSON.parse', () => {
  it.each([
    ['{}', undefined], ['[1, "a", {"b": [true, false, null, -1.5e3]}]', undefined], ['"\\u00e9\\n"', undefined],
    ['{"a": Canary}', 6], ['[1, 2,]', 6], ['{"a" 1}', 5], ['{"a": 1,}', 8], ['01', 1], ['1.', 2], ['1e+', 3], ['-', 1], ['"\\u12"', 5], ['{"a": "x\u0001"}', 8],
    ['{"a": 1} x', 9], ['[', 1], ['"abc', 4], ['{"a": tru}', 9], ['"\\x"', 2],
  ])('%j', (text, at) => {
    expect(syntaxErrorAt(text)).toBe(at)
    let valid = true
    try { JSON.parse(text) } catch { valid = false }
    expect(valid).toBe(at === undefined)
  })
})

describe('the real binary', () => {
  it('reads stdin and writes the Bundle on stdout', () => {
    const bin = resolve(__dirname, '../bin/cpcm.js')
    const r = spawnSync(process.execPath, [bin, 'map', '--from', 'dhis2', '--to', 'fhir'], { input: JSON.stringify(te), encoding: 'utf8', timeout: 60_000 })
    expect(r.stderr).toBe('')
    expect(r.status).toBe(0)
    const bundle = JSON.parse(r.stdout) as fhir4.Bundle
    expect(patientOf(bundle).identifier).toContainEqual({ system: SID.childCode, value: attr(te, 'CPCM_CHILD_CODE') })
    expect(r.stdout.endsWith('}\n')).toBe(true)
  }, 60_000)
})
