// The case's story in date order, as the server's one timeline query tells it (the API and the
// dossier read the same): incidents, events, stage changes, and the evidence of the case and of
// its incidents — when each file was captured and its chain of custody — with a "today" line
// between what happened and what is coming.
import { useQuery } from '@tanstack/react-query'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import type { TimelineItem } from '../../../shared/cases.ts'
import { ProblemMessage } from '../../components/problem-message.tsx'
import { formatDateTime, formatOccurred } from '../../lib/format.ts'
import { caseTimelineQuery } from './api.ts'
import { StageBadge } from './case-bits.tsx'

export type Entry = TimelineItem & { key: string }

/** A key per entry: a file has several (its capture, each custody entry). */
export function timelineEntries(items: readonly TimelineItem[]): Entry[] {
  return items.map((item) => ({
    ...item,
    key: item.type === 'evidence' ? `evidence-${item.id}-${item.custodyId ?? item.action}` : `${item.type}-${item.id}`,
  }))
}

export function TimelineSection({ caseId }: { caseId: string }) {
  const { t } = useTranslation()
  const timeline = useQuery(caseTimelineQuery(caseId))
  const entries = timeline.data ? timelineEntries(timeline.data.items) : []
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
          <p className="case-timeline-title">{entry.isLive ? <a href={`#evidence-${entry.id}`}>{entry.title}</a> : entry.title}</p>
          <p className="small muted">
            {evidenceActionLabel(entry.action, t)}
            {entry.actorLabel && ` · ${t('cases.timeline.byActor', { actor: actorName(entry.actorLabel) })}`}
            {entry.attachedTo === 'incident' && ` · ${t('cases.timeline.ofIncident')}`}
          </p>
        </>
      )
  }
}

const EVIDENCE_ACTION_KEYS: Record<string, string> = {
  captured: 'cases.timeline.evidenceCaptured',
  create: 'cases.timeline.evidenceAdded',
  update: 'cases.timeline.evidenceUpdated',
  download: 'cases.timeline.evidenceDownloaded',
  delete: 'cases.timeline.evidenceDeleted',
}

function evidenceActionLabel(action: string, t: (key: string, options?: Record<string, string>) => string) {
  const key = EVIDENCE_ACTION_KEYS[action]
  return key ? t(key) : t('cases.timeline.evidenceOther', { action })
}

/** An audit label is "role:name", or the role alone when the viewer may not know who it was. */
const actorName = (actorLabel: string) => actorLabel.slice(actorLabel.indexOf(':') + 1)
