// Which tab sends an entry (client/lib/outbox/outbox-lease.ts), over a real IndexedDB
// implementation (fake-indexeddb): two leases objects with different owners stand for two tabs.
import 'fake-indexeddb/auto'
import { randomUUID } from 'node:crypto'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createOutboxStorage, type OutboxStorage } from '../../client/lib/outbox/outbox-db.ts'
import type { OutboxEntry } from '../../client/lib/outbox/outbox-entry.ts'
import { createEntryLeases } from '../../client/lib/outbox/outbox-lease.ts'

const LEASE_MS = 3_000
const opened: OutboxStorage[] = []

async function storageWithEntry() {
  const storage = createOutboxStorage({ dbName: `outbox-lease-${randomUUID()}` })
  opened.push(storage)
  const entry: OutboxEntry = { id: randomUUID(), userId: 'u1', createdAt: 1, body: {}, values: {}, label: 'x', files: [], attempts: 0 }
  await storage.put(entry)
  return { storage, id: entry.id }
}

const tab = (storage: OutboxStorage, owner: string) => createEntryLeases({ storage, owner, leaseMs: LEASE_MS, lockPrefix: 'test' })

/** Work that stays open until the test lets it finish. */
function heldWork() {
  let finish: () => void = () => {}
  const done = new Promise<void>((resolve) => (finish = resolve))
  return { work: vi.fn(async () => done.then(() => 'done' as const)), finish: () => finish() }
}

afterEach(async () => {
  vi.useRealTimers()
  vi.unstubAllGlobals()
  await Promise.all(opened.splice(0).map((storage) => storage.close()))
})

describe('entry leases', () => {
  it('holds the lease while the work runs and gives it back after', async () => {
    const { storage, id } = await storageWithEntry()
    const leases = tab(storage, 'tab-a')
    const result = await leases.withLease(id, async () => {
      expect((await storage.get(id))?.lease?.owner).toBe('tab-a')
      return 'done'
    })
    expect(result).toBe('done')
    expect((await storage.get(id))?.lease).toBeUndefined()
  })

  it('gives the lease back when the work fails', async () => {
    const { storage, id } = await storageWithEntry()
    await expect(tab(storage, 'tab-a').withLease(id, () => Promise.reject(new Error('broken')))).rejects.toThrow('broken')
    expect((await storage.get(id))?.lease).toBeUndefined()
  })

  it('skips an entry another tab is sending, and takes it once that tab is done', async () => {
    const { storage, id } = await storageWithEntry()
    const held = heldWork()
    const first = tab(storage, 'tab-a').withLease(id, held.work)
    await vi.waitFor(async () => expect((await storage.get(id))?.lease?.owner).toBe('tab-a'))
    const other = vi.fn(async () => 'done')
    expect(await tab(storage, 'tab-b').withLease(id, other)).toBe('skipped')
    expect(other).not.toHaveBeenCalled()
    held.finish()
    expect(await first).toBe('done')
    expect(await tab(storage, 'tab-b').withLease(id, other)).toBe('done')
  })

  it('renews the lease while the work goes on, so that it never runs out under a slow send', async () => {
    // Only the renewal's interval and the clock are faked: fake-indexeddb keeps its own timers.
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'], now: 1_000_000 })
    const { storage, id } = await storageWithEntry()
    const held = heldWork()
    const running = tab(storage, 'tab-a').withLease(id, held.work)
    await vi.waitFor(async () => expect((await storage.get(id))?.lease?.owner).toBe('tab-a'))
    // Without renewals the lease would have run out by now (vi.waitFor moves the fake clock on as well).
    vi.advanceTimersByTime(LEASE_MS)
    await vi.waitFor(async () => expect((await storage.get(id))?.lease?.until).toBeGreaterThan(Date.now()))
    held.finish()
    await running
  })

  it('aborts the send in progress when asked', async () => {
    const { storage, id } = await storageWithEntry()
    const leases = tab(storage, 'tab-a')
    let seen: AbortSignal | undefined
    const running = leases.withLease(id, (signal) => {
      seen = signal
      return new Promise((_resolve, reject) => signal.addEventListener('abort', () => reject(new Error('aborted'))))
    })
    await vi.waitFor(() => expect(seen).toBeDefined())
    leases.abortCurrent()
    await expect(running).rejects.toThrow('aborted')
    expect(seen!.aborted).toBe(true)
  })

  it('skips an entry whose Web Lock another tab holds, without touching its lease', async () => {
    const requested: string[] = []
    vi.stubGlobal('navigator', {
      locks: {
        request: (name: string, _options: unknown, callback: (lock: unknown) => unknown) => {
          requested.push(name)
          return Promise.resolve(callback(null)) // as the browser answers ifAvailable when another tab has it
        },
      },
    })
    const { storage, id } = await storageWithEntry()
    const work = vi.fn(async () => 'done')
    expect(await tab(storage, 'tab-a').withLease(id, work)).toBe('skipped')
    expect(requested).toEqual([`test:${id}`])
    expect(work).not.toHaveBeenCalled()
    expect((await storage.get(id))?.lease).toBeUndefined()
  })
})
