// Sending one entry that this tab holds: the report first, then each file not yet stored. Each
// step is written to the entry as soon as the server confirms it, so a send cut short anywhere
// resumes where it stopped and never creates anything twice:
// - the report carries clientReportId (the entry's id): a POST whose answer was lost, sent again,
//   returns the same incident;
// - a file whose upload began is first looked for among the incident's evidence by its SHA-256.
import { EvidenceList } from '../../../shared/evidence.ts'
import { Incident } from '../../../shared/incidents.ts'
import { api, ApiError } from '../../lib/api-client.ts'
import type { sha256OfBlob, uploadEvidence, UploadProgress } from '../../lib/evidence-upload.ts'
import type { OutboxStorage } from '../../lib/outbox/outbox-db.ts'
import { outboxErrorOf, recordFailure, type OutboxEntry, type OutboxFile } from '../../lib/outbox/outbox-entry.ts'

/** sent: gone from the outbox; attention: a file was refused; offline: no connection; failed: retry later or refused. */
export type SendOutcome = 'sent' | 'attention' | 'offline' | 'failed' | 'skipped'

export interface Uploader {
  sha256OfBlob: typeof sha256OfBlob
  uploadEvidence: typeof uploadEvidence
}

export interface SendDeps {
  storage: OutboxStorage
  /** The wait before the next try after this many failures in a row. */
  retryDelayMs: (attempts: number) => number
  onProgress: (entryId: string, fileId: string, progress: UploadProgress) => void
  /** Clears a fully sent entry away (and tells whoever waits for it). */
  finish: (entry: OutboxEntry) => Promise<void>
  /** hash-wasm and tus are loaded only when a file is sent: the form's first load stays small. */
  loadUploader?: () => Promise<Uploader>
}

const loadEvidenceUpload = () => import('../../lib/evidence-upload.ts')

export function createSender(deps: SendDeps) {
  const { storage, onProgress, loadUploader = loadEvidenceUpload } = deps

  async function fail(id: string, error: unknown): Promise<SendOutcome> {
    const problem = outboxErrorOf(error)
    await storage.patch(id, (entry) => recordFailure(entry, problem, Date.now() + deps.retryDelayMs(entry.attempts)))
    return problem.kind === 'network' ? 'offline' : 'failed'
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

  /** An earlier upload of the file may have reached the server while its answer was lost: its evidence id, if so. */
  async function findEarlierUpload(id: string, sha256: string, evidence: { id: string; sha256: string }[]) {
    const latest = await storage.get(id)
    // Two identical files in one report: each claims its own evidence record.
    const taken = new Set(latest?.files.map((other) => other.evidenceId).filter(Boolean))
    return evidence.find((each) => each.sha256 === sha256 && !taken.has(each.id))?.id
  }

  /** Stores one file of the entry (hash, look for an earlier upload, upload); throws what the server or the connection said. */
  async function sendFile(
    id: string,
    incidentId: string,
    file: OutboxFile,
    signal: AbortSignal,
    listStoredEvidence: () => Promise<{ id: string; sha256: string }[]>,
  ) {
    const uploader = await loadUploader()
    let sha256 = file.sha256
    if (!sha256) {
      onProgress(id, file.id, { phase: 'hashing', fraction: 0 })
      const hash = await uploader.sha256OfBlob(file.blob, (fraction) => onProgress(id, file.id, { phase: 'hashing', fraction }))
      await storage.patchFile(id, file.id, (current) => {
        current.sha256 = hash
      })
      sha256 = hash
    }
    if (file.isUploadStarted) {
      const earlierId = await findEarlierUpload(id, sha256, await listStoredEvidence())
      if (earlierId) {
        await storage.patchFile(id, file.id, (current) => {
          current.evidenceId = earlierId
        })
        return
      }
    }
    await storage.patchFile(id, file.id, (current) => {
      current.isUploadStarted = true
    })
    onProgress(id, file.id, { phase: 'uploading', fraction: 0 })
    const { evidenceId } = await uploader.uploadEvidence(file.blob, {
      filename: file.name,
      target: { incidentId },
      sha256,
      signal,
      onProgress: (progress) => onProgress(id, file.id, progress),
    })
    await storage.patch(id, (current) => {
      const target = current.files.find((candidate) => candidate.id === file.id)
      if (target) {
        target.evidenceId = evidenceId
        delete target.error
      }
      current.attempts = 0
    })
  }

  /** Sends what is left of an entry this tab holds: the report, then each file not yet stored. */
  return async function send(id: string, signal: AbortSignal): Promise<SendOutcome> {
    let entry = await storage.patch(id, (current) => {
      current.attempts += 1
      current.lastAttemptAt = Date.now()
    })
    if (!entry) return 'skipped'
    let incidentId = entry.incidentId
    if (!incidentId) {
      try {
        incidentId = (await api('/api/incidents', Incident, { method: 'POST', body: entry.body, signal })).id
      } catch (error) {
        return fail(id, error)
      }
      const created = incidentId
      entry = await storage.patch(id, (current) => {
        current.incidentId = created
        current.attempts = 0
        delete current.error
      })
      if (!entry) return 'skipped'
    }

    const incident = incidentId
    // Listed at most once per send, and only when a file may already be there.
    let evidence: Promise<{ id: string; sha256: string }[]> | undefined
    const listStoredEvidence = () => (evidence ??= storedEvidence(incident, signal))
    for (const file of entry.files) {
      if (file.evidenceId || file.error) continue
      try {
        await sendFile(id, incident, file, signal, listStoredEvidence)
      } catch (error) {
        const problem = outboxErrorOf(error)
        if (problem.kind !== 'refused') return fail(id, error)
        // This file will not be accepted as it is; the report and the other files go on.
        await storage.patchFile(id, file.id, (current) => {
          current.error = problem
        })
      }
    }

    const done = await storage.get(id)
    if (!done) return 'skipped'
    if (done.files.some((file) => file.error)) {
      await storage.patch(id, (current) => {
        delete current.error
        delete current.nextAttemptAt
      })
      return 'attention'
    }
    await deps.finish(done)
    return 'sent'
  }
}
