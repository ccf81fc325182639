/**
 * Outbox throughput: 10k items enqueued in pages of 500 (each page with its cursor, in one
 * transaction, as the collector does), then claimed in batches of 100 and completed: one by one
 * (`complete`), and in groups of 25 with an attempt and a disclosure each (`completeMany`, as the
 * worker does). On PGlite always; on PostgreSQL when DATABASE_URL is set.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { openStore, type OpenOptions } from '../store'

const TOTAL = 10_000
const PAGE = 500
const BATCH = 100
const GROUP = 25

async function run(label: string, backend: OpenOptions['backend'], schema: string): Promise<void> {
  const store = await openStore({ backend, schema })
  try {
    await store.migrate()
    const t0 = performance.now()
    for (let start = 0; start < TOTAL; start += PAGE) {
      const page = Array.from({ length: PAGE }, (_, i) => ({ key: `bench:${start + i}`, kind: 'bench', target: 'bench', payload: { n: start + i, resourceType: 'ServiceRequest' } }))
      await store.transaction(async (tx) => {
        await tx.enqueue(page)
        await tx.cursors.set('bench', String(start + PAGE))
      })
    }
    const t1 = performance.now()
    let done = 0
    for (let n = 0; n < TOTAL / 2;) {
      const claimed = await store.claim(BATCH, 'bench')
      if (claimed.length === 0) break
      for (const c of claimed) if ((await store.complete(c.id, 'bench')) === 'done') done++
      n += claimed.length
    }
    const t2 = performance.now()
    for (;;) {
      const claimed = await store.claim(BATCH, 'bench')
      if (claimed.length === 0) break
      for (let i = 0; i < claimed.length; i += GROUP) {
        const completions = claimed.slice(i, i + GROUP).map((c) => ({
          id: c.id, httpStatus: 200, startedAt: new Date(),
          disclosures: [{ recipient: 'bench', resourceTypes: ['ServiceRequest'], childCode: `GAS-AB${c.id}`, consentRef: 'Evt0000009z', purpose: 'referral' }],
        }))
        for (const r of await store.completeMany('bench', completions)) if (r === 'done') done++
      }
    }
    const t3 = performance.now()
    const rate = (n: number, ms: number) => Math.round((n / ms) * 1000).toLocaleString('en-US')
    console.log(
      `  outbox on ${label.padEnd(10)} enqueue ${rate(TOTAL, t1 - t0).padStart(7)}/s   claim+complete one by one ${rate(TOTAL / 2, t2 - t1).padStart(6)}/s` +
      `   claim+completeMany (groups of ${GROUP}, with attempt and disclosure) ${rate(TOTAL / 2, t3 - t2).padStart(6)}/s   (${done} items)`,
    )
  } finally {
    await store.close()
  }
}

export async function benchOutbox(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'cpcm-bench-'))
  try {
    await run('PGlite', { kind: 'pglite', dataDir: join(dir, 'pglite') }, 'cpcm')
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
  if (process.env.DATABASE_URL) {
    const schema = `cpcm_bench_${process.pid}`
    await run('PostgreSQL', { kind: 'postgres', url: process.env.DATABASE_URL }, schema)
    const { Client } = await import('pg')
    const client = new Client({ connectionString: process.env.DATABASE_URL })
    await client.connect()
    await client.query(`drop schema if exists ${schema} cascade`)
    await client.end()
  }
}
