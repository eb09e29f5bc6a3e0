// The single boundary between GeoJSON's [lng, lat] and Leaflet's [lat, lng]. Nothing else swaps.
import type { LatLngBoundsExpression, LatLngTuple } from 'leaflet'

export type LngLat = readonly [number, number] | readonly number[]

// The same position gives the same tuple: react-leaflet moves a marker (setLatLng, a style write
// per marker) whenever its position prop is a new array, and the map re-renders hundreds of
// markers each time a tile arrives.
const tuples = new WeakMap<LngLat, LatLngTuple>()

export function toLatLng(position: LngLat): LatLngTuple {
  let tuple = tuples.get(position)
  if (!tuple) {
    tuple = [position[1]!, position[0]!]
    tuples.set(position, tuple)
  }
  return tuple
}

export const toLngLat = (latLng: { lat: number; lng: number }): [number, number] => [latLng.lng, latLng.lat]

/** Cambodia, with a margin: the area a location must lie in. */
export const CAMBODIA_BOUNDS: LatLngBoundsExpression = [
  [9.9, 102.2],
  [14.8, 107.8],
]

/** Cambodia's mainland extent, without a margin: where a map opens, fitted to its size. */
export const CAMBODIA_EXTENT: LatLngBoundsExpression = [
  [10.4, 102.33],
  [14.7, 107.63],
]

/**
 * A square of `halfSideKm` either way of a point, as a geometry boundsOf reads: where a map opens
 * on a record known only as a point (a bare point would open at the closest zoom).
 */
export function squareAround([lng, lat]: LngLat, halfSideKm: number): { type: 'MultiPoint'; coordinates: [number, number][] } {
  const dLat = halfSideKm / 111.32
  const dLng = dLat / Math.max(0.01, Math.cos((lat! * Math.PI) / 180))
  return {
    type: 'MultiPoint',
    coordinates: [
      [lng! - dLng, lat! - dLat],
      [lng! + dLng, lat! + dLat],
    ],
  }
}

/** Leaflet bounds around any GeoJSON geometries (Point, Polygon, MultiPolygon…); undefined when empty. */
export function boundsOf(
  geometries: ({ type: string; coordinates: unknown } | null | undefined)[],
): [LatLngTuple, LatLngTuple] | undefined {
  let minLng = Infinity,
    minLat = Infinity,
    maxLng = -Infinity,
    maxLat = -Infinity
  const visit = (value: unknown) => {
    if (Array.isArray(value) && typeof value[0] === 'number') {
      const [lng, lat] = value as number[]
      minLng = Math.min(minLng, lng!)
      maxLng = Math.max(maxLng, lng!)
      minLat = Math.min(minLat, lat!)
      maxLat = Math.max(maxLat, lat!)
    } else if (Array.isArray(value)) value.forEach(visit)
  }
  for (const geometry of geometries) if (geometry) visit(geometry.coordinates)
  if (!Number.isFinite(minLng)) return undefined
  return [
    [minLat, minLng],
    [maxLat, maxLng],
  ]
}

/** A [lng, lat] from a form's longitude and latitude fields, when both hold numbers. */
export function positionOf(lon: string, lat: string): [number, number] | undefined {
  const [lng, latitude] = [Number(lon.replace(',', '.')), Number(lat.replace(',', '.'))]
  return lon.trim() !== '' && lat.trim() !== '' && Number.isFinite(lng) && Number.isFinite(latitude) ? [lng, latitude] : undefined
}
