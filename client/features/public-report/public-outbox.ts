// The public page's outbox: a report sent through a public link is kept on the phone (IndexedDB,
// with its photos) and sent when there is a connection — fetch a challenge, solve it, POST — and
// its receipt code is then kept on the phone too, so a reload still shows it. Built from the
// signed-in outbox's parts (storage, lease, scheduler, entry rules) over a database of its own:
// no account here, and a signed-in user's outbox never sees these reports. Exactly once: the
// report carries clientReportId (the entry's id), so a POST whose answer was lost returns the
// first receipt when sent again; two tabs never send the same entry (the lease).
import type { z } from 'zod'
import type { IntakeChallenge, IntakeReceipt, PublicReportBody } from '../../../shared/intake.ts'
import { openOutboxChannel, type OutboxChannel } from '../../lib/outbox/outbox-channel.ts'
import { createOutboxStorage, newId, type DraftFile } from '../../lib/outbox/outbox-db.ts'
import { backoffMs, isLeased, outboxErrorOf, recordFailure, type OutboxEntry, type OutboxError } from '../../lib/outbox/outbox-entry.ts'
import { createEntryLeases } from '../../lib/outbox/outbox-lease.ts'
import { createSyncScheduler } from '../../lib/outbox/outbox-scheduler.ts'
import { fetchChallenge, postPublicReport, type PhotoToSend } from './api.ts'

export const PUBLIC_OUTBOX_DB_NAME = 'dey-public-reports'

/** A report as it is sent (JSON-ready: dates as text). */
export type PublicReportInput = z.input<typeof PublicReportBody>
/** The report without what is added when it is sent (the solved challenge). */
export type PublicReportDraftBody = Omit<PublicReportInput, 'altcha'>

/** A public report on the phone. `userId` holds the link's slug: each link's page shows its own. */
export interface PublicEntry<V = unknown> extends OutboxEntry<V> {
  body: PublicReportDraftBody
  /** Set once the server took the report; the photos are then dropped from the phone. */
  receipt?: IntakeReceipt
  /** The sender went on from its "received" screen ("Send another report"). */
  isSeen?: boolean
}

export type PublicEntryState = 'sending' | 'waiting' | 'refused' | 'received'

export function publicEntryState(entry: PublicEntry, now = Date.now()): PublicEntryState {
  if (entry.receipt) return 'received'
  if (isLeased(entry, now)) return 'sending'
  if (entry.error?.kind === 'refused') return 'refused'
  return 'waiting'
}

/** Whether the entry is still to be sent without the sender's say. */
export const isPending = (entry: PublicEntry) => !entry.receipt && entry.error?.kind !== 'refused'

/** One link's entries, oldest first. */
export const entriesOfLink = (all: readonly PublicEntry[], slug: string) =>
  all.filter((entry) => entry.userId === slug).sort((a, b) => a.createdAt - b.createdAt)

export interface PublicOutboxSnapshot {
  isLoaded: boolean
  slug: string | null
  /** This link's reports on the phone, oldest first: waiting, refused and received. */
  entries: readonly PublicEntry[]
  isOnline: boolean
}

/** How a report reaches the server; tests give their own. */
export interface PublicTransport {
  fetchChallenge: (slug: string, signal: AbortSignal) => Promise<IntakeChallenge>
  solve: (challenge: IntakeChallenge, signal: AbortSignal) => Promise<string>
  post: (slug: string, body: PublicReportInput, photos: PhotoToSend[], signal: AbortSignal) => Promise<IntakeReceipt>
}

const defaultTransport: PublicTransport = {
  fetchChallenge,
  solve: async (challenge, signal) => (await import('./proof-of-work.ts')).solveAltcha(challenge, signal),
  post: postPublicReport,
}

export interface PublicOutboxOptions {
  dbName?: string
  transport?: PublicTransport
  retryBaseMs?: number
  maxRetryMs?: number
  leaseMs?: number
  pollMs?: number
}

const DEFAULTS = { retryBaseMs: 5_000, maxRetryMs: 10 * 60_000, leaseMs: 60_000, pollMs: 60_000 }

const isOnline = () => typeof navigator === 'undefined' || navigator.onLine !== false

export interface NewPublicEntry<V> {
  slug: string
  body: Omit<PublicReportDraftBody, 'clientReportId'>
  values: V
  label: string
  files: DraftFile[]
}

export type PublicOutbox = ReturnType<typeof createPublicOutbox>

export function createPublicOutbox(options: PublicOutboxOptions = {}) {
  const settings = { ...DEFAULTS, ...options }
  const dbName = options.dbName ?? PUBLIC_OUTBOX_DB_NAME
  const transport = options.transport ?? defaultTransport
  let slug: string | null = null
  let channel: OutboxChannel | undefined
  let snapshot: PublicOutboxSnapshot = { isLoaded: false, slug: null, entries: [], isOnline: isOnline() }
  const listeners = new Set<() => void>()

  function update(patch: Partial<PublicOutboxSnapshot>) {
    snapshot = { ...snapshot, ...patch }
    for (const listener of listeners) listener()
  }

  const storage = createOutboxStorage({
    dbName,
    onChanged: async () => {
      await refresh()
      channel?.post({ type: 'changed' })
    },
  })
  const leases = createEntryLeases({ storage, owner: newId(), leaseMs: settings.leaseMs, lockPrefix: dbName })
  const scheduler = createSyncScheduler({
    pollMs: settings.pollMs,
    runPass,
    afterRun: refresh,
    waitingEntries: () => snapshot.entries.filter(isPending),
    onOnline: () => update({ isOnline: true }),
    onOffline: () => {
      update({ isOnline: false })
      leases.abortCurrent()
    },
  })

  const listAll = async () => (await storage.listAll()) as PublicEntry[]

  async function refresh() {
    update({ isLoaded: true, slug, entries: slug ? entriesOfLink(await listAll(), slug) : [], isOnline: isOnline() })
  }

  async function fail(id: string, error: unknown): Promise<'offline' | 'failed'> {
    const problem: OutboxError = outboxErrorOf(error)
    await storage.patch(id, (entry) => recordFailure(entry, problem, Date.now() + backoffMs(entry.attempts, settings)))
    return problem.kind === 'network' ? 'offline' : 'failed'
  }

  /** Sends one entry this tab holds: a fresh challenge each time (a solved one is spent by its report). */
  async function send(id: string, signal: AbortSignal): Promise<'sent' | 'offline' | 'failed' | 'skipped'> {
    const entry = (await storage.patch(id, (current) => {
      current.attempts += 1
      current.lastAttemptAt = Date.now()
    })) as PublicEntry | undefined
    if (!entry || entry.receipt) return 'skipped'
    let receipt: IntakeReceipt
    try {
      const challenge = await transport.fetchChallenge(entry.userId, signal)
      const altcha = await transport.solve(challenge, signal)
      const photos = entry.files.map((file) => ({ name: file.name, blob: file.blob }))
      receipt = await transport.post(entry.userId, { ...entry.body, altcha }, photos, signal)
    } catch (error) {
      return fail(id, error)
    }
    await storage.patch(id, (current) => {
      const received = current as PublicEntry
      received.receipt = receipt
      // The server has it all: the phone keeps only the receipt and the kind. Not the photos, and
      // not what the sender wrote or their name and phone — a phone is often shared, or taken.
      received.files = []
      received.values = null
      received.body = { kind: received.body.kind, clientReportId: received.id } as PublicReportDraftBody
      received.attempts = 0
      delete received.error
      delete received.nextAttemptAt
    })
    return 'sent'
  }

  async function runPass(force: boolean): Promise<boolean> {
    const current = slug
    if (!current || !isOnline()) return false
    const now = Date.now()
    for (const entry of entriesOfLink(await listAll(), current)) {
      if (!isPending(entry) || isLeased(entry, now)) continue
      if (!force && entry.nextAttemptAt && entry.nextAttemptAt > now) continue
      if (slug !== current || !isOnline()) return false
      const outcome = await leases.withLease(entry.id, (signal) => send(entry.id, signal))
      if (outcome === 'offline') return false
    }
    return true
  }

  return {
    getSnapshot: () => snapshot,
    subscribe(listener: () => void) {
      listeners.add(listener)
      return () => void listeners.delete(listener)
    },

    /** Starts sending this link's reports; returns the stop function. */
    start(link: string) {
      slug = link
      if (!scheduler.isStarted && typeof window !== 'undefined')
        channel = openOutboxChannel(`${dbName}-changes`, () => void refresh().then(scheduler.schedule))
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
    async close() {
      this.stop()
      await scheduler.idle()
      await storage.close()
    },

    sync: scheduler.sync,
    idle: scheduler.idle,

    /** Keeps a new report and its photos on the phone (forgetting the link's draft with it), then tries to send it. */
    async add<V>(entry: NewPublicEntry<V>): Promise<PublicEntry<V>> {
      const id = newId()
      const stored: PublicEntry<V> = {
        id,
        userId: entry.slug,
        createdAt: Date.now(),
        body: { ...entry.body, clientReportId: id },
        values: entry.values,
        label: entry.label,
        files: entry.files.map((file) => ({ ...file })),
        attempts: 0,
      }
      await storage.putReplacingDraft(stored as OutboxEntry, draftKey(entry.slug))
      void scheduler.sync({ force: true })
      return stored
    },

    /** "Send another report": the received screen is not shown again for this one. */
    markSeen: (id: string) =>
      storage.patch(id, (entry) => {
        ;(entry as PublicEntry).isSeen = true
      }),

    /** "Try again": forgets the refusal and the backoff, and sends now. */
    async retry(id: string) {
      await storage.patch(id, (entry) => {
        delete entry.error
        delete entry.nextAttemptAt
      })
      return scheduler.sync({ force: true })
    },

    /** Forgets a report that is not being sent; false when a tab is sending it. */
    async discard(id: string): Promise<boolean> {
      const { found, isRemoved } = await storage.removeIf(id, (entry) => !isLeased(entry))
      return !found || isRemoved
    },

    /** Puts a refused report back in the form (one transaction: it is always in one of the two). */
    async takeForEditing(id: string): Promise<boolean> {
      const { isMoved } = await storage.moveToDraft(
        id,
        (entry) => !(entry as PublicEntry).receipt && !isLeased(entry),
        (entry) => ({
          user: draftKey(entry.userId),
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
      return isMoved
    },

    loadDraft: <V>(link: string) => storage.loadDraft<V>(draftKey(link)),
    saveDraft: <V>(link: string, values: V, files: DraftFile[]) =>
      storage.saveDraft(draftKey(link), { values, files, savedAt: Date.now() }),
    clearDraft: (link: string) => storage.clearDraft(draftKey(link)),
  }
}

/** The form's draft of a link's page, in the drafts store. */
const draftKey = (slug: string) => `link:${slug}`

/** The page's one public outbox (tests make their own). */
export const publicOutbox = createPublicOutbox()
