// Small planar geometry for the demo data. Shapes are built in metres around a WGS 84 point
// (an equirectangular approximation is plenty at the few-km scale used here) and returned as
// GeoJSON in [lng, lat]. Every polygon is a simple ring, counter-clockwise and closed, so the
// database's ST_IsValid checks accept it.
import type { MultiPolygon, Point, Position2D as Position } from '../../shared/geo.ts'
import type { Random } from './random.ts'

export type LonLat = readonly [number, number]
export type Side = 'north' | 'south' | 'east' | 'west'

const METRES_PER_DEGREE_LAT = 111_320

/** 7 decimals ≈ 1 cm: what PostGIS hands back, and keeps the output stable to compare. */
function round7(value: number): number {
  return Math.round(value * 1e7) / 1e7
}

export function offsetByMetres(origin: LonLat, eastM: number, northM: number): [number, number] {
  const [lon, lat] = origin
  const metresPerDegreeLon = METRES_PER_DEGREE_LAT * Math.cos((lat * Math.PI) / 180)
  return [round7(lon + eastM / metresPerDegreeLon), round7(lat + northM / METRES_PER_DEGREE_LAT)]
}

export function toPoint([lon, lat]: LonLat): Point {
  return { type: 'Point', coordinates: [round7(lon), round7(lat)] }
}

/** One closed ring given in local metres (counter-clockwise) around `origin`. */
function ringFromMetres(origin: LonLat, cornersM: readonly (readonly [number, number])[]): Position[] {
  const ring = cornersM.map(([eastM, northM]) => offsetByMetres(origin, eastM, northM))
  const first = ring[0]
  if (!first) throw new Error('a ring needs vertices')
  return [...ring, [...first]]
}

function singlePolygon(ring: Position[]): MultiPolygon {
  return { type: 'MultiPolygon', coordinates: [[ring]] }
}

/**
 * An irregular blob around `center`: vertices at increasing angles with random radii. A polygon
 * that is star-shaped around its centre cannot cross itself, whatever the radii.
 */
export function blobAround(random: Random, center: LonLat, radiusM: { min: number; max: number }, vertexCount = 12): MultiPolygon {
  const step = (2 * Math.PI) / vertexCount
  const corners = Array.from({ length: vertexCount }, (_, i): [number, number] => {
    // Angle jitter stays under half a step, so the angles keep increasing (counter-clockwise).
    const angle = i * step + random.float(-0.3, 0.3) * step
    const radius = random.float(radiusM.min, radiusM.max)
    return [radius * Math.cos(angle), radius * Math.sin(angle)]
  })
  return singlePolygon(ringFromMetres(center, corners))
}

export interface GridParcel {
  boundary: MultiPolygon
  center: [number, number]
}

/**
 * `count` quadrilaterals on a grid of square cells centred on `center`. Each corner is pulled
 * into its own quarter of the cell, so a parcel never leaves its cell (neighbours cannot overlap)
 * and its edges cannot cross (bottom edge in the lower half, right edge in the right half, …).
 */
export function parcelGrid(random: Random, center: LonLat, count: number, cellM: number): GridParcel[] {
  const columns = Math.ceil(Math.sqrt(count))
  const rows = Math.ceil(count / columns)
  const inset = () => random.float(0.04, 0.22) * cellM
  return Array.from({ length: count }, (_, index) => {
    const west = (index % columns) * cellM - (columns * cellM) / 2
    const south = Math.floor(index / columns) * cellM - (rows * cellM) / 2
    const east = west + cellM
    const north = south + cellM
    const corners: [number, number][] = [
      [west + inset(), south + inset()],
      [east - inset(), south + inset()],
      [east - inset(), north - inset()],
      [west + inset(), north - inset()],
    ]
    return {
      boundary: singlePolygon(ringFromMetres(center, corners)),
      center: offsetByMetres(center, west + cellM / 2, south + cellM / 2),
    }
  })
}

const SIDE_DIRECTIONS: Record<Side, readonly [number, number]> = {
  east: [1, 0],
  north: [0, 1],
  west: [-1, 0],
  south: [0, -1],
}

/**
 * A concession-like block lying on one `side` of `origin`: its near edge `nearM` from the
 * origin, `depthM` deep and `widthM` wide, with mildly irregular edges. The jitter (≤ 3 % of a
 * side) is far too small to fold an edge over another one.
 */
export function blockBeside(
  random: Random,
  origin: LonLat,
  side: Side,
  size: { nearM: number; depthM: number; widthM: number },
): MultiPolygon {
  const [dx, dy] = SIDE_DIRECTIONS[side]
  const { nearM, depthM, widthM } = size
  const far = nearM + depthM
  const half = widthM / 2
  const wobble = (lengthM: number) => random.float(-0.03, 0.03) * lengthM
  // (u along the side's direction, v to its left): counter-clockwise in u/v, and the map below
  // is a rotation, so it stays counter-clockwise on the ground.
  const cornersUv: [number, number][] = [
    [nearM, -half],
    [nearM + depthM / 2 + wobble(depthM), -half + wobble(widthM)],
    [far, -half],
    [far + wobble(depthM), wobble(widthM)],
    [far, half],
    [nearM + depthM / 2 + wobble(depthM), half + wobble(widthM)],
    [nearM, half],
    [nearM + wobble(depthM) / 3, wobble(widthM)],
  ]
  const corners = cornersUv.map(([u, v]): [number, number] => [u * dx - v * dy, u * dy + v * dx])
  return singlePolygon(ringFromMetres(origin, corners))
}

/** A point `alongM` into the given side of `origin`, shifted `acrossM` to the side's left. */
export function pointBeside(origin: LonLat, side: Side, alongM: number, acrossM: number): [number, number] {
  const [dx, dy] = SIDE_DIRECTIONS[side]
  return offsetByMetres(origin, alongM * dx - acrossM * dy, alongM * dy + acrossM * dx)
}

/** Even–odd ray casting on the outer rings; enough for the convex-ish demo shapes. */
export function isPointInMultiPolygon([x, y]: LonLat, shape: MultiPolygon): boolean {
  return shape.coordinates.some(([outer]) => {
    if (!outer) return false
    let inside = false
    for (let i = 0, j = outer.length - 1; i < outer.length; j = i++) {
      const [xi = 0, yi = 0] = outer[i] ?? []
      const [xj = 0, yj = 0] = outer[j] ?? []
      if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside
    }
    return inside
  })
}

/** Planar area of the outer rings in hectares: good to a few per cent at these sizes. */
export function approxAreaHa(shape: MultiPolygon): number {
  let areaM2 = 0
  for (const [outer] of shape.coordinates) {
    if (!outer) continue
    const lat0 = outer[0]?.[1] ?? 0
    const metresPerDegreeLon = METRES_PER_DEGREE_LAT * Math.cos((lat0 * Math.PI) / 180)
    for (let i = 0; i < outer.length - 1; i++) {
      const [x1 = 0, y1 = 0] = outer[i] ?? []
      const [x2 = 0, y2 = 0] = outer[i + 1] ?? []
      areaM2 += (x1 * y2 - x2 * y1) * metresPerDegreeLon * METRES_PER_DEGREE_LAT
    }
  }
  return Math.abs(areaM2) / 2 / 10_000
}
