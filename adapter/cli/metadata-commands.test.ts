import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { main } from './main'
import type { Output } from './output'

function capture(): Output & { out: string[]; err: string[] } {
  const out: string[] = []
  const err: string[] = []
  return { out, err, line: (t = '') => out.push(t), error: (t) => err.push(t) }
}

const run = async (...args: string[]) => {
  const output = capture()
  const code = await main(['node', 'cpcm', ...args], output)
  return { code, out: output.out.join('\n'), err: output.err.join('\n') }
}

describe('cpcm metadata', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cpcm-metadata-'))
  const file = join(dir, 'package.json')

  it('build writes the JSON and prints objects by type, rules and indicators', async () => {
    const result = await run('metadata', 'build', '--out', file)
    expect(result.code).toBe(0)
    expect(result.out).toMatch(/programRules\s+\d+/)
    expect(result.out).toMatch(/CPCM - Child protection case management: 12 stage\(s\), \d+ data elements, \d+ rules/)
    expect(result.out).toMatch(/Programme indicators: \d+ \(\d+ measures, \d+ disaggregated cells feeding NCDA\)/)
    expect(result.out).toMatch(/Validation: 0 problems/)
    expect(JSON.parse(readFileSync(file, 'utf8')).package.code).toBe('CPCM')
  })

  it('build --check passes on a fresh file and fails on a stale one', async () => {
    await run('metadata', 'build', '--out', file)
    expect((await run('metadata', 'build', '--out', file, '--check')).code).toBe(0)
    writeFileSync(file, readFileSync(file, 'utf8').replace('"version": "0.1.0"', '"version": "0.0.9"'))
    const stale = await run('metadata', 'build', '--out', file, '--check')
    expect(stale.code).toBe(1)
    expect(stale.err).toMatch(/is out of date: run `cpcm metadata build`/)
  })

  it('validate fails on a package whose rule expression is invalid, naming the rule', async () => {
    await run('metadata', 'build', '--out', file)
    const pkg = JSON.parse(readFileSync(file, 'utf8'))
    pkg.programRules.find((r: { code: string }) => r.code === 'CPCM_REF_COMPLETE_NEEDS_ALL_THREE').condition = "#{ref_status} == 'COMPLETED' &&"
    writeFileSync(file, JSON.stringify(pkg))
    const result = await run('metadata', 'validate', file)
    expect(result.code).toBe(1)
    expect(result.err).toMatch(/programRules CPCM_REF_COMPLETE_NEEDS_ALL_THREE: condition/)
    expect(result.err).toMatch(/cpcm: .*: 1 problem\(s\)/)
  })

  it('validate explains a missing or unreadable file in one line', async () => {
    expect((await run('metadata', 'validate', join(dir, 'nope.json'))).err).toMatch(/^cpcm: .*nope\.json does not exist: run `cpcm metadata build` first$/)
    writeFileSync(join(dir, 'broken.json'), '{ not json')
    expect((await run('metadata', 'validate', join(dir, 'broken.json'))).err).toMatch(/^cpcm: .*broken\.json is not valid JSON: /)
  })

  it('an unknown command exits non-zero with commander\'s message', async () => {
    const result = await run('metadata', 'frobnicate')
    expect(result.code).not.toBe(0)
    expect(result.err).toMatch(/unknown command 'frobnicate'/)
  })

  it('works through the installed bin', () => {
    const bin = resolve(__dirname, '../bin/cpcm.js')
    const stdout = execFileSync(process.execPath, [bin, 'metadata', 'validate'], { encoding: 'utf8' })
    expect(stdout).toMatch(/cpcm-metadata\.json: valid \(0 problems\)/)
  })
})
