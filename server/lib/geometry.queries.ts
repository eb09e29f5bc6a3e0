// The SQL of lib/geometry.ts: PostGIS's verdict on a shape, and its repair.
import { sql } from 'drizzle-orm'
import { queryRows, type Db } from '../../db/open.ts'
import type { Bbox, MultiPolygon } from '../../shared/geo.ts'

/**
 * A grid of 1e-9 degree (about 0.1 mm) for overlays of land (ST_Union, ST_Intersection): GEOS's
 * snap-rounding, which cannot fail on robustness. In floating precision PGlite's GEOS failed on a
 * union of valid parcels, silently (migration 0015); the figures move by far less than a square metre.
 */
export const OVERLAY_GRID = sql.raw('1e-9::float8')

export interface PartCheck {
  part: number
  isValid: boolean
  reason: string
}

/** ST_IsValid of each part of a GeoJSON geometry, numbered from 0. */
export function checkParts(db: Db, geojson: string) {
  return queryRows<PartCheck>(
    db,
    sql`SELECT (d.path[1]) - 1 AS part, ST_IsValid(d.geom) AS "isValid", ST_IsValidReason(d.geom) AS reason
        FROM ST_Dump(ST_GeomFromGeoJSON(${geojson})) d ORDER BY 1`,
  )
}

/** ST_IsValid of a GeoJSON geometry as a whole. */
export async function checkWhole(db: Db, geojson: string) {
  const [whole] = (await queryRows<{ isValid: boolean; reason: string }>(
    db,
    sql`SELECT ST_IsValid(g) AS "isValid", ST_IsValidReason(g) AS reason FROM ST_GeomFromGeoJSON(${geojson}) g`,
  )) as [{ isValid: boolean; reason: string }]
  return whole
}

/** ST_MakeValid's polygons of a GeoJSON geometry as a MultiPolygon; geometry null when nothing is left. */
export async function makeValidMultiPolygon(db: Db, geojson: string) {
  const [repaired] = await queryRows<{ geometry: MultiPolygon | null }>(
    db,
    sql`SELECT CASE WHEN ST_IsEmpty(m) THEN NULL ELSE ST_AsGeoJSON(m, 7)::json END AS geometry
        FROM ST_Multi(ST_CollectionExtract(ST_MakeValid(ST_SetSRID(ST_GeomFromGeoJSON(${geojson}), 4326)), 3)) m`,
  )
  return repaired
}

/** A GeoJSON geometry's area on the ellipsoid, in hectares, and its extent. */
export async function measureArea(db: Db, geojson: string): Promise<{ areaHa: number; extent: Bbox }> {
  const [row] = (await queryRows<{ areaHa: number; west: number; south: number; east: number; north: number }>(
    db,
    sql`SELECT ST_Area(g::geography) / 10000 AS "areaHa", ST_XMin(g) AS west, ST_YMin(g) AS south, ST_XMax(g) AS east, ST_YMax(g) AS north
        FROM ST_SetSRID(ST_GeomFromGeoJSON(${geojson}), 4326) g`,
  )) as [{ areaHa: number; west: number; south: number; east: number; north: number }]
  return { areaHa: Number(row.areaHa), extent: [Number(row.west), Number(row.south), Number(row.east), Number(row.north)] }
}
