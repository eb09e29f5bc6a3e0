// Parcels: filtered by community, tenure, title status, land use and text; sorted; paged.
// Filters, sort and page live in the URL (useListParams), so Back and shared links keep them.
import { useQuery } from '@tanstack/react-query'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import type { Parcel } from '../../../shared/parcels.ts'
import { LAND_USES, TENURES, TITLE_STATUSES } from '../../../shared/vocabularies.ts'
import { useCan } from '../../lib/session.ts'
import type { Column } from '../../components/data-table.tsx'
import { Field } from '../../components/field.tsx'
import { PageHeader } from '../../components/page-header.tsx'
import { GisExportMenu } from '../../components/gis-export/export-menu.tsx'
import { PagedTable } from '../../components/paged-table.tsx'
import { formatDate, formatHectares, formatNumber } from '../../lib/format.ts'
import { useListParams } from '../../lib/use-list-params.ts'
import { parcelListQuery } from './api.ts'
import { FilterToggle, SearchField, SortSelect } from '../../components/list-controls.tsx'
import { TenureLabel, TitleStatusBadge } from './tenure-label.tsx'
import { communityOptionsQuery, localName, useCommunityName } from '../../lib/reference-data.ts'
import '../../components/land-records.css'

/** The filters this list offers, as the API names them. */
export const PARCEL_FILTERS = ['q', 'community', 'tenure', 'titleStatus', 'landUse'] as const

export function ParcelListPage() {
  const { t, i18n } = useTranslation()
  const can = useCan()
  const params = useListParams()
  const { filters, sort, cursor } = params
  const query = {
    ...Object.fromEntries(PARCEL_FILTERS.map((name) => [name, filters[name]])),
    sort: sort ?? 'label',
    cursor,
  }
  const list = useQuery(parcelListQuery(query))
  const { data: communities } = useQuery(communityOptionsQuery())
  const nameOf = useCommunityName()
  const [showFilters, setShowFilters] = useState(false)

  const columns: Column<Parcel>[] = [
    {
      key: 'label',
      header: t('parcels.field.label'),
      sortKey: 'label',
      cell: (parcel) => <Link to={`/parcels/${parcel.id}`}>{parcel.label}</Link>,
    },
    { key: 'community', header: t('parcels.field.community'), cell: (parcel) => nameOf(parcel.communityId, parcel.communityName) },
    { key: 'tenure', header: t('parcels.field.tenure'), cell: (parcel) => <TenureLabel tenure={parcel.tenure} /> },
    { key: 'titleStatus', header: t('parcels.field.titleStatus'), cell: (parcel) => <TitleStatusBadge status={parcel.titleStatus} /> },
    { key: 'landUse', header: t('parcels.field.landUse'), cell: (parcel) => t(`vocab.landUse.${parcel.landUse}`) },
    {
      key: 'areaHa',
      header: t('parcels.field.area'),
      sortKey: 'areaHa',
      className: 'number-cell',
      cell: (parcel) => t('common.unit.ha', { value: formatHectares(parcel.areaHa) }),
    },
    {
      key: 'households',
      header: t('parcels.field.households'),
      className: 'number-cell',
      cell: (parcel) =>
        parcel.households === null || parcel.households === undefined ? t('common.state.none') : formatNumber(parcel.households),
    },
    { key: 'updatedAt', header: t('common.field.updatedAt'), sortKey: 'updatedAt', cell: (parcel) => formatDate(parcel.updatedAt) },
  ]

  const hasFilters = PARCEL_FILTERS.some((name) => filters[name])

  return (
    <div className="page land-page">
      <PageHeader
        title={t('parcels.list.title')}
        actions={
          <>
            <GisExportMenu layer="parcels" query={query} />
            {can('land.write') && (
              <Link
                className="button button-primary"
                to={filters.community ? `/parcels/new?community=${filters.community}` : '/parcels/new'}
              >
                + {t('parcels.list.new')}
              </Link>
            )}
          </>
        }
      >
        <p className="subtitle muted">{t('parcels.list.intro')}</p>
      </PageHeader>

      <form className="filters" role="search" aria-label={t('common.list.filters')} onSubmit={(event) => event.preventDefault()}>
        <SearchField
          value={filters.q ?? ''}
          onSearch={(value) => params.setFilter('q', value.trim() || undefined)}
          hint={t('parcels.list.searchHint')}
        />
        <FilterToggle
          count={PARCEL_FILTERS.filter((name) => name !== 'q' && filters[name]).length}
          isOpen={showFilters}
          onToggle={() => setShowFilters(!showFilters)}
          controls="parcel-filters"
        />
        <div className={['filters-more', showFilters ? 'is-open' : ''].join(' ').trim()} id="parcel-filters">
          <Field label={t('parcels.field.community')}>
            <select value={filters.community ?? ''} onChange={(event) => params.setFilter('community', event.target.value || undefined)}>
              <option value="">{t('common.field.anyValue')}</option>
              {(communities ?? []).map((community) => (
                <option key={community.id} value={community.id}>
                  {localName(community, i18n.language)}
                </option>
              ))}
            </select>
          </Field>
          <Field label={t('parcels.field.tenure')}>
            <select value={filters.tenure ?? ''} onChange={(event) => params.setFilter('tenure', event.target.value || undefined)}>
              <option value="">{t('common.field.anyValue')}</option>
              {TENURES.map((value) => (
                <option key={value} value={value}>
                  {t(`vocab.tenure.${value}`)}
                </option>
              ))}
            </select>
          </Field>
          <Field label={t('parcels.field.titleStatus')}>
            <select
              value={filters.titleStatus ?? ''}
              onChange={(event) => params.setFilter('titleStatus', event.target.value || undefined)}
            >
              <option value="">{t('common.field.anyValue')}</option>
              {TITLE_STATUSES.map((value) => (
                <option key={value} value={value}>
                  {t(`vocab.titleStatus.${value}`)}
                </option>
              ))}
            </select>
          </Field>
          <Field label={t('parcels.field.landUse')}>
            <select value={filters.landUse ?? ''} onChange={(event) => params.setFilter('landUse', event.target.value || undefined)}>
              <option value="">{t('common.field.anyValue')}</option>
              {LAND_USES.map((value) => (
                <option key={value} value={value}>
                  {t(`vocab.landUse.${value}`)}
                </option>
              ))}
            </select>
          </Field>
          <SortSelect sort={sort ?? 'label'} onSort={params.setSort} options={PARCEL_SORT_OPTIONS} />
          {hasFilters && (
            <div className="filters-actions">
              <button type="button" className="button" onClick={params.clear}>
                {t('common.list.clearFilters')}
              </button>
            </div>
          )}
        </div>
      </form>

      <PagedTable
        list={list}
        params={params}
        columns={columns}
        rowKey={(parcel) => parcel.id}
        sort={sort ?? 'label'}
        caption={t('parcels.list.caption', { count: formatNumber(list.data?.items.length ?? 0) })}
      />
    </div>
  )
}

const PARCEL_SORT_OPTIONS = [
  { value: 'label', label: 'parcels.sort.labelAsc' },
  { value: '-label', label: 'parcels.sort.labelDesc' },
  { value: '-areaHa', label: 'parcels.sort.areaDesc' },
  { value: 'areaHa', label: 'parcels.sort.areaAsc' },
  { value: '-updatedAt', label: 'parcels.sort.updatedDesc' },
]
