// @vitest-environment happy-dom
// When the outbox tries to send (client/lib/outbox/outbox-scheduler.ts), on fake timers: the
// pass itself is a stub that records how it was asked to run.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { OutboxEntry } from '../../client/lib/outbox/outbox-entry.ts'
import { createSyncScheduler, MIN_TIMER_MS, nextRunDelayMs, type SchedulerOptions } from '../../client/lib/outbox/outbox-scheduler.ts'

const POLL_MS = 60_000
const NOW = 1_000_000

const waitingEntry = (nextAttemptAt?: number): OutboxEntry => ({
  id: 'e1',
  userId: 'u1',
  createdAt: 1,
  body: {},
  values: {},
  label: 'x',
  files: [],
  attempts: 1,
  ...(nextAttemptAt === undefined ? {} : { nextAttemptAt }),
})

const started: ReturnType<typeof createSyncScheduler>[] = []
function startScheduler(overrides: Partial<SchedulerOptions> = {}) {
  const passes: boolean[] = []
  const options: SchedulerOptions = {
    pollMs: POLL_MS,
    runPass: vi.fn(async (force: boolean) => {
      passes.push(force)
      return true
    }),
    afterRun: vi.fn(async () => {}),
    waitingEntries: () => [],
    ...overrides,
  }
  const scheduler = createSyncScheduler(options)
  scheduler.start()
  started.push(scheduler)
  return { scheduler, passes, options }
}

/** A pass that stays open until the test lets it finish. */
function heldPass(isConnected = true) {
  const passes: boolean[] = []
  let finish: () => void = () => {}
  const runPass = vi.fn(
    (force: boolean) =>
      new Promise<boolean>((resolve) => {
        passes.push(force)
        finish = () => resolve(isConnected)
      }),
  )
  return { runPass, passes, finish: () => finish() }
}

beforeEach(() => {
  vi.useFakeTimers({ now: NOW })
})

afterEach(() => {
  for (const scheduler of started.splice(0)) scheduler.stop()
  vi.useRealTimers()
})

describe('nextRunDelayMs', () => {
  it('waits for the earliest backoff, at least MIN_TIMER_MS and at most pollMs', () => {
    expect(nextRunDelayMs([], POLL_MS, NOW)).toBeUndefined()
    expect(nextRunDelayMs([waitingEntry(NOW + 5_000), waitingEntry(NOW + 2_000)], POLL_MS, NOW)).toBe(2_000)
    expect(nextRunDelayMs([waitingEntry(NOW - 10_000)], POLL_MS, NOW)).toBe(MIN_TIMER_MS)
    expect(nextRunDelayMs([waitingEntry(NOW + 10 * POLL_MS)], POLL_MS, NOW)).toBe(POLL_MS)
    expect(nextRunDelayMs([waitingEntry()], POLL_MS, NOW)).toBe(POLL_MS)
  })
})

describe('the sync scheduler', () => {
  it('runs again by itself when the earliest backoff is over, and reads the entries after each run', async () => {
    const { scheduler, passes, options } = startScheduler({ waitingEntries: () => [waitingEntry(NOW + 3_000)] })
    await scheduler.sync({ force: true })
    expect(passes).toEqual([true])
    expect(options.afterRun).toHaveBeenCalledTimes(1)
    await vi.advanceTimersByTimeAsync(2_999)
    expect(passes).toEqual([true])
    await vi.advanceTimersByTimeAsync(1)
    expect(passes).toEqual([true, false])
  })

  it('sets no timer when nothing waits, and none after it stopped', async () => {
    let waiting: OutboxEntry[] = []
    const { scheduler, passes } = startScheduler({ waitingEntries: () => waiting })
    await scheduler.sync()
    await vi.advanceTimersByTimeAsync(10 * POLL_MS)
    expect(passes).toHaveLength(1)
    waiting = [waitingEntry()]
    scheduler.schedule()
    scheduler.stop()
    await vi.advanceTimersByTimeAsync(10 * POLL_MS)
    expect(passes).toHaveLength(1)
  })

  it('joins calls made during a run, and runs once more after it (forced if any call was)', async () => {
    const held = heldPass()
    const { scheduler } = startScheduler({ runPass: held.runPass })
    const first = scheduler.sync()
    const joined = [scheduler.sync(), scheduler.sync({ force: true }), scheduler.sync()]
    await vi.advanceTimersByTimeAsync(0)
    expect(held.passes).toEqual([false])
    held.finish()
    await vi.advanceTimersByTimeAsync(0)
    expect(held.passes).toEqual([false, true])
    held.finish()
    await Promise.all([first, ...joined])
    expect(held.runPass).toHaveBeenCalledTimes(2)
  })

  it('does not run again after a pass without a connection, unless the connection came back meanwhile', async () => {
    const held = heldPass(false)
    const { scheduler } = startScheduler({ runPass: held.runPass })
    const run = scheduler.sync()
    void scheduler.sync()
    held.finish()
    await vi.advanceTimersByTimeAsync(0)
    expect(held.passes).toEqual([false])
    await run

    const again = scheduler.sync()
    await vi.advanceTimersByTimeAsync(0)
    window.dispatchEvent(new Event('online')) // joins the run and marks it: one more pass follows
    held.finish()
    await vi.advanceTimersByTimeAsync(0)
    held.finish()
    await again
    expect(held.passes).toEqual([false, false, true])
  })

  it('sends everything when the connection returns, and says so; stops the send when it goes', async () => {
    const onOnline = vi.fn()
    const onOffline = vi.fn()
    const { passes } = startScheduler({ onOnline, onOffline })
    window.dispatchEvent(new Event('online'))
    await vi.advanceTimersByTimeAsync(0)
    expect(onOnline).toHaveBeenCalledTimes(1)
    expect(passes).toEqual([true])
    window.dispatchEvent(new Event('offline'))
    expect(onOffline).toHaveBeenCalledTimes(1)
  })

  it('tries what is due when the page becomes visible again', async () => {
    const { passes } = startScheduler()
    document.dispatchEvent(new Event('visibilitychange'))
    await vi.advanceTimersByTimeAsync(0)
    expect(passes).toEqual([false])
  })

  it('stops listening for the connection once stopped', async () => {
    const onOnline = vi.fn()
    const { scheduler, passes } = startScheduler({ onOnline })
    scheduler.stop()
    window.dispatchEvent(new Event('online'))
    await vi.advanceTimersByTimeAsync(0)
    expect(onOnline).not.toHaveBeenCalled()
    expect(passes).toEqual([])
    expect(scheduler.isStarted).toBe(false)
  })
})
