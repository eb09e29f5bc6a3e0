import { useTranslation } from 'react-i18next'
import { formatHectares, formatNumber, percentText } from '../lib/format.ts'

/** "1.2 ha · 35% of this parcel", with a bar for the share; `of` says of what (the caller's words). */
export function OverlapFigures({ ha, percent, of }: { ha: number; percent: number; of: string }) {
  const { t } = useTranslation()
  return (
    <span className="overlap-figures">
      <span>
        <strong>{t('common.unit.ha', { value: formatHectares(ha) })}</strong>
        {' · '}
        {percentText(percent, formatNumber)} <span className="muted">{of}</span>
      </span>
      <span className="overlap-bar" aria-hidden="true">
        <span style={{ width: `${Math.min(100, Math.max(percent, 1))}%` }} />
      </span>
    </span>
  )
}
