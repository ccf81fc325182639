/**
 * Leases held by a process of this machine that no longer runs (killed, crashed) are
 * returned at once instead of waiting for them to expire: a restarted `sync --once`
 * finishes the interrupted work immediately. Other machines' leases expire on their own.
 */
import { hostname } from 'node:os'
import type { Store } from '../../store'

const alive = (pid: number) => {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

export async function releaseOrphanedLeases(store: Store, owners: readonly string[]): Promise<number> {
  const host = hostname()
  let released = 0
  for (const owner of owners) {
    const [ownerHost, pid] = owner.split(':')
    if (ownerHost === host && pid && Number(pid) !== process.pid && !alive(Number(pid))) released += await store.release(owner)
  }
  return released
}
