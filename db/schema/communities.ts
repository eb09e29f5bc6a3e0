import { sql } from 'drizzle-orm'
import {
  boolean,
  check,
  date,
  doublePrecision,
  index,
  integer,
  pgTable,
  smallint,
  text,
  uniqueIndex,
  uuid,
  type AnyPgColumn,
} from 'drizzle-orm/pg-core'
import { id, multiPolygon, point, rowMeta, softDelete } from '../columns.ts'
import { importProvenance, importProvenanceIndexes } from './imports.ts'
import { committeeRole, communityKind, communityStatus, planStatus, sex } from './enums.ts'

export const communities = pgTable(
  'communities',
  {
    id: id(),
    name: text('name').notNull(),
    nameKm: text('name_km'),
    kind: communityKind('kind').notNull(),
    status: communityStatus('status').notNull().default('forming'),
    province: text('province').notNull(),
    district: text('district'),
    commune: text('commune'),
    village: text('village'),
    households: integer('households'),
    members: integer('members'),
    womenMembers: integer('women_members'),
    youthMembers: integer('youth_members'),
    // Sensitive: leaders of land communities are targets of intimidation and arrest.
    leaderName: text('leader_name'),
    leaderPhone: text('leader_phone'),
    description: text('description'),
    /** Year the community was founded or joined the network; drives "new community" targets. */
    establishedYear: smallint('established_year'),
    /**
     * The short code a sender types in an SMS report ("DEY <code> <kind> <text>"): digits and
     * capital letters, unique, printed on the community's report card. Numbered from 101 unless
     * staff choose one: digits are what a feature phone types fastest.
     */
    intakeCode: text('intake_code').default(sql`nextval('communities_intake_code_seq')::text`),
    networkId: uuid('network_id').references((): AnyPgColumn => communities.id),
    location: point('location').notNull(),
    territory: multiPolygon('territory'),
    territoryAreaHa: doublePrecision('territory_area_ha').generatedAlwaysAs(sql`ST_Area(territory::geography) / 10000`),
    ...importProvenance(),
    ...rowMeta(),
    ...softDelete(),
  },
  (t) => [
    index('communities_location_gist').using('gist', t.location),
    index('communities_territory_gist').using('gist', t.territory),
    // Every sort the list offers reads a (column, id) index in order: no sort step, O(page) keyset pages.
    index('communities_name_id_idx').on(t.name, t.id),
    index('communities_province_id_idx').on(t.province, t.id),
    index('communities_created_at_id_idx').on(t.createdAt, t.id),
    index('communities_updated_at_id_idx').on(t.updatedAt, t.id),
    index('communities_kind_status_idx').on(t.kind, t.status),
    index('communities_network_idx').on(t.networkId),
    uniqueIndex('communities_intake_code_key').on(t.intakeCode),
    // Trigram indexes serve `q` search, which must match inside Khmer words (no spaces).
    index('communities_name_trgm').using('gin', t.name.op('gin_trgm_ops')),
    index('communities_name_km_trgm').using('gin', t.nameKm.op('gin_trgm_ops')),
    index('communities_village_trgm').using('gin', t.village.op('gin_trgm_ops')),
    ...importProvenanceIndexes('communities', t),
    check('communities_territory_valid', sql`territory IS NULL OR ST_IsValid(territory)`),
    check(
      'communities_counts_nonnegative',
      sql`coalesce(households, 0) >= 0 AND coalesce(members, 0) >= 0
      AND coalesce(women_members, 0) >= 0 AND coalesce(youth_members, 0) >= 0`,
    ),
  ],
)

export const communityPlans = pgTable(
  'community_plans',
  {
    id: id(),
    communityId: uuid('community_id')
      .notNull()
      .references(() => communities.id),
    year: smallint('year').notNull(),
    status: planStatus('status').notNull().default('draft'),
    priorities: text('priorities'),
    goals: text('goals'),
    actions: text('actions'),
    ...rowMeta(),
    ...softDelete(),
  },
  (t) => [
    index('community_plans_community_year_idx').on(t.communityId, t.year),
    index('community_plans_year_id_idx').on(t.year, t.id),
    index('community_plans_created_at_id_idx').on(t.createdAt, t.id),
    index('community_plans_updated_at_id_idx').on(t.updatedAt, t.id),
    check('community_plans_year_range', sql`year BETWEEN 1990 AND 2100`),
  ],
)

/**
 * The people on a community's committee, for "women in leadership roles". Names are sensitive
 * (leaders of land communities are targets of intimidation and arrest): advocates and reports get
 * counts, never names.
 */
export const committeeMembers = pgTable(
  'committee_members',
  {
    id: id(),
    communityId: uuid('community_id')
      .notNull()
      .references(() => communities.id),
    name: text('name').notNull(),
    sex: sex('sex').notNull(),
    role: committeeRole('role').notNull(),
    /** Aged 15–30 when they took the role (the youth band of the activities' participants). */
    isYouth: boolean('is_youth').notNull().default(false),
    startedOn: date('started_on'),
    /** The day they left the role; null while they hold it. */
    endedOn: date('ended_on'),
    ...rowMeta(),
    ...softDelete(),
  },
  (t) => [
    index('committee_members_community_idx').on(t.communityId),
    check('committee_members_dates_ordered', sql`ended_on IS NULL OR started_on IS NULL OR ended_on >= started_on`),
  ],
)
