// Incidents: threats and harms reported by or for communities. A sortable, filterable list (kind,
// status, severity, who did it, province, community, dates, text), paged by the server's cursor,
// all kept in the URL. Each role sees what the server sends it (representatives: their own
// communities; advocates: nothing confidential).
import { useQuery } from '@tanstack/react-query'
import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import type { Incident } from '../../../shared/incidents.ts'
import { INCIDENT_KINDS, INCIDENT_STATUSES, PERPETRATOR_KINDS, SEVERITIES } from '../../../shared/vocabularies.ts'
import { useCan } from '../../lib/session.ts'
import type { Column } from '../../components/data-table.tsx'
import { Field } from '../../components/field.tsx'
import { PageHeader } from '../../components/page-header.tsx'
import { GisExportMenu } from '../../components/gis-export/export-menu.tsx'
import { PagedTable } from '../../components/paged-table.tsx'
import { formatDate, formatNumber, formatOccurred } from '../../lib/format.ts'
import { useListParams } from '../../lib/use-list-params.ts'
import { FilterPanel } from '../../components/filter-panel.tsx'
import { communityOptionsQuery, localName, localText, otherText, provinceName, useProvinces } from '../../lib/reference-data.ts'
import { incidentListQuery } from './api.ts'
import { IncidentStatusBadge, SeverityBadge } from './incident-bits.tsx'
import '../../components/records.css'

const PAGE_SIZE = 25

export function IncidentListPage() {
  const { t } = useTranslation()
  const can = useCan()
  const params = useListParams()
  const { filters, sort = '-occurredAt', cursor } = params
  const list = useQuery(incidentListQuery({ ...filters, sort, cursor, limit: PAGE_SIZE }))
  const communities = useQuery(communityOptionsQuery())
  const provinces = useProvinces()
  const [q, setQ] = useState(filters.q ?? '')
  const isStaff = can('incidents.triage')
  /** Incidents carry the community's English name; the Khmer one comes from the communities list. */
  const communityLabel = (id: string, name: string | null) => {
    const found = communities.data?.find((community) => community.id === id)
    return found ? localName(found) : (name ?? t('common.field.community'))
  }

  const search = (event: FormEvent) => {
    event.preventDefault()
    params.setFilter('q', q.trim() || undefined)
  }
  const clear = () => {
    setQ('')
    params.clear()
  }
  const select = (name: string, options: { value: string; label: string }[]) => (
    <select value={filters[name] ?? ''} onChange={(event) => params.setFilter(name, event.target.value)}>
      <option value="">{t('common.field.anyValue')}</option>
      {options.map((option) => (
        <option key={option.value} value={option.value}>
          {option.label}
        </option>
      ))}
    </select>
  )

  const columns: Column<Incident>[] = [
    {
      key: 'title',
      header: t('incidents.field.title'),
      className: 'rec-name-cell',
      cell: (row) => {
        const other = otherText(row.title, row.titleKm)
        return (
          <div>
            <Link to={`/incidents/${row.id}`} className="rec-row-title">
              {localText(row.title, row.titleKm)}
            </Link>
            {other && <span className="muted small rec-other-name">{other}</span>}
            {row.isConfidential && <span className="badge badge-red">{t('common.state.confidential')}</span>}
          </div>
        )
      },
    },
    {
      key: 'occurredAt',
      header: t('incidents.field.occurredAt'),
      sortKey: 'occurredAt',
      cell: (row) => formatOccurred(row.occurredAt, row.occurredPrecision),
    },
    { key: 'kind', header: t('common.field.kind'), cell: (row) => t(`vocab.incidentKind.${row.kind}`) },
    {
      key: 'status',
      header: t('common.field.status'),
      cell: (row) => (
        <span>
          <IncidentStatusBadge status={row.status} />
        </span>
      ),
    },
    {
      key: 'severity',
      header: t('incidents.field.severity'),
      cell: (row) => (
        <span>
          <SeverityBadge severity={row.severity} />
        </span>
      ),
    },
    {
      key: 'community',
      header: t('common.field.community'),
      cell: (row) => (
        <div>
          {row.communityId ? (
            <Link to={`/communities/${row.communityId}`}>{communityLabel(row.communityId, row.communityName)}</Link>
          ) : (
            t('common.state.none')
          )}
          <span className="muted small rec-other-name">{provinceName(row.province, provinces) ?? '—'}</span>
        </div>
      ),
    },
    {
      key: 'households',
      header: t('common.field.households'),
      className: 'rec-numeric',
      cell: (row) => formatNumber(row.householdsAffected),
    },
    { key: 'createdAt', header: t('incidents.field.reportedOn'), sortKey: 'createdAt', cell: (row) => formatDate(row.createdAt) },
  ]

  return (
    <div className="page rec-incidents">
      <PageHeader
        title={t('incidents.list.title')}
        actions={
          <>
            <GisExportMenu layer="incidents" query={{ ...filters, sort }} />
            {isStaff && (
              <Link to="/triage" className="button">
                {t('incidents.list.triage')}
              </Link>
            )}
            {can('incidents.create') && (
              <Link to="/report" className="button button-primary">
                + {t('incidents.list.report')}
              </Link>
            )}
          </>
        }
      >
        <p className="muted">{t('incidents.list.intro')}</p>
      </PageHeader>

      <FilterPanel activeCount={Object.keys(filters).length} onClear={clear}>
        <form className="rec-search" onSubmit={search} role="search">
          <Field label={t('common.field.search')} hint={t('incidents.list.searchHint')}>
            <input type="search" value={q} onChange={(event) => setQ(event.target.value)} />
          </Field>
          <button type="submit" className="button">
            {t('common.action.search')}
          </button>
        </form>
        <div className="filters">
          <Field label={t('common.field.kind')}>
            {select(
              'kind',
              INCIDENT_KINDS.map((value) => ({ value, label: t(`vocab.incidentKind.${value}`) })),
            )}
          </Field>
          <Field label={t('common.field.status')}>
            {select(
              'status',
              INCIDENT_STATUSES.map((value) => ({ value, label: t(`vocab.incidentStatus.${value}`) })),
            )}
          </Field>
          <Field label={t('incidents.field.severity')}>
            {select(
              'severity',
              SEVERITIES.map((value) => ({ value, label: t(`vocab.severity.${value}`) })),
            )}
          </Field>
          <Field label={t('incidents.field.perpetratorKind')}>
            {select(
              'perpetratorKind',
              PERPETRATOR_KINDS.map((value) => ({ value, label: t(`vocab.perpetratorKind.${value}`) })),
            )}
          </Field>
          <Field label={t('common.field.province')}>
            {select(
              'province',
              provinces.map((province) => ({ value: province.name, label: provinceName(province.name, provinces) ?? '—' })),
            )}
          </Field>
          <Field label={t('common.field.community')}>
            {select(
              'community',
              (communities.data ?? []).map((community) => ({ value: community.id, label: localName(community) })),
            )}
          </Field>
          <Field label={t('incidents.list.occurredFrom')}>
            <input type="date" value={filters.from ?? ''} onChange={(event) => params.setFilter('from', event.target.value)} />
          </Field>
          <Field label={t('incidents.list.occurredTo')}>
            <input type="date" value={filters.to ?? ''} onChange={(event) => params.setFilter('to', event.target.value)} />
          </Field>
          {isStaff && (
            <Field label={t('common.state.confidential')}>
              {select('confidential', [
                { value: 'true', label: t('incidents.list.onlyConfidential') },
                { value: 'false', label: t('incidents.list.notConfidential') },
              ])}
            </Field>
          )}
        </div>
      </FilterPanel>

      <PagedTable
        list={list}
        params={params}
        columns={columns}
        rowKey={(row) => row.id}
        sort={sort}
        caption={t('incidents.list.title')}
        className="rec-list"
      />
    </div>
  )
}
