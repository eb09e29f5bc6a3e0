// A Mapbox Vector Tile (spec 2.1) from geometries already in tile coordinates, encoded by
// @maplibre/vt-pbf. It is the tile producer wherever ST_AsMVT is missing (PGlite is built without
// protobuf-c) and the encoder of the aggregated cells on both engines. What stays here is what
// vt-pbf leaves to its caller: it writes the points it is given, so GeoJSON shapes are flattened
// into MVT's three geometry types, repeated points and degenerate parts dropped, and polygon rings
// wound as the spec asks.
import { fromGeojsonVt } from '@maplibre/vt-pbf'

export type TileValue = string | number | boolean | null | undefined

/** Geometry in integer tile coordinates (0…extent, y down), as GeoJSON shapes. */
export type TileGeometry =
  | { type: 'Point'; coordinates: number[] }
  | { type: 'MultiPoint'; coordinates: number[][] }
  | { type: 'LineString'; coordinates: number[][] }
  | { type: 'MultiLineString'; coordinates: number[][][] }
  | { type: 'Polygon'; coordinates: number[][][] }
  | { type: 'MultiPolygon'; coordinates: number[][][][] }
  | { type: 'GeometryCollection'; geometries: TileGeometry[] }

export interface TileFeature {
  properties: Record<string, TileValue>
  geometry: TileGeometry
}

type Point = [number, number]

/** The geojson-vt tile feature fromGeojsonVt reads: points as one list, lines and rings as a list of lists. */
type VtGeometry = { type: 1; geometry: Point[] } | { type: 2 | 3; geometry: Point[][] }
type VtFeature = VtGeometry & { tags: Record<string, string | number | boolean> }

const enum GeomType {
  Point = 1,
  LineString = 2,
  Polygon = 3,
}

/** One layer; an empty layer is an empty tile (0 bytes), as ST_AsMVT answers for no rows. */
export function encodeTile(layerName: string, extent: number, features: readonly TileFeature[]): Uint8Array {
  const vtFeatures: VtFeature[] = []
  for (const feature of features) {
    const geometry = vtGeometry(feature.geometry)
    if (!geometry) continue
    const tags: VtFeature['tags'] = {}
    // Absent means null, as in ST_AsMVT.
    for (const [key, value] of Object.entries(feature.properties)) if (value !== null && value !== undefined) tags[key] = value
    vtFeatures.push({ ...geometry, tags })
  }
  if (vtFeatures.length === 0) return new Uint8Array(0)
  // A geojson-vt tile carries more than its features, but its features are all fromGeojsonVt reads.
  const layers = { [layerName]: { features: vtFeatures } } as unknown as Parameters<typeof fromGeojsonVt>[0]
  return fromGeojsonVt(layers, { version: 2, extent })
}

/** Points, lines or polygons of one feature (a collection keeps its first dimension, like ST_AsMVTGeom). */
function vtGeometry(geometry: TileGeometry): VtGeometry | undefined {
  const parts = geometry.type === 'GeometryCollection' ? geometry.geometries : [geometry]
  const dimension = parts.map(typeOf).find((type) => type !== undefined)
  if (dimension === undefined) return undefined
  const points: Point[] = []
  const paths: Point[][] = []
  const line = (coordinates: number[][]) => {
    const path = withoutRepeats(coordinates)
    if (path.length >= 2) paths.push(path)
  }
  const polygon = (rings: number[][][]) => {
    rings.forEach((ring, index) => {
      // GeoJSON repeats the first position; MVT closes the ring with ClosePath instead.
      let path = withoutRepeats(ring)
      if (path.length > 1 && samePoint(path[0]!, path[path.length - 1]!)) path = path.slice(0, -1)
      if (path.length < 3 || ringArea(path) === 0) return
      // Exterior rings have a positive area in tile coordinates (clockwise on screen), holes negative.
      if (ringArea(path) > 0 !== (index === 0)) path = path.reverse()
      paths.push(path)
    })
  }
  for (const part of parts) {
    if (typeOf(part) !== dimension) continue
    switch (part.type) {
      case 'Point':
        points.push(rounded(part.coordinates))
        break
      case 'MultiPoint':
        points.push(...part.coordinates.map(rounded))
        break
      case 'LineString':
        line(part.coordinates)
        break
      case 'MultiLineString':
        part.coordinates.forEach(line)
        break
      case 'Polygon':
        polygon(part.coordinates)
        break
      case 'MultiPolygon':
        part.coordinates.forEach(polygon)
        break
    }
  }
  if (dimension === GeomType.Point) return points.length ? { type: GeomType.Point, geometry: points } : undefined
  return paths.length ? { type: dimension, geometry: paths } : undefined
}

function typeOf(geometry: TileGeometry): GeomType | undefined {
  switch (geometry.type) {
    case 'Point':
      return GeomType.Point
    case 'MultiPoint':
      return geometry.coordinates.length ? GeomType.Point : undefined
    case 'LineString':
    case 'MultiLineString':
      return geometry.coordinates.length ? GeomType.LineString : undefined
    case 'Polygon':
    case 'MultiPolygon':
      return geometry.coordinates.length ? GeomType.Polygon : undefined
    case 'GeometryCollection':
      return undefined
  }
}

const rounded = (point: number[]): Point => [Math.round(point[0]!), Math.round(point[1]!)]

const samePoint = (a: Point, b: Point) => a[0] === b[0] && a[1] === b[1]

/** Rounded to the tile's integer grid, without the points that then repeat their predecessor. */
function withoutRepeats(path: number[][]): Point[] {
  return path.map(rounded).filter((point, index, all) => index === 0 || !samePoint(point, all[index - 1]!))
}

/** Twice the signed area by the surveyor's formula; positive is clockwise on screen (y pointing down). */
function ringArea(ring: Point[]): number {
  let sum = 0
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) sum += (ring[j]![0] - ring[i]![0]) * (ring[i]![1] + ring[j]![1])
  return sum
}
