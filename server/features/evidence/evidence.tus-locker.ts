// tus locks across app servers, on PostgreSQL advisory locks. tus locks an upload for each request
// that reads or appends to it, and a new request on a locked upload asks the holder to let go (a
// client that lost its connection and resumes must not wait for the dead request to time out).
// tus's own MemoryLocker does this within one process only; with several servers sharing the
// uploads folder, two of them could append to one upload at once. Here each process holds its
// locks on one dedicated connection (advisory locks belong to a session), and asks the holder on
// another server to let go through LISTEN/NOTIFY. The embedded database has one process: tus's
// MemoryLocker is enough there.
import { ERRORS, type Lock, type Locker, type RequestRelease } from '@tus/server'
import pg from 'pg'

/** The first half of the advisory lock key: Dey's tus uploads (the second is hashtext(upload id)). */
const LOCK_CLASS = 0x74757331
const RELEASE_CHANNEL = 'dey_tus_release'
/** How often a waiting request tries again, and asks the holder again to let go. */
const RETRY_MS = 100

export interface PostgresTusLocker extends Locker {
  close(): Promise<void>
}

export function createPostgresTusLocker(databaseUrl: string, options: { acquireTimeoutMs?: number } = {}): PostgresTusLocker {
  const acquireTimeoutMs = options.acquireTimeoutMs ?? 30_000
  /** Uploads this process holds, with how to ask their request to let go. */
  const held = new Map<string, RequestRelease>()
  let session: Promise<pg.Client> | undefined
  let isClosed = false

  const connect = async () => {
    const client = new pg.Client({ connectionString: databaseUrl, application_name: 'dey tus locks' })
    // A lost session loses its locks: the next lock opens a new one.
    client.on('error', () => {
      session = undefined
      held.clear()
    })
    client.on('notification', (message) => {
      const release = message.channel === RELEASE_CHANNEL && message.payload ? held.get(message.payload) : undefined
      void release?.()
    })
    await client.connect()
    await client.query(`LISTEN ${RELEASE_CHANNEL}`)
    return client
  }
  const client = () => {
    if (isClosed) throw new Error('the tus locker is closed')
    session ??= connect().catch((error: unknown) => {
      session = undefined
      throw error
    })
    return session
  }

  const tryLock = async (id: string) =>
    (await (await client()).query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1, hashtext($2)) AS ok', [LOCK_CLASS, id])).rows[0]!.ok

  return {
    newLock(id: string): Lock {
      return {
        async lock(stopSignal, requestRelease) {
          const deadline = Date.now() + acquireTimeoutMs
          for (;;) {
            if (stopSignal.aborted) throw ERRORS.ERR_LOCK_TIMEOUT
            const local = held.get(id)
            if (local) {
              // Another request of this process holds it (advisory locks are re-entrant per session).
              await local()
            } else if (await tryLock(id)) {
              held.set(id, requestRelease)
              return
            } else {
              await (await client()).query('SELECT pg_notify($1, $2)', [RELEASE_CHANNEL, id])
            }
            if (Date.now() > deadline) throw ERRORS.ERR_LOCK_TIMEOUT
            await new Promise((resolve) => setTimeout(resolve, RETRY_MS))
          }
        },
        async unlock() {
          if (!held.delete(id)) throw new Error('Releasing an unlocked lock!')
          await (await client()).query('SELECT pg_advisory_unlock($1, hashtext($2))', [LOCK_CLASS, id])
        },
      }
    },
    async close() {
      isClosed = true
      const open = session
      session = undefined
      held.clear()
      await open?.then((c) => c.end()).catch(() => undefined)
    },
  }
}
