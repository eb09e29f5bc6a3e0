import { useTranslation } from 'react-i18next'
import type { Tenure, TitleStatus } from '../../../shared/vocabularies.ts'
import { TENURE_COLOURS } from '../../map/land-styles.ts'

/** A tenure's name with the colour parcels of that tenure have on the maps. */
export function TenureLabel({ tenure }: { tenure: Tenure }) {
  const { t } = useTranslation()
  return (
    <span className="tenure-cell">
      <span className="tenure-dot" style={{ background: TENURE_COLOURS[tenure] }} aria-hidden="true" />
      {t(`vocab.tenure.${tenure}`)}
    </span>
  )
}

/** A title status as a badge: registered green, applied amber, disputed red (and always its name). */
export function TitleStatusBadge({ status }: { status: TitleStatus }) {
  const { t } = useTranslation()
  const tone = { registered: 'badge-green', applied: 'badge-amber', disputed: 'badge-red', none: '' }[status]
  return <span className={['badge', tone].join(' ').trim()}>{t(`vocab.titleStatus.${status}`)}</span>
}
