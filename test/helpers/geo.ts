// Test geometry: simple shapes, and areas computed independently of PostGIS (GeographicLib on the
// WGS 84 ellipsoid) to check the database's figures against.
import { Geodesic } from 'geographiclib-geodesic'
import type { Point, Polygon } from '../../shared/geo.ts'

export type Rect = [west: number, south: number, east: number, north: number]

/** A counter-clockwise rectangle from [west, south, east, north] in degrees. */
export function rectangle([west, south, east, north]: Rect): Polygon {
  return {
    type: 'Polygon',
    coordinates: [
      [
        [west, south],
        [east, south],
        [east, north],
        [west, north],
        [west, south],
      ],
    ],
  }
}

/** A square centred on a [lng, lat], `halfSideDeg` degrees each way. */
export function squareAround([lng, lat]: Point['coordinates'], halfSideDeg = 0.001): Polygon {
  return rectangle([lng - halfSideDeg, lat - halfSideDeg, lng + halfSideDeg, lat + halfSideDeg])
}

/** Ellipsoidal (WGS 84) area of a polygon in hectares, holes subtracted. */
export function geodesicAreaHa(polygon: Polygon): number {
  const ringArea = (ring: number[][]) => {
    const p = Geodesic.WGS84.Polygon(false)
    for (const [lng, lat] of ring.slice(0, -1)) p.AddPoint(lat!, lng!)
    return Math.abs(p.Compute(false, true).area ?? Number.NaN)
  }
  const [outer, ...holes] = polygon.coordinates
  return (ringArea(outer!) - holes.reduce((sum, hole) => sum + ringArea(hole), 0)) / 10_000
}

/** A figure-eight near Phnom Penh: its edges cross in the middle, and its two lobes cancel out in the area. */
export const figureEight: { type: 'MultiPolygon'; coordinates: [number, number][][][] } = {
  type: 'MultiPolygon',
  coordinates: [
    [
      [
        [104.9, 11.5],
        [104.91, 11.51],
        [104.91, 11.5],
        [104.9, 11.51],
        [104.9, 11.5],
      ],
    ],
  ],
}
