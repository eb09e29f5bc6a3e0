// "My work": where a lawyer's day starts. Overdue items first and in red, then what falls due this
// week, the other open tasks, the hearings and deadlines later in the next 14 days, and the cases
// they work on. Every item opens its case, at the task or event.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import type { WorkCase, WorkItem } from '../../../shared/work.ts'
import { PageHeader } from '../../components/page-header.tsx'
import { PageLoading, PageProblem } from '../../components/page-state.tsx'
import { TimingBadge } from '../../components/timing-badge.tsx'
import { refreshCase } from '../../lib/cases.ts'
import { formatDate, formatDateTime, formatNumber } from '../../lib/format.ts'
import { localText } from '../../lib/reference-data.ts'
import { completeTask, myWorkQuery } from './api.ts'
import { groupMyWork, itemTiming } from './work-groups.ts'
import './work.css'

export function WorkPage() {
  const { t } = useTranslation()
  const query = useQuery(myWorkQuery())
  if (query.isPending) return <PageLoading />
  if (query.error) return <PageProblem error={query.error} onRetry={() => void query.refetch()} />
  const work = query.data
  const groups = groupMyWork(work)

  return (
    <div className="page work-page">
      <PageHeader title={t('work.title')}>
        <p className="muted">{t('work.today', { day: formatDate(work.today) })}</p>
      </PageHeader>

      {groups.overdue.length > 0 ? (
        <section className="card work-section work-overdue" aria-labelledby="work-overdue-heading" data-testid="work-overdue">
          <h2 id="work-overdue-heading">
            <span aria-hidden="true">⚠ </span>
            {t('work.overdue.title', { number: formatNumber(groups.overdue.length) })}
          </h2>
          <p className="small">{t('work.overdue.hint')}</p>
          <WorkList items={groups.overdue} today={work.today} />
        </section>
      ) : (
        <p className="alert alert-success work-all-clear">{t('work.allClear')}</p>
      )}

      <WorkSection id="week" title={t('work.week.title')} empty={t('work.week.empty')} items={groups.thisWeek} today={work.today} />
      <WorkSection id="tasks" title={t('work.tasks.title')} empty={t('work.tasks.empty')} items={groups.laterTasks} today={work.today} />
      <WorkSection
        id="events"
        title={t('work.events.title')}
        empty={t('work.events.empty')}
        items={groups.laterEvents}
        today={work.today}
      />

      <section className="card work-section" aria-labelledby="work-cases-heading" data-testid="work-cases">
        <h2 id="work-cases-heading">{t('work.cases.title', { number: formatNumber(groups.cases.length) })}</h2>
        {groups.cases.length === 0 ? (
          <p className="muted">{t('work.cases.empty')}</p>
        ) : (
          <ul className="work-cases">
            {groups.cases.map((item) => (
              <CaseItem key={item.id} item={item} />
            ))}
          </ul>
        )}
      </section>
    </div>
  )
}

function WorkSection(props: { id: string; title: string; empty: string; items: readonly WorkItem[]; today: string }) {
  return (
    <section className="card work-section" aria-labelledby={`work-${props.id}-heading`} data-testid={`work-${props.id}`}>
      <h2 id={`work-${props.id}-heading`}>{props.title}</h2>
      {props.items.length === 0 ? <p className="muted">{props.empty}</p> : <WorkList items={props.items} today={props.today} />}
    </section>
  )
}

function WorkList({ items, today }: { items: readonly WorkItem[]; today: string }) {
  return (
    <ul className="work-items">
      {items.map((item) => (
        <WorkListItem key={`${item.type}-${item.id}`} item={item} today={today} />
      ))}
    </ul>
  )
}

function WorkListItem({ item, today }: { item: WorkItem; today: string }) {
  const { t, i18n } = useTranslation()
  const timing = itemTiming(item, today)
  const caseTitle = localText(item.caseTitle, item.caseTitleKm, i18n.language)
  return (
    <li
      className={`work-item work-${item.type} ${item.type === 'event' ? `kind-${item.kind}` : `priority-${item.priority}`} timing-${timing?.state ?? 'later'}`}
    >
      <div className="work-item-head">
        {item.type === 'event' ? (
          <span className={`event-kind kind-${item.kind}`}>{t(`vocab.caseEventKind.${item.kind}`)}</span>
        ) : (
          <span className={`badge task-priority priority-${item.priority}`}>{t(`vocab.taskPriority.${item.priority}`)}</span>
        )}
        {timing && <TimingBadge timing={timing} />}
      </div>
      <p className="work-item-title">
        <Link to={item.link}>{item.title}</Link>
      </p>
      <p className="small muted work-item-when">
        {item.type === 'event' ? (
          <>
            <time dateTime={item.startsAt.toISOString()}>{formatDateTime(item.startsAt)}</time>
            {item.location && <span> · {item.location}</span>}
          </>
        ) : item.dueOn ? (
          <time dateTime={item.dueOn}>{t('work.tasks.due', { day: formatDate(item.dueOn) })}</time>
        ) : (
          t('work.tasks.noDueDay')
        )}
      </p>
      <p className="small work-item-case">
        <Link to={`/cases/${item.caseId}`}>
          <span className="mono">{item.caseReference}</span> · {caseTitle}
        </Link>
      </p>
      {item.type === 'task' && <DoneButton taskId={item.id} version={item.version} title={item.title} caseId={item.caseId} />}
    </li>
  )
}

function DoneButton({ taskId, version, title, caseId }: { taskId: string; version: number; title: string; caseId: string }) {
  const { t } = useTranslation()
  const queryClient = useQueryClient()
  const done = useMutation({ mutationFn: () => completeTask(taskId, version), onSettled: () => refreshCase(queryClient, caseId) })
  return (
    <div className="work-item-actions">
      <button
        type="button"
        className="button"
        disabled={done.isPending}
        onClick={() => done.mutate()}
        aria-label={`${t('work.tasks.markDone')}: ${title}`}
      >
        ✓ {t('work.tasks.markDone')}
      </button>
      {done.error && (
        <span className="field-error small" role="alert">
          {t('work.tasks.doneFailed')}
        </span>
      )}
    </div>
  )
}

function CaseItem({ item }: { item: WorkCase }) {
  const { t, i18n } = useTranslation()
  return (
    <li className="work-case">
      <Link to={item.link}>
        <span className="mono">{item.reference}</span> · {localText(item.title, item.titleKm, i18n.language)}
      </Link>{' '}
      <span className="badge">{t(`vocab.caseTeamRole.${item.role}`)}</span>{' '}
      <span className="badge">{t(`vocab.caseStage.${item.stage}`)}</span>
    </li>
  )
}
