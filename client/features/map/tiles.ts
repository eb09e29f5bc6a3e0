// The home map's vector tiles: which tiles cover the view, each tile's URL (the map's filters as
// query parameters, so a filter change is a new URL), and the decoded tiles in view merged into
// one set of features per layer (decoding itself is decode-tile.ts). Pure: no Leaflet, no fetch.
import { DETAIL_MIN_ZOOM, MAX_TILE_ZOOM, TILE_LAYER_FILTERS, tileSetPath, type TileLayer } from '../../../shared/tiles.ts'
import {
  DecodedShape,
  toWorldX,
  toWorldY,
  type DecodedTile,
  type TileCluster,
  type TileCoord,
  type TilePoint,
  type TileShape,
} from './decode-tile.ts'
import type { Bounds } from './view.ts'

/** The tile zoom for a map zoom: Leaflet's 256-pixel grid, so one tile is one basemap tile. */
export const tileZoomOf = (mapZoom: number) => Math.max(0, Math.min(MAX_TILE_ZOOM, Math.round(mapZoom)))

/**
 * Where a click on a server cluster zooms to: two levels closer, so it splits; a cluster of one
 * straight to the zoom where it is drawn on its own.
 */
export function clusterZoomTarget(layer: TileLayer, count: number, mapZoom: number): number {
  return Math.min(18, count <= 1 ? Math.max(DETAIL_MIN_ZOOM[layer], mapZoom + 1) : mapZoom + 2)
}

/** The tiles at `zoom` that cover `bounds` (`[west, south, east, north]`), row by row from the north-west. */
export function tilesInView(bounds: Bounds, mapZoom: number): TileCoord[] {
  const z = tileZoomOf(mapZoom)
  const n = 2 ** z
  const clampTile = (value: number) => Math.max(0, Math.min(n - 1, Math.floor(value)))
  const [west, south, east, north] = bounds
  const [x0, x1] = [clampTile(toWorldX(west) * n), clampTile(toWorldX(east) * n)]
  const [y0, y1] = [clampTile(toWorldY(north) * n), clampTile(toWorldY(south) * n)]
  const tiles: TileCoord[] = []
  for (let y = y0; y <= y1; y++) for (let x = x0; x <= x1; x++) tiles.push({ z, x, y })
  return tiles
}

/** The filters a layer takes, as query parameters (the others would only split the cache). */
export function tileFilterQuery(layer: TileLayer, filters: Partial<Record<string, string>>): Record<string, string> {
  const query: Record<string, string> = {}
  for (const name of TILE_LAYER_FILTERS[layer]) {
    const value = filters[name]
    if (value) query[name] = value
  }
  return query
}

/** One tile of several layers (the map's request): the filters any of them takes; each applies its own. */
export function tileSetUrl(layers: readonly TileLayer[], tile: TileCoord, filters: Partial<Record<string, string>>): string {
  const query = new URLSearchParams({ layers: layers.join(',') })
  for (const [name, value] of Object.entries(Object.assign({}, ...layers.map((layer) => tileFilterQuery(layer, filters)))))
    query.set(name, value as string)
  return `${tileSetPath(tile.z, tile.x, tile.y)}?${query.toString().replaceAll('%2C', ',')}`
}

// ---- Merging the tiles in view ------------------------------------------------------------------

export interface LayerFeatures<L extends TileLayer> {
  /** One entry per record: a point seen in two tiles (in a buffer) is drawn once. */
  points: TilePoint<L>[]
  /** One entry per record, its pieces from every tile joined. */
  shapes: TileShape<L>[]
  clusters: TileCluster[]
}

export function mergeTiles<L extends TileLayer>(tiles: readonly DecodedTile<L>[]): LayerFeatures<L> {
  const points = new Map<string, TilePoint<L>>()
  const pieces = new Map<string, TileShape<L>[]>()
  const clusters: TileCluster[] = []
  for (const tile of tiles) {
    for (const point of tile.points) if (!points.has(point.id)) points.set(point.id, point)
    for (const shape of tile.shapes) {
      const seen = pieces.get(shape.id)
      if (seen) seen.push(shape)
      else pieces.set(shape.id, [shape])
    }
    clusters.push(...tile.clusters)
  }
  const shapes = [...pieces.values()].map((list) => (list.length === 1 ? list[0]! : joined(list)))
  return { points: [...points.values()], shapes, clusters }
}

// A record in several tiles is one shape of all its pieces. The same pieces give the same object
// back: a concession across a dozen tiles is then not re-projected, nor its SVG path rebuilt, each
// time another tile of the view arrives.
const joins = new WeakMap<TileShape<TileLayer>, { pieces: TileShape<TileLayer>[]; shape: TileShape<TileLayer> }>()

function joined<L extends TileLayer>(pieces: TileShape<L>[]): TileShape<L> {
  const cached = joins.get(pieces[0]!)
  if (cached && cached.pieces.length === pieces.length && cached.pieces.every((piece, i) => piece === pieces[i]))
    return cached.shape as TileShape<L>
  const shape = new DecodedShape(pieces[0]!.id, pieces[0]!.properties, {
    polygons: pieces.flatMap((piece) => piece.world.polygons),
    outlines: pieces.flatMap((piece) => piece.world.outlines),
  })
  joins.set(pieces[0]!, { pieces, shape })
  return shape
}
