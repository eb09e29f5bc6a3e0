// The case's story in date order: incidents, events and stage changes from the server's
// timeline, merged here with the case's evidence (captured or added), and a "today" line between
// what happened and what is coming.
import { useQuery } from '@tanstack/react-query'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import type { TimelineItem } from '../../../shared/cases.ts'
import type { Evidence } from '../../../shared/evidence.ts'
import { ProblemMessage } from '../../components/problem-message.tsx'
import { formatDateTime, formatOccurred } from '../../lib/format.ts'
import { evidenceListQuery } from '../../lib/evidence.ts'
import { caseTimelineQuery } from './api.ts'
import { StageBadge } from './case-bits.tsx'

export type Entry =
  | (TimelineItem & { key: string })
  | { type: 'evidence'; key: string; at: Date; id: string; title: string; isCaptured: boolean; mediaType: string }

/** The server's timeline plus evidence, in date order (stable for equal times). */
export function mergeTimeline(items: readonly TimelineItem[], evidence: readonly Evidence[]): Entry[] {
  const entries: Entry[] = [
    ...items.map((item) => ({ ...item, key: `${item.type}-${item.id}` })),
    ...evidence.map((file) => ({
      type: 'evidence' as const,
      key: `evidence-${file.id}`,
      at: file.capturedAt ?? file.createdAt,
      id: file.id,
      title: file.title,
      isCaptured: file.capturedAt !== null,
      mediaType: file.mediaType,
    })),
  ]
  return entries
    .map((entry, index) => ({ entry, index }))
    .sort((a, b) => a.entry.at.getTime() - b.entry.at.getTime() || a.index - b.index)
    .map(({ entry }) => entry)
}

export function TimelineSection({ caseId }: { caseId: string }) {
  const { t } = useTranslation()
  const timeline = useQuery(caseTimelineQuery(caseId))
  const evidence = useQuery(evidenceListQuery({ caseId }))
  const entries = timeline.data ? mergeTimeline(timeline.data.items, evidence.data?.items ?? []) : []
  const now = Date.now()
  const todayIndex = entries.findIndex((entry) => entry.at.getTime() > now)

  return (
    <section className="card case-section" aria-labelledby="case-timeline-heading">
      <h2 id="case-timeline-heading">{t('cases.timeline.title')}</h2>
      <ProblemMessage error={timeline.error} onRetry={() => void timeline.refetch()} />
      {timeline.isPending && <p className="muted">{t('common.state.loading')}</p>}
      {timeline.isSuccess && entries.length === 0 && <p className="muted">{t('cases.timeline.empty')}</p>}
      {entries.length > 0 && (
        <ol className="case-timeline" data-testid="case-timeline">
          {entries.map((entry, index) => (
            <TimelineRow key={entry.key} entry={entry} isFirstFuture={index === todayIndex} />
          ))}
          {todayIndex === -1 && <TodayLine />}
        </ol>
      )}
    </section>
  )
}

function TodayLine() {
  const { t } = useTranslation()
  return (
    <li className="case-timeline-today" aria-label={t('cases.timeline.today')}>
      <span>{t('cases.timeline.today')}</span>
    </li>
  )
}

function TimelineRow({ entry, isFirstFuture }: { entry: Entry; isFirstFuture: boolean }) {
  const { t } = useTranslation()
  return (
    <>
      {isFirstFuture && <TodayLine />}
      <li className={`case-timeline-entry case-timeline-${entry.type}`}>
        <span className="case-timeline-shape" aria-hidden="true" />
        <div className="case-timeline-body">
          <p className="case-timeline-meta">
            <time dateTime={entry.at.toISOString()}>
              {entry.type === 'incident' ? formatOccurred(entry.at, entry.occurredPrecision, { withTime: true }) : formatDateTime(entry.at)}
            </time>
            <span className="case-timeline-type">
              {entry.type === 'event' ? t(`vocab.caseEventKind.${entry.kind}`) : t(`cases.timeline.type.${entry.type}`)}
            </span>
          </p>
          <TimelineContent entry={entry} />
        </div>
      </li>
    </>
  )
}

function TimelineContent({ entry }: { entry: Entry }) {
  const { t } = useTranslation()
  switch (entry.type) {
    case 'incident':
      return (
        <>
          <p className="case-timeline-title">
            <Link to={`/incidents/${entry.id}`}>{entry.title}</Link>
          </p>
          <p className="small muted">
            {t(`vocab.incidentKind.${entry.kind}`)} · {t(`vocab.incidentStatus.${entry.status}`)}
          </p>
        </>
      )
    case 'event':
      return (
        <>
          <p className="case-timeline-title">
            <a href={`#event-${entry.id}`}>{entry.title}</a>
          </p>
          <p className="small muted">
            {t(`vocab.caseEventKind.${entry.kind}`)}
            {entry.location && ` · ${entry.location}`}
            {entry.isDone && ` · ✓ ${t('common.timing.done')}`}
          </p>
        </>
      )
    case 'stage':
      return (
        <>
          <p className="case-timeline-title">
            {entry.fromStage ? t('cases.timeline.stageMoved') : t('cases.timeline.stageOpened')} <StageBadge stage={entry.toStage} />
          </p>
          {entry.note && <p className="small">{entry.note}</p>}
        </>
      )
    case 'evidence':
      return (
        <>
          <p className="case-timeline-title">
            <a href={`#evidence-${entry.id}`}>{entry.title}</a>
          </p>
          <p className="small muted">{entry.isCaptured ? t('cases.timeline.evidenceCaptured') : t('cases.timeline.evidenceAdded')}</p>
        </>
      )
  }
}
