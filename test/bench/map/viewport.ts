// Web-Mercator arithmetic for the benchmark: which tiles a 1440×900 screen shows at a zoom, the
// bbox it covers, and the bbox today's map client asks the list API for (frozen here as the
// "before": the tile-based client replaces client/features/map/api.ts, this path must not move).
export const SCREEN = { width: 1440, height: 900 }
const TILE_SIZE = 256

export interface Tile {
  z: number
  x: number
  y: number
}

const worldPx = (z: number) => TILE_SIZE * 2 ** z
const lngToPx = (lng: number, z: number) => ((lng + 180) / 360) * worldPx(z)
const latToPx = (lat: number, z: number) => {
  const phi = (lat * Math.PI) / 180
  return ((1 - Math.log(Math.tan(phi) + 1 / Math.cos(phi)) / Math.PI) / 2) * worldPx(z)
}
const pxToLng = (px: number, z: number) => (px / worldPx(z)) * 360 - 180
const pxToLat = (py: number, z: number) => {
  const n = Math.PI - (2 * Math.PI * py) / worldPx(z)
  return (180 / Math.PI) * Math.atan(Math.sinh(n))
}

/** The tiles a screen of `screen` pixels centred on `centre` ([lng, lat]) shows at zoom z. */
export function viewportTiles(centre: readonly [number, number], z: number, screen = SCREEN): Tile[] {
  const cx = lngToPx(centre[0], z)
  const cy = latToPx(centre[1], z)
  const last = 2 ** z - 1
  const clamp = (n: number) => Math.max(0, Math.min(last, n))
  const x0 = clamp(Math.floor((cx - screen.width / 2) / TILE_SIZE))
  const x1 = clamp(Math.floor((cx + screen.width / 2 - 1) / TILE_SIZE))
  const y0 = clamp(Math.floor((cy - screen.height / 2) / TILE_SIZE))
  const y1 = clamp(Math.floor((cy + screen.height / 2 - 1) / TILE_SIZE))
  const tiles: Tile[] = []
  for (let x = x0; x <= x1; x++) for (let y = y0; y <= y1; y++) tiles.push({ z, x, y })
  return tiles
}

/** A square block of side×side tiles at zoom z around `centre` (for the concurrency row). */
export function tileBlock(centre: readonly [number, number], z: number, side: number): Tile[] {
  const x0 = Math.floor(lngToPx(centre[0], z) / TILE_SIZE) - Math.floor(side / 2)
  const y0 = Math.floor(latToPx(centre[1], z) / TILE_SIZE) - Math.floor(side / 2)
  const tiles: Tile[] = []
  for (let dx = 0; dx < side; dx++) for (let dy = 0; dy < side; dy++) tiles.push({ z, x: x0 + dx, y: y0 + dy })
  return tiles
}

/** The screen's bbox, `west,south,east,north`. */
export function viewportBbox(centre: readonly [number, number], z: number, screen = SCREEN): string {
  const cx = lngToPx(centre[0], z)
  const cy = latToPx(centre[1], z)
  const round = (n: number) => Number(n.toFixed(6))
  return [
    pxToLng(cx - screen.width / 2, z),
    pxToLat(cy + screen.height / 2, z),
    pxToLng(cx + screen.width / 2, z),
    pxToLat(cy - screen.height / 2, z),
  ]
    .map(round)
    .join(',')
}

// ---- Today's map client (client/features/map/api.ts at the start of issue 13), frozen ----------

export const OLD_LAYERS = ['incidents', 'communities', 'parcels', 'concessions', 'evidence'] as const
export type OldLayer = (typeof OLD_LAYERS)[number]
const OLD_LAYER_MIN_ZOOM: Record<OldLayer, number> = { incidents: 0, communities: 0, concessions: 6, parcels: 13, evidence: 9 }
const OLD_LAYER_LIMITS: Record<OldLayer, number> = { incidents: 500, communities: 500, parcels: 500, concessions: 200, evidence: 150 }

/** The padded, snapped area today's client fetches for a view (its fetchBbox). */
export function oldFetchBbox(bbox: string): string {
  const [west, south, east, north] = bbox.split(',').map(Number) as [number, number, number, number]
  const span = Math.max(east - west, north - south, 1e-4)
  const step = 2 ** Math.floor(Math.log2(span / 2))
  const pad = span / 2
  const down = (value: number) => Math.floor(value / step) * step
  const up = (value: number) => Math.ceil(value / step) * step
  const clamp = (value: number, limit: number) => Math.max(-limit, Math.min(limit, value))
  const round = (value: number) => Number(value.toFixed(6))
  return [
    round(clamp(down(west - pad), 180)),
    round(clamp(down(south - pad), 90)),
    round(clamp(up(east + pad), 180)),
    round(clamp(up(north + pad), 90)),
  ].join(',')
}

/** The list-API requests today's home map makes for a view (no filters), one per active layer. */
export function oldGeoJsonRequests(centre: readonly [number, number], z: number): string[] {
  const area = oldFetchBbox(viewportBbox(centre, z))
  return OLD_LAYERS.filter((layer) => z >= OLD_LAYER_MIN_ZOOM[layer]).map((layer) => {
    const query = new URLSearchParams({ format: 'geojson', bbox: area, limit: String(OLD_LAYER_LIMITS[layer]) })
    if (layer === 'incidents') query.set('sort', '-occurredAt')
    return `/api/${layer}?${query}`
  })
}
