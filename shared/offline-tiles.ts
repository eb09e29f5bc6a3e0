// Which basemap tiles a phone downloads to show its user's communities offline (issue 15): the
// tiles covering a box around each community (not one box around all of them: two communities
// at either end of the country would spend the cap on the land between), zoom by zoom from the
// district view down, until the installation's cap
// (TILE_OFFLINE_MAX_TILES). Only for a tile server whose terms allow it: OpenStreetMap's forbid
// bulk downloads (https://operations.osmfoundation.org/policies/tiles/), and the server refuses
// the setting with it.

/** west, south, east, north in degrees. */
export type Bbox = readonly [number, number, number, number]

export interface TileAddress {
  z: number
  x: number
  y: number
}

/** From here the district around a community fills a phone's screen; the country view needs no download. */
export const OFFLINE_MIN_ZOOM = 10
/** Field-level detail: a house, a track, a fence line. */
export const OFFLINE_MAX_ZOOM = 17
/** Around the communities, so the map still shows the way in. */
export const OFFLINE_MARGIN_KM = 3
/** What a raster tile of rural Cambodia weighs on average, for the size shown before downloading. */
export const ESTIMATED_TILE_BYTES = 15_000

/** Web Mercator's limit: the tiles end there. */
const MAX_LATITUDE = 85.0511287798

function tileX(lng: number, z: number) {
  return Math.floor(((lng + 180) / 360) * 2 ** z)
}

function tileY(lat: number, z: number) {
  const clamped = Math.max(-MAX_LATITUDE, Math.min(MAX_LATITUDE, lat))
  const rad = (clamped * Math.PI) / 180
  return Math.floor(((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * 2 ** z)
}

/** The range of tiles covering `bbox` at zoom `z`, both ends included. */
function tileRange([west, south, east, north]: Bbox, z: number) {
  const last = 2 ** z - 1
  const clamp = (value: number) => Math.max(0, Math.min(last, value))
  return { minX: clamp(tileX(west, z)), maxX: clamp(tileX(east, z)), minY: clamp(tileY(north, z)), maxY: clamp(tileY(south, z)) }
}

export function countTiles(bbox: Bbox, z: number): number {
  const range = tileRange(bbox, z)
  return (range.maxX - range.minX + 1) * (range.maxY - range.minY + 1)
}

/** The tiles covering any of `boxes` at zoom `z`, each once (boxes may overlap). */
export function tilesAt(boxes: readonly Bbox[], z: number): TileAddress[] {
  const seen = new Set<string>()
  const tiles: TileAddress[] = []
  for (const box of boxes) {
    const range = tileRange(box, z)
    for (let x = range.minX; x <= range.maxX; x++)
      for (let y = range.minY; y <= range.maxY; y++) {
        const key = `${x}/${y}`
        if (seen.has(key)) continue
        seen.add(key)
        tiles.push({ z, x, y })
      }
  }
  return tiles
}

/** `bbox` grown by `km` on every side. */
export function grownBbox([west, south, east, north]: Bbox, km: number): Bbox {
  const dLat = km / 111.32
  const middle = ((south + north) / 2) * (Math.PI / 180)
  const dLng = km / (111.32 * Math.max(Math.cos(middle), 0.01))
  return [west - dLng, south - dLat, east + dLng, north + dLat]
}

export interface OfflineTilePlan {
  /** The deepest zoom that fits the cap; undefined when not even the first one does. */
  maxZoom: number | undefined
  tileCount: number
  estimatedBytes: number
}

/** The zooms from OFFLINE_MIN_ZOOM down that fit in `maxTiles` together, whole zoom by whole zoom. */
export function planOfflineTiles(boxes: readonly Bbox[], maxTiles: number): OfflineTilePlan {
  let tileCount = 0
  let maxZoom: number | undefined
  for (let z = OFFLINE_MIN_ZOOM; z <= OFFLINE_MAX_ZOOM; z++) {
    const more = tilesAt(boxes, z).length
    if (tileCount + more > maxTiles) break
    tileCount += more
    maxZoom = z
  }
  return { maxZoom, tileCount, estimatedBytes: tileCount * ESTIMATED_TILE_BYTES }
}

/** Every tile of the plan, the coarsest first (a download cut short still leaves a usable map). */
export function* tilesOfPlan(boxes: readonly Bbox[], maxZoom: number): Generator<TileAddress> {
  for (let z = OFFLINE_MIN_ZOOM; z <= maxZoom; z++) yield* tilesAt(boxes, z)
}

/**
 * A tile's URL as Leaflet's TileLayer writes it (default options), so that the copy kept on the
 * phone is found under the very URL the map asks for: `{s}` is one of a, b, c chosen by the tile,
 * `{r}` is empty (no retina tiles).
 */
export function tileUrlOf(template: string, { z, x, y }: TileAddress): string {
  const subdomains = 'abc'
  const values: Record<string, string> = {
    s: subdomains[Math.abs(x + y) % subdomains.length]!,
    z: String(z),
    x: String(x),
    y: String(y),
    r: '',
  }
  return template.replace(/\{ *([\w_ -]+) *\}/g, (whole, key: string) => values[key] ?? whole)
}
