// A sortable table that becomes a stack of cards on a phone (each cell labelled by its header).
import type { HTMLAttributes, ReactNode } from 'react'
import { useTranslation } from 'react-i18next'

export interface Column<Row> {
  key: string
  header: string
  cell: (row: Row) => ReactNode
  /** The API sort key (`sort=name` / `sort=-name`); absent when the column cannot be sorted. */
  sortKey?: string
  className?: string
}

interface DataTableProps<Row> {
  columns: Column<Row>[]
  rows: Row[]
  rowKey: (row: Row) => string
  /** The current sort, as the API takes it. */
  sort?: string
  onSort?: (sort: string) => void
  caption?: string
  /** Extra attributes for a row (a data-testid, a highlight class). */
  rowProps?: (row: Row) => HTMLAttributes<HTMLTableRowElement> & { 'data-testid'?: string }
}

export function DataTable<Row>({ columns, rows, rowKey, sort, onSort, caption, rowProps }: DataTableProps<Row>) {
  const { t } = useTranslation()
  const direction = (key: string) => (sort === key ? 'ascending' : sort === `-${key}` ? 'descending' : 'none')
  return (
    <div className="table-wrap">
      <table className="data-table">
        {caption && <caption className="visually-hidden">{caption}</caption>}
        <thead>
          <tr>
            {columns.map((column) => (
              <th
                key={column.key}
                scope="col"
                className={column.className}
                aria-sort={column.sortKey ? direction(column.sortKey) : undefined}
              >
                {column.sortKey && onSort ? (
                  <button
                    type="button"
                    className="sort-button"
                    onClick={() => onSort(sort === column.sortKey ? `-${column.sortKey}` : column.sortKey!)}
                    title={t('common.field.sortBy')}
                  >
                    {column.header}
                    <span aria-hidden="true">{{ ascending: ' ▲', descending: ' ▼', none: ' ⇅' }[direction(column.sortKey)]}</span>
                  </button>
                ) : (
                  column.header
                )}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={rowKey(row)} {...rowProps?.(row)}>
              {columns.map((column) => (
                <td key={column.key} data-label={column.header} className={column.className}>
                  {column.cell(row)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {rows.length === 0 && <p className="empty">{t('common.state.noResults')}</p>}
    </div>
  )
}
