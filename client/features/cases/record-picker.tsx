// Find a record by typing part of its name, then pick it: communities, parcels, incidents or people
// to link to a case. The search waits for a pause in typing before asking the server.
import { useQuery } from '@tanstack/react-query'
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Field } from '../../components/field.tsx'
import { problemText } from '../../components/problem-message.tsx'
import { searchRecords, type PickKind, type PickOption } from './api.ts'
import { casesKey } from '../../lib/cases.ts'

const TYPING_PAUSE_MS = 300

export function useDebounced<T>(value: T, delayMs = TYPING_PAUSE_MS): T {
  const [debounced, setDebounced] = useState(value)
  useEffect(() => {
    const timer = window.setTimeout(() => setDebounced(value), delayMs)
    return () => window.clearTimeout(timer)
  }, [value, delayMs])
  return debounced
}

interface RecordPickerProps {
  kind: PickKind
  label: string
  /** Records already linked: shown as such, not offered again. */
  excludeIds?: readonly string[]
  onPick: (option: PickOption) => void
  disabled?: boolean
}

export function RecordPicker({ kind, label, excludeIds = [], onPick, disabled }: RecordPickerProps) {
  const { t } = useTranslation()
  const [text, setText] = useState('')
  const q = useDebounced(text.trim())
  const results = useQuery({
    queryKey: [...casesKey, 'pick', kind, q],
    queryFn: ({ signal }) => searchRecords(kind, q, signal),
    staleTime: 30_000,
    // Nothing is listed until something is typed: the list would be the whole register.
    enabled: q.length > 0,
  })
  const options = results.data ?? []
  return (
    <div className="record-picker">
      <Field label={label} hint={t('cases.picker.hint')}>
        <input type="search" value={text} onChange={(event) => setText(event.target.value)} autoComplete="off" />
      </Field>
      {results.error && <p className="field-error">{problemText(t, results.error)}</p>}
      {results.isSuccess && options.length === 0 && <p className="muted small">{t('common.state.noResults')}</p>}
      {options.length > 0 && (
        <ul className="picker-results" aria-label={t('cases.picker.results')}>
          {options.map((option) => {
            const isLinked = excludeIds.includes(option.id)
            return (
              <li key={option.id}>
                <button type="button" className="picker-option" disabled={disabled || isLinked} onClick={() => onPick(option)}>
                  <span className="picker-label">{option.label}</span>
                  {option.detail && <span className="muted small">{option.detail}</span>}
                  {isLinked && <span className="badge">{t('cases.picker.alreadyLinked')}</span>}
                </button>
              </li>
            )
          })}
        </ul>
      )}
    </div>
  )
}
