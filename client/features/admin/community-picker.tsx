// The communities a representative speaks for: checkboxes with a filter, because an
// installation can hold hundreds of communities.
import { useQuery } from '@tanstack/react-query'
import { useId, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { currentLanguage } from '../../lib/i18n.ts'
import { localName, provinceName, provincesQuery, type CommunityOption } from '../../lib/reference-data.ts'

interface CommunityPickerProps {
  communities: readonly CommunityOption[]
  selected: readonly string[]
  onChange: (ids: string[]) => void
  error?: string | undefined
}

export function CommunityPicker({ communities, selected, onChange, error }: CommunityPickerProps) {
  const { t } = useTranslation()
  const id = useId()
  const [filter, setFilter] = useState('')
  const provinces = useQuery(provincesQuery())
  const language = currentLanguage()
  const needle = filter.trim().toLowerCase()
  const matches = communities.filter(
    (community) =>
      !needle ||
      [community.name, community.nameKm ?? '', community.province ?? '', provinceName(community.province, provinces.data, 'km') ?? ''].some(
        (text) => text.toLowerCase().includes(needle),
      ),
  )
  // Chosen communities first, so the choice is visible without scrolling.
  const ordered = [...matches].sort((a, b) => Number(selected.includes(b.id)) - Number(selected.includes(a.id)))
  const toggle = (communityId: string, isChecked: boolean) =>
    onChange(isChecked ? [...selected, communityId] : selected.filter((value) => value !== communityId))

  return (
    <fieldset
      className={error ? 'community-picker has-error' : 'community-picker'}
      aria-describedby={`${id}-hint${error ? ` ${id}-error` : ''}`}
    >
      <legend>
        {t('admin.users.form.communities')}
        <span className="required-mark" title={t('common.state.required')}>
          {' '}
          *
        </span>
      </legend>
      <p id={`${id}-hint`} className="field-hint">
        {t('admin.users.form.communitiesHint')} <strong>{t('admin.users.form.communitiesSelected', { count: selected.length })}</strong>
      </p>
      <label className="visually-hidden" htmlFor={`${id}-filter`}>
        {t('admin.users.form.communitiesFilter')}
      </label>
      <input
        id={`${id}-filter`}
        className="input"
        type="search"
        placeholder={t('admin.users.form.communitiesFilter')}
        value={filter}
        onChange={(event) => setFilter(event.target.value)}
      />
      <ul className="community-options">
        {ordered.map((community) => (
          <li key={community.id}>
            <label>
              <input
                type="checkbox"
                checked={selected.includes(community.id)}
                onChange={(event) => toggle(community.id, event.target.checked)}
              />
              <span>
                {localName(community, language)}
                <span className="muted small"> · {provinceName(community.province, provinces.data, language)}</span>
              </span>
            </label>
          </li>
        ))}
        {ordered.length === 0 && <li className="muted">{t('admin.users.form.noCommunityMatches')}</li>}
      </ul>
      {error && (
        <p id={`${id}-error`} className="field-error" role="alert">
          {error}
        </p>
      )}
    </fieldset>
  )
}
