// One report from outside: all it says, where (a small map), its photos, who sent it (as this
// moderator may see them), the incidents it may duplicate, and the decisions: accept it as an
// incident, merge it into one, reject it, or erase the sender's details.
import { useQuery, useQueryClient } from '@tanstack/react-query'
import { useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useParams } from 'react-router'
import type { IntakeDecision, IntakeReport } from '../../../shared/intake.ts'
import { PageHeader } from '../../components/page-header.tsx'
import { PageLoading, PageProblem } from '../../components/page-state.tsx'
import { evidenceFileUrl, evidenceThumbnailUrl } from '../../lib/evidence.ts'
import { formatBytes, formatDateTime, formatNumber, formatOccurred } from '../../lib/format.ts'
import { localText } from '../../lib/reference-data.ts'
import { MiniMap } from '../../map/mini-map.tsx'
import { intakeReportQuery } from './api.ts'
import { CandidateDistance, SenderFacts, SourceBadge } from './intake-bits.tsx'
import { AcceptForm, EraseSender, MergeForm, RejectForm } from './intake-decisions.tsx'
import { intakeActions } from './intake-values.ts'
import '../../components/records.css'
import { registerIntakeStrings } from './strings.ts'
import './intake.css'

registerIntakeStrings()

export function IntakeReportPage() {
  const { id = '' } = useParams()
  const { t } = useTranslation()
  const { data: report, error, refetch } = useQuery(intakeReportQuery(id))
  if (error)
    return (
      <PageProblem error={error} onRetry={() => void refetch()}>
        <Link to="/intake">{t('intake.back')}</Link>
      </PageProblem>
    )
  if (!report) return <PageLoading />
  return <ReportDetail report={report} />
}

type Panel = 'accept' | 'merge' | 'reject'

function ReportDetail({ report }: { report: IntakeReport }) {
  const { t } = useTranslation()
  const queryClient = useQueryClient()
  const [panel, setPanel] = useState<Panel | null>(null)
  const [isJustAccepted, setJustAccepted] = useState(false)
  const actions = intakeActions(report)

  /** The decision's answer replaces the report in the cache at once (photos and candidates stay). */
  const decided = (decision: IntakeDecision) => {
    queryClient.setQueryData(intakeReportQuery(report.id).queryKey, (current) => current && { ...current, ...decision.report })
    setJustAccepted(decision.report.status === 'accepted')
    setPanel(null)
  }
  const toggle = (next: Panel) => setPanel(panel === next ? null : next)

  return (
    <div className="page intake-report-page">
      <p className="small">
        <Link to="/intake">← {t('intake.back')}</Link>
      </p>
      <PageHeader title={<span className="mono">{report.receiptCode}</span>}>
        <p className="intake-badges">
          <SourceBadge source={report.source} />
          {report.kind && <span className="badge">{t(`vocab.incidentKind.${report.kind}`)}</span>}
          <span className="badge">{t(`intake.status.${report.status as 'new'}`)}</span>
        </p>
      </PageHeader>

      <Outcome report={report} isJustAccepted={isJustAccepted} />

      <div className="intake-detail-grid">
        <section className="card" aria-labelledby="intake-what">
          <h2 id="intake-what">{t('intake.field.text')}</h2>
          <p className={report.description ? 'prewrap intake-text' : 'muted'}>{report.description || t('intake.noText')}</p>
          <dl className="facts">
            <dt>{t('intake.field.received')}</dt>
            <dd>{formatDateTime(report.createdAt)}</dd>
            <dt>{t('intake.field.occurred')}</dt>
            <dd>
              {report.occurredAt
                ? formatOccurred(report.occurredAt, report.occurredPrecision ?? 'day', { withTime: true })
                : t('common.state.none')}
            </dd>
            <dt>{t('common.field.community')}</dt>
            <dd>
              {report.communityId ? (
                <Link to={`/communities/${report.communityId}`}>{report.communityName ?? report.communityId}</Link>
              ) : (
                t('common.state.none')
              )}
            </dd>
            {report.linkTitle && (
              <>
                <dt>{t('intake.field.link')}</dt>
                <dd>{report.linkTitle}</dd>
              </>
            )}
          </dl>
        </section>

        <section className="card" aria-labelledby="intake-sender">
          <h2 id="intake-sender">{t('intake.field.sender')}</h2>
          <SenderFacts sender={report.sender} />
        </section>

        <section className="card" aria-labelledby="intake-where">
          <h2 id="intake-where">{t('intake.where')}</h2>
          {report.location ? (
            <>
              <div className="intake-map">
                <MiniMap label={t('intake.mapLabel')} shapes={[{ id: report.id, geometry: report.location }]} />
              </div>
              <p className="small muted">
                {formatNumber(report.location.coordinates[1], 5)}, {formatNumber(report.location.coordinates[0], 5)}
              </p>
            </>
          ) : (
            <p className="muted">{t('intake.noLocation')}</p>
          )}
        </section>

        {report.photos.length > 0 && (
          <section className="card" aria-labelledby="intake-photos">
            <h2 id="intake-photos">{t('intake.photos', { number: formatNumber(report.photos.length) })}</h2>
            <ul className="intake-photos">
              {report.photos.map((photo, index) => (
                <li key={photo.evidenceId}>
                  <a href={evidenceFileUrl(photo.evidenceId)} target="_blank" rel="noreferrer">
                    {photo.hasThumbnail ? (
                      <img src={evidenceThumbnailUrl(photo.evidenceId)} alt={t('intake.photoAlt', { number: index + 1 })} loading="lazy" />
                    ) : (
                      <span className="intake-photo-file">
                        {t('intake.photoAlt', { number: index + 1 })} · {formatBytes(photo.sizeBytes)}
                      </span>
                    )}
                  </a>
                  <span className="mono small muted intake-hash" title={photo.sha256}>
                    SHA-256 {photo.sha256.slice(0, 12)}…
                  </span>
                </li>
              ))}
            </ul>
          </section>
        )}

        <section className="card" aria-labelledby="intake-candidates">
          <h2 id="intake-candidates">{t('intake.candidates')}</h2>
          <p className="small muted">{t('intake.candidatesHint')}</p>
          {report.candidates.length === 0 ? (
            <p className="muted">{t('intake.noCandidates')}</p>
          ) : (
            <ul className="intake-candidates">
              {report.candidates.map((candidate) => (
                <li key={candidate.id}>
                  <Link to={`/incidents/${candidate.id}`}>{localText(candidate.title, candidate.titleKm)}</Link>
                  <span className="small muted">
                    {' '}
                    · <CandidateDistance distanceKm={candidate.distanceKm} daysApart={candidate.daysApart} />
                  </span>
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>

      {actions.length > 0 && (
        <div className="button-row intake-actions">
          {actions.includes('accept') && (
            <button type="button" className="button button-primary" aria-expanded={panel === 'accept'} onClick={() => toggle('accept')}>
              {t('intake.action.accept')}
            </button>
          )}
          {actions.includes('merge') && (
            <button type="button" className="button" aria-expanded={panel === 'merge'} onClick={() => toggle('merge')}>
              {t('intake.action.merge')}
            </button>
          )}
          {actions.includes('reject') && (
            <button type="button" className="button button-danger" aria-expanded={panel === 'reject'} onClick={() => toggle('reject')}>
              {t('intake.action.reject')}
            </button>
          )}
        </div>
      )}
      {panel === 'accept' && <AcceptForm report={report} onDecided={decided} onCancel={() => setPanel(null)} />}
      {panel === 'merge' && <MergeForm report={report} onDecided={decided} onCancel={() => setPanel(null)} />}
      {panel === 'reject' && <RejectForm report={report} onDecided={decided} onCancel={() => setPanel(null)} />}
      {actions.includes('erase') && <EraseSender report={report} onDecided={decided} />}
    </div>
  )
}

/** What became of the report: the incident it became or joined, or why it was rejected. */
function Outcome({ report, isJustAccepted }: { report: IntakeReport; isJustAccepted: boolean }) {
  const { t } = useTranslation()
  const ref = useRef<HTMLDivElement>(null)
  useEffect(() => {
    if (isJustAccepted) ref.current?.focus()
  }, [isJustAccepted])
  if (report.status === 'new' || report.status === 'draft') return null
  return (
    <div ref={ref} tabIndex={-1} className={report.status === 'rejected' ? 'alert alert-warning' : 'alert alert-success'} role="status">
      <p>
        {report.status === 'rejected'
          ? t('intake.decided.rejected', { reason: report.rejectionReason ?? '' })
          : isJustAccepted
            ? t('intake.inTriage')
            : t(`intake.decided.${report.status}`)}
        {report.incidentId && (
          <>
            {' '}
            <Link to={`/incidents/${report.incidentId}`}>{t('intake.openIncident')}</Link>
          </>
        )}
      </p>
    </div>
  )
}
