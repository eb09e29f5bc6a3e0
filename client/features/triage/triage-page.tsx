// The triage queue: new threat reports, newest first, for legal staff to verify, dismiss with a
// reason, or turn into a legal case. Dismissed reports can be brought back when new facts come in.
import { useQuery } from '@tanstack/react-query'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useSearchParams } from 'react-router'
import { Pager } from '../../components/pager.tsx'
import { PageHeader } from '../../components/page-header.tsx'
import { ProblemMessage } from '../../components/problem-message.tsx'
import { triageQuery } from './api.ts'
import { TriageItem, type TriageOutcome } from './triage-item.tsx'
import '../../components/segmented.css'
import './triage.css'
import { localText } from '../../lib/reference-data.ts'

type Queue = 'reported' | 'dismissed'

export function TriagePage() {
  const { t, i18n } = useTranslation()
  const [search, setSearch] = useSearchParams()
  const queue: Queue = search.get('queue') === 'dismissed' ? 'dismissed' : 'reported'
  const [cursors, setCursors] = useState<string[]>([])
  const cursor = cursors.at(-1)
  const list = useQuery(triageQuery(queue, cursor))
  const [outcomes, setOutcomes] = useState<TriageOutcome[]>([])

  const switchQueue = (next: Queue) => {
    setCursors([])
    setSearch(next === 'reported' ? {} : { queue: next })
  }

  return (
    <div className="page triage-page">
      <PageHeader title={t('triage.title')}>
        <p className="muted">{t('triage.intro')}</p>
      </PageHeader>

      <div className="segmented triage-queues" role="group" aria-label={t('triage.queueLabel')}>
        <button type="button" aria-pressed={queue === 'reported'} onClick={() => switchQueue('reported')}>
          {t('triage.queue.reported')}
        </button>
        <button type="button" aria-pressed={queue === 'dismissed'} onClick={() => switchQueue('dismissed')}>
          {t('triage.queue.dismissed')}
        </button>
      </div>

      {outcomes.length > 0 && (
        <ul className="triage-outcomes" aria-live="polite">
          {outcomes.map(({ kind, incident }) => (
            <li key={`${incident.id}-${kind}`} className="alert alert-success">
              {t(`triage.outcome.${kind}`, { title: localText(incident.title, incident.titleKm, i18n.language) })}{' '}
              <Link to={`/incidents/${incident.id}`}>{t('triage.openReport')}</Link>
            </li>
          ))}
        </ul>
      )}

      <ProblemMessage error={list.error} onRetry={() => void list.refetch()} />
      {list.isPending && (
        <p className="page-loading" role="status">
          <span className="spinner" aria-hidden="true" />
          <span className="visually-hidden">{t('common.state.loading')}</span>
        </p>
      )}
      {list.isSuccess && list.data.items.length === 0 && (
        <p className="card empty triage-empty">{queue === 'reported' ? `✓ ${t('triage.emptyQueue')}` : t('triage.emptyDismissed')}</p>
      )}
      {list.data && list.data.items.length > 0 && (
        <>
          <div className="triage-list">
            {list.data.items.map((incident) => (
              <TriageItem
                key={incident.id}
                incident={incident}
                onDecided={(outcome) => setOutcomes((current) => [outcome, ...current].slice(0, 3))}
              />
            ))}
          </div>
          <Pager
            nextCursor={list.data.nextCursor}
            history={cursors}
            count={list.data.items.length}
            onNext={(next) => {
              setCursors([...cursors, next])
              window.scrollTo(0, 0)
            }}
            onPrevious={() => {
              setCursors(cursors.slice(0, -1))
              window.scrollTo(0, 0)
            }}
          />
        </>
      )}
    </div>
  )
}
