// The visible area as numbers, and which records of the decoded tiles lie in it (for the list of
// what is in view, the keyboard's way to every feature on the map).
import type { Position2D } from '../../../shared/geo.ts'
import type { TileLayer } from '../../../shared/tiles.ts'
import type { LayerFeatures } from './tiles.ts'

export type Bounds = readonly [west: number, south: number, east: number, north: number]

export const parseBbox = (bbox: string): Bounds => bbox.split(',').map(Number) as unknown as Bounds

const contains = ([west, south, east, north]: Bounds, [lng, lat]: Position2D) => lng >= west && lng <= east && lat >= south && lat <= north

/** Whether any part of a shape's pieces reaches into the bounds (by each ring's extent: close and cheap). */
function reaches(polygons: readonly Position2D[][][], [west, south, east, north]: Bounds): boolean {
  for (const polygon of polygons) {
    const ring = polygon[0]
    if (!ring) continue
    let [minLng, minLat, maxLng, maxLat] = [Infinity, Infinity, -Infinity, -Infinity]
    for (const [lng, lat] of ring) {
      minLng = Math.min(minLng, lng)
      maxLng = Math.max(maxLng, lng)
      minLat = Math.min(minLat, lat)
      maxLat = Math.max(maxLat, lat)
    }
    if (minLng <= east && maxLng >= west && minLat <= north && maxLat >= south) return true
  }
  return false
}

export interface InViewRecord<L extends TileLayer> {
  id: string
  properties: LayerFeatures<L>['points'][number]['properties']
  /** Where the map shows it: the point, or a corner of the shape's first piece in view. */
  at: Position2D
}

/** The records (not clusters) of a layer that are in the bounds: points inside, shapes reaching in. */
export function recordsInView<L extends TileLayer>(features: LayerFeatures<L>, bounds: Bounds): InViewRecord<L>[] {
  const records: InViewRecord<L>[] = []
  for (const point of features.points)
    if (contains(bounds, point.position)) records.push({ id: point.id, properties: point.properties, at: point.position })
  for (const shape of features.shapes) {
    if (!reaches(shape.polygons, bounds)) continue
    const inside = shape.polygons.flatMap((polygon) => polygon[0] ?? []).find((position) => contains(bounds, position))
    records.push({ id: shape.id, properties: shape.properties, at: inside ?? shape.polygons[0]![0]![0]! })
  }
  return records
}
