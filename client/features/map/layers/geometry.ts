// GeoJSON polygons to Leaflet positions (through toLatLng, the one place that swaps).
import type { LatLngTuple } from 'leaflet'
import type { MultiPolygon } from '../../../../shared/geo.ts'
import { toLatLng } from '../../../map/to-lat-lng.ts'

/** A MultiPolygon as L.Polygon takes it: polygons → rings → [lat, lng]. */
export const multiPolygonLatLngs = (geometry: MultiPolygon): LatLngTuple[][][] =>
  geometry.coordinates.map((polygon) => polygon.map((ring) => ring.map(toLatLng)))
