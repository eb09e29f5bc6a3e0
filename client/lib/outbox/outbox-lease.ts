// One tab sends an entry at a time. The tab takes a lease on the entry in IndexedDB (a readwrite
// transaction, so only one tab can win), renews it while it works and gives it back when done; a
// tab that dies stops renewing and its lease runs out. Where the browser has Web Locks, the tab
// also holds a lock named after the entry, which the browser frees at once if the tab dies.
import type { OutboxStorage } from './outbox-db.ts'

export interface LeaseOptions {
  storage: OutboxStorage
  /** This tab's id, as written in the lease. */
  owner: string
  /** How long a lease lasts unless renewed. */
  leaseMs: number
  /** Names the Web Locks: outboxes over different databases do not block each other. */
  lockPrefix: string
}

export type EntryLeases = ReturnType<typeof createEntryLeases>

export function createEntryLeases({ storage, owner, leaseMs, lockPrefix }: LeaseOptions) {
  // A tab sends one entry at a time, so one controller is enough to stop the current send.
  let current: AbortController | undefined

  async function whileLeased<T>(id: string, work: (signal: AbortSignal) => Promise<T>): Promise<T | 'skipped'> {
    if (!(await storage.claim(id, owner, leaseMs))) return 'skipped'
    const controller = new AbortController()
    current = controller
    // Renewed every third of its length: a renewal that fails (or is slow) leaves two more chances before
    // another tab may take the entry, so a failed one is dropped rather than reported.
    const renewal = setInterval(() => void storage.renew(id, owner, leaseMs).catch(() => undefined), Math.max(50, leaseMs / 3))
    try {
      return await work(controller.signal)
    } finally {
      clearInterval(renewal)
      if (current === controller) current = undefined
      await storage.release(id, owner)
    }
  }

  return {
    /** Runs `work` while this tab holds the entry; 'skipped' (and nothing run) when another tab holds it. */
    withLease<T>(id: string, work: (signal: AbortSignal) => Promise<T>): Promise<T | 'skipped'> {
      const locks = typeof navigator === 'undefined' ? undefined : navigator.locks
      if (!locks) return whileLeased(id, work)
      return locks.request(`${lockPrefix}:${id}`, { ifAvailable: true }, (lock) => (lock ? whileLeased(id, work) : 'skipped'))
    },

    /** Stops the send in progress (the connection went away, or the outbox stops); it resumes later. */
    abortCurrent() {
      current?.abort()
    },
  }
}
