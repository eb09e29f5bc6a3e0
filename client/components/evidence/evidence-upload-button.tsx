// Choose files and upload them as evidence of a record, one after another (a weak connection
// does better with one upload at a time), each with its own progress: first its SHA-256 is
// computed on the device, then the bytes go up, resumable. A failed file can be tried again.
import { useQueryClient } from '@tanstack/react-query'
import { useId, useRef, useState, type ChangeEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { useClientConfig } from '../../lib/session.ts'
import { problemText } from '../problem-message.tsx'
import { ApiError } from '../../lib/api-client.ts'
import { formatBytes, formatNumber } from '../../lib/format.ts'
import { evidenceKey } from '../../lib/evidence.ts'
import { uploadEvidence, type EvidenceTarget, type UploadProgress } from '../../lib/evidence-upload.ts'

type UploadState = 'queued' | 'hashing' | 'uploading' | 'done' | 'failed' | 'refused'

interface UploadRow {
  key: string
  file: File
  state: UploadState
  /** 0…1 within the current phase. */
  fraction: number
  error?: unknown
  sha256?: string
}

let nextKey = 0

export function EvidenceUploadButton({ target, onUploaded }: { target: EvidenceTarget; onUploaded?: (evidenceId: string) => void }) {
  const { t } = useTranslation()
  const inputId = useId()
  const queryClient = useQueryClient()
  const { data: config } = useClientConfig()
  const [rows, setRows] = useState<UploadRow[]>([])
  const isRunning = useRef(false)
  const queue = useRef<UploadRow[]>([])

  const update = (key: string, change: Partial<UploadRow>) =>
    setRows((current) => current.map((row) => (row.key === key ? { ...row, ...change } : row)))

  const runQueue = async () => {
    if (isRunning.current) return
    isRunning.current = true
    try {
      for (let row = queue.current.shift(); row; row = queue.current.shift()) {
        const { key, file } = row
        try {
          const result = await uploadEvidence(file, {
            target,
            onProgress: (progress: UploadProgress) =>
              update(key, { state: progress.phase === 'done' ? 'done' : progress.phase, fraction: progress.fraction }),
          })
          update(key, { state: 'done', fraction: 1, sha256: result.sha256 })
          await queryClient.invalidateQueries({ queryKey: evidenceKey })
          onUploaded?.(result.evidenceId)
        } catch (error) {
          update(key, { state: 'failed', error })
        }
      }
    } finally {
      isRunning.current = false
    }
  }

  const enqueue = (added: UploadRow[]) => {
    queue.current.push(...added.filter((row) => row.state === 'queued'))
    void runQueue()
  }

  const onChoose = (event: ChangeEvent<HTMLInputElement>) => {
    const files = [...(event.target.files ?? [])]
    // The same file can be chosen again after a failure.
    event.target.value = ''
    const added = files.map((file): UploadRow => {
      const isTooLarge = config !== undefined && file.size > config.maxUploadBytes
      return { key: `upload-${(nextKey += 1)}`, file, state: isTooLarge ? 'refused' : 'queued', fraction: 0 }
    })
    setRows((current) => [...current.filter((row) => row.state !== 'done'), ...added])
    enqueue(added)
  }

  const retry = (row: UploadRow) => {
    const again = { ...row, state: 'queued' as const, fraction: 0, error: undefined }
    update(row.key, again)
    enqueue([again])
  }

  return (
    <div className="evidence-upload">
      <input id={inputId} type="file" multiple className="visually-hidden evidence-upload-input" onChange={onChoose} />
      <label htmlFor={inputId} className="button button-primary evidence-upload-label">
        <span aria-hidden="true">⬆</span> {t('evidence.upload.choose')}
      </label>
      <p className="field-hint">
        {t('evidence.upload.hint')}
        {config && ` ${t('evidence.upload.maxSize', { size: formatBytes(config.maxUploadBytes) })}`}
      </p>
      {rows.length > 0 && (
        <ul className="upload-list" aria-live="polite">
          {rows.map((row) => (
            <li key={row.key} className={`upload-row upload-${row.state}`}>
              <div className="upload-name">
                <span className="upload-file">{row.file.name}</span>
                <span className="muted small">{formatBytes(row.file.size)}</span>
              </div>
              {(row.state === 'hashing' || row.state === 'uploading' || row.state === 'queued') && (
                <div
                  className="progress"
                  role="progressbar"
                  aria-label={row.file.name}
                  aria-valuemin={0}
                  aria-valuemax={100}
                  aria-valuenow={Math.round(row.fraction * 100)}
                >
                  <span style={{ width: `${Math.round(row.fraction * 100)}%` }} />
                </div>
              )}
              <p className="upload-status small">
                {row.state === 'queued' && t('evidence.upload.queued')}
                {row.state === 'hashing' && t('evidence.upload.hashing', { percent: formatNumber(Math.round(row.fraction * 100)) })}
                {row.state === 'uploading' && t('evidence.upload.uploading', { percent: formatNumber(Math.round(row.fraction * 100)) })}
                {row.state === 'done' && <span className="upload-done">✓ {t('evidence.upload.done')}</span>}
                {row.state === 'refused' && <span className="field-error">{t('common.error.tooLarge')}</span>}
                {row.state === 'failed' && (
                  <span className="field-error">
                    {uploadErrorText(t, row.error)}{' '}
                    <button type="button" className="link-button" onClick={() => retry(row)}>
                      {t('common.action.retry')}
                    </button>
                  </span>
                )}
              </p>
              {row.sha256 && <p className="small muted mono upload-hash">SHA-256 {row.sha256}</p>}
            </li>
          ))}
        </ul>
      )}
    </div>
  )
}

/** Why an upload failed, in the user's words; a changed hash means the file was altered on the way. */
export function uploadErrorText(t: (key: string, options?: Record<string, unknown>) => string, error: unknown): string {
  if (error instanceof ApiError && error.code === 'evidence.hash_mismatch') return t('evidence.upload.hashMismatch')
  if (error instanceof ApiError && error.code.endsWith('not_found')) return t('evidence.upload.targetGone')
  return problemText(t, error)
}
