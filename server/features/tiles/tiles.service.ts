// The map's vector tiles: which records a tile holds (records, or counted cells below the layer's
// detail zoom), which producer encodes it, and the version tag that lets unchanged tiles answer 304.
import { versionsOf } from '../../lib/table-versions.ts'
import { createHash } from 'node:crypto'
import type { Db, DriverName } from '../../../db/open.ts'
import {
  CROWDED_POINT_CELL,
  DETAIL_MIN_ZOOM,
  INCIDENT_CROWDING_MAX_ZOOM,
  INCIDENTS_PER_TILE_MAX,
  LAYER_MIN_ZOOM,
  PARCEL_AREA_MIN_ZOOM,
  PARCEL_SHAPES_PER_TILE_MAX,
  TILE_CELL,
  TILE_EXTENT,
  TILE_LAYER_FILTERS,
  type TileCountQuery,
  type TileLayer,
  type TileQuery,
} from '../../../shared/tiles.ts'
import { tileScopeKey, type Viewer } from '../../lib/policy.ts'
import { encodeTile, type TileFeature } from './mvt-encoder.ts'
import { tileBounds, type TileBounds } from './tile-math.ts'
import {
  cellsOfTile,
  countInBbox,
  countInTileUpTo,
  featuresInTileCoordinates,
  layerSource,
  mvtFromDatabase,
  precomputedCellScope,
  precomputedCellsOfTile,
  TILE_CELL_GRID_ZOOM,
  type PrecomputedLayer,
  type CellRow,
} from './tiles.queries.ts'

/**
 * The engine-independent seam: `database` is ST_AsMVT (PostgreSQL); `node` clips and snaps in SQL
 * and encodes in Node (PGlite, which lacks ST_AsMVT). Both give the same features.
 */
export type TileProducer = 'database' | 'node'

export const producerFor = (driver: DriverName): TileProducer => (driver === 'postgres' ? 'database' : 'node')

export interface TileAddress {
  layer: TileLayer
  z: number
  x: number
  y: number
}

/** Only the filters a layer takes: the others must change neither its rows nor its ETag. */
function layerFilters(layer: TileLayer, query: TileQuery): TileQuery {
  const filters: Record<string, unknown> = {}
  for (const name of TILE_LAYER_FILTERS[layer]) if (query[name] !== undefined) filters[name] = query[name]
  return filters as TileQuery
}

/** Whether a tile of this layer at this zoom holds counted cells instead of records. */
const isAggregated = (layer: TileLayer, z: number, isPoint: boolean) => z < DETAIL_MIN_ZOOM[layer] && (isPoint || layer === 'parcels')

/** Bump when what a tile holds changes for the same data (a new property, another cell size). */
const TILE_FORMAT = 6

/**
 * A strong ETag from everything a tile depends on: the address, the filters the layer takes, who
 * is asking (as a scope: see tileScopeKey) and the change counters of every table the tile reads.
 */
export async function tileVersionTag(db: Db, viewer: Viewer, tile: TileAddress, query: TileQuery): Promise<string> {
  const source = layerSource(tile.layer, viewer, {})
  const versions = await versionsOf(db, source.tables)
  const filters = layerFilters(tile.layer, query)
  const key = JSON.stringify([TILE_FORMAT, tile, Object.entries(filters).sort(), tileScopeKey(viewer), Object.entries(versions).sort()])
  return strongTag(key)
}

/** A strong ETag (quoted) for what `key` names: its SHA-256, shortened. */
export const strongTag = (key: string) => `"${createHash('sha256').update(key).digest('base64url').slice(0, 27)}"`

export interface RenderOptions {
  /** PARCEL_SHAPES_PER_TILE_MAX, smaller in tests. */
  parcelShapesPerTileMax?: number
  /** INCIDENTS_PER_TILE_MAX, smaller in tests. */
  incidentsPerTileMax?: number
}

export async function renderTile(
  db: Db,
  producer: TileProducer,
  viewer: Viewer,
  tile: TileAddress,
  query: TileQuery,
  { parcelShapesPerTileMax = PARCEL_SHAPES_PER_TILE_MAX, incidentsPerTileMax = INCIDENTS_PER_TILE_MAX }: RenderOptions = {},
): Promise<Uint8Array> {
  if (tile.z < LAYER_MIN_ZOOM[tile.layer]) return new Uint8Array(0)
  const source = layerSource(tile.layer, viewer, layerFilters(tile.layer, query), tile.z)
  const bounds = tileBounds(tile.z, tile.x, tile.y)
  if (isAggregated(tile.layer, tile.z, source.isPoint)) return cellsTile(db, viewer, tile, query, TILE_CELL)
  const isCrowded =
    tile.layer === 'parcels' &&
    tile.z < PARCEL_AREA_MIN_ZOOM &&
    (await countInTileUpTo(db, source, bounds, parcelShapesPerTileMax + 1)) > parcelShapesPerTileMax
  // The cells of the last aggregated zoom, the same squares on the ground (bigger on screen): the
  // map does not change its grid between zoom 9 and a crowded tile at 10 or 11.
  if (isCrowded) return cellsTile(db, viewer, tile, query, TILE_CELL * 2 ** (tile.z - DETAIL_MIN_ZOOM.parcels + 1))
  const isCrowdedWithIncidents =
    tile.layer === 'incidents' &&
    tile.z <= INCIDENT_CROWDING_MAX_ZOOM &&
    (await countInTileUpTo(db, source, bounds, incidentsPerTileMax + 1)) > incidentsPerTileMax
  if (isCrowdedWithIncidents) return cellsTile(db, viewer, tile, query, CROWDED_POINT_CELL)
  if (producer === 'database') return mvtFromDatabase(db, tile.layer, source, bounds)
  const rows = await featuresInTileCoordinates(db, source, bounds)
  const features: TileFeature[] = rows.map(({ geometry, ...properties }) => ({ properties, geometry: geometry! }))
  return encodeTile(tile.layer, TILE_EXTENT, features)
}

/** A tile of counted cells of `cellUnits` tile units. */
async function cellsTile(db: Db, viewer: Viewer, tile: TileAddress, query: TileQuery, cellUnits: number): Promise<Uint8Array> {
  const filters = layerFilters(tile.layer, query)
  const bounds = tileBounds(tile.z, tile.x, tile.y)
  // Unfiltered views of viewers who see the whole layer sum the precomputed cells (see
  // precomputedCellScope); representatives and filtered views count the records themselves.
  const scope =
    Object.keys(filters).length === 0 && hasPrecomputedCells(tile.layer, tile.z, cellUnits)
      ? precomputedCellScope(tile.layer, viewer)
      : null
  const cells = scope
    ? await precomputedCellsOfTile(db, tile.layer as PrecomputedLayer, scope, tile, cellUnits)
    : await cellsOfTile(db, layerSource(tile.layer, viewer, filters), bounds, cellUnits)
  return encodeTile(
    tile.layer,
    TILE_EXTENT,
    cells.map((cell) => cellFeature(tile.layer, cell, bounds, cellUnits)),
  )
}

/** Whether tile_cell_counts' grid is fine enough for cells of `cellUnits` at zoom `z` (a whole number of its cells each). */
function hasPrecomputedCells(layer: TileLayer, z: number, cellUnits: number): boolean {
  if (layer !== 'parcels' && layer !== 'incidents') return false
  const gridCellsPerCell = 2 ** (TILE_CELL_GRID_ZOOM[layer] - z) / (TILE_EXTENT / cellUnits)
  return gridCellsPerCell >= 1 && Number.isInteger(gridCellsPerCell)
}

/** Points: one point at the cell's mean position. Parcels: the cell's square, with hectares and share in dispute. */
function cellFeature(layer: TileLayer, cell: CellRow, bounds: TileBounds, cellUnits: number): TileFeature {
  const scale = TILE_EXTENT / bounds.size
  if (layer === 'parcels') {
    const [x0, y0] = [cell.cx * cellUnits, cell.cy * cellUnits]
    const [x1, y1] = [x0 + cellUnits, y0 + cellUnits]
    const areaHa = cell.areaHa ?? 0
    return {
      properties: { cluster: true, count: cell.count, areaHa, disputedShare: areaHa > 0 ? (cell.disputedHa ?? 0) / areaHa : 0 },
      geometry: {
        type: 'Polygon',
        coordinates: [
          [
            [x0, y0],
            [x1, y0],
            [x1, y1],
            [x0, y1],
            [x0, y0],
          ],
        ],
      },
    }
  }
  return {
    properties: {
      cluster: true,
      count: cell.count,
      ...(cell.maxSeverityRank !== undefined ? { maxSeverityRank: cell.maxSeverityRank } : {}),
    },
    geometry: { type: 'Point', coordinates: [Math.round((cell.x - bounds.xmin) * scale), Math.round((bounds.ymax - cell.y) * scale)] },
  }
}

/** The map's "N in view": exact, with the viewer's scope and the layer's filters. */
export async function countRecords(db: Db, viewer: Viewer, layer: TileLayer, query: TileCountQuery): Promise<number> {
  const source = layerSource(layer, viewer, layerFilters(layer, query))
  return countInBbox(db, source, query.bbox)
}
