// The mini-map of a parcel or concession page: the record itself and the land overlapping it,
// each shape named on hover/tap, with a legend (colour is never the only signal).
import L, { type PathOptions } from 'leaflet'
import { useMemo, type ReactNode } from 'react'
import { CircleMarker, GeoJSON, Tooltip } from 'react-leaflet'
import { LegendSwatch } from './legend-swatch.tsx'
import { ConcessionPatterns } from './concession-patterns.tsx'
import { MapView } from './map-view.tsx'
import { CONCESSION_POINT_RADIUS } from './styles.ts'
import { boundsOf, toLatLng } from './to-lat-lng.ts'

export interface LandShape {
  id: string
  geometry: { type: string; coordinates: unknown } | null | undefined
  style: PathOptions
  title: string
}

export interface LegendEntry {
  key: string
  style: PathOptions
  label: ReactNode
  /** Drawn as a ring: a record known only as a point. */
  isPoint?: boolean
}

/**
 * Shapes are drawn in order: put the record itself last so it sits on top. The map opens on
 * `focus` (the record: a small parcel stays readable next to a huge concession), else on all.
 */
export function LandMap({
  shapes,
  label,
  legend,
  focus,
}: {
  shapes: LandShape[]
  label: string
  legend: LegendEntry[]
  focus?: LandShape['geometry']
}) {
  const bounds = boundsOf(focus ? [focus] : shapes.map((shape) => shape.geometry))
  // SVG, not the map's canvas: concessions are filled with SVG hatch patterns.
  const renderer = useMemo(() => L.svg(), [])
  return (
    <>
      <ConcessionPatterns />
      <MapView bounds={bounds} isCompact label={label} className="mini-map">
        {shapes.map((shape) =>
          shape.geometry?.type === 'Point' ? (
            // A record known only as a point (a concession whose boundary is unknown): a ring of a
            // marker's size, not Leaflet's default image marker (which breaks in bundles).
            <CircleMarker
              key={`${shape.id}-${JSON.stringify(shape.style)}`}
              center={toLatLng(shape.geometry.coordinates as number[])}
              radius={CONCESSION_POINT_RADIUS}
              pathOptions={shape.style}
              {...{ renderer }}
            >
              <Tooltip>{shape.title}</Tooltip>
            </CircleMarker>
          ) : shape.geometry ? (
            <GeoJSON
              key={`${shape.id}-${JSON.stringify(shape.style)}`}
              data={shape.geometry as GeoJSON.Geometry}
              style={shape.style}
              {...{ renderer }}
            >
              <Tooltip sticky>{shape.title}</Tooltip>
            </GeoJSON>
          ) : null,
        )}
      </MapView>
      <ul className="land-legend">
        {legend.map((entry) => (
          <li key={entry.key}>
            <LegendSwatch style={entry.style} isPoint={entry.isPoint} />
            {entry.label}
          </li>
        ))}
      </ul>
    </>
  )
}
