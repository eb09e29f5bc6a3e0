// Legal cases, by stage: tabs with counts, filters (kind, community, mine, text), sortable
// columns and paging, all kept in the URL. Community representatives get the same list of their
// communities' cases, with what the server sends them.
import { useQuery } from '@tanstack/react-query'
import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import type { CaseSummary } from '../../../shared/cases.ts'
import { CASE_KINDS, CASE_STAGES } from '../../../shared/vocabularies.ts'
import { useCan } from '../../lib/session.ts'
import { DataTable, type Column } from '../../components/data-table.tsx'
import { Field } from '../../components/field.tsx'
import { PageHeader } from '../../components/page-header.tsx'
import { Pager } from '../../components/pager.tsx'
import { ProblemMessage } from '../../components/problem-message.tsx'
import { formatDate, formatNumber } from '../../lib/format.ts'
import { useListParams } from '../../lib/use-list-params.ts'
import { caseListQuery, caseStageCountsQuery } from './api.ts'
import { otherTitle, StageBadge } from './case-bits.tsx'
import './cases.css'
import { communityOptionsQuery, localName, localText } from '../../lib/reference-data.ts'

const PAGE_SIZE = 25

export function CaseListPage() {
  const { t, i18n } = useTranslation()
  const can = useCan()
  const params = useListParams()
  const { filters, sort = '-openedOn', cursor } = params
  const list = useQuery(caseListQuery({ ...filters, sort, cursor, limit: String(PAGE_SIZE) }))
  const { stage: _stage, ...otherFilters } = filters
  const counts = useQuery(caseStageCountsQuery(otherFilters))
  const communities = useQuery(communityOptionsQuery())
  const [q, setQ] = useState(filters.q ?? '')
  const hasFilters = Object.keys(otherFilters).length > 0
  const canSeeDetails = can('cases.details')

  const search = (event: FormEvent) => {
    event.preventDefault()
    params.setFilter('q', q.trim() || undefined)
  }

  const countText = (stage?: string) => {
    if (!counts.data) return undefined
    const count = stage ? (counts.data.counts[stage] ?? 0) : counts.data.total
    return `${formatNumber(count)}${counts.data.isPartial ? '+' : ''}`
  }

  const columns: Column<CaseSummary>[] = [
    {
      key: 'reference',
      header: t('cases.field.reference'),
      sortKey: 'reference',
      cell: (row) => (
        <Link to={`/cases/${row.id}`} className="mono case-ref">
          {row.reference}
        </Link>
      ),
    },
    {
      key: 'title',
      header: t('cases.field.title'),
      className: 'case-title-cell',
      cell: (row) => {
        const other = otherTitle(row, i18n.language)
        return (
          <>
            <Link to={`/cases/${row.id}`}>{localText(row.title, row.titleKm, i18n.language)}</Link>
            {other && (
              <span className="muted small case-other-title" lang={other.lang}>
                {other.text}
              </span>
            )}
          </>
        )
      },
    },
    { key: 'stage', header: t('cases.field.stage'), cell: (row) => <StageBadge stage={row.stage} /> },
    { key: 'kind', header: t('cases.field.kind'), cell: (row) => t(`vocab.caseKind.${row.kind}`) },
    {
      key: 'communities',
      header: t('cases.field.communities'),
      cell: (row) => (row.communities.length ? row.communities.map((c) => c.name).join(', ') : t('common.state.none')),
    },
    { key: 'lead', header: t('cases.field.leadLawyer'), cell: (row) => row.lead?.displayName ?? t('common.state.none') },
    { key: 'openedOn', header: t('cases.field.openedOn'), sortKey: 'openedOn', cell: (row) => formatDate(row.openedOn) },
    { key: 'updatedAt', header: t('common.field.updatedAt'), sortKey: 'updatedAt', cell: (row) => formatDate(row.updatedAt) },
  ]

  return (
    <div className="page">
      <PageHeader
        title={t('cases.list.title')}
        actions={
          can('cases.write') && (
            <Link to="/cases/new" className="button button-primary">
              <span aria-hidden="true">+ </span>
              {t('cases.list.new')}
            </Link>
          )
        }
      >
        {!canSeeDetails && <p className="muted">{t('cases.list.repNote')}</p>}
      </PageHeader>

      <nav className="stage-tabs" aria-label={t('cases.list.byStage')}>
        <button type="button" className="stage-tab" aria-pressed={!filters.stage} onClick={() => params.setFilter('stage', undefined)}>
          {t('cases.list.allStages')} {countText() && <span className="stage-count">{countText()}</span>}
        </button>
        {CASE_STAGES.map((stage) => (
          <button
            key={stage}
            type="button"
            className="stage-tab"
            aria-pressed={filters.stage === stage}
            onClick={() => params.setFilter('stage', stage)}
          >
            {t(`vocab.caseStage.${stage}`)} {countText(stage) && <span className="stage-count">{countText(stage)}</span>}
          </button>
        ))}
      </nav>

      <form className="filters" onSubmit={search} role="search">
        <Field label={t('common.field.search')}>
          <input type="search" value={q} onChange={(event) => setQ(event.target.value)} placeholder={t('cases.list.searchPlaceholder')} />
        </Field>
        <Field label={t('cases.field.kind')}>
          <select value={filters.kind ?? ''} onChange={(event) => params.setFilter('kind', event.target.value || undefined)}>
            <option value="">{t('common.field.anyValue')}</option>
            {CASE_KINDS.map((kind) => (
              <option key={kind} value={kind}>
                {t(`vocab.caseKind.${kind}`)}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('common.field.community')}>
          <select value={filters.community ?? ''} onChange={(event) => params.setFilter('community', event.target.value || undefined)}>
            <option value="">{t('common.field.anyValue')}</option>
            {communities.data?.map((community) => (
              <option key={community.id} value={community.id}>
                {localName(community, i18n.language)}
              </option>
            ))}
          </select>
        </Field>
        {can('cases.write') && (
          <label className="checkbox-label filter-mine">
            <input
              type="checkbox"
              checked={filters.mine === 'true'}
              onChange={(event) => params.setFilter('mine', event.target.checked ? 'true' : undefined)}
            />
            {t('cases.team.mineFilter')}
          </label>
        )}
        <div className="button-row filter-actions">
          <button type="submit" className="button button-primary">
            {t('common.action.search')}
          </button>
          {(hasFilters || filters.stage) && (
            <button
              type="button"
              className="button"
              onClick={() => {
                setQ('')
                params.clear()
              }}
            >
              {t('common.action.clear')}
            </button>
          )}
        </div>
      </form>

      <ProblemMessage error={list.error} onRetry={() => void list.refetch()} />
      {list.isPending ? (
        <p className="page-loading" role="status">
          <span className="spinner" aria-hidden="true" />
          <span className="visually-hidden">{t('common.state.loading')}</span>
        </p>
      ) : list.data ? (
        <>
          <DataTable
            caption={t('cases.list.title')}
            columns={columns}
            rows={list.data.items}
            rowKey={(row) => row.id}
            sort={sort}
            onSort={params.setSort}
          />
          <Pager
            nextCursor={list.data.nextCursor}
            history={params.history}
            onNext={params.nextPage}
            onPrevious={params.previousPage}
            count={list.data.items.length}
          />
        </>
      ) : null}
    </div>
  )
}
