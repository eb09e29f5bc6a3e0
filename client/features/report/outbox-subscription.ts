// What React reads of the outbox: one immutable snapshot, replaced (never mutated) on each change
// so that useSyncExternalStore sees a new object exactly when something changed; and the "sent"
// notices, each told to its listeners once even when several tabs report the same one.
import type { UploadProgress } from '../../lib/evidence-upload.ts'
import { progressKey, type OutboxEntry, type SentNotice } from '../../lib/outbox/outbox-entry.ts'

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

/** Uploads report progress many times a second: redraw at most ~8 times a second. */
export const PROGRESS_REDRAW_MS = 120
/** Notices kept for the page: enough for a session's reports, bounded for a long-open tab. */
export const MAX_SENT_NOTICES = 20

export type OutboxSubscription = ReturnType<typeof createOutboxSubscription>

export function createOutboxSubscription(isOnline: boolean, now: () => number = Date.now) {
  let snapshot: OutboxSnapshot = { isLoaded: false, userId: null, entries: [], progress: {}, sent: [], isOnline }
  const listeners = new Set<() => void>()
  const sentListeners = new Set<(notice: SentNotice) => void>()
  let lastProgressRedrawAt = 0

  function emit() {
    for (const listener of listeners) listener()
  }

  function update(patch: Partial<OutboxSnapshot>) {
    snapshot = { ...snapshot, ...patch }
    emit()
  }

  return {
    getSnapshot: () => snapshot,
    subscribe(listener: () => void) {
      listeners.add(listener)
      return () => void listeners.delete(listener)
    },
    onSent(listener: (notice: SentNotice) => void) {
      sentListeners.add(listener)
      return () => void sentListeners.delete(listener)
    },

    update,

    /** Progress of one file (undefined: forget it); listeners hear of a new phase at once, of fractions at a bounded rate. */
    setProgress(entryId: string, fileId: string, progress: UploadProgress | undefined) {
      const next = { ...snapshot.progress }
      const key = progressKey(entryId, fileId)
      const isNewPhase = next[key]?.phase !== progress?.phase
      if (progress) next[key] = progress
      else delete next[key]
      snapshot = { ...snapshot, progress: next }
      const at = now()
      if (isNewPhase || at - lastProgressRedrawAt > PROGRESS_REDRAW_MS || progress?.fraction === 1) {
        lastProgressRedrawAt = at
        emit()
      }
    },

    clearProgress(entryId: string) {
      update({ progress: Object.fromEntries(Object.entries(snapshot.progress).filter(([key]) => !key.startsWith(`${entryId}/`))) })
    },

    /** Records a sent report and tells the listeners; false (and nothing told) when it was already known. */
    noteSent(notice: SentNotice): boolean {
      if (snapshot.sent.some((sent) => sent.id === notice.id)) return false
      update({ sent: [notice, ...snapshot.sent].slice(0, MAX_SENT_NOTICES) })
      for (const listener of sentListeners) listener(notice)
      return true
    },
  }
}
