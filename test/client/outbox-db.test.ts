// The outbox's storage (client/lib/outbox/outbox-db.ts) over a real IndexedDB implementation
// (fake-indexeddb): what the outbox writes survives a reopened database, a lease admits one owner
// at a time, and every write is announced before its promise settles.
import 'fake-indexeddb/auto'
import { randomUUID } from 'node:crypto'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createOutboxStorage, type OutboxStorage } from '../../client/lib/outbox/outbox-db.ts'
import type { OutboxEntry } from '../../client/lib/outbox/outbox-entry.ts'

const opened: OutboxStorage[] = []
function openStorage(dbName: string, onChanged = vi.fn(async () => {})) {
  const storage = createOutboxStorage({ dbName, onChanged })
  opened.push(storage)
  return { storage, onChanged }
}

afterEach(async () => {
  await Promise.all(opened.splice(0).map((storage) => storage.close()))
})

function entry(overrides: Partial<OutboxEntry> = {}): OutboxEntry {
  const blob = new Blob(['photo'], { type: 'image/jpeg' })
  return {
    id: randomUUID(),
    userId: 'u1',
    createdAt: 1,
    body: { title: 'Fencing' },
    values: { kind: 'fencing' },
    label: 'Fencing',
    files: [{ id: 'f1', name: 'a.jpg', type: 'image/jpeg', size: blob.size, lastModified: 0, blob }],
    attempts: 0,
    ...overrides,
  }
}

describe('the outbox storage', () => {
  it('keeps entries, their files and the drafts after the database is closed and opened again', async () => {
    const dbName = `outbox-db-${randomUUID()}`
    const first = openStorage(dbName).storage
    const stored = entry()
    await first.put(stored)
    await first.saveDraft('u1', { values: { kind: 'arrest' }, files: [], savedAt: 5 })
    await first.close()

    const second = openStorage(dbName).storage
    const [kept] = await second.listAll()
    expect(kept).toMatchObject({ id: stored.id, label: 'Fencing', body: { title: 'Fencing' } })
    expect(await kept!.files[0]!.blob.text()).toBe('photo')
    expect(await second.loadDraft('u1')).toEqual({ values: { kind: 'arrest' }, files: [], savedAt: 5 })
    await second.clearDraft('u1')
    expect(await second.loadDraft('u1')).toBeUndefined()
  })

  it('queues a report and forgets the draft it came from in one transaction: both or neither', async () => {
    const { storage } = openStorage(`outbox-db-${randomUUID()}`)
    await storage.saveDraft('u1', { values: { kind: 'arrest' }, files: [], savedAt: 5 })
    const queued = entry()
    await storage.putReplacingDraft(queued, 'u1')
    expect((await storage.listAll()).map((stored) => stored.id)).toEqual([queued.id])
    expect(await storage.loadDraft('u1')).toBeUndefined()

    // A report that cannot be stored (here: a value IndexedDB cannot copy) leaves the draft as it was.
    await storage.saveDraft('u2', { values: { kind: 'fencing' }, files: [], savedAt: 6 })
    const broken = entry({ userId: 'u2', body: { title: 'Fencing', cannotBeStored: () => undefined } as never })
    await expect(storage.putReplacingDraft(broken, 'u2')).rejects.toThrow()
    expect(await storage.loadDraft('u2')).toEqual({ values: { kind: 'fencing' }, files: [], savedAt: 6 })
    expect((await storage.listAll()).map((stored) => stored.id)).toEqual([queued.id])
  })

  it('moves a report back into the form draft in one transaction: never in neither place', async () => {
    const { storage } = openStorage(`outbox-db-${randomUUID()}`)
    const refused = entry()
    await storage.put(refused)
    const toDraft = (stored: OutboxEntry) => ({ user: stored.userId, draft: { values: stored.values, files: [], savedAt: 7 } })
    // Not allowed (say, another tab is sending it): nothing moves.
    expect((await storage.moveToDraft(refused.id, () => false, toDraft)).isMoved).toBe(false)
    expect(await storage.loadDraft('u1')).toBeUndefined()
    // A draft that cannot be written leaves the report where it was.
    const unwritable = (stored: OutboxEntry) => ({
      user: stored.userId,
      draft: { values: { broken: () => undefined }, files: [], savedAt: 8 },
    })
    await expect(storage.moveToDraft(refused.id, () => true, unwritable as never)).rejects.toThrow()
    expect((await storage.listAll()).map((stored) => stored.id)).toEqual([refused.id])
    // Moved: gone from the outbox, in the draft.
    expect((await storage.moveToDraft(refused.id, () => true, toDraft)).isMoved).toBe(true)
    expect(await storage.listAll()).toEqual([])
    expect(await storage.loadDraft('u1')).toEqual({ values: { kind: 'fencing' }, files: [], savedAt: 7 })
  })

  it('announces each write before the write settles, and not a patch of an entry that is gone', async () => {
    let announced = 0
    const { storage } = openStorage(
      `outbox-db-${randomUUID()}`,
      vi.fn(async () => void (announced += 1)),
    )
    const stored = entry()
    await storage.put(stored)
    expect(announced).toBe(1)
    await storage.patch(stored.id, (current) => void (current.attempts = 3))
    expect(announced).toBe(2)
    expect((await storage.get(stored.id))?.attempts).toBe(3)
    expect(await storage.patch('missing', () => {})).toBeUndefined()
    expect(announced).toBe(2)
    await storage.remove(stored.id)
    expect(announced).toBe(3)
    expect(await storage.listAll()).toEqual([])
  })

  it('changes one file of an entry', async () => {
    const { storage } = openStorage(`outbox-db-${randomUUID()}`)
    const stored = entry()
    await storage.put(stored)
    await storage.patchFile(stored.id, 'f1', (file) => void (file.evidenceId = 'ev1'))
    expect((await storage.get(stored.id))?.files[0]?.evidenceId).toBe('ev1')
  })

  it('leases an entry to one owner at a time, until the lease runs out or is given back', async () => {
    const { storage } = openStorage(`outbox-db-${randomUUID()}`)
    const stored = entry()
    await storage.put(stored)
    const [tabA, tabB] = await Promise.all([storage.claim(stored.id, 'tab-a', 1_000, 100), storage.claim(stored.id, 'tab-b', 1_000, 100)])
    expect(tabA?.lease).toEqual({ owner: 'tab-a', until: 1_100 })
    expect(tabB).toBeUndefined()
    // Its owner may claim it again; another owner only once the lease ran out.
    expect(await storage.claim(stored.id, 'tab-a', 1_000, 200)).toBeDefined()
    expect(await storage.claim(stored.id, 'tab-b', 1_000, 1_199)).toBeUndefined()
    expect((await storage.claim(stored.id, 'tab-b', 1_000, 1_200))?.lease?.owner).toBe('tab-b')

    await storage.release(stored.id, 'tab-a') // not tab-a's any more: nothing changes
    expect((await storage.get(stored.id))?.lease?.owner).toBe('tab-b')
    await storage.release(stored.id, 'tab-b')
    expect((await storage.get(stored.id))?.lease).toBeUndefined()
  })

  it('renews only the owner’s lease', async () => {
    const { storage } = openStorage(`outbox-db-${randomUUID()}`)
    const stored = entry({ lease: { owner: 'tab-a', until: Date.now() + 10 } })
    await storage.put(stored)
    await storage.renew(stored.id, 'tab-b', 60_000)
    expect((await storage.get(stored.id))?.lease?.until).toBe(stored.lease!.until)
    await storage.renew(stored.id, 'tab-a', 60_000)
    expect((await storage.get(stored.id))?.lease?.until).toBeGreaterThan(Date.now() + 50_000)
  })

  it('removes an entry only when the condition holds, and says what it found', async () => {
    const { storage, onChanged } = openStorage(`outbox-db-${randomUUID()}`)
    const stored = entry()
    await storage.put(stored)
    onChanged.mockClear()
    const kept = await storage.removeIf(stored.id, () => false)
    expect(kept).toMatchObject({ found: { id: stored.id }, isRemoved: false })
    expect(onChanged).not.toHaveBeenCalled()
    const removed = await storage.removeIf(stored.id, (current) => current.label === 'Fencing')
    expect(removed).toMatchObject({ found: { id: stored.id }, isRemoved: true })
    expect(await storage.get(stored.id)).toBeUndefined()
    expect(onChanged).toHaveBeenCalledTimes(1)
    expect(await storage.removeIf(stored.id, () => true)).toEqual({ found: undefined, isRemoved: false })
  })
})
