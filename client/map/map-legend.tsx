// A mini-map's legend: each entry drawn as it looks on the map (a dot, a dashed outline…) with
// its name, so colour is never the only way to tell the shapes apart.
import type { PathOptions } from 'leaflet'
import { useTranslation } from 'react-i18next'

export interface LegendItem {
  kind: 'point' | 'area'
  label: string
  style: PathOptions
}

export function MapLegend({ items }: { items: LegendItem[] }) {
  const { t } = useTranslation()
  if (items.length === 0) return null
  return (
    <ul className="rec-legend" aria-label={t('geometry.legend.title')}>
      {items.map((item) => (
        <li key={item.label}>
          <svg width="22" height="16" viewBox="0 0 22 16" aria-hidden="true">
            {item.kind === 'point' ? (
              <circle cx="11" cy="8" r="6" fill={item.style.fillColor ?? item.style.color} stroke={item.style.color} strokeWidth="2" />
            ) : (
              <rect
                x="2"
                y="2"
                width="18"
                height="12"
                rx="1"
                fill={item.style.fillColor ?? item.style.color}
                fillOpacity={Math.max(item.style.fillOpacity ?? 0.2, 0.15)}
                stroke={item.style.color}
                strokeWidth={Math.min(Number(item.style.weight ?? 2), 3)}
                strokeDasharray={item.style.dashArray === undefined ? undefined : String(item.style.dashArray)}
                strokeLinecap={item.style.lineCap}
              />
            )}
          </svg>
          {item.label}
        </li>
      ))}
    </ul>
  )
}
