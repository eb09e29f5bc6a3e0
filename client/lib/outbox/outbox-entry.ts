// An outbox entry: a report waiting on the device with its files, and the rules that say what is
// left to send, what the user sees and how long to wait after a failure. Plain data and pure
// functions: the entry is stored in IndexedDB as it is, and every rule here is testable without it.
import { ApiError, NetworkError } from '../api-client.ts'

/** Why an entry (or one of its files) was not sent, as the UI needs it to explain. Plain data: it is stored. */
export interface OutboxError {
  /** network: no connection; auth: signed out; server: a 5xx or 429, worth retrying; refused: a 4xx that retrying will not change. */
  kind: 'network' | 'auth' | 'server' | 'refused'
  status?: number
  code?: string
  detail?: string
  requestId?: string
  /** Field issues from a 400/422, keyed by the field of the report ("location", "communityId"). */
  fieldErrors?: Record<string, string>
}

export interface OutboxFile {
  id: string
  name: string
  type: string
  size: number
  lastModified: number
  blob: Blob
  /** Computed on the device before the upload; the server checks it. */
  sha256?: string
  /** An upload of this file began: before uploading it again, look for it among the incident's evidence. */
  isUploadStarted?: boolean
  /** Set once the server stored the file: it is never uploaded again. */
  evidenceId?: string
  /** The server refused this file (type, size, hash): it waits for the user. */
  error?: OutboxError
}

export interface OutboxEntry<V = unknown> {
  /** Generated on the device; also the report's clientReportId, so the server creates it once. */
  id: string
  /** The account that wrote it: sent only while that account is signed in on this device. */
  userId: string
  createdAt: number
  /** The POST /api/incidents body (JSON-ready). */
  body: Record<string, unknown>
  /** The form's values, to open the report in the form again if the server refuses it. */
  values: V
  /** A short label for lists: "Fencing — Phum Thmei". */
  label: string
  files: OutboxFile[]
  /** Set once the server created the incident. */
  incidentId?: string
  attempts: number
  lastAttemptAt?: number
  /** Not before this time (backoff after a failure); a "send now" or a returning connection ignores it. */
  nextAttemptAt?: number
  /** The last failure; `refused` blocks the entry until the user edits, retries or discards it. */
  error?: OutboxError
  /** Which tab is sending it, until when (renewed while it works): two tabs never send the same entry. */
  lease?: { owner: string; until: number }
}

/** A report as the form hands it over, before the outbox keeps it. */
export interface NewEntry<V> {
  id: string
  userId: string
  body: Record<string, unknown>
  values: V
  label: string
  files: Omit<OutboxFile, 'sha256' | 'evidenceId' | 'error' | 'isUploadStarted'>[]
}

export interface SentNotice {
  id: string
  incidentId: string
  label: string
  /** [lng, lat] of the report, to show it on the map. */
  location?: [number, number]
  at: number
}

export type EntryState = 'sending' | 'waiting' | 'refused'

export interface BackoffSettings {
  /** The first wait after a failure; it doubles with each failure in a row, up to maxRetryMs. */
  retryBaseMs: number
  maxRetryMs: number
}

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
  // An abort is ours: the connection went away (the scheduler aborts on 'offline') or the outbox stopped.
  if (error instanceof NetworkError || (error instanceof Error && error.name === 'AbortError')) return { kind: 'network' }
  return { kind: 'server', detail: error instanceof Error ? error.message : String(error) }
}

/** Some tab is sending the entry right now (a lease that ran out belongs to a tab that died). */
export function isLeased(entry: OutboxEntry, now = Date.now()): boolean {
  return Boolean(entry.lease && entry.lease.until > now)
}

/** Whether the entry still has something to send (and may be sent without the user's say). */
export function hasWorkLeft(entry: OutboxEntry): boolean {
  if (entry.error?.kind === 'refused') return false
  return !entry.incidentId || entry.files.some((file) => !file.evidenceId && !file.error)
}

/** The server holds the report and every file, but the entry is still here (its tab closed before clearing it). */
export function isDelivered(entry: OutboxEntry): boolean {
  return Boolean(entry.incidentId) && entry.files.every((file) => file.evidenceId)
}

export function entryState(entry: OutboxEntry, now = Date.now()): EntryState {
  if (isLeased(entry, now)) return 'sending'
  if (entry.error?.kind === 'refused') return 'refused'
  if (!hasWorkLeft(entry) && entry.files.some((file) => file.error)) return 'refused'
  return 'waiting'
}

/** Whether a pass over the outbox sends the entry now: due, or `force` ("send now", back online). */
export function isDue(entry: OutboxEntry, force: boolean, now = Date.now()): boolean {
  if (!hasWorkLeft(entry)) return false
  return force || !entry.nextAttemptAt || entry.nextAttemptAt <= now
}

/**
 * The wait before the next try after `attempts` failures in a row: doubling, capped, and spread by
 * ±20 % so that phones that lost the same connection do not all come back in the same second.
 */
export function backoffMs(attempts: number, settings: BackoffSettings, random = Math.random): number {
  const delay = Math.min(settings.maxRetryMs, settings.retryBaseMs * 2 ** Math.max(0, attempts - 1))
  return Math.round(delay * (0.8 + random() * 0.4))
}

export const progressKey = (entryId: string, fileId: string) => `${entryId}/${fileId}`

/** The entry as it is first stored: nothing tried yet, the files copied so the caller's list is not shared. */
export function toStoredEntry<V>(entry: NewEntry<V>, now = Date.now()): OutboxEntry<V> {
  return { ...entry, createdAt: now, attempts: 0, files: entry.files.map((file) => ({ ...file })) }
}

/** The user's entries, oldest first (the order they are sent and listed in). */
export function entriesOf(all: readonly OutboxEntry[], userId: string | null): OutboxEntry[] {
  return userId ? all.filter((entry) => entry.userId === userId).sort((a, b) => a.createdAt - b.createdAt) : []
}

/** "Try again": the refusals and the backoff are forgotten. */
export function clearFailures(entry: OutboxEntry): void {
  delete entry.error
  delete entry.nextAttemptAt
  for (const file of entry.files) delete file.error
}

/** Records a failed try; a refusal waits for the user, anything else for the backoff. */
export function recordFailure(entry: OutboxEntry, problem: OutboxError, nextAttemptAt: number): void {
  entry.error = problem
  if (problem.kind === 'refused') delete entry.nextAttemptAt
  else entry.nextAttemptAt = nextAttemptAt
}

export function sentNoticeOf(entry: OutboxEntry, now = Date.now()): SentNotice {
  const coordinates = (entry.body.location as { coordinates?: [number, number] } | undefined)?.coordinates
  return { id: entry.id, incidentId: entry.incidentId!, label: entry.label, ...(coordinates ? { location: coordinates } : {}), at: now }
}
