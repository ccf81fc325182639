/**
 * Outbox throughput: 10k items enqueued in pages of 500 (each page with its cursor, in one
 * transaction, as the collector does), claimed in batches of 100 and completed one by one
 * (as the worker does after each delivery). On PGlite always; on PostgreSQL when DATABASE_URL is set.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { openStore, type OpenOptions } from '../store'

const TOTAL = 10_000
const PAGE = 500
const BATCH = 100

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
    for (;;) {
      const claimed = await store.claim(BATCH, 'bench')
      if (claimed.length === 0) break
      for (const c of claimed) if ((await store.complete(c.id, 'bench')) === 'done') done++
    }
    const t2 = performance.now()
    const rate = (ms: number) => Math.round((TOTAL / ms) * 1000).toLocaleString('en-US')
    console.log(`  outbox on ${label.padEnd(10)} enqueue ${rate(t1 - t0).padStart(7)}/s   claim+complete ${rate(t2 - t1).padStart(6)}/s   (${done} items)`)
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
