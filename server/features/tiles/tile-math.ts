// Web Mercator tile arithmetic, the same as PostGIS's ST_TileEnvelope (EPSG:3857, origin top left).
import { TILE_BUFFER, TILE_EXTENT } from '../../../shared/tiles.ts'

export const HALF_WORLD = 20037508.342789244

export interface TileBounds {
  z: number
  x: number
  y: number
  /** EPSG:3857 metres. */
  xmin: number
  ymin: number
  xmax: number
  ymax: number
  /** The tile's side in metres. */
  size: number
}

export function tileBounds(z: number, x: number, y: number): TileBounds {
  const size = (2 * HALF_WORLD) / 2 ** z
  // Neighbours compute their shared edge with the same expression, so a point on it falls in exactly one.
  const xmin = -HALF_WORLD + x * size
  const xmax = -HALF_WORLD + (x + 1) * size
  const ymax = HALF_WORLD - y * size
  const ymin = HALF_WORLD - (y + 1) * size
  return { z, x, y, xmin, ymin, xmax, ymax, size }
}

/** The tile grown by `units` tile units (of TILE_EXTENT) on each side. */
export function grow(bounds: TileBounds, units: number) {
  const margin = (bounds.size * units) / TILE_EXTENT
  return { xmin: bounds.xmin - margin, ymin: bounds.ymin - margin, xmax: bounds.xmax + margin, ymax: bounds.ymax + margin }
}

export function toLonLat(x: number, y: number): [number, number] {
  const lon = (x / HALF_WORLD) * 180
  const lat = (Math.atan(Math.exp((y / HALF_WORLD) * Math.PI)) * 360) / Math.PI - 90
  return [lon, lat]
}

/** The tile and its buffer in longitude/latitude, for the GiST-indexed `&&` on 4326 columns. */
export function lonLatBox(bounds: TileBounds, bufferUnits = TILE_BUFFER): [number, number, number, number] {
  const box = grow(bounds, bufferUnits)
  const [west, south] = toLonLat(box.xmin, Math.max(box.ymin, -HALF_WORLD))
  const [east, north] = toLonLat(box.xmax, Math.min(box.ymax, HALF_WORLD))
  return [Math.max(west, -180), Math.max(south, -85.06), Math.min(east, 180), Math.min(north, 85.06)]
}

/** Degrees of longitude per tile unit at this zoom: the scale of "a fraction of a pixel". */
export const degreesPerUnit = (z: number) => 360 / (TILE_EXTENT * 2 ** z)
