/**
 * The embedded database's folder: created if missing, checked writable, and locked so that
 * two processes never open it at once (PGlite is one process's database: a second writer
 * would corrupt it). The lock is a file beside the folder holding the owner's pid; a lock
 * left by a process that has died is taken over.
 */
import { closeSync, constants, accessSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs'
import { StoreOpenError, fsFailureReason } from '../errors'

export interface FolderLock {
  release(): void
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM' // exists, owned by someone else
  }
}

function tryCreate(lockFile: string): boolean {
  try {
    const fd = openSync(lockFile, 'wx')
    writeSync(fd, String(process.pid))
    closeSync(fd)
    return true
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false
    throw error
  }
}

export function prepareDataFolder(dir: string): FolderLock {
  const notWritable = (error: unknown) => new StoreOpenError(`data folder ${dir} is not writable (${fsFailureReason(error)})`)
  try {
    mkdirSync(dir, { recursive: true })
    accessSync(dir, constants.R_OK | constants.W_OK)
  } catch (error) {
    throw notWritable(error)
  }
  const lockFile = `${dir.replace(/\/+$/, '')}.lock`
  try {
    if (!tryCreate(lockFile)) {
      const holder = Number(readFileSync(lockFile, 'utf8').trim())
      if (Number.isInteger(holder) && holder > 0 && alive(holder)) {
        const who = holder === process.pid ? 'this process already' : `another process (pid ${holder})`
        throw new StoreOpenError(`data folder ${dir} is in use: ${who} has it open (lock file ${lockFile})`)
      }
      rmSync(lockFile, { force: true }) // stale: its process is gone
      if (!tryCreate(lockFile)) throw new StoreOpenError(`data folder ${dir} is in use: another process opened it just now`)
    }
  } catch (error) {
    if (error instanceof StoreOpenError) throw error
    throw notWritable(error)
  }
  return { release: () => rmSync(lockFile, { force: true }) }
}

/** The PostgreSQL major version of an existing data folder, if it holds one. */
export function dataFolderVersion(dir: string): string | undefined {
  try {
    return readFileSync(`${dir}/PG_VERSION`, 'utf8').trim()
  } catch {
    return undefined
  }
}
