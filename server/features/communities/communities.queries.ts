// All SQL of communities and community plans.
import { and, eq, isNull, ne, sql, type SQL } from 'drizzle-orm'
import { alias } from 'drizzle-orm/pg-core'
import type { MultiPolygon, Point } from '../../../shared/geo.ts'
import { asGeoJson, asGeoJsonOrNull } from '../../../db/columns.ts'
import { queryRows, type Db } from '../../../db/open.ts'
import { adminAreas, communities, communityPlans, legalCases, caseCommunities } from '../../../db/schema/index.ts'
import type { CommunityListQuery, CommunityPlanListQuery, MyPlaces } from '../../../shared/communities.ts'
import {
  inBbox,
  isOneOf,
  matchesText,
  matchesTextIn,
  resolveSorting,
  type TextSource,
  textMatchIds,
  toPage,
  withinDates,
} from '../../lib/list-query.ts'
import { findTextMatches } from '../../lib/list-query.queries.ts'
import { ownCommunityScope, type Viewer } from '../../lib/policy.ts'

const network = alias(communities, 'network')

const communityColumns = {
  id: communities.id,
  name: communities.name,
  nameKm: communities.nameKm,
  kind: communities.kind,
  status: communities.status,
  province: communities.province,
  district: communities.district,
  commune: communities.commune,
  village: communities.village,
  households: communities.households,
  members: communities.members,
  womenMembers: communities.womenMembers,
  youthMembers: communities.youthMembers,
  leaderName: communities.leaderName,
  leaderPhone: communities.leaderPhone,
  description: communities.description,
  establishedYear: communities.establishedYear,
  networkId: communities.networkId,
  networkName: network.name,
  intakeCode: communities.intakeCode,
  location: asGeoJson<Point>(communities.location),
  territory: asGeoJsonOrNull<MultiPolygon>(communities.territory),
  territoryAreaHa: communities.territoryAreaHa,
  createdAt: communities.createdAt,
  updatedAt: communities.updatedAt,
  version: communities.version,
}

export type CommunityRow = Awaited<ReturnType<typeof findCommunity>> & {}

function selectCommunities<Extra extends Record<string, SQL> = Record<never, never>>(db: Db, extra?: Extra) {
  return db
    .select({ ...communityColumns, ...(extra as Extra) })
    .from(communities)
    .leftJoin(network, eq(network.id, communities.networkId))
}

/** A live community the viewer may see (all of them when no viewer is given: internal checks). */
export async function findCommunity(db: Db, id: string, viewer?: Viewer) {
  const [row] = await selectCommunities(db).where(
    and(eq(communities.id, id), isNull(communities.deletedAt), viewer && ownCommunityScope(viewer, communities.id)),
  )
  return row
}

const sortable = {
  name: communities.name,
  province: communities.province,
  createdAt: communities.createdAt,
  updatedAt: communities.updatedAt,
}

const textSources: TextSource[] = [
  { ids: sql`SELECT ${communities.id} FROM ${communities}`, columns: [communities.name, communities.nameKm, communities.village] },
]

export async function listCommunities(db: Db, query: CommunityListQuery, viewer: Viewer) {
  const sorting = resolveSorting(query.sort, query.cursor, sortable, communities.id)
  const matchedIds = await findTextMatches(db, textMatchIds(query.q, textSources))
  const withTerritory = query.territory === 'include'
  // Without territories the polygons are not even turned into GeoJSON.
  const territory = withTerritory ? communityColumns.territory : sql<MultiPolygon | null>`NULL`
  const territoryBbox = sql<[number, number, number, number] | null>`CASE WHEN ${communities.territory} IS NOT NULL THEN
    json_build_array(ST_XMin(${communities.territory}), ST_YMin(${communities.territory}), ST_XMax(${communities.territory}), ST_YMax(${communities.territory})) END`
  const rows = await selectCommunities(db, { cursorKey: sorting.cursorKey, territory, territoryBbox })
    .where(
      and(
        isNull(communities.deletedAt),
        ownCommunityScope(viewer, communities.id),
        isOneOf(communities.kind, query.kind),
        isOneOf(communities.status, query.status),
        query.province ? eq(communities.province, query.province) : undefined,
        query.community ? eq(communities.id, query.community) : undefined,
        query.network ? eq(communities.networkId, query.network) : undefined,
        withinDates(communities.createdAt, query.from, query.to),
        matchesTextIn(query.q, communities.id, textSources, matchedIds),
        inBboxEither(query.bbox),
        sorting.after,
      ),
    )
    .orderBy(...sorting.orderBy)
    .limit(query.limit + 1)
  const page = toPage(rows, query.limit, query.sort, sorting)
  return withTerritory ? page : { ...page, items: page.items.map(({ territory: _territory, ...item }) => item) }
}

/** A community is in view when its point or any of its territory is. */
function inBboxEither(bbox: CommunityListQuery['bbox']): SQL | undefined {
  const byPoint = inBbox(communities.location, bbox)
  return byPoint && sql`(${byPoint} OR coalesce(${inBbox(communities.territory, bbox)}, false))`
}

/** Another live or deleted community with this SMS code (the code stays taken: old report cards still carry it). */
export async function findCommunityIdByIntakeCode(db: Db, intakeCode: string, exceptId?: string) {
  const [row] = await db
    .select({ id: communities.id })
    .from(communities)
    .where(and(eq(communities.intakeCode, intakeCode), exceptId ? ne(communities.id, exceptId) : undefined))
  return row
}

/**
 * The next number of the SMS code sequence that no community has: staff may have chosen a number
 * ahead of the sequence (e.g. 105 while it stood at 102), which the column default would collide with.
 */
export async function nextFreeIntakeCode(db: Db): Promise<string> {
  const [row] = await queryRows<{ code: string }>(
    db,
    sql`WITH RECURSIVE candidate(code) AS (
          SELECT nextval('communities_intake_code_seq')::text
          UNION ALL
          SELECT nextval('communities_intake_code_seq')::text FROM candidate
          WHERE EXISTS (SELECT 1 FROM communities c WHERE c.intake_code = candidate.code))
        SELECT code FROM candidate WHERE NOT EXISTS (SELECT 1 FROM communities c WHERE c.intake_code = candidate.code) LIMIT 1`,
  )
  return row!.code
}

export async function insertCommunity(db: Db, values: typeof communities.$inferInsert) {
  const [row] = await db.insert(communities).values(values).returning({ id: communities.id })
  return row!.id
}

/** Cases not closed that name this community: a community with open cases cannot be deleted. */
export async function findOpenCaseReferences(db: Db, communityId: string) {
  return db
    .select({ reference: legalCases.reference })
    .from(caseCommunities)
    .innerJoin(legalCases, eq(legalCases.id, caseCommunities.caseId))
    .where(and(eq(caseCommunities.communityId, communityId), isNull(legalCases.deletedAt), sql`${legalCases.stage} <> 'closed'`))
    .orderBy(legalCases.reference)
}

// ---- Plans --------------------------------------------------------------------------------

const planColumns = {
  id: communityPlans.id,
  communityId: communityPlans.communityId,
  communityName: communities.name,
  year: communityPlans.year,
  status: communityPlans.status,
  priorities: communityPlans.priorities,
  goals: communityPlans.goals,
  actions: communityPlans.actions,
  createdAt: communityPlans.createdAt,
  updatedAt: communityPlans.updatedAt,
  version: communityPlans.version,
}

function selectPlans<Extra extends Record<string, SQL> = Record<never, never>>(db: Db, extra?: Extra) {
  return db
    .select({ ...planColumns, ...(extra as Extra) })
    .from(communityPlans)
    .innerJoin(communities, eq(communities.id, communityPlans.communityId))
}

export async function findPlan(db: Db, id: string, viewer?: Viewer) {
  const [row] = await selectPlans(db).where(
    and(eq(communityPlans.id, id), isNull(communityPlans.deletedAt), viewer && ownCommunityScope(viewer, communityPlans.communityId)),
  )
  return row
}

const planSortable = { year: communityPlans.year, createdAt: communityPlans.createdAt, updatedAt: communityPlans.updatedAt }

export async function listPlans(db: Db, query: CommunityPlanListQuery, viewer: Viewer) {
  const sorting = resolveSorting(query.sort, query.cursor, planSortable, communityPlans.id)
  const rows = await selectPlans(db, { cursorKey: sorting.cursorKey })
    .where(
      and(
        isNull(communityPlans.deletedAt),
        ownCommunityScope(viewer, communityPlans.communityId),
        isNull(communities.deletedAt),
        query.community ? eq(communityPlans.communityId, query.community) : undefined,
        query.year ? eq(communityPlans.year, query.year) : undefined,
        isOneOf(communityPlans.status, query.status),
        matchesText(query.q, [communityPlans.priorities, communityPlans.goals, communityPlans.actions, communities.name]),
        sorting.after,
      ),
    )
    .orderBy(...sorting.orderBy)
    .limit(query.limit + 1)
  return toPage(rows, query.limit, query.sort, sorting)
}

export async function insertPlan(db: Db, values: typeof communityPlans.$inferInsert) {
  const [row] = await db.insert(communityPlans).values(values).returning({ id: communityPlans.id })
  return row!.id
}

/**
 * The viewer's own communities (the ones their account is linked to) and the districts and
 * communes they lie in: what a phone keeps to show them offline. Outlines are simplified as the map
 * draws them (admin-areas.queries.ts); a territory to ~5 m, finer than a phone's GPS.
 */
export async function findMyPlaces(db: Db, viewer: Viewer): Promise<MyPlaces> {
  if (viewer.communityIds.length === 0) return { communities: [], areas: [] }
  const ids = sql.join(
    viewer.communityIds.map((id) => sql`${id}::uuid`),
    sql`, `,
  )
  const mine = await db
    .select({
      id: communities.id,
      name: communities.name,
      nameKm: communities.nameKm,
      village: communities.village,
      commune: communities.commune,
      location: asGeoJson<Point>(communities.location),
      territory: sql<MultiPolygon | null>`CASE WHEN ${communities.territory} IS NULL THEN NULL
        ELSE ST_AsGeoJSON(ST_Multi(ST_SimplifyPreserveTopology(${communities.territory}, 0.00005)), 6)::json END`,
    })
    .from(communities)
    .where(and(sql`${communities.id} IN (${ids})`, isNull(communities.deletedAt)))
    .orderBy(communities.name)
  const areas = await db
    .select({
      id: adminAreas.id,
      level: adminAreas.level,
      name: adminAreas.name,
      nameKm: adminAreas.nameKm,
      boundary: sql<MultiPolygon>`ST_AsGeoJSON(ST_Multi(ST_SimplifyPreserveTopology(${adminAreas.boundary},
        CASE ${adminAreas.level} WHEN 2 THEN 0.001 ELSE 0.0005 END)), 6)::json`,
    })
    .from(adminAreas)
    .where(
      and(
        sql`${adminAreas.level} IN (2, 3)`,
        // Driven by the areas each community's place falls in (the boundaries' GiST index), not by
        // testing every district and commune of the country against the communities.
        sql`${adminAreas.id} IN (SELECT a.id FROM communities c JOIN admin_areas a ON ST_Intersects(a.boundary, c.location)
          WHERE c.id IN (${ids}) AND c.deleted_at IS NULL)`,
      ),
    )
    .orderBy(adminAreas.level, adminAreas.name)
  return { communities: mine, areas }
}
