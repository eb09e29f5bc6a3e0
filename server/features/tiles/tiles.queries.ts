// All SQL of the map's vector tiles. Each layer is a source: its table(s), the viewer's row scope
// (the same `…Scope` the list endpoints use), the map's filters (the list endpoints' helpers) and
// the properties its features carry. The tile envelope is inlined as constants so the planner
// sees a box and uses the GiST index of the 4326 column.
import { and, eq, inArray, isNotNull, isNull, ne, sql, type SQL, type SQLWrapper } from 'drizzle-orm'
import { queryRows, type Db } from '../../../db/open.ts'
import { adminAreas, communities, concessions, evidence, incidents, parcels, tileCellCounts } from '../../../db/schema/index.ts'
import type { Bbox } from '../../../shared/geo.ts'
import { PARCEL_AREA_MIN_ZOOM, TILE_BUFFER, TILE_CELL, TILE_EXTENT, type TileLayer, type TileQuery } from '../../../shared/tiles.ts'
import { matchesText, withinDates } from '../../lib/list-query.ts'
import {
  canSeeConfidential,
  evidenceScope,
  incidentScope,
  isLimitedToOwnCommunities,
  ownCommunityScope,
  type Viewer,
} from '../../lib/policy.ts'
import type { TileGeometry } from './mvt-encoder.ts'
import { degreesPerUnit, grow, HALF_WORLD, lonLatBox, type TileBounds } from './tile-math.ts'

export interface LayerSource {
  from: SQL
  where: SQL | undefined
  /** The stored 4326 geometry column: what the GiST index answers `&&` on. */
  geometry: SQL
  /** What is drawn at detail zooms: the geometry, simplified for the zoom (shapes). */
  drawn: SQL
  /** The 4326 point a record counts at in aggregated cells (points: the geometry itself). */
  anchor: SQL
  isPoint: boolean
  /** Properties of a record's feature, by their names in the tile. */
  properties: Record<string, SQL>
  /** Extra figures of an aggregated cell, from a per-record value (incidents: highest severity; parcels: hectares). */
  aggregates: Record<string, { value: SQL; combine: 'max' | 'sum' }>
  /** Tables whose writes (or, for user_communities, whose permissions) change this layer's tiles. */
  tables: readonly string[]
}

const num = (value: number) => sql.raw(String(value))
const text = (column: SQLWrapper) => sql`(${column})::text`
const visibleCommunities = (viewer: Viewer) => ownCommunityScope(viewer, communities.id)

/** A concession's boundary, or the point a source gave while its boundary is unknown. */
const concessionPlace = sql`coalesce(${concessions.boundary}, ${concessions.location})`

const SEVERITY_RANK = sql`CASE ${incidents.severity} WHEN 'low' THEN 1 WHEN 'medium' THEN 2 WHEN 'high' THEN 3 WHEN 'critical' THEN 4 END`

/**
 * The records of a layer a viewer may see, narrowed by the map's filters (those the layer takes);
 * shapes simplified for zoom `z`, or exact when no zoom is given (counts).
 */
export function layerSource(layer: TileLayer, viewer: Viewer, query: TileQuery, z?: number): LayerSource {
  switch (layer) {
    case 'incidents':
      return {
        from: sql`${incidents} LEFT JOIN ${communities} ON ${communities.id} = ${incidents.communityId}`,
        where: and(
          isNull(incidents.deletedAt),
          incidentScope(viewer, { communityId: incidents.communityId, isConfidential: incidents.isConfidential }),
          query.kind ? eq(incidents.kind, query.kind) : undefined,
          query.status ? eq(incidents.status, query.status) : undefined,
          query.community ? eq(incidents.communityId, query.community) : undefined,
          query.province ? eq(incidents.province, query.province) : undefined,
          withinDates(incidents.occurredAt, query.from, query.to),
          // As in the incident list: an unknown date (stored as the report's time) is in no date range.
          query.from || query.to ? ne(incidents.occurredPrecision, 'unknown') : undefined,
          matchesText(query.q, [
            incidents.title,
            incidents.titleKm,
            incidents.description,
            incidents.perpetratorName,
            communities.name,
            communities.nameKm,
          ]),
        ),
        geometry: sql`${incidents.location}`,
        drawn: sql`${incidents.location}`,
        anchor: sql`${incidents.location}`,
        isPoint: true,
        properties: {
          id: text(incidents.id),
          kind: text(incidents.kind),
          severity: text(incidents.severity),
          status: text(incidents.status),
          occurredAt: sql`to_char(${incidents.occurredAt} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`,
          occurredPrecision: text(incidents.occurredPrecision),
          title: sql`${incidents.title}`,
          titleKm: sql`${incidents.titleKm}`,
        },
        aggregates: { maxSeverityRank: { value: SEVERITY_RANK, combine: 'max' } },
        tables: ['incidents', 'communities', 'user_communities'],
      }
    case 'communities':
    case 'territories': {
      const isTerritory = layer === 'territories'
      return {
        from: sql`${communities}`,
        where: and(
          isNull(communities.deletedAt),
          visibleCommunities(viewer),
          isTerritory ? isNotNull(communities.territory) : undefined,
          query.province ? eq(communities.province, query.province) : undefined,
          query.community ? eq(communities.id, query.community) : undefined,
          matchesText(query.q, [communities.name, communities.nameKm, communities.village]),
        ),
        geometry: isTerritory ? sql`${communities.territory}` : sql`${communities.location}`,
        drawn: isTerritory ? simplified(sql`${communities.territory}`, z) : sql`${communities.location}`,
        anchor: sql`${communities.location}`,
        isPoint: !isTerritory,
        properties: isTerritory
          ? { id: text(communities.id), name: sql`${communities.name}`, nameKm: sql`${communities.nameKm}` }
          : {
              id: text(communities.id),
              name: sql`${communities.name}`,
              nameKm: sql`${communities.nameKm}`,
              kind: text(communities.kind),
              status: text(communities.status),
            },
        aggregates: {},
        tables: ['communities', 'user_communities'],
      }
    }
    case 'parcels':
      return {
        from: sql`${parcels} JOIN ${communities} ON ${communities.id} = ${parcels.communityId}`,
        where: and(
          isNull(parcels.deletedAt),
          isNull(communities.deletedAt),
          ownCommunityScope(viewer, parcels.communityId),
          query.province ? eq(communities.province, query.province) : undefined,
          query.community ? eq(parcels.communityId, query.community) : undefined,
          matchesText(query.q, [parcels.label, parcels.holderName, communities.name, communities.nameKm]),
        ),
        geometry: sql`${parcels.boundary}`,
        drawn: simplified(sql`${parcels.boundary}`, z),
        anchor: sql`${parcels.labelPoint}`,
        isPoint: false,
        properties: {
          id: text(parcels.id),
          label: sql`${parcels.label}`,
          tenure: text(parcels.tenure),
          titleStatus: text(parcels.titleStatus),
          // Thousands of parcels per tile below PARCEL_AREA_MIN_ZOOM: the hectares (a distinct double
          // each) are left to the record's panel there. The label stays: the in-view list sorts by it.
          ...(z === undefined || z >= PARCEL_AREA_MIN_ZOOM ? { areaHa: sql`${parcels.areaHa}` } : {}),
        },
        aggregates: {
          areaHa: { value: sql`${parcels.areaHa}`, combine: 'sum' },
          disputedHa: { value: sql`CASE WHEN ${parcels.titleStatus} = 'disputed' THEN ${parcels.areaHa} ELSE 0 END`, combine: 'sum' },
        },
        tables: ['parcels', 'communities', 'user_communities'],
      }
    case 'concessions':
      return {
        from: sql`${concessions}`,
        where: and(
          isNull(concessions.deletedAt),
          query.province ? eq(concessions.province, query.province) : undefined,
          matchesText(query.q, [concessions.name, concessions.nameKm, concessions.company]),
        ),
        // A concession known only as a point is drawn as that point, marked isPoint: the map shows
        // "boundary unknown" instead of a shape.
        geometry: concessionPlace,
        drawn: simplified(concessionPlace, z),
        anchor: sql`coalesce(ST_PointOnSurface(${concessions.boundary}), ${concessions.location})`,
        isPoint: false,
        properties: {
          id: text(concessions.id),
          name: sql`${concessions.name}`,
          nameKm: sql`${concessions.nameKm}`,
          kind: text(concessions.kind),
          areaHa: sql`${concessions.areaHa}`,
          isPoint: sql`${concessions.boundary} IS NULL`,
          declaredAreaHa: sql`(SELECT max(d.area_ha) FROM concession_declared_areas d WHERE d.concession_id = ${concessions.id})`,
        },
        aggregates: {},
        tables: ['concessions'],
      }
    case 'evidence':
      return {
        from: sql`${evidence}`,
        where: and(isNull(evidence.deletedAt), isNull(evidence.purgedAt), isNotNull(evidence.location), evidenceScope(viewer, evidence)),
        geometry: sql`${evidence.location}`,
        drawn: sql`${evidence.location}`,
        anchor: sql`${evidence.location}`,
        isPoint: true,
        properties: {
          id: text(evidence.id),
          title: sql`${evidence.title}`,
          mediaType: sql`${evidence.mediaType}`,
          hasThumbnail: sql`${evidence.hasThumbnail}`,
        },
        aggregates: {},
        tables: ['evidence', 'incidents', 'parcels', 'user_communities', 'case_communities'],
      }
    case 'admin-areas':
      return {
        from: sql`${adminAreas}`,
        // Provinces at country zooms, districts from 8, communes from 11: a commune is a speck below.
        where: z === undefined ? undefined : inArray(adminAreas.level, z < 8 ? [1] : z < 11 ? [1, 2] : [1, 2, 3]),
        geometry: sql`${adminAreas.boundary}`,
        drawn: simplified(sql`${adminAreas.boundary}`, z),
        anchor: sql`ST_PointOnSurface(${adminAreas.boundary})`,
        isPoint: false,
        properties: {
          code: sql`${adminAreas.code}`,
          name: sql`${adminAreas.name}`,
          nameKm: sql`${adminAreas.nameKm}`,
          level: sql`(${adminAreas.level})::int`,
        },
        aggregates: {},
        tables: ['admin_areas'],
      }
  }
}

/**
 * Simplified to a quarter of a pixel at this zoom (a pixel is 16 tile units): invisible, but far
 * fewer vertices. Plain Douglas–Peucker: ST_SimplifyPreserveTopology's checks cost more than they
 * saved (at 200k parcels, a dense z10 parcels tile took 446 ms with them and ~110 ms without; a
 * z6 concessions tile 45 ms and 4 ms), and a self-crossing it might make is under a pixel.
 * preserveCollapsed: a parcel smaller than the tolerance stays a speck instead of vanishing.
 */
function simplified(geometry: SQL, z: number | undefined): SQL {
  if (z === undefined) return geometry
  return sql`ST_Simplify(${geometry}, ${num(degreesPerUnit(z) * 4)}, true)`
}

const envelope4326 = ([west, south, east, north]: readonly number[]) =>
  sql`ST_MakeEnvelope(${num(west!)}, ${num(south!)}, ${num(east!)}, ${num(north!)}, 4326)`

function selectList(properties: Record<string, SQL>): SQL {
  return sql.join(
    Object.entries(properties).map(([name, expression]) => sql`${expression} AS ${sql.identifier(name)}`),
    sql`, `,
  )
}

/**
 * PostgreSQL: the whole tile from ST_AsMVT, in one statement. ST_AsMVT skips rows whose geometry
 * ST_AsMVTGeom dropped (NULL); filtering them in SQL would run ST_AsMVTGeom twice per row.
 */
export async function mvtFromDatabase(db: Db, layer: TileLayer, source: LayerSource, tile: TileBounds): Promise<Uint8Array> {
  const box = lonLatBox(tile)
  const [row] = await queryRows<{ tile: Uint8Array | null }>(
    db,
    sql`SELECT ST_AsMVT(t.*, ${layer}, ${num(TILE_EXTENT)}, 'geom') AS tile FROM (
      SELECT ${selectList(source.properties)},
        ST_AsMVTGeom(ST_Transform(${source.drawn}, 3857), ST_TileEnvelope(${num(tile.z)}, ${num(tile.x)}, ${num(tile.y)}),
          ${num(TILE_EXTENT)}, ${num(TILE_BUFFER)}, true) AS geom
      FROM ${source.from}
      WHERE ${and(source.where, sql`${source.geometry} && ${envelope4326(box)}`)}
    ) AS t`,
  )
  return row?.tile ?? new Uint8Array(0)
}

/**
 * Without ST_AsMVT (PGlite): the same clipping and snapping as ST_AsMVTGeom, done with plain
 * PostGIS, and the features handed to Node as GeoJSON already in tile coordinates.
 */
export async function featuresInTileCoordinates(db: Db, source: LayerSource, tile: TileBounds) {
  const box = lonLatBox(tile)
  const scale = TILE_EXTENT / tile.size
  const clip = grow(tile, TILE_BUFFER)
  const projected = sql`ST_Transform(${source.drawn}, 3857)`
  const clipped = source.isPoint
    ? projected
    : sql`ST_ClipByBox2D(${projected}, ST_MakeEnvelope(${num(clip.xmin)}, ${num(clip.ymin)}, ${num(clip.xmax)}, ${num(clip.ymax)}, 3857))`
  const inTile = sql`ST_SnapToGrid(ST_Affine(${clipped}, ${num(scale)}, 0, 0, ${num(-scale)}, ${num(-tile.xmin * scale)}, ${num(tile.ymax * scale)}), 1)`
  return queryRows<Record<string, string | number | boolean | null> & { geometry: TileGeometry | null }>(
    db,
    sql`SELECT * FROM (
      SELECT ${selectList(source.properties)}, ST_AsGeoJSON(${inTile}, 0)::json AS geometry
      FROM ${source.from}
      WHERE ${and(source.where, sql`${source.geometry} && ${envelope4326(box)}`)}
    ) AS t WHERE t.geometry IS NOT NULL`,
  )
}

export interface CellRow {
  cx: number
  cy: number
  count: number
  /** The mean position of the cell's records, in EPSG:3857. */
  x: number
  y: number
  [aggregate: string]: number
}

/**
 * Records counted in grid cells of `cellUnits` tile units. A record counts in the tile that holds
 * its anchor point (edges: left and top edges inclusive), never in a neighbour's buffer, so the
 * counts of all tiles covering an area add up to the filtered total.
 */
export async function cellsOfTile(db: Db, source: LayerSource, tile: TileBounds, cellUnits: number): Promise<CellRow[]> {
  const cell = (tile.size * cellUnits) / TILE_EXTENT
  // Cells are numbered on the world's grid of that size, the same arithmetic as tile_cell_add
  // (migration 0013) with a power-of-two coarser grid, so both put a record in the same cell, edges
  // included: floor((mx + half world) / cell), the left and top edges inclusive.
  const perTile = TILE_EXTENT / cellUnits
  const [x0, y0] = [tile.x * perTile, tile.y * perTile]
  // One tile unit of margin: the exact test below is in metres, the index test in degrees.
  const box = lonLatBox(tile, 1)
  const names = Object.keys(source.aggregates)
  const perRecord = names.map((name) => sql`, ${source.aggregates[name]!.value} AS ${sql.identifier(name)}`)
  const perCell = names.map(
    (name) => sql`, ${sql.raw(source.aggregates[name]!.combine)}(p.${sql.identifier(name)}) AS ${sql.identifier(name)}`,
  )
  const rows = await queryRows<Record<string, unknown>>(
    db,
    // MATERIALIZED: planned alone, the scan keeps its row estimate; inlined, the edge test below made
    // the planner expect 4 rows and nest-loop the communities join (63 s for a z6 parcels tile).
    sql`WITH p AS MATERIALIZED (
        SELECT ST_X(m.point) AS mx, ST_Y(m.point) AS my, m.*
        FROM (
          SELECT ST_Transform(${source.anchor}, 3857) AS point ${sql.join(perRecord, sql``)}
          FROM ${source.from}
          WHERE ${and(source.where, sql`${source.anchor} && ${envelope4326(box)}`)}
        ) AS m
      )
      SELECT p.gx - ${num(x0)} AS cx, p.gy - ${num(y0)} AS cy,
        count(*)::int AS count, avg(p.mx) AS x, avg(p.my) AS y ${sql.join(perCell, sql``)}
      FROM (
        SELECT floor((p.mx + ${num(HALF_WORLD)}) / ${num(cell)})::int AS gx, floor((${num(HALF_WORLD)} - p.my) / ${num(cell)})::int AS gy, p.*
        FROM p
      ) AS p
      WHERE p.gx >= ${num(x0)} AND p.gx < ${num(x0 + perTile)} AND p.gy >= ${num(y0)} AND p.gy < ${num(y0 + perTile)}
      GROUP BY 1, 2`,
  )
  return rows.map((row) => Object.fromEntries(Object.entries(row).map(([key, value]) => [key, Number(value)])) as CellRow)
}

/**
 * The zoom of the grid tile_cell_counts keeps (migration 0013, tile_cell_grid_zoom: keep both
 * equal): the cells of the deepest aggregated zoom, DETAIL_MIN_ZOOM - 1, whose tiles have 8 × 8.
 */
export const TILE_CELL_GRID_ZOOM = { parcels: 12, incidents: 14 } as const
export type PrecomputedLayer = keyof typeof TILE_CELL_GRID_ZOOM

/**
 * Which rows of tile_cell_counts a viewer's unfiltered tile sums, or null when they cannot answer
 * and the live query must. The sums hold every live record, so they serve only viewers whose scope
 * (ownCommunityScope, incidentScope) leaves no record out: admins, legal staff and advocates, who see
 * every parcel and every incident but the confidential ones (advocates: the even classes only).
 * Representatives see their communities' records only: they keep the live query, as do filtered views.
 */
export function precomputedCellScope(layer: TileLayer, viewer: Viewer): { classes: SQL | undefined } | null {
  if ((layer !== 'parcels' && layer !== 'incidents') || isLimitedToOwnCommunities(viewer)) return null
  if (layer === 'incidents' && !canSeeConfidential(viewer)) return { classes: sql`${tileCellCounts.class} % 2 = 0` }
  return { classes: undefined }
}

/** The same cells as cellsOfTile, summed from the grid cells of tile_cell_counts inside the tile. */
export async function precomputedCellsOfTile(
  db: Db,
  layer: PrecomputedLayer,
  scope: { classes: SQL | undefined },
  tile: { z: number; x: number; y: number },
  cellUnits = TILE_CELL,
): Promise<CellRow[]> {
  const grid = TILE_CELL_GRID_ZOOM[layer]
  const perCell = 2 ** (grid - tile.z) / (TILE_EXTENT / cellUnits)
  if (!Number.isInteger(perCell)) throw new Error(`no precomputed cells for ${layer} at zoom ${tile.z}`)
  const span = 2 ** (grid - tile.z)
  const [x0, y0] = [tile.x * span, tile.y * span]
  const figures =
    layer === 'incidents'
      ? sql`, max(${tileCellCounts.class} / 2) AS "maxSeverityRank"`
      : sql`, sum(${tileCellCounts.areaHa}) AS "areaHa", sum(${tileCellCounts.disputedHa}) AS "disputedHa"`
  const rows = await queryRows<Record<string, unknown>>(
    db,
    sql`SELECT (${tileCellCounts.gx} - ${num(x0)}) / ${num(perCell)} AS cx, (${tileCellCounts.gy} - ${num(y0)}) / ${num(perCell)} AS cy,
        sum(${tileCellCounts.count})::int AS count, sum(${tileCellCounts.sumX}) / sum(${tileCellCounts.count}) AS x,
        sum(${tileCellCounts.sumY}) / sum(${tileCellCounts.count}) AS y ${figures}
      FROM ${tileCellCounts}
      WHERE ${and(
        sql`${tileCellCounts.layer} = ${layer} AND ${tileCellCounts.count} > 0`,
        sql`${tileCellCounts.gx} >= ${num(x0)} AND ${tileCellCounts.gx} < ${num(x0 + span)}`,
        sql`${tileCellCounts.gy} >= ${num(y0)} AND ${tileCellCounts.gy} < ${num(y0 + span)}`,
        scope.classes,
      )}
      GROUP BY 1, 2`,
  )
  return rows.map((row) => Object.fromEntries(Object.entries(row).map(([key, value]) => [key, Number(value)])) as CellRow)
}

/**
 * How many of the layer's records (in the viewer's scope, with the filters) the tile's box reaches,
 * counting no further than `limit`: enough to tell a crowded tile at the cost of reading `limit`
 * index entries at most.
 */
export async function countInTileUpTo(db: Db, source: LayerSource, tile: TileBounds, limit: number): Promise<number> {
  const [row] = await queryRows<{ count: number | string }>(
    db,
    sql`SELECT count(*)::int AS count FROM (
      SELECT 1 FROM ${source.from} WHERE ${and(source.where, sql`${source.geometry} && ${envelope4326(lonLatBox(tile))}`)} LIMIT ${num(limit)}
    ) AS reached`,
  )
  return Number(row?.count ?? 0)
}

/** How many of the layer's records the viewer may see lie in (points) or intersect (shapes) the box. */
export async function countInBbox(db: Db, source: LayerSource, bbox: Bbox): Promise<number> {
  const box = envelope4326(bbox)
  const inBox = source.isPoint ? sql`${source.geometry} && ${box}` : sql`ST_Intersects(${source.geometry}, ${box})`
  const [row] = await queryRows<{ count: number | string }>(
    db,
    sql`SELECT count(*)::int AS count FROM ${source.from} WHERE ${and(source.where, inBox)}`,
  )
  return Number(row?.count ?? 0)
}
