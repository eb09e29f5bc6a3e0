// Photos and videos for a report: the camera first (on a phone the input opens it), or files
// already on the phone. Each chosen file shows as a thumbnail that can be removed; the files are
// kept with the draft, so a reload does not lose them.
import { useEffect, useId, useState, type ChangeEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { formatBytes } from '../../lib/format.ts'
import { CameraIcon, FileIcon, GalleryIcon } from './icons.tsx'
import type { DraftFile } from '../../lib/outbox/outbox-db.ts'

interface FilePickerProps {
  files: readonly DraftFile[]
  onAdd: (files: File[]) => void
  onRemove: (id: string) => void
  /** Files refused before they were added (too large), as sentences. */
  problems?: readonly string[]
  /** What the inputs take; photos and videos by default (the public report page takes photos only). */
  accept?: string
  /** The camera button's label and the hint under the buttons, when not the report form's own. */
  label?: string
  hint?: string
}

/** Object URLs for the chosen files' previews, released when a file goes or the form closes. */
function usePreviewUrls(files: readonly DraftFile[]): Record<string, string> {
  const [urls, setUrls] = useState<Record<string, string>>({})
  useEffect(() => {
    const next: Record<string, string> = {}
    for (const file of files) {
      if (file.type.startsWith('image/') || file.type.startsWith('video/')) next[file.id] = URL.createObjectURL(file.blob)
    }
    setUrls(next)
    return () => Object.values(next).forEach((url) => URL.revokeObjectURL(url))
  }, [files])
  return urls
}

export function FilePicker({ files, onAdd, onRemove, problems = [], accept = 'image/*,video/*', label, hint }: FilePickerProps) {
  const { t } = useTranslation()
  const id = useId()
  const urls = usePreviewUrls(files)

  const choose = (event: ChangeEvent<HTMLInputElement>) => {
    const chosen = [...(event.target.files ?? [])]
    // The same photo can be chosen again after it was removed.
    event.target.value = ''
    if (chosen.length) onAdd(chosen)
  }

  return (
    <div className="field file-field">
      <div className="file-buttons">
        {/* Each input comes before its label: a keyboard focus on the hidden input shows on the label. */}
        <input
          id={`${id}-camera`}
          className="file-input"
          type="file"
          accept={accept}
          capture="environment"
          multiple
          aria-describedby={`${id}-hint`}
          onChange={choose}
        />
        <label htmlFor={`${id}-camera`} className="button button-large file-button">
          <CameraIcon /> {label ?? t('report.photos')}
        </label>
        <input
          id={`${id}-gallery`}
          className="file-input"
          type="file"
          accept={accept}
          multiple
          aria-describedby={`${id}-hint`}
          onChange={choose}
        />
        <label htmlFor={`${id}-gallery`} className="button file-button file-button-secondary">
          <GalleryIcon /> {t('report.chooseFiles')}
        </label>
      </div>
      <p id={`${id}-hint`} className="field-hint">
        {hint ?? t('report.photosHint')}
      </p>
      {problems.map((problem) => (
        <p key={problem} className="field-error" role="alert">
          {problem}
        </p>
      ))}
      {files.length > 0 && (
        <ul className="thumbs">
          {files.map((file) => (
            <li key={file.id} className="thumb">
              <div className="thumb-media">
                {file.type.startsWith('image/') && urls[file.id] ? (
                  <img src={urls[file.id]} alt="" />
                ) : file.type.startsWith('video/') && urls[file.id] ? (
                  <>
                    <video src={urls[file.id]} muted playsInline preload="metadata" aria-hidden="true" />
                    <span className="thumb-badge">▶ {t('report.video')}</span>
                  </>
                ) : (
                  <span className="thumb-file">
                    <FileIcon />
                  </span>
                )}
              </div>
              <div className="thumb-caption">
                <span className="thumb-name" title={file.name}>
                  {file.name}
                </span>
                <span className="small muted">{formatBytes(file.size)}</span>
              </div>
              <button
                type="button"
                className="thumb-remove"
                onClick={() => onRemove(file.id)}
                aria-label={t('report.removeFile', { name: file.name })}
              >
                ✕
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  )
}
