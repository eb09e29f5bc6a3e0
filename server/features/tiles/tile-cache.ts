// Rendered tiles kept in memory, keyed by their ETag. The tag already names everything a tile's
// bytes depend on — address, the layer's filters, the viewer's scope (tileScopeKey: who sees the
// same rows) and the change counter of every table the tile reads — so a write elsewhere, on this
// server or another one sharing the database, changes the key, and no entry is ever stale: old
// ones just age out. A map that pans back, or a second user looking at the same district, then
// costs one small version query instead of a PostGIS render (a dense z10 parcels tile: ~450 ms).
import { LRUCache } from 'lru-cache'

export interface TileCache {
  get(tag: string): Uint8Array | undefined
  set(tag: string, tile: Uint8Array): void
}

/** A cache holding at most `maxMB` of tiles (least recently used first out); 0: no cache. */
export function createTileCache(maxMB: number): TileCache {
  if (maxMB <= 0) return { get: () => undefined, set: () => {} }
  const cache = new LRUCache<string, Uint8Array>({
    maxSize: maxMB * 1024 * 1024,
    // Empty tiles are common (open country) and cost a map entry: count them as a small size.
    sizeCalculation: (tile) => Math.max(tile.byteLength, 64),
    // Above a quarter of the cache, one tile would push out too many others.
    maxEntrySize: (maxMB * 1024 * 1024) / 4,
  })
  return { get: (tag) => cache.get(tag), set: (tag, tile) => void cache.set(tag, tile) }
}
