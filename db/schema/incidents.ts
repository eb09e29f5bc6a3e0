import { sql } from 'drizzle-orm'
import {
  boolean,
  check,
  date,
  doublePrecision,
  index,
  integer,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
  type AnyPgColumn,
} from 'drizzle-orm/pg-core'
import { id, multiPolygon, point, rowMeta, softDelete } from '../columns.ts'
import { communities } from './communities.ts'
import { importProvenance, importProvenanceIndexes } from './imports.ts'
import { users } from './users.ts'
import { datePrecision, incidentKind, incidentStatus, perpetratorKind, severity } from './enums.ts'

export const incidents = pgTable(
  'incidents',
  {
    id: id(),
    communityId: uuid('community_id').references(() => communities.id),
    title: text('title').notNull(),
    titleKm: text('title_km'),
    kind: incidentKind('kind').notNull(),
    status: incidentStatus('status').notNull().default('reported'),
    severity: severity('severity').notNull().default('medium'),
    perpetratorKind: perpetratorKind('perpetrator_kind').notNull().default('unknown'),
    perpetratorName: text('perpetrator_name'),
    // Never null, so every list sorts on an index: an unknown date is stored as the report's own
    // time, and occurredPrecision says how much of it to believe and show.
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull(),
    occurredPrecision: datePrecision('occurred_precision').notNull().default('day'),
    householdsAffected: integer('households_affected'),
    peopleAffected: integer('people_affected'),
    description: text('description'),
    province: text('province').notNull(),
    district: text('district'),
    commune: text('commune'),
    village: text('village'),
    location: point('location').notNull(),
    affectedArea: multiPolygon('affected_area'),
    affectedAreaHa: doublePrecision('affected_area_ha').generatedAlwaysAs(sql`ST_Area(affected_area::geography) / 10000`),
    isConfidential: boolean('is_confidential').notNull().default(false),
    dismissalReason: text('dismissal_reason'),
    verifiedAt: timestamp('verified_at', { withTimezone: true }),
    // Provenance: who reported it and where the account comes from.
    reportedBy: text('reported_by'),
    /** The account that filed the report: a community representative may edit it until it is verified. */
    reportedByUserId: uuid('reported_by_user_id').references((): AnyPgColumn => users.id),
    sourceUrl: text('source_url'),
    sourceDate: date('source_date'),
    /**
     * The id the reporting device gave the report before sending it: a device that sends the
     * same report again (its connection dropped before the answer arrived) gets the first one back.
     */
    clientReportId: uuid('client_report_id'),
    ...importProvenance(),
    ...rowMeta(),
    ...softDelete(),
  },
  (t) => [
    index('incidents_location_gist').using('gist', t.location),
    index('incidents_affected_area_gist').using('gist', t.affectedArea),
    index('incidents_status_occurred_idx').on(t.status, t.occurredAt),
    // Every sort the list offers reads a (column, id) index in order: no sort step, O(page) keyset pages.
    index('incidents_occurred_at_id_idx').on(t.occurredAt, t.id),
    index('incidents_created_at_id_idx').on(t.createdAt, t.id),
    index('incidents_updated_at_id_idx').on(t.updatedAt, t.id),
    index('incidents_community_idx').on(t.communityId),
    index('incidents_kind_idx').on(t.kind),
    index('incidents_province_idx').on(t.province),
    uniqueIndex('incidents_client_report_id_key').on(t.clientReportId),
    index('incidents_title_trgm').using('gin', t.title.op('gin_trgm_ops')),
    index('incidents_title_km_trgm').using('gin', t.titleKm.op('gin_trgm_ops')),
    index('incidents_description_trgm').using('gin', t.description.op('gin_trgm_ops')),
    index('incidents_perpetrator_name_trgm').using('gin', t.perpetratorName.op('gin_trgm_ops')),
    ...importProvenanceIndexes('incidents', t),
    check('incidents_affected_area_valid', sql`affected_area IS NULL OR ST_IsValid(affected_area)`),
    check('incidents_counts_nonnegative', sql`coalesce(households_affected, 0) >= 0 AND coalesce(people_affected, 0) >= 0`),
    check('incidents_dismissal_has_reason', sql`status <> 'dismissed' OR dismissal_reason IS NOT NULL`),
  ],
)
