// The outbox: reports written on a phone with a weak or no connection are kept in IndexedDB and
// sent when the connection allows — now, when the browser comes back online, after a backoff,
// or after a reload. Exactly once: the server creates each report once (clientReportId), each
// file is stored once (its evidence id, or its SHA-256 among the incident's evidence), and two
// tabs never send the same entry (a lease). This file only composes the parts:
//   outbox-entry.ts         the entry, and the rules over it (pure)
//   outbox-db.ts            IndexedDB: every read and write of entries and drafts
//   outbox-scheduler.ts     when to send: now, back online, visible again, after a backoff
//   outbox-lease.ts         which tab sends an entry
//   outbox-upload.ts        sending one entry: the report, then its files
//   outbox-subscription.ts  the snapshot React reads, and the "sent" notices
//   outbox-channel.ts       telling the other tabs
import { openOutboxChannel, type OutboxChannel, type OutboxMessage } from '../../lib/outbox/outbox-channel.ts'
import { createOutboxStorage, newId, OUTBOX_DB_NAME, type DraftRecord } from '../../lib/outbox/outbox-db.ts'
import {
  backoffMs,
  clearFailures,
  entriesOf,
  hasWorkLeft,
  isDelivered,
  isDue,
  isLeased,
  sentNoticeOf,
  toStoredEntry,
  type NewEntry,
  type OutboxEntry,
} from '../../lib/outbox/outbox-entry.ts'
import { createEntryLeases } from '../../lib/outbox/outbox-lease.ts'
import { createSyncScheduler } from '../../lib/outbox/outbox-scheduler.ts'
import { createOutboxSubscription } from './outbox-subscription.ts'
import { createSender } from './outbox-upload.ts'

export type { DraftFile, DraftRecord } from '../../lib/outbox/outbox-db.ts'
export { newId, toStoredFile } from '../../lib/outbox/outbox-db.ts'
export type { EntryState, NewEntry, OutboxEntry, OutboxError, OutboxFile, SentNotice } from '../../lib/outbox/outbox-entry.ts'
export { entryState, hasWorkLeft, outboxErrorOf, progressKey } from '../../lib/outbox/outbox-entry.ts'
export type { OutboxSnapshot } from './outbox-subscription.ts'

export interface OutboxOptions {
  dbName?: string
  /** The first wait after a failure; it doubles with each failure in a row, up to maxRetryMs. */
  retryBaseMs?: number
  maxRetryMs?: number
  /** How long a tab's claim on an entry lasts unless renewed (a closed tab's claim runs out). */
  leaseMs?: number
  /** While entries wait, check this often even without an 'online' event (a connection can return silently). */
  pollMs?: number
  channelName?: string
}

const DEFAULTS = { retryBaseMs: 5_000, maxRetryMs: 10 * 60_000, leaseMs: 30_000, pollMs: 60_000 }

const isOnline = () => typeof navigator === 'undefined' || navigator.onLine !== false

export type Outbox = ReturnType<typeof createOutbox>

export function createOutbox(options: OutboxOptions = {}) {
  const settings = { ...DEFAULTS, ...options }
  const dbName = options.dbName ?? OUTBOX_DB_NAME
  let userId: string | null = null
  let channel: OutboxChannel | undefined

  const view = createOutboxSubscription(isOnline())
  const storage = createOutboxStorage({
    dbName,
    // Every write redraws this tab before it settles, then tells the others.
    onChanged: async () => {
      await refresh()
      channel?.post({ type: 'changed' })
    },
  })
  const leases = createEntryLeases({ storage, owner: newId(), leaseMs: settings.leaseMs, lockPrefix: dbName })
  const send = createSender({
    storage,
    retryDelayMs: (attempts) => backoffMs(attempts, settings),
    onProgress: view.setProgress,
    finish,
  })
  const scheduler = createSyncScheduler({
    pollMs: settings.pollMs,
    runPass,
    afterRun: refresh,
    waitingEntries: () => (userId ? view.getSnapshot().entries.filter(hasWorkLeft) : []),
    onOnline: () => view.update({ isOnline: true }),
    onOffline: () => {
      view.update({ isOnline: false })
      // Stop the upload now rather than after tus's retries; it resumes from where it stopped.
      leases.abortCurrent()
    },
  })

  async function refresh() {
    view.update({ isLoaded: true, userId, entries: entriesOf(await storage.listAll(), userId), isOnline: isOnline() })
  }

  /** Clears a sent entry away and tells this tab's listeners and the other tabs. */
  async function finish(entry: OutboxEntry) {
    await storage.remove(entry.id)
    const notice = sentNoticeOf(entry)
    if (view.noteSent(notice)) channel?.post({ type: 'sent', notice })
  }

  /** One pass over the user's due entries, oldest first; false when the connection failed (nothing more to try now). */
  async function runPass(force: boolean): Promise<boolean> {
    const user = userId
    if (!user || !isOnline()) return false
    const now = Date.now()
    for (const entry of entriesOf(await storage.listAll(), user)) {
      if (isDelivered(entry) && !isLeased(entry, now)) {
        await finish(entry)
        continue
      }
      if (!isDue(entry, force, now)) continue
      if (userId !== user || !isOnline()) return false
      const outcome = await leases.withLease(entry.id, async (signal) => {
        try {
          return await send(entry.id, signal)
        } finally {
          view.clearProgress(entry.id)
        }
      })
      // Without a connection the other entries would fail the same way: wait for it.
      if (outcome === 'offline') return false
    }
    return true
  }

  function onMessage(message: OutboxMessage) {
    if (message?.type === 'sent') view.noteSent(message.notice)
    void refresh().then(scheduler.schedule)
  }

  // Reports whose outcome a page is showing right now (the report form after "Send"): their
  // "sent" needs no second confirmation from the top bar.
  const watchedResults = new Set<string>()

  return {
    getSnapshot: view.getSnapshot,
    subscribe: view.subscribe,
    /** Called with each report once it and its files are on the server (in any tab). */
    onSent: view.onSent,
    /** Marks a report's outcome as shown by the caller until the returned function is called. */
    watchResult(id: string) {
      watchedResults.add(id)
      return () => void watchedResults.delete(id)
    },
    /** Whether a page is showing this report's outcome itself. */
    isResultWatched: (id: string) => watchedResults.has(id),

    /** Starts sending for this user (null: signed out, nothing is sent); returns the stop function. */
    start(user: string | null) {
      userId = user
      if (!scheduler.isStarted && typeof window !== 'undefined') {
        channel = openOutboxChannel(options.channelName ?? `${dbName}-changes`, onMessage)
      }
      scheduler.start()
      void refresh().then(() => scheduler.sync({ force: true }))
      return () => this.stop()
    },
    stop() {
      if (!scheduler.isStarted) return
      scheduler.stop()
      leases.abortCurrent()
      channel?.close()
      channel = undefined
    },
    /** Stops and closes the database (tests; a page that goes away needs nothing). */
    async close() {
      this.stop()
      await scheduler.idle()
      await storage.close()
    },

    sync: scheduler.sync,
    /** Settles when the current run is over: its failure shows in the snapshot a moment before it gives its lease back. */
    idle: scheduler.idle,

    /**
     * Keeps a new report (and its files) on the device, then tries to send it. `replacesDraft`: the
     * account whose form draft this report came from, forgotten in the same transaction.
     */
    async add<V>(entry: NewEntry<V>, { replacesDraft }: { replacesDraft?: string } = {}): Promise<OutboxEntry<V>> {
      const stored = toStoredEntry(entry)
      if (replacesDraft) await storage.putReplacingDraft(stored as OutboxEntry, replacesDraft)
      else await storage.put(stored as OutboxEntry)
      void scheduler.sync({ force: true })
      return stored
    },

    list: () => storage.listAll(),

    /** Forgets an entry that no tab is sending; false when one is. */
    async discard(id: string): Promise<boolean> {
      const { found, isRemoved } = await storage.removeIf(id, (entry) => !isLeased(entry))
      return !found || isRemoved
    },

    /** Gives up the refused files of a report the server created: what was stored stays. */
    async discardRefusedFiles(id: string) {
      const entry = await storage.patch(id, (current) => {
        current.files = current.files.filter((file) => !file.error)
      })
      if (entry && isDelivered(entry)) await finish(entry)
    },

    /**
     * Takes a refused report out of the outbox and puts it in its author's form draft, to correct
     * it (only before the server created it); one transaction, so it is always in one of the two.
     */
    async takeForEditing<V>(id: string): Promise<OutboxEntry<V> | undefined> {
      const { found, isMoved } = await storage.moveToDraft(
        id,
        (entry) => !entry.incidentId && !isLeased(entry),
        (entry) => ({
          user: entry.userId,
          draft: {
            values: entry.values,
            files: entry.files.map(({ id: fileId, name, type, size, lastModified, blob }) => ({
              id: fileId,
              name,
              type,
              size,
              lastModified,
              blob,
            })),
            savedAt: Date.now(),
          },
        }),
      )
      return isMoved ? (found as OutboxEntry<V>) : undefined
    },

    /** "Try again": forgets the refusals and the backoff, and sends now. */
    async retry(id?: string) {
      for (const each of id ? [id] : view.getSnapshot().entries.map((entry) => entry.id)) await storage.patch(each, clearFailures)
      return scheduler.sync({ force: true })
    },

    // ---- The draft of the form, per account ----------------------------------------------------
    loadDraft: <V>(user: string): Promise<DraftRecord<V> | undefined> => storage.loadDraft<V>(user),
    saveDraft: <V>(user: string, draft: DraftRecord<V>) => storage.saveDraft(user, draft),
    clearDraft: (user: string) => storage.clearDraft(user),
  }
}

/** The app's one outbox (tests make their own with createOutbox). */
export const outbox = createOutbox()
