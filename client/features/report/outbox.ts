// The outbox: reports written on a phone with a weak or no connection are kept in IndexedDB and
// sent when the connection allows — now, when the browser comes back online, after a backoff,
// or after a reload. Exactly once:
// - each report carries a UUID made on the device (clientReportId): if the server created the
//   incident but the answer was lost, sending it again returns the same incident (never a second);
// - a file is uploaded once: its evidence id is stored as soon as the server answers; if that
//   answer was lost, the incident's evidence is searched for the file's SHA-256 before uploading
//   again, and an interrupted upload resumes (tus) instead of starting over;
// - two tabs never send the same entry: a tab first takes a lease on it in IndexedDB (one
//   readwrite transaction, so only one tab can win), renews it while it works, and gives it back
//   (with a Web Lock around it where the browser has them); a BroadcastChannel tells the other
//   tabs what changed, so every tab shows the same outbox.
import { EvidenceList } from '../../../shared/evidence.ts'
import { Incident } from '../../../shared/incidents.ts'
import { api, ApiError, NetworkError } from '../../lib/api-client.ts'
import type { UploadProgress } from '../../lib/evidence-upload.ts'
import {
  newId,
  openOutboxDb,
  OUTBOX_DB_NAME,
  type DraftRecord,
  type OutboxDb,
  type OutboxEntry,
  type OutboxError,
  type OutboxFile,
} from './outbox-db.ts'

export type { DraftFile, DraftRecord, OutboxEntry, OutboxError, OutboxFile } from './outbox-db.ts'
export { newId, toStoredFile } from './outbox-db.ts'

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

export interface SentNotice {
  id: string
  incidentId: string
  label: string
  /** [lng, lat] of the report, to show it on the map. */
  location?: [number, number]
  at: number
}

/** What the UI shows: this user's entries, the progress of the files being sent, what was sent. */
export interface OutboxSnapshot {
  isLoaded: boolean
  userId: string | null
  /** The signed-in user's entries, oldest first. */
  entries: readonly OutboxEntry[]
  /** By `${entryId}/${fileId}`. */
  progress: Readonly<Record<string, UploadProgress>>
  /** Reports sent since this page was opened (by this tab or another), newest first. */
  sent: readonly SentNotice[]
  isOnline: boolean
}

export type EntryState = 'sending' | 'waiting' | 'refused'

export interface NewEntry<V> {
  id: string
  userId: string
  body: Record<string, unknown>
  values: V
  label: string
  files: Omit<OutboxFile, 'sha256' | 'evidenceId' | 'error' | 'isUploadStarted'>[]
}

type Outcome = 'sent' | 'attention' | 'offline' | 'failed' | 'skipped'
type Message = { type: 'changed' } | { type: 'sent'; notice: SentNotice }

const DEFAULTS = { retryBaseMs: 5_000, maxRetryMs: 10 * 60_000, leaseMs: 30_000, pollMs: 60_000 }

/** A failure as the outbox stores it, and whether it is worth retrying (everything but `refused` is). */
export function outboxErrorOf(error: unknown): OutboxError {
  if (error instanceof ApiError) {
    const { status } = error
    const fields = error.fieldErrors
    const base: OutboxError = {
      kind: 'refused',
      status,
      code: error.code,
      detail: error.problem.detail,
      ...(error.problem.requestId ? { requestId: String(error.problem.requestId) } : {}),
      ...(Object.keys(fields).length ? { fieldErrors: fields } : {}),
    }
    if (status === 401) return { ...base, kind: 'auth' }
    // Busy, rate limited, or broken for now: another try later may work.
    if (status === 408 || status === 425 || status === 429 || status >= 500) return { ...base, kind: 'server' }
    return base
  }
  // An abort is ours: the connection went away (see onOffline) or the outbox stopped.
  if (error instanceof NetworkError || (error instanceof Error && error.name === 'AbortError')) return { kind: 'network' }
  return { kind: 'server', detail: error instanceof Error ? error.message : String(error) }
}

/** Whether the entry still has something to send (and may be sent without the user's say). */
export function hasWorkLeft(entry: OutboxEntry): boolean {
  if (entry.error?.kind === 'refused') return false
  return !entry.incidentId || entry.files.some((file) => !file.evidenceId && !file.error)
}

export function entryState(entry: OutboxEntry, now = Date.now()): EntryState {
  if (entry.lease && entry.lease.until > now) return 'sending'
  if (entry.error?.kind === 'refused') return 'refused'
  if (!hasWorkLeft(entry) && entry.files.some((file) => file.error)) return 'refused'
  return 'waiting'
}

export const progressKey = (entryId: string, fileId: string) => `${entryId}/${fileId}`

const loadUploader = () => import('../../lib/evidence-upload.ts')

export type Outbox = ReturnType<typeof createOutbox>

export function createOutbox(options: OutboxOptions = {}) {
  const settings = { ...DEFAULTS, ...options }
  const dbName = options.dbName ?? OUTBOX_DB_NAME
  const tabId = newId()
  let dbPromise: Promise<OutboxDb> | undefined
  const db = () => (dbPromise ??= openOutboxDb(dbName))

  let userId: string | null = null
  let snapshot: OutboxSnapshot = { isLoaded: false, userId: null, entries: [], progress: {}, sent: [], isOnline: isOnline() }
  const listeners = new Set<() => void>()
  const sentListeners = new Set<(notice: SentNotice) => void>()
  let channel: BroadcastChannel | undefined
  let running: Promise<void> | undefined
  let rerun: { force: boolean } | undefined
  let timer: ReturnType<typeof setTimeout> | undefined
  let abort: AbortController | undefined
  let lastProgressEmit = 0
  let isStarted = false
  /** The 'online' event fired during the current run: run again even if that run found no connection. */
  let cameOnline = false

  function isOnline() {
    return typeof navigator === 'undefined' || navigator.onLine !== false
  }

  function emit() {
    for (const listener of listeners) listener()
  }

  function setSnapshot(patch: Partial<OutboxSnapshot>) {
    snapshot = { ...snapshot, ...patch }
    emit()
  }

  async function refresh() {
    const all = await (await db()).getAll('entries')
    const mine = userId ? all.filter((entry) => entry.userId === userId).sort((a, b) => a.createdAt - b.createdAt) : []
    setSnapshot({ isLoaded: true, userId, entries: mine, isOnline: isOnline() })
  }

  function broadcast(message: Message) {
    channel?.postMessage(message)
  }

  /** Changes one entry in one transaction (undefined if it is gone); every tab then shows the change. */
  async function patch(id: string, change: (entry: OutboxEntry) => void): Promise<OutboxEntry | undefined> {
    const tx = (await db()).transaction('entries', 'readwrite')
    const entry = await tx.store.get(id)
    if (entry) {
      change(entry)
      await tx.store.put(entry)
    }
    await tx.done
    await refresh()
    broadcast({ type: 'changed' })
    return entry
  }

  const patchFile = (id: string, fileId: string, change: (file: OutboxFile) => void) =>
    patch(id, (entry) => {
      const file = entry.files.find((candidate) => candidate.id === fileId)
      if (file) change(file)
    })

  /** Takes the entry for this tab unless another tab holds a live lease on it. */
  async function claim(id: string): Promise<OutboxEntry | undefined> {
    const tx = (await db()).transaction('entries', 'readwrite')
    const entry = await tx.store.get(id)
    const now = Date.now()
    let claimed: OutboxEntry | undefined
    if (entry && !(entry.lease && entry.lease.until > now && entry.lease.owner !== tabId)) {
      entry.lease = { owner: tabId, until: now + settings.leaseMs }
      await tx.store.put(entry)
      claimed = entry
    }
    await tx.done
    if (claimed) {
      await refresh()
      broadcast({ type: 'changed' })
    }
    return claimed
  }

  const release = (id: string) =>
    patch(id, (entry) => {
      if (entry.lease?.owner === tabId) delete entry.lease
    })

  function setProgress(entryId: string, fileId: string, progress: UploadProgress | undefined) {
    const next = { ...snapshot.progress }
    const key = progressKey(entryId, fileId)
    const phaseChanged = next[key]?.phase !== progress?.phase
    if (progress) next[key] = progress
    else delete next[key]
    snapshot = { ...snapshot, progress: next }
    const now = Date.now()
    // Uploads report progress many times a second: redraw at most ~8 times a second.
    if (phaseChanged || now - lastProgressEmit > 120 || progress?.fraction === 1) {
      lastProgressEmit = now
      emit()
    }
  }

  function clearProgress(entryId: string) {
    const next = Object.fromEntries(Object.entries(snapshot.progress).filter(([key]) => !key.startsWith(`${entryId}/`)))
    setSnapshot({ progress: next })
  }

  function noteSent(notice: SentNotice, isLocal: boolean) {
    if (snapshot.sent.some((sent) => sent.id === notice.id)) return
    setSnapshot({ sent: [notice, ...snapshot.sent].slice(0, 20) })
    for (const listener of sentListeners) listener(notice)
    if (isLocal) broadcast({ type: 'sent', notice })
  }

  async function finish(entry: OutboxEntry) {
    await (await db()).delete('entries', entry.id)
    await refresh()
    broadcast({ type: 'changed' })
    const coordinates = (entry.body.location as { coordinates?: [number, number] } | undefined)?.coordinates
    noteSent(
      {
        id: entry.id,
        incidentId: entry.incidentId!,
        label: entry.label,
        ...(coordinates ? { location: coordinates } : {}),
        at: Date.now(),
      },
      true,
    )
  }

  function backoff(attempts: number) {
    const delay = Math.min(settings.maxRetryMs, settings.retryBaseMs * 2 ** Math.max(0, attempts - 1))
    return Math.round(delay * (0.8 + Math.random() * 0.4))
  }

  async function fail(id: string, error: unknown): Promise<Outcome> {
    const problem = outboxErrorOf(error)
    await patch(id, (entry) => {
      entry.error = problem
      if (problem.kind === 'refused') delete entry.nextAttemptAt
      else entry.nextAttemptAt = Date.now() + backoff(entry.attempts)
    })
    return problem.kind === 'network' ? 'offline' : 'failed'
  }

  /** Sends what is left of a claimed entry: the report, then each file not yet stored. */
  async function send(id: string, signal: AbortSignal): Promise<Outcome> {
    let entry = await patch(id, (current) => {
      current.attempts += 1
      current.lastAttemptAt = Date.now()
    })
    if (!entry) return 'skipped'
    let incidentId = entry.incidentId
    if (!incidentId) {
      try {
        const incident = await api('/api/incidents', Incident, { method: 'POST', body: entry.body, signal })
        incidentId = incident.id
      } catch (error) {
        return fail(id, error)
      }
      entry = await patch(id, (current) => {
        current.incidentId = incidentId
        current.attempts = 0
        delete current.error
      })
      if (!entry) return 'skipped'
    }

    let stored: { id: string; sha256: string }[] | undefined
    for (const file of entry.files) {
      if (file.evidenceId || file.error) continue
      try {
        let sha256 = file.sha256
        if (!sha256) {
          const { sha256OfBlob } = await loadUploader()
          setProgress(id, file.id, { phase: 'hashing', fraction: 0 })
          sha256 = await sha256OfBlob(file.blob, (fraction) => setProgress(id, file.id, { phase: 'hashing', fraction }))
          const hash = sha256
          await patchFile(id, file.id, (current) => {
            current.sha256 = hash
          })
        }
        if (file.isUploadStarted) {
          // An earlier upload may have reached the server while its answer was lost: look first.
          stored ??= await storedEvidence(incidentId, signal)
          const latest = await (await db()).get('entries', id)
          const taken = new Set(latest?.files.map((other) => other.evidenceId).filter(Boolean))
          const match = stored.find((evidence) => evidence.sha256 === sha256 && !taken.has(evidence.id))
          if (match) {
            await patchFile(id, file.id, (current) => {
              current.evidenceId = match.id
            })
            continue
          }
        }
        await patchFile(id, file.id, (current) => {
          current.isUploadStarted = true
        })
        const { uploadEvidence } = await loadUploader()
        setProgress(id, file.id, { phase: 'uploading', fraction: 0 })
        const { evidenceId } = await uploadEvidence(file.blob, {
          filename: file.name,
          target: { incidentId },
          sha256,
          signal,
          onProgress: (progress) => setProgress(id, file.id, progress),
        })
        await patch(id, (current) => {
          const target = current.files.find((candidate) => candidate.id === file.id)
          if (target) {
            target.evidenceId = evidenceId
            delete target.error
          }
          current.attempts = 0
        })
      } catch (error) {
        const problem = outboxErrorOf(error)
        if (problem.kind === 'refused') {
          // This file will not be accepted as it is; the report and the other files go on.
          await patchFile(id, file.id, (current) => {
            current.error = problem
          })
          continue
        }
        return fail(id, error)
      }
    }

    const done = await (await db()).get('entries', id)
    if (!done) return 'skipped'
    if (done.files.some((file) => file.error)) {
      await patch(id, (current) => {
        delete current.error
        delete current.nextAttemptAt
      })
      return 'attention'
    }
    await finish(done)
    return 'sent'
  }

  /** The incident's stored evidence; when it cannot be listed, none (the file is uploaded again). */
  async function storedEvidence(incidentId: string, signal: AbortSignal) {
    try {
      return (await api('/api/evidence', EvidenceList, { query: { incident: incidentId }, signal })).items
    } catch (error) {
      if (error instanceof ApiError && error.status < 500 && error.status !== 401 && error.status !== 429) return []
      throw error
    }
  }

  /**
   * Where the browser has Web Locks, a tab that is sending an entry also holds a lock on it (freed
   * at once if the tab dies); the lease in IndexedDB is what decides everywhere else.
   */
  function withEntryLock(id: string, work: () => Promise<Outcome>): Promise<Outcome> {
    const locks = typeof navigator === 'undefined' ? undefined : navigator.locks
    if (!locks) return work()
    return locks.request(`${dbName}:${id}`, { ifAvailable: true }, (lock) => (lock ? work() : 'skipped'))
  }

  const sendClaimed = (id: string) => withEntryLock(id, () => sendLeased(id))

  async function sendLeased(id: string): Promise<Outcome> {
    const entry = await claim(id)
    if (!entry) return 'skipped'
    abort = new AbortController()
    const renew = setInterval(
      () => {
        void patch(id, (current) => {
          if (current.lease?.owner === tabId) current.lease.until = Date.now() + settings.leaseMs
        })
      },
      Math.max(50, settings.leaseMs / 3),
    )
    try {
      return await send(id, abort.signal)
    } finally {
      clearInterval(renew)
      abort = undefined
      clearProgress(id)
      await release(id)
    }
  }

  /** One pass over the due entries; false when the connection failed (nothing more to try now). */
  async function syncOnce(force: boolean): Promise<boolean> {
    const user = userId
    if (!user || !isOnline()) return false
    const now = Date.now()
    const all = await (await db()).getAll('entries')
    const mine = all.filter((entry) => entry.userId === user).sort((a, b) => a.createdAt - b.createdAt)
    for (const entry of mine) {
      // Sent, but the tab closed before it was cleared away.
      if (entry.incidentId && !entry.files.some((file) => !file.evidenceId) && !(entry.lease && entry.lease.until > now)) {
        await finish(entry)
        continue
      }
      if (!hasWorkLeft(entry) || (!force && entry.nextAttemptAt && entry.nextAttemptAt > now)) continue
      if (userId !== user || !isOnline()) return false
      const outcome = await sendClaimed(entry.id)
      // Without a connection the other entries would fail the same way: wait for it.
      if (outcome === 'offline') return false
    }
    return true
  }

  function schedule() {
    if (timer) clearTimeout(timer)
    timer = undefined
    if (!isStarted || !userId) return
    const waiting = snapshot.entries.filter(hasWorkLeft)
    if (waiting.length === 0) return
    const next = Math.min(...waiting.map((entry) => entry.nextAttemptAt ?? Date.now() + settings.pollMs))
    const delay = Math.max(250, Math.min(next - Date.now(), settings.pollMs))
    timer = setTimeout(() => void sync(), delay)
  }

  /**
   * Sends what is due (everything with `force`: "send now", the connection came back). Calls
   * while a run is going join it, and one more run follows (unless the connection just failed:
   * then the backoff, the 'online' event or the next poll decide when to try again).
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
          const isConnected = await syncOnce(again.force)
          again = isConnected || cameOnline ? rerun : undefined
        }
      } finally {
        running = undefined
        await refresh().catch(() => undefined)
        schedule()
      }
    })()
    return running
  }

  const onOnline = () => {
    cameOnline = true
    setSnapshot({ isOnline: true })
    void sync({ force: true })
  }
  const onOffline = () => {
    setSnapshot({ isOnline: false })
    // Stop the upload now rather than after tus's retries; it resumes from where it stopped.
    abort?.abort()
  }
  const onVisible = () => {
    if (document.visibilityState === 'visible') void sync()
  }
  const onMessage = (event: MessageEvent<Message>) => {
    if (event.data?.type === 'sent') noteSent(event.data.notice, false)
    void refresh().then(schedule)
  }

  return {
    getSnapshot: () => snapshot,
    subscribe(listener: () => void) {
      listeners.add(listener)
      return () => void listeners.delete(listener)
    },
    /** Called with each report once it and its files are on the server (in any tab). */
    onSent(listener: (notice: SentNotice) => void) {
      sentListeners.add(listener)
      return () => void sentListeners.delete(listener)
    },

    /** Starts sending for this user (null: signed out, nothing is sent); returns the stop function. */
    start(user: string | null) {
      userId = user
      if (!isStarted && typeof window !== 'undefined') {
        window.addEventListener('online', onOnline)
        window.addEventListener('offline', onOffline)
        document.addEventListener('visibilitychange', onVisible)
        if (typeof BroadcastChannel !== 'undefined') {
          channel = new BroadcastChannel(options.channelName ?? `${dbName}-changes`)
          channel.addEventListener('message', onMessage)
        }
      }
      isStarted = true
      void refresh().then(() => sync({ force: true }))
      return () => this.stop()
    },
    stop() {
      if (!isStarted) return
      isStarted = false
      if (timer) clearTimeout(timer)
      timer = undefined
      abort?.abort()
      if (typeof window !== 'undefined') {
        window.removeEventListener('online', onOnline)
        window.removeEventListener('offline', onOffline)
        document.removeEventListener('visibilitychange', onVisible)
      }
      channel?.close()
      channel = undefined
    },
    /** Stops and closes the database (tests; a page that goes away needs nothing). */
    async close() {
      this.stop()
      await running?.catch(() => undefined)
      if (dbPromise) (await dbPromise).close()
      dbPromise = undefined
    },

    sync,

    /** Keeps a new report (and its files) on the device, then tries to send it. */
    async add<V>(entry: NewEntry<V>): Promise<OutboxEntry<V>> {
      const stored: OutboxEntry<V> = { ...entry, createdAt: Date.now(), attempts: 0, files: entry.files.map((file) => ({ ...file })) }
      await (await db()).put('entries', stored as OutboxEntry)
      await refresh()
      broadcast({ type: 'changed' })
      void sync({ force: true })
      return stored
    },

    async list(): Promise<OutboxEntry[]> {
      return (await db()).getAll('entries')
    },

    /** Forgets an entry that no tab is sending; false when one is. */
    async discard(id: string): Promise<boolean> {
      const tx = (await db()).transaction('entries', 'readwrite')
      const entry = await tx.store.get(id)
      const isBusy = Boolean(entry?.lease && entry.lease.until > Date.now())
      if (entry && !isBusy) await tx.store.delete(id)
      await tx.done
      await refresh()
      broadcast({ type: 'changed' })
      return !isBusy
    },

    /** Gives up the refused files of a report the server created: what was stored stays. */
    async discardRefusedFiles(id: string) {
      const entry = await patch(id, (current) => {
        current.files = current.files.filter((file) => !file.error)
      })
      if (entry?.incidentId && entry.files.every((file) => file.evidenceId)) await finish(entry)
    },

    /** Takes a refused report out of the outbox to correct it in the form (only before the server created it). */
    async takeForEditing<V>(id: string): Promise<OutboxEntry<V> | undefined> {
      const tx = (await db()).transaction('entries', 'readwrite')
      const entry = await tx.store.get(id)
      const canEdit = entry && !entry.incidentId && !(entry.lease && entry.lease.until > Date.now())
      if (canEdit) await tx.store.delete(id)
      await tx.done
      await refresh()
      broadcast({ type: 'changed' })
      return canEdit ? (entry as OutboxEntry<V>) : undefined
    },

    /** "Try again": forgets the refusals and the backoff, and sends now. */
    async retry(id?: string) {
      const ids = id ? [id] : snapshot.entries.map((entry) => entry.id)
      for (const each of ids) {
        await patch(each, (entry) => {
          delete entry.error
          delete entry.nextAttemptAt
          for (const file of entry.files) delete file.error
        })
      }
      return sync({ force: true })
    },

    // ---- The draft of the form, per account ----------------------------------------------------
    async loadDraft<V>(user: string): Promise<DraftRecord<V> | undefined> {
      return (await (await db()).get('drafts', user)) as DraftRecord<V> | undefined
    },
    async saveDraft<V>(user: string, draft: DraftRecord<V>) {
      await (await db()).put('drafts', draft as DraftRecord, user)
    },
    async clearDraft(user: string) {
      await (await db()).delete('drafts', user)
    },
  }
}

/** The app's one outbox (tests make their own with createOutbox). */
export const outbox = createOutbox()
