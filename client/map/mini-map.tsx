// A small map on a detail page showing one record's geometry and its neighbours, fitted to them.
import { GeoJSON } from 'react-leaflet'
import { MapView } from './map-view.tsx'
import { boundsOf } from './to-lat-lng.ts'
import { CircleMarker } from 'react-leaflet'
import { toLatLng } from './to-lat-lng.ts'
import type { PathOptions } from 'leaflet'

export interface MiniMapShape {
  id: string
  geometry: { type: string; coordinates: unknown } | null | undefined
  style?: PathOptions
  title?: string
}

export function MiniMap({ shapes, label }: { shapes: MiniMapShape[]; label: string }) {
  const bounds = boundsOf(shapes.map((shape) => shape.geometry))
  return (
    <MapView bounds={bounds} isCompact label={label} className="mini-map">
      {shapes.map((shape) =>
        !shape.geometry ? null : shape.geometry.type === 'Point' ? (
          <CircleMarker
            key={shape.id}
            center={toLatLng(shape.geometry.coordinates as number[])}
            radius={8}
            pathOptions={{ color: '#b91c1c', weight: 2, fillOpacity: 0.7, ...shape.style }}
          />
        ) : (
          <GeoJSON
            key={shape.id}
            data={shape.geometry as GeoJSON.Geometry}
            style={{ color: '#166534', weight: 2, fillOpacity: 0.2, ...shape.style }}
          />
        ),
      )}
    </MapView>
  )
}
