// The browser-side storage of the report form: reports waiting to be sent (the outbox) and the
// draft being typed, both in IndexedDB so that they survive a reload, a closed tab or a phone
// that ran out of battery. Files are kept as Blobs: the browser stores them on disk, so a video
// does not sit in memory while it waits for a connection.
import { openDB, type DBSchema, type IDBPDatabase } from 'idb'

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
