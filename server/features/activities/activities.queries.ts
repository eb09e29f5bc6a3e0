// All SQL of activities and the communities they involved.
import { and, eq, gte, isNull, lte, sql, type SQL } from 'drizzle-orm'
import type { PgInsertValue, PgUpdateSetSource } from 'drizzle-orm/pg-core'
import { asGeoJsonOrNull } from '../../../db/columns.ts'
import type { Db } from '../../../db/open.ts'
import { activities, activityCommunities, communities, evidence } from '../../../db/schema/index.ts'
import type { Activity, ActivityListQuery, ActivityTotals } from '../../../shared/activities.ts'
import type { PointGeometry } from '../../../shared/geo.ts'
import { isOneOf, matchesText, resolveSorting, toPage } from '../../lib/list-query.ts'
import { activityScope, evidenceScope, type Viewer } from '../../lib/policy.ts'

/**
 * The listed activity's id, qualified by hand: Drizzle leaves a column of a one-table SELECT
 * unqualified, and a bare "id" in the subqueries below would name their own tables' ids.
 */
const activityId = sql`"activities"."id"`

/**
 * The involved communities in the same SELECT (a page of activities is one query). A deleted
 * community keeps its name on its activities: the history stays readable.
 */
const communitiesOfActivity = sql<Activity['communities']>`(SELECT coalesce(json_agg(json_build_object(
    'id', c.id, 'name', c.name, 'nameKm', c.name_km, 'kind', c.kind) ORDER BY c.name, c.id), '[]'::json)
  FROM ${activityCommunities} ac JOIN ${communities} c ON c.id = ac.community_id WHERE ac.activity_id = ${activityId})`

/** Attachments the viewer may see: the evidence scope, as every evidence list applies it. */
const evidenceCountOf = (viewer: Viewer | undefined) =>
  sql<number>`(SELECT count(*)::int FROM ${evidence} WHERE "evidence"."activity_id" = ${activityId}
    AND "evidence"."deleted_at" IS NULL AND "evidence"."purged_at" IS NULL
    ${viewer ? sql`AND ${evidenceScope(viewer, evidence) ?? sql`true`}` : sql``})`

const activityColumns = (viewer: Viewer | undefined) => ({
  id: activities.id,
  kind: activities.kind,
  topic: activities.topic,
  title: activities.title,
  startedOn: activities.startedOn,
  endedOn: activities.endedOn,
  province: activities.province,
  district: activities.district,
  commune: activities.commune,
  village: activities.village,
  location: asGeoJsonOrNull<PointGeometry>(activities.location),
  communities: communitiesOfActivity,
  participantsWomen: activities.participantsWomen,
  participantsMen: activities.participantsMen,
  participantsYouth: activities.participantsYouth,
  facilitators: activities.facilitators,
  costUsd: activities.costUsd,
  notes: activities.notes,
  evidenceCount: evidenceCountOf(viewer),
  createdByUserId: activities.createdByUserId,
  createdAt: activities.createdAt,
  updatedAt: activities.updatedAt,
  version: activities.version,
})

type ActivityRowColumns = Omit<Activity, 'participants'> & { participantsWomen: number; participantsMen: number; participantsYouth: number }

/** The row as the API shows it: head counts grouped, with their total. */
function toActivity<Row extends ActivityRowColumns>({ participantsWomen, participantsMen, participantsYouth, ...row }: Row) {
  return {
    ...row,
    participants: { women: participantsWomen, men: participantsMen, youth: participantsYouth, total: participantsWomen + participantsMen },
  }
}

export type ActivityRow = NonNullable<Awaited<ReturnType<typeof findActivity>>>

/** A live activity the viewer may see (any live one when no viewer is given: internal checks). */
export async function findActivity(db: Db, id: string, viewer?: Viewer) {
  const [row] = await db
    .select(activityColumns(viewer))
    .from(activities)
    .where(and(eq(activities.id, id), isNull(activities.deletedAt), viewer && activityScope(viewer, activityId)))
  return row && toActivity(row)
}

const sortable = { startedOn: activities.startedOn, createdAt: activities.createdAt, updatedAt: activities.updatedAt }

/** The rows a list query selects, on every page: shared by the list and its totals. */
function listConditions(query: ActivityListQuery, viewer: Viewer): SQL | undefined {
  return and(
    isNull(activities.deletedAt),
    activityScope(viewer, activityId),
    isOneOf(activities.kind, query.kind),
    isOneOf(activities.topic, query.topic),
    query.community
      ? sql`EXISTS (SELECT 1 FROM ${activityCommunities} ac WHERE ac.activity_id = ${activityId} AND ac.community_id = ${query.community})`
      : undefined,
    query.province ? eq(activities.province, query.province) : undefined,
    // Days as the user means them, compared as dates: no time zone is involved.
    query.from ? gte(activities.startedOn, query.from) : undefined,
    query.to ? lte(activities.startedOn, query.to) : undefined,
    matchesText(query.q, [activities.title]),
  )
}

export async function listActivities(db: Db, query: ActivityListQuery, viewer: Viewer) {
  const sorting = resolveSorting(query.sort, query.cursor, sortable, activities.id)
  const rows = await db
    .select({ ...activityColumns(viewer), cursorKey: sorting.cursorKey })
    .from(activities)
    .where(and(listConditions(query, viewer), sorting.after))
    .orderBy(...sorting.orderBy)
    .limit(query.limit + 1)
  const page = toPage(rows, query.limit, query.sort, sorting)
  return { ...page, items: page.items.map(toActivity) }
}

export async function sumActivities(db: Db, query: ActivityListQuery, viewer: Viewer): Promise<ActivityTotals> {
  const [row] = await db
    .select({
      activities: sql<number>`count(*)::int`,
      women: sql<number>`coalesce(sum(${activities.participantsWomen}), 0)::int`,
      men: sql<number>`coalesce(sum(${activities.participantsMen}), 0)::int`,
      youth: sql<number>`coalesce(sum(${activities.participantsYouth}), 0)::int`,
    })
    .from(activities)
    .where(listConditions(query, viewer))
  const { activities: count, women, men, youth } = row!
  return { activities: count, participants: { women, men, youth, total: women + men } }
}

export async function insertActivity(db: Db, values: PgInsertValue<typeof activities>): Promise<string> {
  const [row] = await db.insert(activities).values(values).returning({ id: activities.id })
  return row!.id
}

/** The activity's communities become exactly these (the activity's version moves with them). */
export async function replaceActivityCommunities(db: Db, activityId: string, communityIds: readonly string[]) {
  await db.delete(activityCommunities).where(eq(activityCommunities.activityId, activityId))
  await db.insert(activityCommunities).values(communityIds.map((communityId) => ({ activityId, communityId })))
}

/** Where a community is: the place an activity without a province or location takes. */
export async function findCommunityPlace(db: Db, communityId: string) {
  const [row] = await db
    .select({ province: communities.province, district: communities.district, commune: communities.commune, village: communities.village })
    .from(communities)
    .where(eq(communities.id, communityId))
  return row
}

export type ActivityChanges = PgUpdateSetSource<typeof activities>
