import { sql } from 'drizzle-orm'
import { check, date, index, integer, numeric, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core'
import { id, point, rowMeta, softDelete } from '../columns.ts'
import { communities } from './communities.ts'
import { activityKind, activityTopic } from './enums.ts'
import { users } from './users.ts'

/**
 * The work that builds the movement: trainings, meetings, exchanges, campaigns, legal-awareness
 * sessions. Program targets and the funders' indicators are counted from these rows.
 */
export const activities = pgTable(
  'activities',
  {
    id: id(),
    kind: activityKind('kind').notNull(),
    topic: activityTopic('topic'),
    title: text('title').notNull(),
    startedOn: date('started_on').notNull(),
    /** The last day of an activity of several days; null for one day. */
    endedOn: date('ended_on'),
    province: text('province').notNull(),
    district: text('district'),
    commune: text('commune'),
    village: text('village'),
    location: point('location'),
    /** Participants by sex; youth (15–30) is an age band counted among the women and men, not beside them. */
    participantsWomen: integer('participants_women').notNull().default(0),
    participantsMen: integer('participants_men').notNull().default(0),
    participantsYouth: integer('participants_youth').notNull().default(0),
    /** Names of who led it (staff, partner trainers); not personal data of participants. */
    facilitators: text('facilitators'),
    costUsd: numeric('cost_usd', { precision: 12, scale: 2, mode: 'number' }),
    notes: text('notes'),
    createdByUserId: uuid('created_by_user_id').references(() => users.id),
    ...rowMeta(),
    ...softDelete(),
  },
  (t) => [
    index('activities_started_on_id_idx').on(t.startedOn, t.id),
    index('activities_kind_started_on_idx').on(t.kind, t.startedOn),
    index('activities_province_id_idx').on(t.province, t.id),
    index('activities_created_at_id_idx').on(t.createdAt, t.id),
    index('activities_updated_at_id_idx').on(t.updatedAt, t.id),
    index('activities_location_gist').using('gist', t.location),
    check('activities_dates_ordered', sql`ended_on IS NULL OR ended_on >= started_on`),
    check(
      'activities_participants_valid',
      sql`participants_women >= 0 AND participants_men >= 0 AND participants_youth >= 0
      AND participants_youth <= participants_women + participants_men`,
    ),
    check('activities_cost_nonnegative', sql`cost_usd IS NULL OR cost_usd >= 0`),
  ],
)

/** The communities and groups an activity involved (at least one; the service checks it). */
export const activityCommunities = pgTable(
  'activity_communities',
  {
    activityId: uuid('activity_id')
      .notNull()
      .references(() => activities.id),
    communityId: uuid('community_id')
      .notNull()
      .references(() => communities.id),
  },
  (t) => [primaryKey({ columns: [t.activityId, t.communityId] }), index('activity_communities_community_idx').on(t.communityId)],
)
