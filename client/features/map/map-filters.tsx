// The map's filters, kept in the URL (shareable; Back restores them). Kind, status and dates are
// about incidents; province, community and text also narrow the other layers (see LAYER_FILTERS).
import { useQuery } from '@tanstack/react-query'
import { memo, useEffect, useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { INCIDENT_KINDS, INCIDENT_STATUSES } from '../../../shared/vocabularies.ts'
import { Field } from '../../components/field.tsx'
import { activeFilterCount, type FilterName, type MapFilters } from './api.ts'
import { communityOptionsQuery, localName, provincesQuery } from '../../lib/reference-data.ts'
import { textOrder } from '../../lib/format.ts'

/** Typing pauses this long before the map searches. */
const SEARCH_DELAY_MS = 500

interface Props {
  filters: MapFilters
  onChange: (name: FilterName, value: string | undefined) => void
  onClear: () => void
}

// Memoized: its props change with the filters only, not as the map page re-renders for each tile.
export const MapFilterForm = memo(function MapFilterForm({ filters, onChange, onClear }: Props) {
  const { t, i18n } = useTranslation()
  const provinces = useQuery(provincesQuery())
  const communities = useQuery(communityOptionsQuery())
  const language = i18n.language
  const any = t('common.field.anyValue')
  // Thousands of communities, sorted once per list and language (the map page re-renders as tiles arrive).
  const communityOptions = useMemo(() => {
    const order = textOrder(language)
    return (communities.data ?? [])
      .map((community) => ({ id: community.id, label: localName(community, language) }))
      .sort((a, b) => order(a.label, b.label))
  }, [communities.data, language])

  return (
    <form className="map-filters" role="search" aria-label={t('map.filters.heading')} onSubmit={(event) => event.preventDefault()}>
      <SearchField value={filters.q ?? ''} onSearch={(value) => onChange('q', value || undefined)} />
      <Field label={t('common.field.province')}>
        <select value={filters.province ?? ''} onChange={(event) => onChange('province', event.target.value || undefined)}>
          <option value="">{any}</option>
          {/* A province from an old link stays choosable even before the list arrives. */}
          {filters.province && !provinces.data?.some((p) => p.name === filters.province) && (
            <option value={filters.province}>{filters.province}</option>
          )}
          {provinces.data?.map((province) => (
            <option key={province.id} value={province.name}>
              {localName(province, language)}
            </option>
          ))}
        </select>
      </Field>
      <Field label={t('common.field.community')}>
        <select value={filters.community ?? ''} onChange={(event) => onChange('community', event.target.value || undefined)}>
          <option value="">{any}</option>
          {communityOptions.map((community) => (
            <option key={community.id} value={community.id}>
              {community.label}
            </option>
          ))}
        </select>
      </Field>
      <Field label={t('map.filters.kind')}>
        <select value={filters.kind ?? ''} onChange={(event) => onChange('kind', event.target.value || undefined)}>
          <option value="">{any}</option>
          {INCIDENT_KINDS.map((kind) => (
            <option key={kind} value={kind}>
              {t(`vocab.incidentKind.${kind}`)}
            </option>
          ))}
        </select>
      </Field>
      <Field label={t('map.filters.status')}>
        <select value={filters.status ?? ''} onChange={(event) => onChange('status', event.target.value || undefined)}>
          <option value="">{any}</option>
          {INCIDENT_STATUSES.map((status) => (
            <option key={status} value={status}>
              {t(`vocab.incidentStatus.${status}`)}
            </option>
          ))}
        </select>
      </Field>
      <div className="map-filters-dates">
        <Field label={t('map.filters.from')}>
          <input
            type="date"
            value={filters.from ?? ''}
            max={filters.to}
            onChange={(event) => onChange('from', event.target.value || undefined)}
          />
        </Field>
        <Field label={t('map.filters.to')}>
          <input
            type="date"
            value={filters.to ?? ''}
            min={filters.from}
            onChange={(event) => onChange('to', event.target.value || undefined)}
          />
        </Field>
      </div>
      <p className="field-hint">{t('map.filters.appliesTo')}</p>
      {activeFilterCount(filters) > 0 && (
        <button type="button" className="button map-filters-clear" onClick={onClear}>
          {t('map.filters.clear')}
        </button>
      )}
    </form>
  )
})

/** Free text: the map searches when typing pauses (or on Enter), not at every key. */
function SearchField({ value, onSearch }: { value: string; onSearch: (value: string) => void }) {
  const { t } = useTranslation()
  const [text, setText] = useState(value)
  // The URL changed (Back, "Clear filters"): show what it says.
  useEffect(() => setText(value), [value])
  useEffect(() => {
    if (text.trim() === value) return
    const timer = setTimeout(() => onSearch(text.trim()), SEARCH_DELAY_MS)
    return () => clearTimeout(timer)
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only when the text changes: onSearch and value are new every render, and a URL change is handled by the effect above
  }, [text])
  return (
    <Field label={t('map.filters.q')} hint={t('map.filters.qHint')}>
      <input
        type="search"
        value={text}
        maxLength={200}
        onChange={(event) => setText(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Enter') {
            event.preventDefault()
            onSearch(text.trim())
          }
        }}
      />
    </Field>
  )
}
