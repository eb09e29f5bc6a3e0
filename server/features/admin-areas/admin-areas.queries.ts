// All SQL of the administrative areas (read-only reference data).
import { and, eq, inArray, sql, type SQL } from 'drizzle-orm'
import { alias } from 'drizzle-orm/pg-core'
import type { MultiPolygon } from '../../../shared/geo.ts'
import type { Db } from '../../../db/open.ts'
import { adminAreas } from '../../../db/schema/index.ts'
import type { AdminAreaListQuery } from '../../../shared/admin-areas.ts'
import { inBbox, matchesText, resolveSorting, toPage } from '../../lib/list-query.ts'

const parent = alias(adminAreas, 'parent')

const areaColumns = {
  id: adminAreas.id,
  level: adminAreas.level,
  name: adminAreas.name,
  nameKm: adminAreas.nameKm,
  code: adminAreas.code,
  parentId: adminAreas.parentId,
  parentName: parent.name,
}

interface BoundaryOptions {
  include?: 'boundary' | undefined
  toleranceDeg: number
}

/**
 * Outlines for the map, simplified in the database: the stored communes alone are ~1.8 MB of
 * GeoJSON. ST_SimplifyPreserveTopology avoids collapsed or crossing rings (plain ST_Simplify makes
 * them), and 6 decimals (~10 cm) is finer than any tolerance asked for.
 */
function simplifiedBoundary(toleranceDeg: number): SQL<MultiPolygon> {
  return sql<MultiPolygon>`ST_AsGeoJSON(ST_Multi(ST_SimplifyPreserveTopology(${adminAreas.boundary}, ${toleranceDeg}::float8)), 6)::json`
}

/** Rows carry `boundary` only when asked for: absent, not null, as the AdminArea schema says. */
function selectAreas<Extra extends Record<string, SQL> = Record<never, never>>(db: Db, options: BoundaryOptions, extra?: Extra) {
  const columns = options.include === 'boundary' ? { ...areaColumns, boundary: simplifiedBoundary(options.toleranceDeg) } : areaColumns
  return db
    .select({ ...(columns as typeof areaColumns & { boundary: SQL<MultiPolygon | undefined> }), ...(extra as Extra) })
    .from(adminAreas)
    .leftJoin(parent, eq(parent.id, adminAreas.parentId))
}

export async function findAdminArea(db: Db, id: string, options: BoundaryOptions) {
  const [row] = await selectAreas(db, options).where(eq(adminAreas.id, id))
  return row
}

const sortable = { name: adminAreas.name, code: adminAreas.code }

function filters(query: AdminAreaListQuery): (SQL | undefined)[] {
  return [
    query.level ? inArray(adminAreas.level, query.level.map(Number)) : undefined,
    query.parent ? eq(adminAreas.parentId, query.parent) : undefined,
    matchesText(query.q, [adminAreas.name, adminAreas.nameKm, adminAreas.code]),
    inBbox(adminAreas.boundary, query.bbox),
  ]
}

export async function listAdminAreas(db: Db, query: AdminAreaListQuery) {
  const sorting = resolveSorting(query.sort, query.cursor, sortable, adminAreas.id)
  const rows = await selectAreas(db, query, { cursorKey: sorting.cursorKey })
    .where(and(...filters(query), sorting.after))
    .orderBy(...sorting.orderBy)
    .limit(query.limit + 1)
  return toPage(rows, query.limit, query.sort, sorting)
}

/** The listed areas that pass the list's filters, province first. */
export async function findAdminAreasAmong(db: Db, ids: string[], query: AdminAreaListQuery) {
  return selectAreas(db, query)
    .where(and(inArray(adminAreas.id, ids), ...filters(query)))
    .orderBy(adminAreas.level, adminAreas.name, adminAreas.id)
}
