// The activities of a period for the yearly program report (features/program-report): every one,
// unpaged, with only what the report may print — no facilitators, notes, costs, exact locations,
// villages or who recorded it. The report is handed to funders; leaders of land communities are
// targets of intimidation, so nothing here names a person.
import { and, asc, eq, gte, isNull, lte, sql, type SQL } from 'drizzle-orm'
import type { Db } from '../../../db/open.ts'
import { activities, activityCommunities, communities } from '../../../db/schema/index.ts'
import type { Participants } from '../../../shared/activities.ts'
import type { ActivityKind, ActivityTopic } from '../../../shared/vocabularies.ts'
import { isLimitedToOwnCommunities, type Viewer } from '../../lib/policy.ts'

export interface ReportActivity {
  kind: ActivityKind
  topic: ActivityTopic | null
  title: string
  /** Calendar days, YYYY-MM-DD. */
  startedOn: string
  endedOn: string | null
  province: string
  /** Live communities involved, by name. */
  communities: { name: string; nameKm: string | null }[]
  participants: Participants
}

/** `from`/`to` are days in Cambodia (YYYY-MM-DD), inclusive, on the day an activity began. */
export interface ReportActivityPeriod {
  from: string
  to: string
  province?: string | undefined
}

const communitiesOfActivity = sql<{ name: string; nameKm: string | null }[]>`coalesce((
  SELECT json_agg(json_build_object('name', c.name, 'nameKm', c.name_km) ORDER BY c.name, c.id)
  FROM ${activityCommunities} ac JOIN ${communities} c ON c.id = ac.community_id
  WHERE ac.activity_id = ${activities}.id AND c.deleted_at IS NULL), '[]'::json)`

export async function listActivitiesForReport(db: Db, period: ReportActivityPeriod, viewer: Viewer): Promise<ReportActivity[]> {
  const rows = await db
    .select({
      kind: activities.kind,
      topic: activities.topic,
      title: activities.title,
      startedOn: activities.startedOn,
      endedOn: activities.endedOn,
      province: activities.province,
      communities: communitiesOfActivity,
      women: activities.participantsWomen,
      men: activities.participantsMen,
      youth: activities.participantsYouth,
    })
    .from(activities)
    .where(
      and(
        isNull(activities.deletedAt),
        gte(activities.startedOn, period.from),
        lte(activities.startedOn, period.to),
        period.province ? eq(activities.province, period.province) : undefined,
        ownActivitiesScope(viewer),
      ),
    )
    .orderBy(asc(activities.startedOn), asc(activities.title), asc(activities.id))
  return rows.map(({ women, men, youth, ...row }) => ({ ...row, participants: { women, men, youth, total: women + men } }))
}

/** A representative reads the activities of their own communities only (the report's roles never are one today). */
function ownActivitiesScope(viewer: Viewer): SQL | undefined {
  if (!isLimitedToOwnCommunities(viewer)) return undefined
  const ids = [...viewer.communityIds]
  if (ids.length === 0) return sql`false`
  return sql`EXISTS (SELECT 1 FROM ${activityCommunities} ac WHERE ac.activity_id = ${activities}.id
    AND ac.community_id IN (${sql.join(
      ids.map((id) => sql`${id}`),
      sql`, `,
    )}))`
}
