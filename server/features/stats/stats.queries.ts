// The aggregate SQL behind /api/stats: one query per subject, every breakdown in one pass with
// GROUPING SETS (not one query per province or per kind). Every query narrows its rows with the
// viewer's scopes from lib/policy.ts, as the lists do: figures never count rows the viewer may not read.
import { sql, type SQL } from 'drizzle-orm'
import { alias } from 'drizzle-orm/pg-core'
import { queryRows, type Db } from '../../../db/open.ts'
import { activities, communities, incidents, legalCases } from '../../../db/schema/index.ts'
import { LEADERSHIP_ROLES } from '../../../shared/committee-members.ts'
import { DISPUTED_TITLE_STATUS, type StatsQuery } from '../../../shared/stats.ts'
import { APP_TIME_ZONE } from '../../../shared/time.ts'
import { OVERLAY_GRID } from '../../lib/geometry.queries.ts'
import { withinDates } from '../../lib/list-query.ts'
import { activityScope, caseScope, incidentScope, ownCommunityScope, type Viewer } from '../../lib/policy.ts'

// The raw SQL below names its tables by these aliases; the policy's scopes need their columns.
const i = alias(incidents, 'i')
const c = alias(communities, 'c')
const lc = alias(legalCases, 'lc')
const a = alias(activities, 'a')

/** One row per group: `dimension` names the grouping set ('total' for the whole). */
export interface GroupCount {
  dimension: string
  key: string | null
  count: number
}

const provinceIs = (column: SQL, province: string | undefined) => (province ? sql`AND ${column} = ${province}` : sql``)
const andWhere = (condition: SQL | undefined) => (condition ? sql`AND ${condition}` : sql``)

export async function countIncidents(db: Db, query: StatsQuery, viewer: Viewer) {
  return queryRows<GroupCount & { households: number; people: number; month: string | null; kind: string | null }>(
    db,
    sql`SELECT CASE WHEN GROUPING(month) = 0 AND GROUPING(kind) = 0 THEN 'month_kind'
                    WHEN GROUPING(province) = 0 THEN 'province' WHEN GROUPING(kind) = 0 THEN 'kind'
                    WHEN GROUPING(status) = 0 THEN 'status' WHEN GROUPING(month) = 0 THEN 'month' ELSE 'total' END AS dimension,
               COALESCE(province, kind::text, status::text, month) AS key,
               month, kind::text AS kind,
               count(*)::int AS count,
               COALESCE(sum(households_affected) FILTER (WHERE status <> 'dismissed'), 0)::int AS households,
               COALESCE(sum(people_affected) FILTER (WHERE status <> 'dismissed'), 0)::int AS people
        FROM (SELECT i.province, i.kind, i.status, i.households_affected, i.people_affected,
                     -- A year or an unknown date is in no month (the total still counts it): its
                     -- stored instant is only 1 January or the day it was reported.
                     CASE WHEN i.occurred_precision IN ('day', 'month')
                          THEN to_char(i.occurred_at AT TIME ZONE ${APP_TIME_ZONE}, 'YYYY-MM') END AS month
              FROM incidents i
              WHERE i.deleted_at IS NULL ${provinceIs(sql`i.province`, query.province)}
                ${andWhere(withinDates(sql`i.occurred_at`, query.from, query.to))}
                ${query.from || query.to ? sql`AND i.occurred_precision <> 'unknown'` : sql``}
                ${andWhere(incidentScope(viewer, { communityId: i.communityId, isConfidential: i.isConfidential }))}) i
        GROUP BY GROUPING SETS ((province), (kind), (status), (month), (month, kind), ())`,
  )
}

export async function countCommunities(db: Db, query: StatsQuery, viewer: Viewer) {
  return queryRows<GroupCount>(
    db,
    sql`SELECT CASE WHEN GROUPING(province) = 0 THEN 'province' WHEN GROUPING(kind) = 0 THEN 'kind'
                    WHEN GROUPING(status) = 0 THEN 'status' ELSE 'total' END AS dimension,
               COALESCE(province, kind::text, status::text) AS key,
               count(*)::int AS count
        FROM communities c
        WHERE c.deleted_at IS NULL ${provinceIs(sql`c.province`, query.province)} ${andWhere(ownCommunityScope(viewer, c.id))}
        GROUP BY GROUPING SETS ((province), (kind), (status), ())`,
  )
}

export async function countCases(db: Db, query: StatsQuery, viewer: Viewer) {
  return queryRows<GroupCount>(
    db,
    sql`SELECT CASE WHEN GROUPING(stage) = 0 THEN 'stage' WHEN GROUPING(kind) = 0 THEN 'kind'
                    WHEN GROUPING(result) = 0 THEN 'result' ELSE 'total' END AS dimension,
               -- A case with no result yet is pending (its own key, so that it is not taken for the total).
               CASE WHEN GROUPING(result) = 0 THEN COALESCE(result::text, 'pending') ELSE COALESCE(stage::text, kind::text) END AS key,
               count(*)::int AS count
        FROM legal_cases lc
        WHERE lc.deleted_at IS NULL ${provinceIs(sql`lc.province`, query.province)}
          ${andWhere(withinDay(sql`lc.opened_on`, query.from, query.to))}
          ${andWhere(caseScope(viewer, lc.id))}
        GROUP BY GROUPING SETS ((stage), (kind), (result), ())`,
  )
}

/** Activities that began in the period, by kind, with their participants summed (the `total` row has them all). */
export async function countActivities(db: Db, query: StatsQuery, viewer: Viewer) {
  return queryRows<GroupCount & { women: number; men: number; youth: number }>(
    db,
    sql`SELECT CASE WHEN GROUPING(kind) = 0 THEN 'kind' ELSE 'total' END AS dimension,
               kind::text AS key,
               count(*)::int AS count,
               COALESCE(sum(participants_women), 0)::int AS women,
               COALESCE(sum(participants_men), 0)::int AS men,
               COALESCE(sum(participants_youth), 0)::int AS youth
        FROM activities a
        WHERE a.deleted_at IS NULL ${provinceIs(sql`a.province`, query.province)}
          ${andWhere(withinDay(sql`a.started_on`, query.from, query.to))}
          ${andWhere(activityScope(viewer, a.id))}
        GROUP BY GROUPING SETS ((kind), ())`,
  )
}

export interface LeadershipCounts {
  committeeMembers: number
  womenMembers: number
  leaders: number
  womenLeaders: number
  communitiesLedByWomen: number
  communitiesWithCommittee: number
}

/**
 * Committee members holding their role on `today` (YYYY-MM-DD in Cambodia: a role that ends today
 * is no longer held) in live communities of the province. Not limited by `from`/`to`: who leads now.
 */
export async function countLeadership(db: Db, query: StatsQuery, viewer: Viewer, today: string) {
  const leadership = sql.join(
    LEADERSHIP_ROLES.map((role) => sql`${role}`),
    sql`, `,
  )
  const [row] = await queryRows<LeadershipCounts>(
    db,
    sql`SELECT count(*)::int AS "committeeMembers",
               count(*) FILTER (WHERE m.sex = 'female')::int AS "womenMembers",
               count(*) FILTER (WHERE m.role::text IN (${leadership}))::int AS "leaders",
               count(*) FILTER (WHERE m.role::text IN (${leadership}) AND m.sex = 'female')::int AS "womenLeaders",
               count(DISTINCT m.community_id) FILTER (WHERE m.role = 'chair' AND m.sex = 'female')::int AS "communitiesLedByWomen",
               count(DISTINCT m.community_id)::int AS "communitiesWithCommittee"
        FROM committee_members m JOIN communities c ON c.id = m.community_id
        WHERE m.deleted_at IS NULL AND c.deleted_at IS NULL
          AND (m.ended_on IS NULL OR m.ended_on > ${today}::date)
          ${provinceIs(sql`c.province`, query.province)}
          ${andWhere(ownCommunityScope(viewer, c.id))}`,
  )
  return row!
}

/** A `date` column against the range: a date-time bound is first read as a day in Cambodia. */
function withinDay(column: SQL, from: string | undefined, to: string | undefined): SQL | undefined {
  const dayOf = (bound: string) => sql`(${bound}::timestamptz AT TIME ZONE ${APP_TIME_ZONE})::date`
  const isBareDate = (bound: string) => /^\d{4}-\d{2}-\d{2}$/.test(bound)
  const conditions = [
    from && sql`${column} >= ${isBareDate(from) ? sql`${from}::date` : dayOf(from)}`,
    to && sql`${column} <= ${isBareDate(to) ? sql`${to}::date` : dayOf(to)}`,
  ].filter((condition): condition is SQL => Boolean(condition))
  return conditions.length ? sql.join(conditions, sql` AND `) : undefined
}

export interface LandFigures {
  disputedParcels: number
  disputedHa: number | null
  communityLandParts: number
  communityLandHa: number | null
  concessions: number
  concessionOverlapHa: number | null
}

/** Floating precision (GEOS's default), the refresh's first try; the grid where it fails. */
const FLOATING_PRECISION = sql.raw('-1::float8')
/**
 * How a failed overlay shows: GEOS's TopologyException (internal_error) on PostgreSQL; on PGlite,
 * which swallows it, the refresh's own check (raise_exception) or a broken function frame
 * ("control reached end of function without RETURN"). Never a cancelled statement (57014): that
 * one is retried by no one.
 */
const OVERLAY_FAILURES = new Set(['XX000', 'P0001', '2F005'])

/**
 * Brings the precomputed land figures (migration 0011) up to date: the stale communities' counts,
 * and at most `maxCells` stale grid cells. Answers how many stale cells are left, or -1 when
 * another connection is refreshing them.
 */
export async function refreshLandStats(db: Db, maxCells: number): Promise<number> {
  const refresh = async (grid: SQL) => {
    const [row] = await queryRows<{ remaining: number }>(db, sql`SELECT land_stats_refresh(${maxCells}::integer, ${grid}) AS remaining`)
    return row!.remaining
  }
  try {
    return await refresh(FLOATING_PRECISION)
  } catch (error) {
    // Floating precision failed on these shapes (migration 0015): the same batch again, on the grid.
    if (!OVERLAY_FAILURES.has((error as { cause?: { code?: string } }).cause?.code ?? '')) throw error
    return refresh(OVERLAY_GRID)
  }
}

/** Every write committed before `asOf` is in the precomputed figures (the oldest change not yet in them, or now). */
export interface LandFiguresAsOf extends LandFigures {
  asOf: string
}

/** The oldest change not yet in the precomputed land figures, per log (null: none waiting). */
export async function landStaleSince(db: Db): Promise<[string | null, string | null]> {
  const [row] = await queryRows<{ cells: string | null; communities: string | null }>(
    db,
    sql`SELECT to_json((SELECT min(dirtied_at) FROM land_stats_dirty_cells)) #>> '{}' AS cells,
               to_json((SELECT min(dirtied_at) FROM land_stats_dirty_communities)) #>> '{}' AS communities`,
  )
  return [row?.cells ?? null, row?.communities ?? null]
}

/**
 * The land figures for viewers who see every community: sums of the precomputed rows of the
 * province ('' holds every province together), never a union at request time.
 */
export async function sumLandFigures(db: Db, query: StatsQuery): Promise<LandFiguresAsOf> {
  const scope = query.province ?? ''
  const communityIs = query.province ? sql`WHERE province = ${query.province}` : sql``
  const [row] = await queryRows<LandFiguresAsOf>(
    db,
    sql`SELECT counts."disputedParcels", cells."disputedHa", counts."communityLandParts", cells."communityLandHa",
               (SELECT count(*)::int FROM concessions WHERE deleted_at IS NULL) AS concessions,
               cells."concessionOverlapHa",
               to_json(COALESCE(LEAST((SELECT min(dirtied_at) FROM land_stats_dirty_cells),
                                      (SELECT min(dirtied_at) FROM land_stats_dirty_communities)), now())) #>> '{}' AS "asOf"
        FROM (SELECT COALESCE(sum(disputed_parcels), 0)::int AS "disputedParcels",
                     COALESCE(sum(parcels + territories), 0)::int AS "communityLandParts"
              FROM land_stats_communities ${communityIs}) counts,
             (SELECT COALESCE(sum(disputed_ha), 0) AS "disputedHa", COALESCE(sum(land_ha), 0) AS "communityLandHa",
                     COALESCE(sum(concession_overlap_ha), 0) AS "concessionOverlapHa"
              FROM land_stats_cells WHERE province = ${scope}) cells`,
  )
  return row!
}

/**
 * The land figures of a viewer limited to some communities (representatives), taken at request
 * time: unions first, then areas on the geography, so overlapping parcels (or a parcel inside its
 * community's territory) are counted once, and so are overlapping concessions. The work is bounded
 * by the viewer's own communities: only concessions that reach their land are unioned.
 */
export async function measureScopedLand(db: Db, query: StatsQuery, scope: SQL) {
  const [row] = await queryRows<LandFigures>(
    db,
    sql`WITH live_parcels AS (
          SELECT p.id, p.boundary, p.title_status FROM parcels p JOIN communities c ON c.id = p.community_id
          WHERE p.deleted_at IS NULL AND c.deleted_at IS NULL ${provinceIs(sql`c.province`, query.province)}
            AND ${scope}
        ), disputed AS (
          SELECT ST_Union(lp.boundary, ${OVERLAY_GRID}) AS g, count(*)::int AS n FROM live_parcels lp
          WHERE lp.title_status = ${DISPUTED_TITLE_STATUS} OR EXISTS (
            SELECT 1 FROM case_parcels cp JOIN legal_cases lc ON lc.id = cp.case_id
            WHERE cp.parcel_id = lp.id AND lc.deleted_at IS NULL AND lc.stage <> 'closed')
        ), community_land AS (
          SELECT ST_Union(g, ${OVERLAY_GRID}) AS g, count(*)::int AS n FROM (
            SELECT boundary AS g FROM live_parcels
            UNION ALL
            SELECT c.territory FROM communities c
            WHERE c.deleted_at IS NULL AND c.territory IS NOT NULL ${provinceIs(sql`c.province`, query.province)}
              AND ${scope}) parts
        ), concession_land AS (
          SELECT ST_Union(k.boundary, ${OVERLAY_GRID}) AS g FROM concessions k, community_land l
          WHERE k.deleted_at IS NULL AND k.boundary && l.g
        )
        SELECT d.n AS "disputedParcels", ST_Area(d.g::geography) / 10000 AS "disputedHa",
               l.n AS "communityLandParts", ST_Area(l.g::geography) / 10000 AS "communityLandHa",
               (SELECT count(*)::int FROM concessions WHERE deleted_at IS NULL) AS concessions,
               CASE WHEN l.g IS NULL OR k.g IS NULL OR NOT ST_Intersects(l.g, k.g) THEN 0
                    ELSE ST_Area(ST_Intersection(l.g, k.g, ${OVERLAY_GRID})::geography) / 10000 END AS "concessionOverlapHa"
        FROM disputed d, community_land l, concession_land k`,
  )
  return row
}

/** The scope of land figures for this viewer: undefined when the viewer sees every community. */
export const landScope = (viewer: Viewer) => ownCommunityScope(viewer, c.id)

/**
 * Land secured: the union of live parcels with a title (registered, or held under a private or
 * communal land title) that are not under dispute (DISPUTED_TITLE_STATUS or an open case), in the
 * province, over the viewer's communities (`scope`, undefined: all). Measured at request time:
 * the precomputed land cells (migration 0011) hold no titled area, and the whole answer is cached
 * by table versions anyway, so the union runs only after a write.
 */
export async function measureSecuredLand(db: Db, query: StatsQuery, scope: SQL | undefined) {
  const [row] = await queryRows<{ securedParcels: number; securedHa: number | null }>(
    db,
    sql`SELECT count(*)::int AS "securedParcels", ST_Area(ST_Union(p.boundary, ${OVERLAY_GRID})::geography) / 10000 AS "securedHa"
        FROM parcels p JOIN communities c ON c.id = p.community_id
        WHERE p.deleted_at IS NULL AND c.deleted_at IS NULL ${provinceIs(sql`c.province`, query.province)}
          ${andWhere(scope)}
          AND (p.title_status = 'registered' OR p.tenure IN ('private_title', 'communal_land_title'))
          AND p.title_status <> ${DISPUTED_TITLE_STATUS}
          AND NOT EXISTS (
            SELECT 1 FROM case_parcels cp JOIN legal_cases lc ON lc.id = cp.case_id
            WHERE cp.parcel_id = p.id AND lc.deleted_at IS NULL AND lc.stage <> 'closed')`,
  )
  return row
}
