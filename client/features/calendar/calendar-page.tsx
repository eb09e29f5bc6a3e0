// Hearings and deadlines of live cases, day by day in Cambodia's time: the coming weeks, or one
// week or month at a time. Overdue deadlines stay on top until someone marks them done.
import { useQuery } from '@tanstack/react-query'
import { useTranslation } from 'react-i18next'
import { Link, useSearchParams } from 'react-router'
import type { CalendarEntry } from '../../../shared/calendar.ts'
import { useCan } from '../../lib/session.ts'
import { PageHeader } from '../../components/page-header.tsx'
import { ProblemMessage } from '../../components/problem-message.tsx'
import { formatNumber } from '../../lib/format.ts'
import { calendarQuery, ICS_FEED_PATH } from './api.ts'
import {
  addDays,
  addMonths,
  cambodiaDayKey,
  daysBetween,
  endOfMonth,
  eventTiming,
  groupByDay,
  startOfMonth,
  startOfWeek,
} from '../../lib/days.ts'
import { formatDayHeading, formatMonth, formatShortDay, formatTime } from './format-day.ts'
import { TimingBadge } from '../../components/timing-badge.tsx'
import './calendar.css'
import '../../components/segmented.css'

export type CalendarView = 'upcoming' | 'week' | 'month'
const VIEWS: CalendarView[] = ['upcoming', 'week', 'month']

/** How far back overdue deadlines are looked for. */
const OVERDUE_LOOKBACK_DAYS = 365

/** The window of days a view shows, from the day it is anchored on. */
export function windowOf(view: CalendarView, anchor: string): { from: string; to: string } | undefined {
  if (view === 'week') {
    const from = startOfWeek(anchor)
    return { from, to: addDays(from, 6) }
  }
  if (view === 'month') return { from: startOfMonth(anchor), to: endOfMonth(anchor) }
  return undefined
}

export function CalendarPage() {
  const { t } = useTranslation()
  const [search, setSearch] = useSearchParams()
  const today = cambodiaDayKey(new Date())
  const view = (VIEWS as string[]).includes(search.get('view') ?? '') ? (search.get('view') as CalendarView) : 'upcoming'
  const anchor = /^\d{4}-\d{2}-\d{2}$/.test(search.get('day') ?? '') ? search.get('day')! : today
  const mine = search.get('mine') === 'true' ? 'true' : undefined
  const canBeOnTeams = useCan()('cases.write')
  const range = windowOf(view, anchor)

  const calendar = useQuery(calendarQuery({ ...range, mine }))
  const overdue = useQuery(calendarQuery({ from: addDays(today, -OVERDUE_LOOKBACK_DAYS), to: addDays(today, -1), mine }))
  const overdueItems = (overdue.data?.items ?? []).filter((item) => item.kind === 'deadline' && !item.isDone)
  const days = groupByDay(calendar.data?.items ?? [], (item) => item.startsAt)

  const update = (changes: Record<string, string | undefined>) => {
    const next = new URLSearchParams(search)
    for (const [key, value] of Object.entries(changes)) {
      if (value) next.set(key, value)
      else next.delete(key)
    }
    setSearch(next)
  }
  const move = (direction: 1 | -1) =>
    update({ day: view === 'week' ? addDays(startOfWeek(anchor), 7 * direction) : addMonths(anchor, direction) })

  const rangeLabel =
    view === 'month'
      ? formatMonth(anchor)
      : view === 'week' && range
        ? `${formatShortDay(range.from)} – ${formatShortDay(range.to)}`
        : t('calendar.view.upcomingRange', { days: formatNumber(90) })

  return (
    <div className="page calendar-page">
      <PageHeader title={t('calendar.title')}>
        <p className="muted">{t('calendar.intro')}</p>
      </PageHeader>

      <div className="calendar-toolbar">
        <div className="segmented" role="group" aria-label={t('calendar.view.label')}>
          {VIEWS.map((value) => (
            <button
              key={value}
              type="button"
              aria-pressed={view === value}
              onClick={() => update({ view: value === 'upcoming' ? undefined : value, day: undefined })}
            >
              {t(`calendar.view.${value}`)}
            </button>
          ))}
        </div>
        {view !== 'upcoming' && (
          <div className="calendar-nav">
            <button type="button" className="button" onClick={() => move(-1)} aria-label={t(`calendar.nav.previous.${view}`)}>
              ←
            </button>
            <button type="button" className="button" onClick={() => update({ day: undefined })} disabled={anchor === today}>
              {t('calendar.nav.today')}
            </button>
            <button type="button" className="button" onClick={() => move(1)} aria-label={t(`calendar.nav.next.${view}`)}>
              →
            </button>
          </div>
        )}
        {canBeOnTeams && (
          <label className="checkbox-label calendar-filter" title={t('calendar.mineHint')}>
            <input
              type="checkbox"
              checked={mine === 'true'}
              onChange={(event) => update({ mine: event.target.checked ? 'true' : undefined })}
            />
            {t('calendar.mine')}
          </label>
        )}
      </div>

      {overdueItems.length > 0 && (
        <section className="card calendar-overdue" aria-labelledby="calendar-overdue-heading">
          <h2 id="calendar-overdue-heading">
            <span aria-hidden="true">⚠ </span>
            {t('calendar.overdue.title', { number: formatNumber(overdueItems.length) })}
          </h2>
          <p className="small">{t('calendar.overdue.hint')}</p>
          <ul className="calendar-items">
            {overdueItems.map((item) => (
              <CalendarItem key={item.id} item={item} showDate />
            ))}
          </ul>
        </section>
      )}

      <section aria-labelledby="calendar-range-heading">
        <h2 id="calendar-range-heading" className="calendar-range">
          {rangeLabel}
        </h2>
        <ProblemMessage error={calendar.error} onRetry={() => void calendar.refetch()} />
        {calendar.isPending && (
          <p className="page-loading" role="status">
            <span className="spinner" aria-hidden="true" />
            <span className="visually-hidden">{t('common.state.loading')}</span>
          </p>
        )}
        {calendar.isSuccess && days.length === 0 && <p className="empty card">{t('calendar.empty')}</p>}
        {days.map(({ day, items }) => {
          const offset = daysBetween(today, day)
          return (
            <section key={day} className={offset === 0 ? 'card calendar-day is-today' : 'card calendar-day'} aria-labelledby={`day-${day}`}>
              <h3 id={`day-${day}`} className="calendar-day-heading">
                <span>{formatDayHeading(day)}</span>
                {offset === 0 && <span className="badge badge-amber">{t('common.timing.today')}</span>}
                {offset === 1 && <span className="badge badge-amber">{t('common.timing.tomorrow')}</span>}
              </h3>
              <ul className="calendar-items">
                {items.map((item) => (
                  <CalendarItem key={item.id} item={item} />
                ))}
              </ul>
            </section>
          )
        })}
      </section>

      <section className="card calendar-subscribe" aria-labelledby="calendar-subscribe-heading">
        <h2 id="calendar-subscribe-heading">{t('calendar.subscribe.title')}</h2>
        <p>{t('calendar.subscribe.body')}</p>
        <p className="button-row">
          <Link className="button button-primary" to="/account#calendar-feed">
            {t('calendar.subscribe.inApp')}
          </Link>
          <a className="button" href={ICS_FEED_PATH} download="dey-calendar.ics">
            <span aria-hidden="true">⬇ </span>
            {t('calendar.subscribe.download')}
          </a>
        </p>
        <p className="small muted">{t('calendar.subscribe.sessionNote')}</p>
      </section>
    </div>
  )
}

function CalendarItem({ item, showDate = false }: { item: CalendarEntry; showDate?: boolean }) {
  const { t } = useTranslation()
  const timing = eventTiming(item)
  return (
    <li className={`calendar-item kind-${item.kind} timing-${timing.state}`} data-testid="calendar-item">
      <div className="calendar-time">
        {showDate && <span className="calendar-date">{formatShortDay(cambodiaDayKey(item.startsAt))}</span>}
        <time dateTime={item.startsAt.toISOString()}>{formatTime(item.startsAt)}</time>
      </div>
      <div className="calendar-body">
        <p className="calendar-head">
          <span className={`event-kind kind-${item.kind}`}>
            <span className="event-shape" aria-hidden="true" />
            {t(`vocab.caseEventKind.${item.kind}`)}
          </span>
          <TimingBadge timing={timing} />
        </p>
        <p className="calendar-title">
          <Link to={`/cases/${item.caseId}#event-${item.id}`}>{item.title}</Link>
        </p>
        <p className="small calendar-case">
          <Link to={`/cases/${item.caseId}`} className="mono">
            {item.caseReference}
          </Link>{' '}
          · {item.caseTitle}
        </p>
        {(item.location || item.leadLawyer) && (
          <p className="small muted">
            {item.location}
            {item.location && item.leadLawyer && ' · '}
            {item.leadLawyer}
          </p>
        )}
      </div>
    </li>
  )
}
