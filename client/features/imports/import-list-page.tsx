// The latest imports (the server keeps the last 100 in this list), each opening its wizard.
import { useQuery } from '@tanstack/react-query'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import type { ImportJob } from '../../../shared/import-jobs.ts'
import { DataTable, type Column } from '../../components/data-table.tsx'
import { PageHeader } from '../../components/page-header.tsx'
import { ProblemMessage } from '../../components/problem-message.tsx'
import { formatDateTime, formatNumber } from '../../lib/format.ts'
import { importListQuery } from './api.ts'
import { StatusBadge } from './status-badge.tsx'
import './imports.css'

export function ImportListPage() {
  const { t } = useTranslation()
  const list = useQuery(importListQuery())

  const columns: Column<ImportJob>[] = [
    {
      key: 'file',
      header: t('imports.list.file'),
      cell: (job) => (
        <Link to={`/imports/${job.id}`} className="import-file-name">
          {job.fileName}
        </Link>
      ),
    },
    { key: 'source', header: t('imports.list.source'), cell: (job) => job.sourceName },
    {
      key: 'target',
      header: t('imports.list.target'),
      cell: (job) => (job.target ? t(`common.nav.${job.target}`) : <span className="muted">{t('imports.list.notChosen')}</span>),
    },
    { key: 'status', header: t('imports.list.status'), cell: (job) => <StatusBadge status={job.status} /> },
    {
      key: 'counts',
      header: t('imports.list.counts'),
      cell: (job) =>
        job.status === 'uploaded'
          ? t('common.state.none')
          : t('imports.list.countsText', {
              created: formatNumber(job.created),
              updated: formatNumber(job.updated),
              refused: formatNumber(job.refused),
            }),
    },
    { key: 'date', header: t('imports.list.date'), cell: (job) => formatDateTime(job.createdAt) },
  ]

  return (
    <div className="page imports-page">
      <PageHeader
        title={t('imports.list.title')}
        actions={
          <Link className="button button-primary" to="/imports/new">
            + {t('imports.list.new')}
          </Link>
        }
      >
        <p className="subtitle muted">{t('imports.list.intro')}</p>
      </PageHeader>
      {list.error ? (
        <ProblemMessage error={list.error} onRetry={() => void list.refetch()} />
      ) : !list.data ? (
        <p className="muted" role="status">
          {t('common.state.loading')}
        </p>
      ) : list.data.length === 0 ? (
        <p className="empty">{t('imports.list.empty')}</p>
      ) : (
        <DataTable columns={columns} rows={list.data} rowKey={(job) => job.id} caption={t('imports.list.caption')} />
      )}
    </div>
  )
}
