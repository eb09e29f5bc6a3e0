// The files attached to a community or an incident: a small list with thumbnails. The server
// lists only what the role may see; the full gallery with custody lives in the case workspace.
import { useQuery } from '@tanstack/react-query'
import { useTranslation } from 'react-i18next'
import { ProblemMessage } from '../problem-message.tsx'
import { formatBytes, formatDateTime } from '../../lib/format.ts'
import { evidenceFileUrl, evidenceListQuery, evidenceThumbnailUrl } from '../../lib/evidence.ts'
import { formatCodeOf, mediaKindOf } from '../../lib/media-kind.ts'
import type { EvidenceTarget } from '../../lib/evidence-upload.ts'

export function EvidenceSection({ target, headingId }: { target: EvidenceTarget; headingId: string }) {
  const { t } = useTranslation()
  const { data, error, isPending, refetch } = useQuery(evidenceListQuery(target))
  const items = data?.items.filter((item) => item.purgedAt === null) ?? []
  return (
    <section className="card" aria-labelledby={headingId}>
      <h2 id={headingId}>
        {t('evidence.title')}
        {data && <span className="rec-count">{items.length}</span>}
      </h2>
      {isPending && (
        <p className="muted" role="status">
          {t('common.state.loading')}
        </p>
      )}
      {error && <ProblemMessage error={error} onRetry={() => void refetch()} />}
      {data && items.length === 0 && <p className="empty">{t('evidence.section.empty')}</p>}
      {items.length > 0 && (
        <ul className="rec-evidence">
          {items.map((item) => (
            <li key={item.id} className="rec-evidence-item">
              <a
                href={evidenceFileUrl(item.id)}
                target="_blank"
                rel="noreferrer"
                className="rec-evidence-thumb"
                aria-label={t('evidence.section.open', { title: item.title })}
              >
                {item.hasThumbnail ? (
                  <img src={evidenceThumbnailUrl(item.id)} alt="" loading="lazy" width={72} height={72} />
                ) : (
                  <span className="rec-evidence-code" aria-hidden="true">
                    {formatCodeOf(item.mediaType, item.originalFilename)}
                  </span>
                )}
              </a>
              <div className="rec-evidence-text">
                <a href={evidenceFileUrl(item.id)} target="_blank" rel="noreferrer" className="rec-evidence-title">
                  {item.title}
                </a>
                <span className="small muted">
                  {t(`evidence.section.kind.${mediaKindOf(item.mediaType)}`)} · {formatBytes(item.sizeBytes)}
                </span>
                <span className="small">
                  {t('evidence.section.captured', {
                    date: item.capturedAt ? formatDateTime(item.capturedAt) : t('evidence.section.unknown'),
                  })}
                </span>
                {item.isConfidential && <span className="badge badge-red">{t('common.state.confidential')}</span>}
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}
