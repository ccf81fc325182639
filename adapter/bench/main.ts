/** Benchmarks print figures; they never assert times (tests do not either). */
import { performance } from 'node:perf_hooks'
import { buildPackage, serialisePackage } from '../../metadata/build/package'
import { validatePackage } from '../../metadata/validate'
import { benchCases, caseLines } from './cases'
import { benchMappingThroughput } from './mapping-throughput'
import { benchOutbox } from './outbox-throughput'
import { benchReferrals, referralLines } from './referrals'
import { benchStreaming } from './streaming-memory'

function measure(label: string, runs: number, fn: () => void): void {
  fn() // warm up: module loading and JIT are not what we measure
  const start = performance.now()
  for (let i = 0; i < runs; i++) fn()
  const each = (performance.now() - start) / runs
  console.log(`  ${label.padEnd(40)} ${each.toFixed(1).padStart(8)} ms per run (${runs} runs)`)
}

export async function main(): Promise<void> {
  const started = performance.now()
  console.log('cpcm bench (figures, not assertions)')
  const json = JSON.parse(serialisePackage(buildPackage()))
  measure('metadata build + serialise', 20, () => serialisePackage(buildPackage()))
  measure('metadata validate (all checks)', 5, () => validatePackage(json))
  await benchOutbox()
  benchMappingThroughput()
  await benchStreaming()
  for (const line of referralLines(await benchReferrals(200))) console.log(`  ${line}`)
  for (const line of caseLines(await benchCases(200))) console.log(`  ${line}`)
  console.log(`  peak resident memory of this process ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB (the streaming figures are the child's)`)
  console.log(`  bench took ${((performance.now() - started) / 1000).toFixed(0)} s`)
}
