// When the outbox tries to send: at once when asked ("send now", a new report), when the browser
// says the connection is back, when the page becomes visible again, and otherwise on a timer — at
// the earliest backoff among the waiting entries, and at least every pollMs while any wait,
// because a connection can return without an 'online' event.
import type { OutboxEntry } from './outbox-entry.ts'

/** The shortest wait: a failing server is not asked in a tight loop even when an entry is overdue. */
export const MIN_TIMER_MS = 250

export interface SchedulerOptions {
  pollMs: number
  /** One pass over the due entries (all of them with `force`); false when the connection failed. */
  runPass: (force: boolean) => Promise<boolean>
  /** After every run, successful or not: the entries are read again before the next timer is set. */
  afterRun: () => Promise<void>
  /** The entries that still have something to send, for the timer. */
  waitingEntries: () => readonly OutboxEntry[]
  onOnline?: () => void
  onOffline?: () => void
}

/** How long to wait before the next run, or undefined when nothing waits. */
export function nextRunDelayMs(waiting: readonly OutboxEntry[], pollMs: number, now = Date.now()): number | undefined {
  if (waiting.length === 0) return undefined
  const next = Math.min(...waiting.map((entry) => entry.nextAttemptAt ?? now + pollMs))
  return Math.max(MIN_TIMER_MS, Math.min(next - now, pollMs))
}

export type SyncScheduler = ReturnType<typeof createSyncScheduler>

export function createSyncScheduler(options: SchedulerOptions) {
  let isStarted = false
  let running: Promise<void> | undefined
  let rerun: { force: boolean } | undefined
  let timer: ReturnType<typeof setTimeout> | undefined
  /** The 'online' event fired during the current run: run again even if that run found no connection. */
  let cameOnline = false

  function clearTimer() {
    if (timer) clearTimeout(timer)
    timer = undefined
  }

  /** Sets the timer for the next run from the entries as they are now (none when stopped or nothing waits). */
  function schedule() {
    clearTimer()
    if (!isStarted) return
    const delay = nextRunDelayMs(options.waitingEntries(), options.pollMs)
    if (delay !== undefined) timer = setTimeout(() => void sync(), delay)
  }

  /**
   * Sends what is due (everything with `force`). Calls while a run is going join it, and one more
   * run follows (unless the connection just failed: then the backoff, the 'online' event or the
   * next poll decide when to try again).
   */
  function sync({ force = false }: { force?: boolean } = {}): Promise<void> {
    if (running) {
      rerun = { force: force || (rerun?.force ?? false) }
      return running
    }
    running = (async () => {
      try {
        let again: { force: boolean } | undefined = { force }
        while (again) {
          rerun = undefined
          cameOnline = false
          const isConnected = await options.runPass(again.force)
          again = isConnected || cameOnline ? rerun : undefined
        }
      } finally {
        running = undefined
        await options.afterRun().catch(() => undefined)
        schedule()
      }
    })()
    return running
  }

  const onOnline = () => {
    cameOnline = true
    options.onOnline?.()
    void sync({ force: true })
  }
  const onOffline = () => options.onOffline?.()
  const onVisible = () => {
    if (document.visibilityState === 'visible') void sync()
  }

  return {
    sync,
    schedule,
    get isStarted() {
      return isStarted
    },
    /** Listens for the connection and the page's visibility; calling it again changes nothing. */
    start() {
      if (!isStarted && typeof window !== 'undefined') {
        window.addEventListener('online', onOnline)
        window.addEventListener('offline', onOffline)
        document.addEventListener('visibilitychange', onVisible)
      }
      isStarted = true
    },
    stop() {
      if (!isStarted) return
      isStarted = false
      clearTimer()
      if (typeof window !== 'undefined') {
        window.removeEventListener('online', onOnline)
        window.removeEventListener('offline', onOffline)
        document.removeEventListener('visibilitychange', onVisible)
      }
    },
    /** Settles when the current run (if any) is over. */
    idle: () => running?.catch(() => undefined) ?? Promise.resolve(),
  }
}
