// All SQL of the overlap analyses. Overlaps are cut in the stored coordinates (ST_Intersection
// on the geometry, so a parcel wholly inside a concession yields exactly that parcel) and then
// measured on the WGS 84 ellipsoid (ST_Area on ::geography), the same way the stored areaHa
// columns are measured: percentages therefore compare like with like and reach exactly 100.
import { and, eq, isNull, sql, type SQL } from 'drizzle-orm'
import { alias } from 'drizzle-orm/pg-core'
import { queryRows, type Db } from '../../../db/open.ts'
import { communities, concessions, parcels } from '../../../db/schema/index.ts'
import { OVERLAY_GRID } from '../../lib/geometry.queries.ts'
import { ownCommunityScope, type Viewer } from '../../lib/policy.ts'
import type {
  ConcessionBoundaryUnknown,
  ConcessionOnParcel,
  ConcessionOnTerritory,
  ConflictingConcession,
  ConflictingParcel,
  ParcelOverlap,
  TerritoryOverlap,
} from '../../../shared/overlaps.ts'
import { BOUNDARY_UNKNOWN_RADIUS_KM } from '../../../shared/overlaps.ts'

/** `cm`, the communities in the SQL below, as a column source for the policy's row scopes. */
const cm = alias(communities, 'cm')

/** A policy scope appended to a WHERE clause that already has conditions; nothing when unrestricted. */
const andAlso = (scope: SQL | undefined) => (scope ? sql` AND ${scope}` : sql``)

export async function findConcessionSubject(db: Db, id: string) {
  const [row] = await db
    .select({
      id: concessions.id,
      name: concessions.name,
      kind: concessions.kind,
      company: concessions.company,
      areaHa: concessions.areaHa,
      isBoundaryKnown: sql<boolean>`${concessions.boundary} IS NOT NULL`,
    })
    .from(concessions)
    .where(and(eq(concessions.id, id), isNull(concessions.deletedAt)))
  return row
}

/** A live community the viewer may see: representatives ask only about their own. */
export async function findCommunitySubject(db: Db, id: string, viewer: Viewer) {
  const [row] = await db
    .select({ id: communities.id, name: communities.name, territoryAreaHa: communities.territoryAreaHa })
    .from(communities)
    .where(and(eq(communities.id, id), isNull(communities.deletedAt), ownCommunityScope(viewer, communities.id)))
  return row
}

/** A live parcel the viewer may see: representatives ask only about their communities' parcels. */
export async function findParcelSubject(db: Db, id: string, viewer: Viewer) {
  const [row] = await db
    .select({
      id: parcels.id,
      label: parcels.label,
      communityId: parcels.communityId,
      communityName: communities.name,
      areaHa: parcels.areaHa,
    })
    .from(parcels)
    .innerJoin(communities, eq(communities.id, parcels.communityId))
    .where(and(eq(parcels.id, id), isNull(parcels.deletedAt), ownCommunityScope(viewer, parcels.communityId)))
  return row
}

/**
 * Hectares of `inner` that lie in `outer` (see the note at the top of the file). A shape wholly
 * inside is answered from its stored area (computed the same way, so the result is the same
 * number): ST_CoveredBy reuses a prepared `outer` from row to row, where ST_Intersection redoes
 * the overlay of a concession of thousands of vertices for each of hundreds of parcels under it.
 * The shortcut trusts stored shapes to be valid (CHECK constraints); a shape without area, which
 * no valid polygon is, still goes through the overlay, so a corrupt one fails loudly as before.
 *
 * The overlay runs on OVERLAY_GRID (fixed precision, which cannot fail on robustness): in floating
 * precision PGlite's GEOS failed on valid shapes (migration 0015).
 *
 * Queries measure it once per pair, in `CROSS JOIN LATERAL (SELECT … AS ha OFFSET 0) x`: without
 * the OFFSET 0 the planner inlines the subquery and redoes the overlay for every use of x.ha (the
 * output, the percentage, and collectOverlaps' filter and order): 3–4 times the work.
 */
const overlapHa = (inner: SQL, innerAreaHa: SQL, outer: SQL) =>
  sql`CASE WHEN ${innerAreaHa} > 0 AND ST_CoveredBy(${inner}, ${outer}) THEN ${innerAreaHa} ELSE ST_Area(ST_Intersection(${inner}, ${outer}, ${OVERLAY_GRID})::geography) / 10000 END`

/**
 * The join condition: shapes that meet, found through the GiST index of `a` (ST_Intersects does
 * the index's && first). It also holds for shapes that merely touch along an edge or at a corner,
 * which share no land: their intersection has no area, and collectOverlaps keeps only
 * `"overlapHa" > 0`. A `NOT ST_Touches` here would only add a second GEOS comparison of every
 * pair (costly with a concession of thousands of vertices) to drop what that filter drops anyway.
 */
const meet = (a: SQL, b: SQL) => sql`ST_Intersects(${a}, ${b})`

/** `part` as a percentage of `whole`; rounding can push a whole-parcel overlap a hair above 100. */
const percent = (part: SQL, whole: SQL) => sql`coalesce(LEAST(100, 100 * ${part} / NULLIF(${whole}, 0)), 0)`

/**
 * Collects the candidate rows (each with an "overlapHa") that have land in common, largest
 * first. The rows are aggregated into one result row on purpose: PGlite swallows GEOS errors and
 * then returns no rows at all, so a missing aggregate row means the measurement failed, never
 * "no overlaps".
 */
async function collectOverlaps<T>(db: Db, candidates: SQL, tieBreak: string[]): Promise<T[]> {
  const order = sql.join(
    tieBreak.map((key) => sql`o.${sql.identifier(key)}`),
    sql`, `,
  )
  const rows = await queryRows<{ items: T[] }>(
    db,
    sql`SELECT coalesce(json_agg(o ORDER BY o."overlapHa" DESC, ${order}) FILTER (WHERE o."overlapHa" > 0), '[]'::json) AS items
        FROM (${candidates}) o`,
  )
  if (rows.length !== 1) {
    throw new Error('PostGIS returned no result for an overlap measurement: GEOS probably failed on an invalid shape')
  }
  return rows[0]!.items
}

/** Concessions are public, the territories under one are not: representatives get their own communities'. */
export function findTerritoriesUnderConcession(db: Db, concessionId: string, viewer: Viewer) {
  return collectOverlaps<TerritoryOverlap>(
    db,
    sql`SELECT cm.id AS "communityId", cm.name AS "communityName", cm.territory_area_ha AS "territoryAreaHa",
               x.ha AS "overlapHa", ${percent(sql`x.ha`, sql`cm.territory_area_ha`)} AS "overlapPercent"
        FROM concessions c
        JOIN communities cm ON ${meet(sql`cm.territory`, sql`c.boundary`)}
        CROSS JOIN LATERAL (SELECT ${overlapHa(sql`cm.territory`, sql`cm.territory_area_ha`, sql`c.boundary`)} AS ha OFFSET 0) x
        WHERE c.id = ${concessionId} AND cm.deleted_at IS NULL${andAlso(ownCommunityScope(viewer, cm.id))}`,
    ['communityId'],
  )
}

/** Representatives get only their own communities' parcels under a concession. */
export function findParcelsUnderConcession(db: Db, concessionId: string, viewer: Viewer) {
  return collectOverlaps<ParcelOverlap>(
    db,
    sql`SELECT p.id AS "parcelId", p.label AS "parcelLabel", p.area_ha AS "parcelAreaHa",
               cm.id AS "communityId", cm.name AS "communityName",
               x.ha AS "overlapHa", ${percent(sql`x.ha`, sql`p.area_ha`)} AS "overlapPercent"
        FROM concessions c
        JOIN parcels p ON ${meet(sql`p.boundary`, sql`c.boundary`)}
        JOIN communities cm ON cm.id = p.community_id
        CROSS JOIN LATERAL (SELECT ${overlapHa(sql`p.boundary`, sql`p.area_ha`, sql`c.boundary`)} AS ha OFFSET 0) x
        WHERE c.id = ${concessionId} AND p.deleted_at IS NULL AND cm.deleted_at IS NULL${andAlso(ownCommunityScope(viewer, cm.id))}`,
    ['parcelId'],
  )
}

export function findConcessionsOnTerritory(db: Db, communityId: string) {
  return collectOverlaps<ConcessionOnTerritory>(
    db,
    sql`SELECT c.id AS "concessionId", c.name AS "concessionName", c.kind, c.company, c.area_ha AS "concessionAreaHa",
               x.ha AS "overlapHa", ${percent(sql`x.ha`, sql`cm.territory_area_ha`)} AS "overlapPercent"
        FROM communities cm
        JOIN concessions c ON ${meet(sql`c.boundary`, sql`cm.territory`)}
        CROSS JOIN LATERAL (SELECT ${overlapHa(sql`cm.territory`, sql`cm.territory_area_ha`, sql`c.boundary`)} AS ha OFFSET 0) x
        WHERE cm.id = ${communityId} AND c.deleted_at IS NULL`,
    ['concessionId'],
  )
}

export function findConcessionsOnCommunityParcels(db: Db, communityId: string) {
  return collectOverlaps<ConcessionOnParcel>(
    db,
    sql`SELECT c.id AS "concessionId", c.name AS "concessionName", c.kind, c.company, c.area_ha AS "concessionAreaHa",
               p.id AS "parcelId", p.label AS "parcelLabel", p.area_ha AS "parcelAreaHa",
               x.ha AS "overlapHa", ${percent(sql`x.ha`, sql`p.area_ha`)} AS "overlapPercent"
        FROM parcels p
        JOIN concessions c ON ${meet(sql`c.boundary`, sql`p.boundary`)}
        CROSS JOIN LATERAL (SELECT ${overlapHa(sql`p.boundary`, sql`p.area_ha`, sql`c.boundary`)} AS ha OFFSET 0) x
        WHERE p.community_id = ${communityId} AND p.deleted_at IS NULL AND c.deleted_at IS NULL`,
    ['parcelId', 'concessionId'],
  )
}

/**
 * Every other parcel, of any community, claiming some of the same land. Unscoped on purpose: a
 * representative must learn that their parcel is contested; the service strips what identifies
 * another community's claim (see maskOverlappingParcel in the policy).
 */
export function findParcelsOverlappingParcel(db: Db, parcelId: string) {
  return collectOverlaps<ConflictingParcel>(
    db,
    sql`SELECT p.id AS "parcelId", p.label AS "parcelLabel", p.area_ha AS "parcelAreaHa",
               cm.id AS "communityId", cm.name AS "communityName",
               x.ha AS "overlapHa", ${percent(sql`x.ha`, sql`me.area_ha`)} AS "overlapPercent"
        FROM parcels me
        JOIN parcels p ON p.id <> me.id AND ${meet(sql`p.boundary`, sql`me.boundary`)}
        JOIN communities cm ON cm.id = p.community_id
        CROSS JOIN LATERAL (SELECT ${overlapHa(sql`p.boundary`, sql`p.area_ha`, sql`me.boundary`)} AS ha OFFSET 0) x
        WHERE me.id = ${parcelId} AND p.deleted_at IS NULL AND cm.deleted_at IS NULL`,
    ['parcelId'],
  )
}

export function findConcessionsOverlappingParcel(db: Db, parcelId: string) {
  return collectOverlaps<ConflictingConcession>(
    db,
    sql`SELECT c.id AS "concessionId", c.name AS "concessionName", c.kind, c.company, c.area_ha AS "concessionAreaHa",
               x.ha AS "overlapHa", ${percent(sql`x.ha`, sql`me.area_ha`)} AS "overlapPercent"
        FROM parcels me
        JOIN concessions c ON ${meet(sql`c.boundary`, sql`me.boundary`)}
        CROSS JOIN LATERAL (SELECT ${overlapHa(sql`me.boundary`, sql`me.area_ha`, sql`c.boundary`)} AS ha OFFSET 0) x
        WHERE me.id = ${parcelId} AND c.deleted_at IS NULL`,
    ['concessionId'],
  )
}

/**
 * Concessions known only as a point, near `land` (an SQL geometry): listed as "boundary unknown",
 * nearest first. Distances are on the ellipsoid; the GiST index on the point narrows by a
 * bounding box a little larger than the radius (1° of latitude ≥ 110 km, of longitude here ≥ 105 km).
 */
async function findPointConcessionsNear(db: Db, land: SQL): Promise<ConcessionBoundaryUnknown[]> {
  const radiusM = BOUNDARY_UNKNOWN_RADIUS_KM * 1000
  const degrees = BOUNDARY_UNKNOWN_RADIUS_KM / 100
  return queryRows<ConcessionBoundaryUnknown>(
    db,
    sql`SELECT c.id AS "concessionId", c.name AS "concessionName", c.kind, c.company,
               (SELECT max(d.area_ha) FROM concession_declared_areas d WHERE d.concession_id = c.id) AS "declaredAreaHa",
               round((ST_Distance(c.location::geography, l.g::geography) / 1000)::numeric, 2)::float8 AS "distanceKm"
        FROM (SELECT ${land} AS g) l
        JOIN concessions c ON c.location && ST_Expand(l.g, ${degrees})
        WHERE l.g IS NOT NULL AND c.boundary IS NULL AND c.deleted_at IS NULL
          AND ST_DWithin(c.location::geography, l.g::geography, ${radiusM})
        ORDER BY "distanceKm", c.name, c.id`,
  )
}

/** Near the territory, or the community's location while no territory is mapped. */
export const findPointConcessionsNearCommunity = (db: Db, communityId: string) =>
  findPointConcessionsNear(db, sql`(SELECT coalesce(territory, location) FROM communities WHERE id = ${communityId})`)

export const findPointConcessionsNearParcel = (db: Db, parcelId: string) =>
  findPointConcessionsNear(db, sql`(SELECT boundary FROM parcels WHERE id = ${parcelId})`)
