// Concessions near a territory or parcel that are known only as a point (no boundary published,
// issue 14): listed apart from the measured overlaps, with their declared area and distance, since
// nobody can say whether they cover this land until their boundary is mapped.
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import { BOUNDARY_UNKNOWN_RADIUS_KM, type ConcessionBoundaryUnknown } from '../../shared/overlaps.ts'
import { formatHectares, formatNumber } from '../lib/format.ts'
import './land-records.css'

export function BoundaryUnknownList({ items, of }: { items: readonly ConcessionBoundaryUnknown[]; of: 'territory' | 'parcel' }) {
  const { t } = useTranslation()
  if (items.length === 0) return null
  return (
    <div className="boundary-unknown-list" data-testid="boundary-unknown-list">
      <h3>{t('mapParts.boundaryUnknown.title')}</h3>
      <p className="muted small">{t(`mapParts.boundaryUnknown.intro.${of}`, { km: formatNumber(BOUNDARY_UNKNOWN_RADIUS_KM) })}</p>
      <ul className="overlap-list">
        {items.map((item) => (
          <li key={item.concessionId}>
            <span>
              <Link to={`/concessions/${item.concessionId}`}>{item.concessionName}</Link>
              <br />
              <span className="small muted">{[t(`vocab.concessionKind.${item.kind}`), item.company].filter(Boolean).join(' · ')}</span>
            </span>
            <span className="overlap-figures">
              <span>
                {item.declaredAreaHa === null
                  ? t('mapParts.boundaryUnknown.noDeclared')
                  : t('mapParts.boundaryUnknown.declared', { area: t('common.unit.ha', { value: formatHectares(item.declaredAreaHa) }) })}
              </span>
              <span className="small muted">
                {item.distanceKm === 0
                  ? t(`mapParts.boundaryUnknown.onLand.${of}`)
                  : t('mapParts.boundaryUnknown.distance', { km: formatNumber(item.distanceKm, item.distanceKm < 10 ? 1 : 0) })}
              </span>
            </span>
          </li>
        ))}
      </ul>
    </div>
  )
}
