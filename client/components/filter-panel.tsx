// A list's filters: folded away on a phone (one tap opens them; the count says how many are on),
// open on a wide screen.
import { useState, type ReactNode } from 'react'
import { useTranslation } from 'react-i18next'

const WIDE = '(min-width: 900px)'

export function FilterPanel({ activeCount, onClear, children }: { activeCount: number; onClear: () => void; children: ReactNode }) {
  const { t } = useTranslation()
  const [isOpen, setOpen] = useState(() => activeCount > 0 || (typeof window !== 'undefined' && window.matchMedia?.(WIDE).matches === true))
  return (
    <details className="rec-filters card" open={isOpen} onToggle={(event) => setOpen(event.currentTarget.open)}>
      <summary>
        <span>{t('common.list.filters')}</span>
        {activeCount > 0 && <span className="rec-count">{t('common.list.activeFilters', { count: activeCount })}</span>}
      </summary>
      <div className="rec-filters-body">
        {children}
        {activeCount > 0 && (
          <button type="button" className="button" onClick={onClear}>
            {t('common.list.clearFilters')}
          </button>
        )}
      </div>
    </details>
  )
}
