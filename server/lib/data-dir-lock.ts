// One process at a time may open an embedded (PGlite) database: a second one that writes to the
// same files loses its writes silently and can corrupt them. The lock is a file in DATA_DIR naming
// its owner (process id, the process's start time, host). A lock whose owner is gone — killed with
// SIGKILL, or the machine restarted — is taken over at once: the owner is dead when no process has
// its id, or the process with that id started at another time (the id was reused).
import { randomBytes } from 'node:crypto'
import { link, mkdir, open, readFile, rename, rm, unlink } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'

export interface LockOwner {
  pid: number
  /** When the process started, as the operating system tells it (Linux clock ticks since boot), or null where unknown. */
  startTicks: number | null
  host: string
  /** What holds the lock: 'server', or a command's name. */
  purpose: string
  /** Where the owning server takes commands (server/lib/admin-socket.ts), if it does. */
  socketPath?: string | undefined
  lockedAt: string
}

export interface DataDirLock {
  owner: LockOwner
  /** Records where this server takes commands, for CLIs that find the lock taken. */
  setSocketPath(socketPath: string): Promise<void>
  release(): Promise<void>
}

/** DATA_DIR is held by a live process; `owner` says which. */
export class DataDirInUseError extends Error {
  constructor(
    readonly dataDir: string,
    readonly owner: LockOwner,
  ) {
    const who = owner.purpose === 'server' ? 'a running Dey server' : `the command ${owner.purpose}`
    const where = owner.host === os.hostname() ? `process ${owner.pid}` : `process ${owner.pid} on host ${owner.host}`
    super(`DATA_DIR ${dataDir} is in use by ${who} (${where})`)
    this.name = 'DataDirInUseError'
  }
}

export const lockFileOf = (dataDir: string) => path.join(dataDir, 'dey.lock')

export async function lockDataDir(dataDir: string, purpose: string): Promise<DataDirLock> {
  await mkdir(dataDir, { recursive: true })
  const lockFile = lockFileOf(dataDir)
  const owner: LockOwner = {
    pid: process.pid,
    startTicks: await startTicksOf(process.pid),
    host: os.hostname(),
    purpose,
    lockedAt: new Date().toISOString(),
  }
  // Two tries: the second after taking over a dead owner's lock.
  for (let attempt = 0; attempt < 2; attempt++) {
    if (await createExclusive(lockFile, owner)) return heldLock(lockFile, owner)
    const current = await readOwner(lockFile)
    if (current === undefined) continue
    if (await isAlive(current)) throw new DataDirInUseError(dataDir, current)
    await takeOverFrom(lockFile, current)
  }
  const current = await readOwner(lockFile)
  throw new DataDirInUseError(dataDir, current ?? { ...owner, pid: -1, purpose: 'another process' })
}

/** The live owner of DATA_DIR's lock, if any (a lock left by a dead process does not count). */
export async function findLockOwner(dataDir: string): Promise<LockOwner | undefined> {
  const owner = await readOwner(lockFileOf(dataDir))
  return owner && (await isAlive(owner)) ? owner : undefined
}

function heldLock(lockFile: string, owner: LockOwner): DataDirLock {
  let isHeld = true
  return {
    owner,
    async setSocketPath(socketPath) {
      owner.socketPath = socketPath
      // Rewritten in place by its owner only; readers see either version whole (rename is atomic).
      const next = `${lockFile}.${randomBytes(6).toString('hex')}`
      await writeOwner(next, owner)
      await rename(next, lockFile)
    },
    async release() {
      if (!isHeld) return
      isHeld = false
      const current = await readOwner(lockFile)
      if (current?.pid === owner.pid && current.lockedAt === owner.lockedAt) await rm(lockFile, { force: true })
    },
  }
}

async function createExclusive(lockFile: string, owner: LockOwner): Promise<boolean> {
  try {
    const handle = await open(lockFile, 'wx', 0o600)
    try {
      await handle.writeFile(JSON.stringify(owner))
      await handle.sync()
    } finally {
      await handle.close()
    }
    return true
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false
    throw error
  }
}

async function writeOwner(file: string, owner: LockOwner) {
  const handle = await open(file, 'w', 0o600)
  try {
    await handle.writeFile(JSON.stringify(owner))
    await handle.sync()
  } finally {
    await handle.close()
  }
}

async function readOwner(lockFile: string): Promise<LockOwner | undefined> {
  let text: string
  try {
    text = await readFile(lockFile, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw error
  }
  try {
    const parsed = JSON.parse(text) as LockOwner
    if (typeof parsed.pid === 'number' && typeof parsed.host === 'string') return parsed
  } catch {
    // A lock written half-way by a process that died while writing it: nobody owns it.
  }
  return { pid: -1, startTicks: null, host: os.hostname(), purpose: 'a process that died while taking the lock', lockedAt: '' }
}

/**
 * Moves the dead owner's lock aside, checking that what moved is the dead owner's: when two
 * processes take over at the same moment, the slower one may move the faster one's new lock, and
 * puts it back (link refuses to overwrite, so nothing is ever clobbered).
 */
async function takeOverFrom(lockFile: string, dead: LockOwner) {
  const aside = `${lockFile}.stale-${process.pid}-${randomBytes(4).toString('hex')}`
  try {
    await rename(lockFile, aside)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return
    throw error
  }
  const moved = await readOwner(aside)
  const isDeadOwners = moved?.pid === dead.pid && moved.lockedAt === dead.lockedAt
  if (!isDeadOwners) await link(aside, lockFile).catch(() => undefined)
  await unlink(aside).catch(() => undefined)
}

async function isAlive(owner: LockOwner): Promise<boolean> {
  if (owner.pid <= 0) return false
  // Another machine sharing DATA_DIR (a network drive): its processes cannot be checked from here.
  if (owner.host !== os.hostname()) return true
  if (owner.pid === process.pid) return owner.lockedAt !== '' && owner.startTicks === (await startTicksOf(process.pid))
  try {
    process.kill(owner.pid, 0)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false
  }
  // The id is in use; by the same process only if it started at the same time.
  const ticks = await startTicksOf(owner.pid)
  return owner.startTicks === null || ticks === null || ticks === owner.startTicks
}

/** Field 22 of /proc/<pid>/stat (after the command name, which may hold spaces): start time in clock ticks. */
async function startTicksOf(pid: number): Promise<number | null> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8')
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    const ticks = Number(fields[19])
    return Number.isFinite(ticks) ? ticks : null
  } catch {
    return null
  }
}
