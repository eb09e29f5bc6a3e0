// Activities, newest first: filtered by kind, topic, community, province and dates (kept in the
// URL), with the totals of everything the filters select (every page) in the header: how many
// activities, and how many women, men and youth took part. Cards rather than a table: it is read
// on phones.
import { useQuery } from '@tanstack/react-query'
import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import type { Activity, ActivityTotals } from '../../../shared/activities.ts'
import { ACTIVITY_KINDS, ACTIVITY_TOPICS } from '../../../shared/vocabularies.ts'
import { Field } from '../../components/field.tsx'
import { FilterPanel } from '../../components/filter-panel.tsx'
import { PageHeader } from '../../components/page-header.tsx'
import { Pager } from '../../components/pager.tsx'
import { ProblemMessage } from '../../components/problem-message.tsx'
import { formatNumber } from '../../lib/format.ts'
import { communityOptionsQuery, localName, provinceName, useProvinces } from '../../lib/reference-data.ts'
import { useCan } from '../../lib/session.ts'
import { useListParams } from '../../lib/use-list-params.ts'
import { activityDays } from './activity-days.ts'
import { ACTIVITY_FILTERS, activityListQuery, activityTotalsQuery, type ActivityFilters } from './api.ts'
import { registerActivitiesStrings } from './strings.ts'
import '../../components/records.css'
import './activities.css'

registerActivitiesStrings()

export function ActivityListPage() {
  const { t } = useTranslation()
  const can = useCan()
  const params = useListParams()
  const filters: ActivityFilters = Object.fromEntries(
    ACTIVITY_FILTERS.flatMap((name) => (params.filters[name] ? [[name, params.filters[name]]] : [])),
  )
  const list = useQuery(activityListQuery(filters, params.cursor))
  const totals = useQuery(activityTotalsQuery(filters))
  const communities = useQuery(communityOptionsQuery())
  const provinces = useProvinces()
  const [q, setQ] = useState(filters.q ?? '')
  const activeCount = Object.keys(filters).length

  const search = (event: FormEvent) => {
    event.preventDefault()
    params.setFilter('q', q.trim() || undefined)
  }
  const clear = () => {
    setQ('')
    params.clear()
  }
  const select = (name: keyof ActivityFilters, label: string, choices: { value: string; label: string }[]) => (
    <Field label={label}>
      <select value={filters[name] ?? ''} onChange={(event) => params.setFilter(name, event.target.value)}>
        <option value="">{t('common.field.anyValue')}</option>
        {choices.map((choice) => (
          <option key={choice.value} value={choice.value}>
            {choice.label}
          </option>
        ))}
      </select>
    </Field>
  )

  return (
    <div className="page activities-page">
      <PageHeader
        title={t('activities.list.title')}
        actions={
          can('activities.write') && (
            <Link to="/activities/new" className="button button-primary">
              + {t('activities.list.new')}
            </Link>
          )
        }
      >
        <p className="muted">{t('activities.list.intro')}</p>
      </PageHeader>

      {totals.data && <TotalsBar totals={totals.data} />}
      <ProblemMessage error={totals.error} />

      <FilterPanel activeCount={activeCount} onClear={clear}>
        <form className="rec-search" onSubmit={search} role="search">
          <Field label={t('common.field.search')} hint={t('activities.list.searchHint')}>
            <input type="search" value={q} onChange={(event) => setQ(event.target.value)} />
          </Field>
          <button type="submit" className="button">
            {t('common.action.search')}
          </button>
        </form>
        <div className="filters">
          {select(
            'kind',
            t('activities.field.kind'),
            ACTIVITY_KINDS.map((kind) => ({ value: kind, label: t(`vocab.activityKind.${kind}`) })),
          )}
          {select(
            'topic',
            t('activities.field.topic'),
            ACTIVITY_TOPICS.map((topic) => ({ value: topic, label: t(`vocab.activityTopic.${topic}`) })),
          )}
          {select(
            'community',
            t('common.field.community'),
            (communities.data ?? []).map((community) => ({ value: community.id, label: localName(community) })),
          )}
          {select(
            'province',
            t('common.field.province'),
            provinces.map((province) => ({ value: province.name, label: provinceName(province.name, provinces) ?? province.name })),
          )}
          <Field label={t('common.field.from')}>
            <input type="date" value={filters.from ?? ''} onChange={(event) => params.setFilter('from', event.target.value)} />
          </Field>
          <Field label={t('common.field.to')}>
            <input type="date" value={filters.to ?? ''} onChange={(event) => params.setFilter('to', event.target.value)} />
          </Field>
        </div>
      </FilterPanel>

      <ProblemMessage error={list.error} onRetry={() => void list.refetch()} />
      {list.isPending && (
        <p className="page-loading" role="status">
          <span className="spinner" aria-hidden="true" />
          <span className="visually-hidden">{t('common.state.loading')}</span>
        </p>
      )}
      {list.isSuccess && list.data.items.length === 0 && (
        <p className="card empty">{activeCount > 0 ? t('activities.list.noMatch') : t('activities.list.empty')}</p>
      )}
      {list.data && list.data.items.length > 0 && (
        <>
          <ul className="activity-list" aria-label={t('activities.list.title')}>
            {list.data.items.map((activity) => (
              <ActivityRow key={activity.id} activity={activity} />
            ))}
          </ul>
          <Pager
            nextCursor={list.data.nextCursor}
            history={params.history}
            count={list.data.items.length}
            onNext={params.nextPage}
            onPrevious={params.previousPage}
          />
        </>
      )}
    </div>
  )
}

function TotalsBar({ totals }: { totals: ActivityTotals }) {
  const { t } = useTranslation()
  const tiles = [
    { key: 'activities', label: t('activities.field.activities'), value: totals.activities },
    { key: 'women', label: t('activities.field.women'), value: totals.participants.women },
    { key: 'men', label: t('activities.field.men'), value: totals.participants.men },
    { key: 'youth', label: t('activities.field.youth'), value: totals.participants.youth },
    { key: 'total', label: t('activities.field.total'), value: totals.participants.total },
  ]
  return (
    <dl className="activity-totals card" aria-label={t('activities.list.totalsLabel')} data-testid="activity-totals">
      {tiles.map((tile) => (
        <div key={tile.key} className="activity-total-tile">
          <dt>{tile.label}</dt>
          <dd>{formatNumber(tile.value)}</dd>
        </div>
      ))}
    </dl>
  )
}

function ActivityRow({ activity }: { activity: Activity }) {
  const { t } = useTranslation()
  const { participants } = activity
  return (
    <li className="card activity-row" data-testid="activity-row">
      <Link to={`/activities/${activity.id}`} className="activity-row-link">
        <span className="activity-row-head">
          <span className="small muted">{activityDays(activity)}</span>
          <span className="badge">{t(`vocab.activityKind.${activity.kind}`)}</span>
          {activity.topic && <span className="badge badge-green">{t(`vocab.activityTopic.${activity.topic}`)}</span>}
        </span>
        <span className="activity-row-title">{activity.title}</span>
        <span className="small muted activity-row-communities">
          {activity.communities.map((community) => localName(community)).join(', ')}
        </span>
        <span className="small activity-row-counts">
          {t('activities.field.women')} {formatNumber(participants.women)} · {t('activities.field.men')} {formatNumber(participants.men)} ·{' '}
          {t('activities.field.youth')} {formatNumber(participants.youth)} · {t('activities.field.total')}{' '}
          {formatNumber(participants.total)}
        </span>
      </Link>
    </li>
  )
}
