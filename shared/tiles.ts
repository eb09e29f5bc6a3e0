// The map's vector tiles: what `GET /api/tiles/{layer}/{z}/{x}/{y}.mvt` serves and what the client
// draws from it. Server and client both read this file, so a layer, a property or a zoom threshold
// is changed here and nowhere else.
//
// Each response is one Mapbox Vector Tile (extent TILE_EXTENT, buffer TILE_BUFFER) holding one MVT
// layer named like the URL's layer. A record's feature carries its uuid in the `id` property (MVT
// feature ids are integers; ours are not). Below a layer's detail zoom the tile holds aggregates
// instead of records: features with `cluster: true`, an exact `count` (the counts of all tiles
// covering an area add up to the filtered total), and per-layer sums.
import { z } from 'zod'
import { BboxParam } from './geo.ts'
import { DateBound } from './list.ts'
import { INCIDENT_KINDS, INCIDENT_STATUSES, type DatePrecision } from './vocabularies.ts'

export const TILE_LAYERS = ['incidents', 'communities', 'territories', 'parcels', 'concessions', 'evidence', 'admin-areas'] as const
export type TileLayer = (typeof TILE_LAYERS)[number]

export const TILE_EXTENT = 4096
export const TILE_BUFFER = 64
export const MAX_TILE_ZOOM = 20
/** The side of an aggregate cell in tile units: 32 px on a 256 px tile, 8 × 8 cells per tile. */
export const TILE_CELL = 512

/**
 * From which zoom a tile holds individual records; below it, aggregates. Points are clustered on
 * the server below this zoom (a grid per tile, exact counts); parcels below it are shown as cells
 * with their count, hectares and share in dispute — never the raw 200k shapes in one tile.
 * Territories, concessions and admin areas are polygons few enough to be sent simplified at every
 * zoom (simplified to a fraction of a pixel at that zoom).
 */
export const DETAIL_MIN_ZOOM: Record<TileLayer, number> = {
  incidents: 12,
  communities: 9,
  territories: 0,
  parcels: 10,
  concessions: 0,
  evidence: 13,
  'admin-areas': 0,
}

/**
 * From DETAIL_MIN_ZOOM.parcels up to this zoom, a tile holding more parcels than this many stays
 * cells (a district where thousands of parcels crowd into one tile): at zoom 10 a 3-ha parcel is
 * about a pixel, so such a tile drew a 1 MB carpet of specks and took 100–250 ms to make.
 * Sparser tiles at the same zoom show their shapes. (tippecanoe and Mapbox likewise cap what one
 * tile may hold.) From PARCEL_AREA_MIN_ZOOM on, shapes always.
 */
export const PARCEL_SHAPES_PER_TILE_MAX = 3000

/**
 * Incidents from DETAIL_MIN_ZOOM.incidents up to INCIDENT_CROWDING_MAX_ZOOM: a tile holding more
 * than this many stays counted cells of CROWDED_POINT_CELL units. The map groups points closer
 * than 50 px into bubbles up to zoom 15 anyway, so such a tile only ever drew a few dozen bubbles,
 * after sending thousands of points (1.9 MB for one screen at the densest place of the 200k bench
 * set) and clustering them on the phone. Sparser tiles send their incidents.
 */
export const INCIDENTS_PER_TILE_MAX = 400
export const INCIDENT_CROWDING_MAX_ZOOM = 15
/** 64 px on a 256 px tile: about the map's 50 px grouping radius. */
export const CROWDED_POINT_CELL = TILE_CELL * 2

/** From which zoom a parcel's feature carries its `areaHa` (below, the tooltip goes without it). */
export const PARCEL_AREA_MIN_ZOOM = 12

/** Below this zoom a layer is not served at all (an empty tile): thumbnails of photos at country zoom help no one. */
export const LAYER_MIN_ZOOM: Record<TileLayer, number> = {
  incidents: 0,
  communities: 0,
  territories: 7,
  parcels: 6,
  concessions: 0,
  evidence: 9,
  'admin-areas': 0,
}

/** The map's filters as query parameters: the same names and checks as the list endpoints. */
export const TileQuery = z.object({
  province: z.string().trim().min(1).max(100).optional(),
  community: z.uuid().optional(),
  kind: z.enum(INCIDENT_KINDS).optional(),
  status: z.enum(INCIDENT_STATUSES).optional(),
  from: DateBound.optional(),
  to: DateBound.optional(),
  q: z.string().trim().min(1).max(200).optional(),
})
export type TileQuery = z.infer<typeof TileQuery>

/** Which filters each layer takes (the others are ignored, as on the list endpoints). */
export const TILE_LAYER_FILTERS: Record<TileLayer, readonly (keyof TileQuery)[]> = {
  incidents: ['province', 'community', 'kind', 'status', 'from', 'to', 'q'],
  communities: ['province', 'community', 'q'],
  territories: ['province', 'community', 'q'],
  parcels: ['province', 'community', 'q'],
  concessions: ['province', 'q'],
  evidence: [],
  'admin-areas': [],
}

/**
 * The properties of one record's feature, per layer (MVT values are strings, numbers or booleans;
 * absent means null). Enough to style, label and count; details come from the record's own
 * endpoint when it is clicked.
 */
export interface TileRecordProperties {
  incidents: {
    id: string
    kind: string
    severity: string
    status: string
    /** With occurredPrecision, for formatPreciseDate: a month, a year or an unknown date is an instant too. */
    occurredAt: string
    occurredPrecision: DatePrecision
    title: string
    titleKm?: string
  }
  communities: { id: string; name: string; nameKm?: string; kind: string; status: string }
  territories: { id: string; name: string; nameKm?: string }
  /** `areaHa` from PARCEL_AREA_MIN_ZOOM only: below it a tile holds thousands of parcels, and the panel has the area. */
  parcels: { id: string; label: string; tenure: string; titleStatus: string; areaHa?: number }
  /** `isPoint`: known only as a point, with the largest declared area if any; no `areaHa` then. */
  concessions: { id: string; name: string; nameKm?: string; kind: string; areaHa?: number; isPoint: boolean; declaredAreaHa?: number }
  evidence: { id: string; title: string; mediaType: string; hasThumbnail: boolean }
  'admin-areas': { code: string; name: string; nameKm?: string; level: number }
}

/** The properties of an aggregate feature (a point at the cells' weighted centre, or the cell's square for parcels). */
export interface TileClusterProperties {
  cluster: true
  count: number
  /** incidents: the highest severity rank in the cluster (1 low … 4 critical), for its colour. */
  maxSeverityRank?: number
  /** parcels: the total area in hectares and the share (0…1) of that area whose title status is 'disputed'. */
  areaHa?: number
  disputedShare?: number
}

export const tilePath = (layer: TileLayer, z: number, x: number, y: number) => `/api/tiles/${layer}/${z}/${x}/${y}.mvt`

/** A tile coordinate in the URL: a plain non-negative integer (no sign, no decimals, no exponent). */
const TileIndex = z
  .string()
  .regex(/^\d{1,8}$/, 'must be a non-negative integer')
  .transform(Number)

/** `{layer}/{z}/{x}/{y}.mvt`: x and y must lie inside the zoom's 2^z × 2^z grid. */
function insideTheGrid(tile: { z: number; x: number; y: number }, ctx: z.RefinementCtx) {
  if (tile.z > MAX_TILE_ZOOM) ctx.addIssue({ code: 'custom', path: ['z'], message: `must be at most ${MAX_TILE_ZOOM}` })
  const size = 2 ** Math.min(tile.z, MAX_TILE_ZOOM)
  for (const field of ['x', 'y'] as const)
    if (tile[field] >= size) ctx.addIssue({ code: 'custom', path: [field], message: `must be below ${size} at zoom ${tile.z}` })
}

export const TileParams = z.object({ layer: z.enum(TILE_LAYERS), z: TileIndex, x: TileIndex, y: TileIndex }).superRefine(insideTheGrid)
export type TileParams = z.infer<typeof TileParams>

/**
 * `GET /api/tiles/{z}/{x}/{y}.mvt?layers=incidents,parcels,…`: one tile holding several layers, each
 * exactly as its own endpoint gives it (a vector tile is a list of layers). The map asks for this:
 * one request per tile instead of one per tile and layer, six times fewer on a slow phone link.
 */
export const TileSetParams = z.object({ z: TileIndex, x: TileIndex, y: TileIndex }).superRefine(insideTheGrid)
export const TileSetQuery = TileQuery.extend({
  layers: z
    .string()
    .transform((value) => value.split(','))
    .pipe(
      z
        .array(z.enum(TILE_LAYERS))
        .min(1)
        .refine((layers) => new Set(layers).size === layers.length, 'must not name a layer twice'),
    )
    .meta({ description: 'The layers, comma-separated, e.g. `incidents,parcels`', example: 'incidents,communities' }),
})
export type TileSetQuery = z.infer<typeof TileSetQuery>
export const tileSetPath = (z: number, x: number, y: number) => `/api/tiles/${z}/${x}/${y}.mvt`

export const TileLayerParams = z.object({ layer: z.enum(TILE_LAYERS) })

/** `GET /api/tiles/{layer}/count?bbox=…`: how many records (the viewer may see) match the filters in the box. */
export const TileCountQuery = TileQuery.extend({ bbox: BboxParam })
export type TileCountQuery = z.infer<typeof TileCountQuery>

/** Points count when they lie in the box; shapes when they intersect it. */
export const TileCount = z.object({ count: z.number().int().nonnegative() })
export type TileCount = z.infer<typeof TileCount>

export const TILE_MEDIA_TYPE = 'application/vnd.mapbox-vector-tile'

export const tileCountPath = (layer: TileLayer) => `/api/tiles/${layer}/count`
