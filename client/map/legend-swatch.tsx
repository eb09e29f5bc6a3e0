// A legend's sample of how a shape is drawn: its fill, outline and dash pattern.
import type { PathOptions } from 'leaflet'

export function LegendSwatch({ style, isPoint = false }: { style: PathOptions; isPoint?: boolean }) {
  const paint = {
    fill: style.fillColor ?? style.color ?? '#666',
    fillOpacity: style.fillOpacity ?? 0.2,
    stroke: style.color ?? '#666',
    strokeWidth: Math.min(style.weight ?? 2, 3),
    strokeDasharray: style.dashArray as string | undefined,
    strokeOpacity: style.opacity ?? 1,
  }
  return (
    <svg className="legend-swatch" width="28" height="18" viewBox="0 0 28 18" aria-hidden="true" style={{ flex: 'none' }}>
      {/* A record known only as a point is drawn as a ring, on the map and here. */}
      {isPoint ? <circle cx="14" cy="9" r="7" {...paint} /> : <rect x="2" y="2" width="24" height="14" rx="2" {...paint} />}
    </svg>
  )
}
