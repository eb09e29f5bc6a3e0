// Communities: a sortable, filterable list with member counts, paged by the server's cursor; the
// filters, sort and page live in the URL. Staff get a "New community" button.
import { useQuery } from '@tanstack/react-query'
import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import type { CommunityListItem } from '../../../shared/communities.ts'
import { COMMUNITY_KINDS, COMMUNITY_STATUSES } from '../../../shared/vocabularies.ts'
import { useCan } from '../../lib/session.ts'
import type { Column } from '../../components/data-table.tsx'
import { Field } from '../../components/field.tsx'
import { PageHeader } from '../../components/page-header.tsx'
import { GisExportMenu } from '../../components/gis-export/export-menu.tsx'
import { PagedTable } from '../../components/paged-table.tsx'
import { formatHectares, formatNumber } from '../../lib/format.ts'
import { useListParams } from '../../lib/use-list-params.ts'
import { networksQuery, communityListQuery } from './api.ts'
import { CommunityStatusBadge } from './community-bits.tsx'
import { FilterPanel } from '../../components/filter-panel.tsx'
import { localName, otherText, provinceName, useProvinces } from '../../lib/reference-data.ts'
import '../../components/records.css'

const PAGE_SIZE = 25

export function CommunityListPage() {
  const { t } = useTranslation()
  const can = useCan()
  const params = useListParams()
  const { filters, sort = 'name', cursor } = params
  const list = useQuery(communityListQuery({ ...filters, sort, cursor, limit: PAGE_SIZE }))
  const networks = useQuery(networksQuery())
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

  const columns: Column<CommunityListItem>[] = [
    {
      key: 'name',
      header: t('common.field.name'),
      sortKey: 'name',
      className: 'rec-name-cell',
      cell: (row) => {
        const other = otherText(row.name, row.nameKm)
        return (
          <div>
            <Link to={`/communities/${row.id}`} className="rec-row-title">
              {localName(row)}
            </Link>
            {other && <span className="muted small rec-other-name">{other}</span>}
          </div>
        )
      },
    },
    { key: 'kind', header: t('common.field.kind'), cell: (row) => t(`vocab.communityKind.${row.kind}`) },
    {
      key: 'status',
      header: t('common.field.status'),
      cell: (row) => (
        <span>
          <CommunityStatusBadge status={row.status} />
        </span>
      ),
    },
    {
      key: 'province',
      header: t('common.field.province'),
      sortKey: 'province',
      cell: (row) => (
        <div>
          {provinceName(row.province, provinces) ?? '—'}
          {row.district && <span className="muted small rec-other-name">{row.district}</span>}
        </div>
      ),
    },
    { key: 'households', header: t('common.field.households'), className: 'rec-numeric', cell: (row) => formatNumber(row.households) },
    { key: 'members', header: t('communities.field.members'), className: 'rec-numeric', cell: (row) => formatNumber(row.members) },
    {
      key: 'womenMembers',
      header: t('communities.field.womenMembers'),
      className: 'rec-numeric',
      cell: (row) => formatNumber(row.womenMembers),
    },
    {
      key: 'territory',
      header: t('communities.field.territoryHa'),
      className: 'rec-numeric',
      cell: (row) => (row.territoryAreaHa === null ? t('communities.list.noTerritory') : formatHectares(row.territoryAreaHa)),
    },
  ]

  return (
    <div className="page rec-communities">
      <PageHeader
        title={t('communities.list.title')}
        actions={
          <>
            <GisExportMenu layer="communities" query={{ ...filters, sort }} />
            {can('communities.write') && (
              <Link to="/communities/new" className="button button-primary">
                + {t('communities.list.new')}
              </Link>
            )}
          </>
        }
      >
        <p className="muted">{t('communities.list.intro')}</p>
      </PageHeader>

      <FilterPanel activeCount={activeCount} onClear={clear}>
        <form className="rec-search" onSubmit={search} role="search">
          <Field label={t('common.field.search')} hint={t('communities.list.searchHint')}>
            <input type="search" value={q} onChange={(event) => setQ(event.target.value)} />
          </Field>
          <button type="submit" className="button">
            {t('common.action.search')}
          </button>
        </form>
        <div className="filters">
          <Field label={t('common.field.kind')}>
            <select value={filters.kind ?? ''} onChange={(event) => params.setFilter('kind', event.target.value)}>
              <option value="">{t('common.field.anyValue')}</option>
              {COMMUNITY_KINDS.map((kind) => (
                <option key={kind} value={kind}>
                  {t(`vocab.communityKind.${kind}`)}
                </option>
              ))}
            </select>
          </Field>
          <Field label={t('common.field.status')}>
            <select value={filters.status ?? ''} onChange={(event) => params.setFilter('status', event.target.value)}>
              <option value="">{t('common.field.anyValue')}</option>
              {COMMUNITY_STATUSES.map((status) => (
                <option key={status} value={status}>
                  {t(`vocab.communityStatus.${status}`)}
                </option>
              ))}
            </select>
          </Field>
          <Field label={t('common.field.province')}>
            <select value={filters.province ?? ''} onChange={(event) => params.setFilter('province', event.target.value)}>
              <option value="">{t('common.field.anyValue')}</option>
              {provinces.map((province) => (
                <option key={province.name} value={province.name}>
                  {provinceName(province.name, provinces) ?? '—'}
                </option>
              ))}
            </select>
          </Field>
          {(networks.data?.length ?? 0) > 0 && (
            <Field label={t('communities.field.network')}>
              <select value={filters.network ?? ''} onChange={(event) => params.setFilter('network', event.target.value)}>
                <option value="">{t('common.field.anyValue')}</option>
                {networks.data!.map((network) => (
                  <option key={network.id} value={network.id}>
                    {localName(network)}
                  </option>
                ))}
              </select>
            </Field>
          )}
          <Field label={t('communities.list.addedFrom')}>
            <input type="date" value={filters.from ?? ''} onChange={(event) => params.setFilter('from', event.target.value)} />
          </Field>
          <Field label={t('communities.list.addedTo')}>
            <input type="date" value={filters.to ?? ''} onChange={(event) => params.setFilter('to', event.target.value)} />
          </Field>
        </div>
      </FilterPanel>

      <PagedTable
        list={list}
        params={params}
        columns={columns}
        rowKey={(row) => row.id}
        sort={sort}
        caption={t('communities.list.title')}
        className="rec-list"
      />
    </div>
  )
}
