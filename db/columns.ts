// Column helpers shared by every table. Geometry lives here once: drizzle's built-in geometry()
// only knows points and drops the SRID, so every PostGIS column is a custom type.
import { customType, integer, timestamp, uuid } from 'drizzle-orm/pg-core'
import { sql, type SQL, type SQLWrapper } from 'drizzle-orm'
import type { MultiPolygonGeometry as MultiPolygon, PointGeometry as Point, PolygonGeometry as Polygon } from '../shared/geo.ts'

export const SRID = 4326

function geometryColumn<T extends Point | MultiPolygon>(pgType: 'Point' | 'MultiPolygon') {
  return customType<{ data: T; driverData: string }>({
    dataType: () => `geometry(${pgType},${SRID})`,
    // Polygons are stored as MultiPolygons so one column type covers both inputs.
    toDriver: (value): SQL =>
      pgType === 'MultiPolygon'
        ? sql`ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON(${JSON.stringify(value)}), ${SRID}))`
        : sql`ST_SetSRID(ST_GeomFromGeoJSON(${JSON.stringify(value)}), ${SRID})`,
    fromDriver: () => {
      // The driver hands back hex EWKB, which nothing here decodes on purpose: select geometry
      // through asGeoJson() so the database does the conversion.
      throw new Error('Geometry columns must be selected with asGeoJson(column)')
    },
  })
}

export const point = geometryColumn<Point>('Point')
export const multiPolygon = geometryColumn<MultiPolygon>('MultiPolygon')

/** A polygon input accepted where a MultiPolygon is stored. */
export type PolygonInput = Polygon | MultiPolygon

/** PostGIS → GeoJSON for a select list; 7 decimals ≈ 1 cm, more than any field GPS gives. */
export function asGeoJson<T extends Point | MultiPolygon>(column: SQLWrapper): SQL<T> {
  return sql<T>`ST_AsGeoJSON(${column}, 7)::json`
}

/** Same, for a nullable column. */
export function asGeoJsonOrNull<T extends Point | MultiPolygon>(column: SQLWrapper): SQL<T | null> {
  return sql<T | null>`CASE WHEN ${column} IS NULL THEN NULL ELSE ST_AsGeoJSON(${column}, 7)::json END`
}

export const id = () => uuid('id').primaryKey().defaultRandom()

/** Every row carries these: timestamps and a version for optimistic concurrency. */
export const rowMeta = () => ({
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  version: integer('version').notNull().default(1),
})

/** Nothing is physically deleted: rows are hidden by this timestamp. */
export const softDelete = () => ({
  deletedAt: timestamp('deleted_at', { withTimezone: true }),
})
