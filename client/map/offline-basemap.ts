// Saving the basemap around the user's communities on the phone (issue 15): the tiles of
// shared/offline-tiles.ts's plan, fetched from the configured tile server and kept in the Cache
// Storage the service worker answers from when the network fails (client/vite.config.ts). Offered
// only when the installation allows it (TILE_OFFLINE_MAX_TILES: never OpenStreetMap's servers).
import type { MyPlaces } from '../../shared/communities.ts'
import { grownBbox, OFFLINE_MARGIN_KM, planOfflineTiles, tilesOfPlan, tileUrlOf, type Bbox } from '../../shared/offline-tiles.ts'

/** The cache the service worker reads tiles from; one per device, emptied at sign-out. */
export const BASEMAP_CACHE = 'dey-basemap'
/** Tiles fetched at once: enough to fill a slow link, few enough not to flood the tile server. */
const PARALLEL_FETCHES = 4
/** More tiles than this failing and the download stops: the tile server is refusing it. */
const FAILURES_ALLOWED = 0.1

export interface SavedBasemap {
  savedAt: string
  tileCount: number
  bytes: number
  maxZoom: number
  /** The tile template the tiles came from: a changed TILE_URL makes the copy useless. */
  template: string
  /** The tiles' credit line, shown offline when the app's settings cannot be loaded. */
  attribution: string
}

const savedKey = (userId: string) => `dey.basemap.${userId}`

/** The Cache Storage exists only on https pages (and localhost): plain-http installs cannot keep tiles. */
export const canSaveBasemap = () => typeof caches !== 'undefined'

/** A box around each community kept for the user (its territory and place), with a margin. */
export function placesBoxes(places: MyPlaces): Bbox[] {
  return places.communities.map((community) => {
    const points = [community.location.coordinates, ...(community.territory?.coordinates.flat(2) ?? [])]
    const lngs = points.map((point) => point[0])
    const lats = points.map((point) => point[1])
    return grownBbox([Math.min(...lngs), Math.min(...lats), Math.max(...lngs), Math.max(...lats)], OFFLINE_MARGIN_KM)
  })
}

export function basemapPlan(places: MyPlaces | undefined, maxTiles: number) {
  const boxes = places ? placesBoxes(places) : []
  if (boxes.length === 0 || maxTiles <= 0) return undefined
  const plan = planOfflineTiles(boxes, maxTiles)
  return plan.maxZoom === undefined ? undefined : { ...plan, boxes, maxZoom: plan.maxZoom }
}

export function savedBasemap(userId: string, template: string | undefined): SavedBasemap | undefined {
  try {
    const saved = JSON.parse(localStorage.getItem(savedKey(userId)) ?? 'null') as SavedBasemap | null
    return saved && (template === undefined || saved.template === template) ? saved : undefined
  } catch {
    return undefined
  }
}

export interface DownloadProgress {
  done: number
  total: number
}

/**
 * Fetches every tile of the plan not kept yet into the basemap cache. Resumable: a download cut
 * short (a lost connection, Cancel) keeps the tiles it has and the next one fetches only the rest.
 */
export async function saveBasemap(options: {
  userId: string
  template: string
  attribution: string
  boxes: readonly Bbox[]
  maxZoom: number
  signal: AbortSignal
  onProgress: (progress: DownloadProgress) => void
}): Promise<SavedBasemap> {
  const cache = await caches.open(BASEMAP_CACHE)
  const urls = [...tilesOfPlan(options.boxes, options.maxZoom)].map((tile) => tileUrlOf(options.template, tile))
  let done = 0
  let bytes = 0
  let failures = 0
  const next = urls.entries()
  const worker = async () => {
    for (const [, url] of next) {
      options.signal.throwIfAborted()
      const kept = await cache.match(url)
      if (kept) bytes += (await kept.clone().blob()).size
      else {
        try {
          const response = await fetch(url, { mode: 'cors', credentials: 'omit', signal: options.signal })
          if (!response.ok) throw new Error(`HTTP ${response.status}`)
          const body = await response.blob()
          await cache.put(url, new Response(body, { headers: { 'content-type': response.headers.get('content-type') ?? 'image/png' } }))
          bytes += body.size
        } catch (error) {
          if (options.signal.aborted) throw error
          failures++
          if (failures > urls.length * FAILURES_ALLOWED)
            throw new Error(`${failures} of ${urls.length} tiles could not be fetched`, { cause: error })
        }
      }
      done++
      options.onProgress({ done, total: urls.length })
    }
  }
  await Promise.all(Array.from({ length: PARALLEL_FETCHES }, worker))
  const saved: SavedBasemap = {
    savedAt: new Date().toISOString(),
    tileCount: urls.length - failures,
    bytes,
    maxZoom: options.maxZoom,
    template: options.template,
    attribution: options.attribution,
  }
  try {
    localStorage.setItem(savedKey(options.userId), JSON.stringify(saved))
  } catch {
    // The tiles are kept all the same; only the summary is lost.
  }
  return saved
}

/** Removes the saved tiles (at sign-out too: they show where the user's communities are). */
export async function forgetBasemap(userId: string) {
  try {
    localStorage.removeItem(savedKey(userId))
    if (canSaveBasemap()) await caches.delete(BASEMAP_CACHE)
  } catch {
    // Nothing was kept.
  }
}
