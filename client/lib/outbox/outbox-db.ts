// The browser-side storage of the report form: reports waiting to be sent (the outbox) and the
// draft being typed, both in IndexedDB so that they survive a reload, a closed tab or a phone
// that ran out of battery. Files are kept as Blobs: the browser stores them on disk, so a video
// does not sit in memory while it waits for a connection.
//
// Every read and write of an entry goes through createOutboxStorage: a change that must not race
// another tab (a claim, a discard) is one readwrite transaction, which IndexedDB runs alone.
import { openDB, type DBSchema, type IDBPDatabase } from 'idb'
import { isLeased, type OutboxEntry, type OutboxFile } from './outbox-entry.ts'

export interface DraftFile {
  id: string
  name: string
  type: string
  size: number
  lastModified: number
  blob: Blob
}

export interface DraftRecord<V = unknown> {
  values: V
  files: DraftFile[]
  savedAt: number
}

interface OutboxSchema extends DBSchema {
  entries: { key: string; value: OutboxEntry }
  /** One draft per account, keyed by user id. */
  drafts: { key: string; value: DraftRecord }
}

export type OutboxDb = IDBPDatabase<OutboxSchema>

export const OUTBOX_DB_NAME = 'dey-outbox'

/**
 * A random UUID (v4). crypto.randomUUID exists only on https pages; an installation reached
 * over plain http on a local network still gets ids as random.
 */
export function newId(): string {
  if (typeof crypto.randomUUID === 'function' && globalThis.isSecureContext !== false) return crypto.randomUUID()
  const bytes = crypto.getRandomValues(new Uint8Array(16))
  bytes[6] = (bytes[6]! & 0x0f) | 0x40
  bytes[8] = (bytes[8]! & 0x3f) | 0x80
  const hex = [...bytes].map((byte) => byte.toString(16).padStart(2, '0')).join('')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}

export function openOutboxDb(name = OUTBOX_DB_NAME): Promise<OutboxDb> {
  return openDB<OutboxSchema>(name, 1, {
    upgrade(db) {
      db.createObjectStore('entries', { keyPath: 'id' })
      db.createObjectStore('drafts')
    },
  })
}

/** A file as it is stored: a Blob with its name kept beside it (a stored File may lose its name). */
export function toStoredFile(file: Blob & { name?: string; lastModified?: number }, id: string): DraftFile {
  // Slicing keeps the bytes on disk where the browser has them; the type travels with the Blob.
  const blob = file.slice(0, file.size, file.type)
  return { id, name: file.name || 'file', type: file.type, size: file.size, lastModified: file.lastModified ?? Date.now(), blob }
}

export interface OutboxStorageOptions {
  dbName?: string
  /** Awaited after every write, before the write's promise settles: the caller redraws and tells the other tabs. */
  onChanged?: () => Promise<void>
}

export type OutboxStorage = ReturnType<typeof createOutboxStorage>

export function createOutboxStorage({ dbName = OUTBOX_DB_NAME, onChanged = async () => {} }: OutboxStorageOptions = {}) {
  // Opened on first use: a page that never touches the outbox never opens the database.
  let dbPromise: Promise<OutboxDb> | undefined
  const db = () => (dbPromise ??= openOutboxDb(dbName))

  /** Runs `change` on the entry inside one readwrite transaction; what it returns says whether to store the entry. */
  async function update<T>(id: string, change: (entry: OutboxEntry | undefined) => { result: T; write: 'put' | 'delete' | 'none' }) {
    const tx = (await db()).transaction('entries', 'readwrite')
    const entry = await tx.store.get(id)
    const { result, write } = change(entry)
    if (write === 'put') await tx.store.put(entry!)
    if (write === 'delete') await tx.store.delete(id)
    await tx.done
    if (write !== 'none') await onChanged()
    return result
  }

  /** Changes one entry in one transaction; undefined (and nothing written) when it is gone. */
  const patch = (id: string, change: (entry: OutboxEntry) => void): Promise<OutboxEntry | undefined> =>
    update(id, (entry) => {
      if (entry) change(entry)
      return { result: entry, write: entry ? 'put' : 'none' }
    })

  return {
    listAll: async (): Promise<OutboxEntry[]> => (await db()).getAll('entries'),
    get: async (id: string): Promise<OutboxEntry | undefined> => (await db()).get('entries', id),

    async put(entry: OutboxEntry) {
      await (await db()).put('entries', entry)
      await onChanged()
    },

    /**
     * Stores a new report and forgets the form's draft it came from, in one transaction: a tab
     * closed or reloaded between the two left the queued report's text in the form, to be sent twice.
     */
    async putReplacingDraft(entry: OutboxEntry, draftOf: string) {
      const tx = (await db()).transaction(['entries', 'drafts'], 'readwrite')
      try {
        // An entry that cannot be stored throws here, before the draft is deleted; abort anyway.
        await Promise.all([tx.objectStore('entries').put(entry), tx.objectStore('drafts').delete(draftOf)])
      } catch (error) {
        tx.abort()
        await tx.done.catch(() => undefined)
        throw error
      }
      await tx.done
      await onChanged()
    },

    async remove(id: string) {
      await (await db()).delete('entries', id)
      await onChanged()
    },

    patch,

    patchFile(id: string, fileId: string, change: (file: OutboxFile) => void) {
      return patch(id, (entry) => {
        const file = entry.files.find((candidate) => candidate.id === fileId)
        if (file) change(file)
      })
    },

    /**
     * Moves the entry back into the form's draft if `canMove` agrees: the entry deleted and the
     * draft written in one transaction, so a tab closed in between loses the report nowhere.
     */
    async moveToDraft(
      id: string,
      canMove: (entry: OutboxEntry) => boolean,
      draftOf: (entry: OutboxEntry) => { user: string; draft: DraftRecord },
    ) {
      const tx = (await db()).transaction(['entries', 'drafts'], 'readwrite')
      const entry = await tx.objectStore('entries').get(id)
      const isMoved = Boolean(entry && canMove(entry))
      if (isMoved) {
        try {
          const { user, draft } = draftOf(entry!)
          // A draft that cannot be stored throws here, before anything is deleted; abort anyway.
          await Promise.all([tx.objectStore('drafts').put(draft, user), tx.objectStore('entries').delete(id)])
        } catch (error) {
          tx.abort()
          await tx.done.catch(() => undefined)
          throw error
        }
      }
      await tx.done
      if (isMoved) await onChanged()
      return { found: entry, isMoved }
    },

    /** Deletes the entry if `canRemove` agrees; `found` is the entry as it was, when there was one. */
    removeIf: (id: string, canRemove: (entry: OutboxEntry) => boolean) =>
      update(id, (entry) => {
        const isRemoved = Boolean(entry && canRemove(entry))
        return { result: { found: entry, isRemoved }, write: isRemoved ? 'delete' : 'none' }
      }),

    /** Leases the entry to `owner` for leaseMs unless another owner holds a live lease: only one tab can win. */
    claim: (id: string, owner: string, leaseMs: number, now = Date.now()): Promise<OutboxEntry | undefined> =>
      update(id, (entry) => {
        if (!entry || (isLeased(entry, now) && entry.lease!.owner !== owner)) return { result: undefined, write: 'none' }
        entry.lease = { owner, until: now + leaseMs }
        return { result: entry, write: 'put' }
      }),

    /** Extends `owner`'s lease (a tab that still works on the entry keeps it). */
    renew(id: string, owner: string, leaseMs: number) {
      return patch(id, (entry) => {
        if (entry.lease?.owner === owner) entry.lease.until = Date.now() + leaseMs
      })
    },

    release(id: string, owner: string) {
      return patch(id, (entry) => {
        if (entry.lease?.owner === owner) delete entry.lease
      })
    },

    // ---- The draft of the form, one per account ----------------------------------------------
    loadDraft: async <V>(user: string) => (await (await db()).get('drafts', user)) as DraftRecord<V> | undefined,
    async saveDraft<V>(user: string, draft: DraftRecord<V>) {
      await (await db()).put('drafts', draft as DraftRecord, user)
    },
    async clearDraft(user: string) {
      await (await db()).delete('drafts', user)
    },

    async close() {
      const opening = dbPromise
      dbPromise = undefined
      if (opening) (await opening).close()
    },
  }
}
