// Evidence uploads from the browser: the file's SHA-256 is computed on the device (the server
// refuses the file if its own hash differs), then the bytes go up with tus, which resumes an
// interrupted upload from where it stopped — even after a reload, via the fingerprint it keeps.
import { createSHA256 } from 'hash-wasm'
import { DetailedError, Upload } from 'tus-js-client'
import { ApiError, NetworkError } from './api-client.ts'

/** What the evidence is attached to: exactly one. */
export type EvidenceTarget =
  { incidentId: string } | { caseId: string } | { parcelId: string } | { communityId: string } | { activityId: string }

export interface EvidenceFields {
  title?: string
  description?: string
  /** ISO date-time with offset. */
  capturedAt?: string
  capturedBy?: string
  isConfidential?: boolean
}

export type UploadPhase = 'hashing' | 'uploading' | 'done'
export interface UploadProgress {
  phase: UploadPhase
  /** 0…1 within the phase. */
  fraction: number
}

const HASH_SLICE_BYTES = 4 * 1024 * 1024
/** Small enough that a dropped connection loses little, large enough to keep requests few. */
const CHUNK_BYTES = 8 * 1024 * 1024
/** The header the server sets on the finishing request (server/features/evidence/evidence.tus.ts). */
const EVIDENCE_ID_HEADER = 'Dey-Evidence-Id'

/** SHA-256 (hex) of a file, read in slices so a 2 GB video never sits in memory at once. */
export async function sha256OfBlob(blob: Blob, onProgress?: (fraction: number) => void): Promise<string> {
  const hasher = await createSHA256()
  hasher.init()
  for (let offset = 0; offset < blob.size; offset += HASH_SLICE_BYTES) {
    const slice = await blob.slice(offset, offset + HASH_SLICE_BYTES).arrayBuffer()
    hasher.update(new Uint8Array(slice))
    onProgress?.(Math.min(1, (offset + slice.byteLength) / blob.size))
  }
  return hasher.digest('hex')
}

export interface UploadOptions {
  target: EvidenceTarget
  /** The file's name, when `file` is a Blob kept without one (the outbox stores Blobs beside their names). */
  filename?: string
  fields?: EvidenceFields
  /** The hash if already known (an outbox entry hashed it when the file was chosen). */
  sha256?: string
  onProgress?: (progress: UploadProgress) => void
  signal?: AbortSignal
}

/** Uploads one file as evidence; resolves with the new record's id once the server has checked and stored it. */
export async function uploadEvidence(file: Blob, options: UploadOptions): Promise<{ evidenceId: string; sha256: string }> {
  const sha256 = options.sha256 ?? (await sha256OfBlob(file, (fraction) => options.onProgress?.({ phase: 'hashing', fraction })))
  options.signal?.throwIfAborted()
  const filename = options.filename ?? (file instanceof File ? file.name : 'upload')
  const metadata: Record<string, string> = { filename, filetype: file.type, sha256 }
  for (const [key, value] of Object.entries({ ...options.target, ...options.fields })) {
    if (value !== undefined && value !== '') metadata[key] = String(value)
  }
  return new Promise((resolve, reject) => {
    let evidenceId: string | undefined
    const upload = new Upload(file, {
      endpoint: '/api/uploads',
      metadata,
      chunkSize: CHUNK_BYTES,
      // Weak rural connections: retry for about a minute before giving up (the outbox retries later).
      retryDelays: [0, 1000, 3000, 10_000, 20_000, 30_000],
      storeFingerprintForResuming: true,
      removeFingerprintOnSuccess: true,
      // The same file for the same record resumes; another record gets its own upload.
      fingerprint: async () => ['dey', sha256, file.size, JSON.stringify(options.target)].join('-'),
      onProgress: (sent, total) => options.onProgress?.({ phase: 'uploading', fraction: total ? sent / total : 0 }),
      onAfterResponse: (_request, response) => {
        evidenceId = response.getHeader(EVIDENCE_ID_HEADER) ?? evidenceId
      },
      onShouldRetry: (error) => {
        const status = error instanceof DetailedError ? error.originalResponse?.getStatus() : undefined
        // A refusal (bad metadata, wrong hash, too large, no access) will not change on retry.
        return status === undefined || status === 0 || status >= 500 || status === 423 || status === 409
      },
      onSuccess: () => {
        options.onProgress?.({ phase: 'done', fraction: 1 })
        if (evidenceId) resolve({ evidenceId, sha256 })
        else reject(new Error('The server stored the upload but did not name the evidence record'))
      },
      onError: (error) => reject(toUploadError(error)),
    })
    options.signal?.addEventListener('abort', () => {
      void upload.abort(false)
      reject(new DOMException('The upload was cancelled', 'AbortError'))
    })
    void upload.findPreviousUploads().then(
      (previous) => {
        if (options.signal?.aborted) return
        if (previous[0]) upload.resumeFromPreviousUpload(previous[0])
        upload.start()
      },
      (error: unknown) => reject(error instanceof Error ? error : new Error(String(error))),
    )
  })
}

/** tus errors as the rest of the client knows them: ApiError for a refusal, NetworkError otherwise. */
function toUploadError(error: Error): Error {
  const response = error instanceof DetailedError ? error.originalResponse : null
  const status = response?.getStatus() ?? 0
  if (!response || status === 0) return new NetworkError(error)
  const body = response.getBody() ?? ''
  try {
    const parsed = JSON.parse(body) as { code?: string; detail?: string; title?: string; errors?: { field: string; message: string }[] }
    return new ApiError(
      status,
      {
        type: 'about:blank',
        title: parsed.title ?? 'Error',
        status,
        code: parsed.code ?? `http.${status}`,
        detail: parsed.detail ?? body.slice(0, 300),
        ...(parsed.errors ? { errors: parsed.errors } : {}),
      },
      parsed as Record<string, unknown>,
    )
  } catch {
    return new ApiError(status, { type: 'about:blank', title: 'Error', status, code: `http.${status}`, detail: body.slice(0, 300) })
  }
}
