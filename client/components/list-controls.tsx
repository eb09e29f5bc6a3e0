// Controls shared by the parcel and concession lists: search, a sort picker for phones, a filter toggle.
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Field } from './field.tsx'
import { formatNumber } from '../lib/format.ts'

/** On a phone the table's headers are hidden (rows become cards): sorting is offered here instead. */
export function SortSelect({
  sort,
  onSort,
  options,
}: {
  sort: string
  onSort: (sort: string) => void
  options: { value: string; label: string }[]
}) {
  const { t } = useTranslation()
  return (
    <Field label={t('common.field.sortBy')} className="sort-select">
      <select
        value={options.some((option) => option.value === sort) ? sort : ''}
        onChange={(event) => event.target.value && onSort(event.target.value)}
      >
        {!options.some((option) => option.value === sort) && <option value="">{t('common.state.none')}</option>}
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {t(option.label)}
          </option>
        ))}
      </select>
    </Field>
  )
}

/** "Filters (2)": on a phone the filters fold away under this button so the list is in view. */
export function FilterToggle({
  count,
  isOpen,
  onToggle,
  controls,
}: {
  count: number
  isOpen: boolean
  onToggle: () => void
  controls: string
}) {
  const { t } = useTranslation()
  return (
    <button type="button" className="button filters-toggle" aria-expanded={isOpen} aria-controls={controls} onClick={onToggle}>
      {t('common.list.filters')}
      {count > 0 ? ` (${formatNumber(count)})` : ''} <span aria-hidden="true">{isOpen ? '▲' : '▼'}</span>
    </button>
  )
}

/** Free text, applied on Enter or when the field is left (not on every key: a phone on 2G). */
export function SearchField({ value, onSearch, hint }: { value: string; onSearch: (value: string) => void; hint?: string }) {
  const { t } = useTranslation()
  const [text, setText] = useState(value)
  useEffect(() => setText(value), [value])
  return (
    <Field label={t('common.field.search')}>
      <input
        type="search"
        value={text}
        placeholder={hint}
        onChange={(event) => setText(event.target.value)}
        onBlur={() => text !== value && onSearch(text)}
        onKeyDown={(event) => {
          if (event.key === 'Enter') {
            event.preventDefault()
            onSearch(text)
          }
        }}
      />
    </Field>
  )
}
