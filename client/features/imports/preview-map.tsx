// The first features of a layer on a map, fitted to the whole layer's extent, so the user sees
// whether the file lands where it should (a wrong coordinate system puts it in the sea).
import { circleMarker, svg, type LatLngBoundsExpression } from 'leaflet'
import { useMemo } from 'react'
import { GeoJSON } from 'react-leaflet'
import type { ImportLayer } from '../../../shared/imports.ts'
import { FitBounds, MapView } from '../../map/map-view.tsx'

const STYLE = { color: '#1d4ed8', weight: 2, fillOpacity: 0.25 }

/** The layer's [west, south, east, north] as Leaflet bounds; a single point is widened a little. */
export function boundsOfBbox(bbox: ImportLayer['bbox']): LatLngBoundsExpression | undefined {
  if (!bbox) return undefined
  const [west, south, east, north] = bbox
  const pad = west === east && south === north ? 0.01 : 0
  return [
    [south - pad, west - pad],
    [north + pad, east + pad],
  ]
}

export function PreviewMap({ layer, label }: { layer: ImportLayer; label: string }) {
  const bounds = boundsOfBbox(layer.bbox)
  // SVG rather than the app's canvas: 50 shapes at most, each an element a test can find. One
  // renderer per map (a renderer belongs to the map it was first added to).
  const renderer = useMemo(() => svg(), [])
  const collection = {
    type: 'FeatureCollection',
    features: layer.preview.filter((feature) => feature.geometry),
  } as unknown as GeoJSON.FeatureCollection
  return (
    <MapView bounds={bounds} isCompact label={label} className="import-preview-map">
      <FitBounds bounds={bounds} />
      <GeoJSON
        // A new layer is a new set of shapes (react-leaflet's GeoJSON reads its data once).
        key={layer.name}
        data={collection}
        style={() => STYLE}
        // Leaflet hands the GeoJSON layer's options to every shape it makes (the types omit it).
        {...({ renderer } as object)}
        pointToLayer={(_feature, latLng) => circleMarker(latLng, { ...STYLE, renderer, radius: 6, fillOpacity: 0.7 })}
      />
    </MapView>
  )
}
