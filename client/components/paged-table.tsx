// A list page's results: the failure with a retry, "loading", or the sortable table with its
// pager. Every list page (incidents, communities, parcels, concessions) shows its rows this way.
import type { UseQueryResult } from '@tanstack/react-query'
import { useTranslation } from 'react-i18next'
import type { ListParams } from '../lib/use-list-params.ts'
import { DataTable, type Column } from './data-table.tsx'
import { Pager } from './pager.tsx'
import { ProblemMessage } from './problem-message.tsx'

interface PagedTableProps<Row> {
  list: UseQueryResult<{ items: Row[]; nextCursor: string | null }>
  params: ListParams
  columns: Column<Row>[]
  rowKey: (row: Row) => string
  sort: string
  caption: string
  className?: string
}

export function PagedTable<Row>({ list, params, columns, rowKey, sort, caption, className }: PagedTableProps<Row>) {
  const { t } = useTranslation()
  if (list.error) return <ProblemMessage error={list.error} onRetry={() => void list.refetch()} />
  if (!list.data)
    return (
      <p className="muted" role="status">
        {t('common.state.loading')}
      </p>
    )
  const rows = list.data.items
  return (
    // Dimmed while the next page or a new filter loads, so the old rows do not pass for the answer.
    <div
      className={[className ?? '', list.isPlaceholderData ? 'is-refreshing' : ''].join(' ').trim() || undefined}
      aria-busy={list.isFetching}
    >
      <DataTable columns={columns} rows={rows} rowKey={rowKey} sort={sort} onSort={params.setSort} caption={caption} />
      <Pager
        nextCursor={list.data.nextCursor}
        history={params.history}
        onNext={params.nextPage}
        onPrevious={params.previousPage}
        count={rows.length}
      />
    </div>
  )
}
