// Checks a geometry's structure, drops altitudes and reprojects it to WGS 84 [lon, lat]. A geometry
// that cannot be used becomes null with a problem; whether it is sane (inside the region, valid,
// plausibly sized) is the import's business, not the reader's.
import type { Geometry, Position } from 'geojson'
import type { ImportProblem } from '../../../../shared/imports.ts'
import type { Position2D, Reproject } from './crs.ts'

/** How deeply each type nests its positions (a Point's coordinates are one position). */
const DEPTH: Record<string, number> = { Point: 0, MultiPoint: 1, LineString: 1, MultiLineString: 2, Polygon: 2, MultiPolygon: 3 }

export interface NormalizedGeometry {
  geometry: Geometry | null
  problem?: ImportProblem
}

class GeometryProblem extends Error {
  constructor(readonly problem: ImportProblem) {
    super(problem.message)
  }
}

export function normalizeGeometry(input: unknown, reproject: Reproject | null): NormalizedGeometry {
  if (input === null || input === undefined) {
    return { geometry: null, problem: { code: 'feature.no_geometry', message: 'the feature has no geometry' } }
  }
  try {
    return { geometry: convertGeometry(input, reproject) }
  } catch (error) {
    if (error instanceof GeometryProblem) return { geometry: null, problem: error.problem }
    throw error
  }
}

function convertGeometry(input: unknown, reproject: Reproject | null): Geometry {
  if (typeof input !== 'object' || input === null) throw invalid('the geometry is not an object')
  const { type } = input as { type?: unknown }
  if (type === 'GeometryCollection') {
    const { geometries } = input as { geometries?: unknown }
    if (!Array.isArray(geometries)) throw invalid('a GeometryCollection needs a "geometries" array')
    return { type, geometries: geometries.map((member) => convertGeometry(member, reproject)) }
  }
  if (typeof type !== 'string' || !(type in DEPTH)) throw invalid(`unknown geometry type ${JSON.stringify(type)}`)
  const coordinates = convertCoordinates((input as { coordinates?: unknown }).coordinates, DEPTH[type]!, reproject)
  if (Array.isArray(coordinates) && coordinates.length === 0 && type !== 'Point') {
    throw new GeometryProblem({ code: 'feature.empty_geometry', message: `the ${type} has no coordinates` })
  }
  return { type, coordinates } as Geometry
}

function convertCoordinates(value: unknown, depth: number, reproject: Reproject | null): unknown {
  if (!Array.isArray(value)) throw invalid('coordinates are missing or not an array')
  if (depth > 0) return value.map((item) => convertCoordinates(item, depth - 1, reproject))
  return convertPosition(value, reproject)
}

function convertPosition(value: unknown[], reproject: Reproject | null): Position {
  const [x, y] = value
  if (typeof x !== 'number' || typeof y !== 'number' || !Number.isFinite(x) || !Number.isFinite(y)) {
    throw new GeometryProblem({ code: 'feature.invalid_coordinates', message: `position ${JSON.stringify(value)} is not two numbers` })
  }
  const [lon, lat]: Position2D = reproject ? reproject([x, y]) : [x, y]
  if (!Number.isFinite(lon) || !Number.isFinite(lat) || lon < -180 || lon > 180 || lat < -90 || lat > 90) {
    throw new GeometryProblem({
      code: 'feature.out_of_range',
      message: `position ${x}, ${y} is not a place on Earth in the layer's coordinate system (longitude ${lon}, latitude ${lat})`,
    })
  }
  return [lon, lat]
}

const invalid = (message: string) => new GeometryProblem({ code: 'feature.invalid_geometry', message })

/**
 * KML's MultiGeometry arrives as a GeometryCollection: one of a single kind (all polygons, all lines,
 * all points) becomes the matching Multi* type, which the import can store.
 */
export function mergeHomogeneousCollection(geometry: Geometry | null): Geometry | null {
  if (geometry?.type !== 'GeometryCollection' || geometry.geometries.length === 0) return geometry
  const members = geometry.geometries
  if (members.every((g) => g.type === 'Polygon' || g.type === 'MultiPolygon')) {
    return {
      type: 'MultiPolygon',
      coordinates: members.flatMap((g) => (g.type === 'Polygon' ? [g.coordinates] : g.type === 'MultiPolygon' ? g.coordinates : [])),
    }
  }
  if (members.every((g) => g.type === 'LineString' || g.type === 'MultiLineString')) {
    return {
      type: 'MultiLineString',
      coordinates: members.flatMap((g) => (g.type === 'LineString' ? [g.coordinates] : g.type === 'MultiLineString' ? g.coordinates : [])),
    }
  }
  if (members.every((g) => g.type === 'Point' || g.type === 'MultiPoint')) {
    return {
      type: 'MultiPoint',
      coordinates: members.flatMap((g) => (g.type === 'Point' ? [g.coordinates] : g.type === 'MultiPoint' ? g.coordinates : [])),
    }
  }
  return geometry
}

/** Grows a [west, south, east, north] box by every position of a WGS 84 geometry. */
export function extendBbox(bbox: [number, number, number, number] | null, geometry: Geometry): [number, number, number, number] {
  const box: [number, number, number, number] = bbox ?? [Infinity, Infinity, -Infinity, -Infinity]
  const visit = (value: unknown): void => {
    if (!Array.isArray(value)) return
    if (typeof value[0] === 'number') {
      const [x, y] = value as number[]
      if (x! < box[0]) box[0] = x!
      if (y! < box[1]) box[1] = y!
      if (x! > box[2]) box[2] = x!
      if (y! > box[3]) box[3] = y!
      return
    }
    for (const item of value) visit(item)
  }
  if (geometry.type === 'GeometryCollection') for (const member of geometry.geometries) extendBbox(box, member)
  else visit(geometry.coordinates)
  return box
}

/** The raw (not reprojected) coordinates of a geometry-like value, to see whether a file's coordinates can be degrees. */
export function rawBbox(geometry: unknown, bbox: number[] | null = null): number[] | null {
  let box = bbox
  const visit = (value: unknown): void => {
    if (!Array.isArray(value)) return
    if (typeof value[0] === 'number' && typeof value[1] === 'number') {
      const [x, y] = value as [number, number]
      box = box ? [Math.min(box[0]!, x), Math.min(box[1]!, y), Math.max(box[2]!, x), Math.max(box[3]!, y)] : [x, y, x, y]
      return
    }
    for (const item of value) visit(item)
  }
  if (typeof geometry === 'object' && geometry !== null) {
    const { coordinates, geometries } = geometry as { coordinates?: unknown; geometries?: unknown }
    visit(coordinates)
    if (Array.isArray(geometries)) for (const member of geometries) box = rawBbox(member, box)
  }
  return box
}
