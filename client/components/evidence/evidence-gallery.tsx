// The evidence of one record (a case, an incident, a parcel, a community): thumbnails, what each
// file is, its SHA-256 (the identity a court can check), when and where it was captured, who
// uploaded it, and its chain of custody. The server sends only what the viewer may see.
import { useQuery } from '@tanstack/react-query'
import { useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { Evidence } from '../../../shared/evidence.ts'
import { problemText } from '../problem-message.tsx'
import { formatBytes, formatDateTime, formatNumber } from '../../lib/format.ts'
import { custodyQuery, evidenceFileUrl, evidenceListQuery, evidenceThumbnailUrl } from '../../lib/evidence.ts'
import { actorText, CustodyList } from './custody-list.tsx'
import { EvidenceUploadButton } from './evidence-upload-button.tsx'
import { formatCodeOf, mediaKindOf } from '../../lib/media-kind.ts'
import type { EvidenceTarget } from '../../lib/evidence-upload.ts'
import './evidence.css'

interface EvidenceGalleryProps {
  target: EvidenceTarget
  /** Whether to offer the upload button (the viewer holds evidence.upload). */
  canUpload?: boolean
  /** Heading level of each item's title, under the section's heading. */
  itemHeading?: 'h3' | 'h4'
}

export function EvidenceGallery({ target, canUpload = false, itemHeading = 'h3' }: EvidenceGalleryProps) {
  const { t } = useTranslation()
  const list = useQuery(evidenceListQuery(target))
  const items = list.data?.items ?? []
  return (
    <div className="evidence" data-testid="evidence-gallery">
      {canUpload && <EvidenceUploadButton target={target} />}
      {list.isPending && <p className="muted">{t('common.state.loading')}</p>}
      {list.error && (
        <div className="alert alert-error" role="alert">
          <p>{problemText(t, list.error)}</p>
          <button type="button" className="button" onClick={() => void list.refetch()}>
            {t('common.action.retry')}
          </button>
        </div>
      )}
      {list.isSuccess && items.length === 0 && <p className="empty">{t('evidence.gallery.empty')}</p>}
      {items.length > 0 && (
        <ul className="evidence-grid">
          {items.map((item) => (
            <EvidenceItem key={item.id} item={item} Heading={itemHeading} />
          ))}
        </ul>
      )}
    </div>
  )
}

function EvidenceItem({ item, Heading }: { item: Evidence; Heading: 'h3' | 'h4' }) {
  const { t } = useTranslation()
  const kind = mediaKindOf(item.mediaType)
  const custody = useQuery(custodyQuery(item.id))
  const stored = custody.data?.entries.find((entry) => entry.action === 'create')
  const fileUrl = evidenceFileUrl(item.id)
  const captured = item.capturedAt ? formatDateTime(item.capturedAt) : item.capturedAtText
  const extra = [
    item.pageCount ? t('evidence.item.pages', { pages: formatNumber(item.pageCount) }) : null,
    item.durationSeconds ? t('evidence.item.duration', { duration: formatDuration(item.durationSeconds) }) : null,
  ].filter(Boolean)
  const camera = [item.cameraMake, item.cameraModel].filter(Boolean).join(' ')

  return (
    <li className="evidence-card" data-testid="evidence-item" id={`evidence-${item.id}`}>
      {/* A second way to the same download (the button below), for the mouse: hidden from the keyboard and screen readers. */}
      <a className="evidence-thumb" href={fileUrl} download={item.originalFilename ?? true} tabIndex={-1} aria-hidden="true">
        {item.hasThumbnail ? (
          <img src={evidenceThumbnailUrl(item.id)} alt="" loading="lazy" />
        ) : (
          <span className={`evidence-tile evidence-tile-${kind}`} aria-hidden="true">
            {formatCodeOf(item.mediaType, item.originalFilename)}
          </span>
        )}
      </a>
      <div className="evidence-head">
        <Heading className="evidence-title">{item.title}</Heading>
        <p className="evidence-meta">
          <span className="badge">{t(`evidence.kind.${kind}`)}</span>
          <span>{formatBytes(item.sizeBytes)}</span>
          {item.isConfidential && <span className="badge badge-red">🔒 {t('common.state.confidential')}</span>}
        </p>
        {item.originalFilename && item.originalFilename !== item.title && (
          <p className="muted small evidence-filename">{item.originalFilename}</p>
        )}
      </div>
      <div className="evidence-body">
        <dl className="evidence-facts">
          <dt>SHA-256</dt>
          <dd>
            <HashValue sha256={item.sha256} />
          </dd>
          <dt>{t('evidence.item.captured')}</dt>
          <dd>
            {captured ?? t('evidence.item.unknown')}
            {item.capturedBy && <span className="muted"> · {item.capturedBy}</span>}
          </dd>
          {item.location && (
            <>
              <dt>{t('evidence.item.where')}</dt>
              <dd>
                <span className="mono">
                  {formatNumber(item.location.coordinates[1], 5)}, {formatNumber(item.location.coordinates[0], 5)}
                </span>
              </dd>
            </>
          )}
          <dt>{t('evidence.item.uploaded')}</dt>
          <dd>
            {formatDateTime(item.createdAt)}
            {stored && <span className="muted"> · {t('evidence.item.by', { name: actorText(t, stored.actorLabel) })}</span>}
          </dd>
          {camera && (
            <>
              <dt>{t('evidence.item.camera')}</dt>
              <dd>{camera}</dd>
            </>
          )}
          {extra.length > 0 && (
            <>
              <dt>{t('evidence.item.details')}</dt>
              <dd>{extra.join(' · ')}</dd>
            </>
          )}
        </dl>
        {item.description && <p className="small evidence-description">{item.description}</p>}
        <div className="button-row">
          <a className="button" href={fileUrl} download={item.originalFilename ?? true}>
            <span aria-hidden="true">⬇ </span>
            {t('common.action.download')}
          </a>
        </div>
        <details className="evidence-custody">
          <summary>
            {t('evidence.custody.title')}
            {custody.data && <span className="muted"> ({formatNumber(custody.data.entries.length)})</span>}
          </summary>
          <CustodyList evidenceId={item.id} />
        </details>
      </div>
    </li>
  )
}

/** The hash in full, monospace, with a copy button (it is what people compare with a court's copy). */
export function HashValue({ sha256 }: { sha256: string }) {
  const { t } = useTranslation()
  const codeRef = useRef<HTMLElement>(null)
  const [isCopied, setCopied] = useState(false)
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(sha256)
    } catch {
      // No clipboard API (a plain-http install): select the text so the user can copy it by hand.
      const range = document.createRange()
      if (codeRef.current) range.selectNodeContents(codeRef.current)
      const selection = window.getSelection()
      selection?.removeAllRanges()
      selection?.addRange(range)
      return
    }
    setCopied(true)
    window.setTimeout(() => setCopied(false), 2000)
  }
  return (
    <span className="hash">
      <code ref={codeRef} className="mono" translate="no">
        {sha256}
      </code>
      <button type="button" className="link-button hash-copy" onClick={() => void copy()} aria-label={t('evidence.item.copyHash')}>
        {isCopied ? `✓ ${t('evidence.item.copied')}` : t('evidence.item.copy')}
      </button>
    </span>
  )
}

function formatDuration(seconds: number): string {
  const whole = Math.round(seconds)
  const minutes = Math.floor(whole / 60)
  const rest = String(whole % 60).padStart(2, '0')
  return minutes >= 60 ? `${Math.floor(minutes / 60)}:${String(minutes % 60).padStart(2, '0')}:${rest}` : `${minutes}:${rest}`
}
