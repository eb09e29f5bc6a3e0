// Concessions: filtered by kind, province and text; sorted; paged (state in the URL).
import { useQuery } from '@tanstack/react-query'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import type { Concession } from '../../../shared/concessions.ts'
import { CONCESSION_KINDS } from '../../../shared/vocabularies.ts'
import { useCan } from '../../lib/session.ts'
import type { Column } from '../../components/data-table.tsx'
import { Field } from '../../components/field.tsx'
import { PageHeader } from '../../components/page-header.tsx'
import { GisExportMenu } from '../../components/gis-export/export-menu.tsx'
import { PagedTable } from '../../components/paged-table.tsx'
import { formatDate, formatHectares, formatNumber } from '../../lib/format.ts'
import { useListParams } from '../../lib/use-list-params.ts'
import { FilterToggle, SearchField, SortSelect } from '../../components/list-controls.tsx'
import '../../components/land-records.css'
import { concessionListQuery } from './api.ts'
import { declaredRange } from './concession-format.ts'
import { localName, provinceName, provincesQuery } from '../../lib/reference-data.ts'

export const CONCESSION_FILTERS = ['q', 'kind', 'province'] as const

const SORT_OPTIONS = [
  { value: 'name', label: 'concessions.sort.nameAsc' },
  { value: '-name', label: 'concessions.sort.nameDesc' },
  { value: '-areaHa', label: 'concessions.sort.areaDesc' },
  { value: 'areaHa', label: 'concessions.sort.areaAsc' },
  { value: '-updatedAt', label: 'concessions.sort.updatedDesc' },
]

export function ConcessionListPage() {
  const { t, i18n } = useTranslation()
  const can = useCan()
  const params = useListParams()
  const { filters, sort, cursor } = params
  const [showFilters, setShowFilters] = useState(false)
  const query = { ...Object.fromEntries(CONCESSION_FILTERS.map((name) => [name, filters[name]])), sort: sort ?? 'name', cursor }
  const list = useQuery(concessionListQuery(query))
  const { data: provinces } = useQuery(provincesQuery())
  const language = i18n.language

  const columns: Column<Concession>[] = [
    {
      key: 'name',
      header: t('concessions.field.name'),
      sortKey: 'name',
      cell: (concession) => <Link to={`/concessions/${concession.id}`}>{localName(concession, language)}</Link>,
    },
    { key: 'kind', header: t('concessions.field.kind'), cell: (concession) => t(`vocab.concessionKind.${concession.kind}`) },
    { key: 'company', header: t('concessions.field.company'), cell: (concession) => concession.company ?? t('common.state.none') },
    {
      key: 'province',
      header: t('concessions.field.province'),
      cell: (concession) => provinceName(concession.province, provinces, language) ?? t('common.state.none'),
    },
    {
      key: 'areaHa',
      header: t('concessions.field.area'),
      sortKey: 'areaHa',
      className: 'number-cell',
      // Known only as a point: no mapped area, and none guessed (its declared range is beside it).
      cell: (concession) =>
        concession.areaHa === null ? t('concessions.detail.notMapped') : t('common.unit.ha', { value: formatHectares(concession.areaHa) }),
    },
    {
      key: 'declared',
      header: t('concessions.field.declared'),
      className: 'number-cell',
      cell: (concession) => {
        const range = declaredRange(concession.declaredAreas, formatHectares)
        return range ? t('common.unit.ha', { value: range }) : t('common.state.none')
      },
    },
    { key: 'grantedOn', header: t('concessions.field.grantedOn'), cell: (concession) => formatDate(concession.grantedOn) },
  ]

  const hasFilters = CONCESSION_FILTERS.some((name) => filters[name])

  return (
    <div className="page land-page">
      <PageHeader
        title={t('concessions.list.title')}
        actions={
          <>
            <GisExportMenu layer="concessions" query={query} />
            {can('land.write') && (
              <Link className="button button-primary" to="/concessions/new">
                + {t('concessions.list.new')}
              </Link>
            )}
          </>
        }
      >
        <p className="subtitle muted">{t('concessions.list.intro')}</p>
      </PageHeader>

      <form className="filters" role="search" aria-label={t('common.list.filters')} onSubmit={(event) => event.preventDefault()}>
        <SearchField
          value={filters.q ?? ''}
          onSearch={(value) => params.setFilter('q', value.trim() || undefined)}
          hint={t('concessions.list.searchHint')}
        />
        <FilterToggle
          count={CONCESSION_FILTERS.filter((name) => name !== 'q' && filters[name]).length}
          isOpen={showFilters}
          onToggle={() => setShowFilters(!showFilters)}
          controls="concession-filters"
        />
        <div className={['filters-more', showFilters ? 'is-open' : ''].join(' ').trim()} id="concession-filters">
          <Field label={t('concessions.field.kind')}>
            <select value={filters.kind ?? ''} onChange={(event) => params.setFilter('kind', event.target.value || undefined)}>
              <option value="">{t('common.field.anyValue')}</option>
              {CONCESSION_KINDS.map((kind) => (
                <option key={kind} value={kind}>
                  {t(`vocab.concessionKind.${kind}`)}
                </option>
              ))}
            </select>
          </Field>
          <Field label={t('concessions.field.province')}>
            <select value={filters.province ?? ''} onChange={(event) => params.setFilter('province', event.target.value || undefined)}>
              <option value="">{t('common.field.anyValue')}</option>
              {(provinces ?? []).map((province) => (
                <option key={province.id} value={province.name}>
                  {localName(province, language)}
                </option>
              ))}
            </select>
          </Field>
          <SortSelect sort={sort ?? 'name'} onSort={params.setSort} options={SORT_OPTIONS} />
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
        rowKey={(concession) => concession.id}
        sort={sort ?? 'name'}
        caption={t('concessions.list.caption', { count: formatNumber(list.data?.items.length ?? 0) })}
      />
    </div>
  )
}
