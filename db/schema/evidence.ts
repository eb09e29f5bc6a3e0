import { sql } from 'drizzle-orm'
import {
  bigint,
  boolean,
  check,
  doublePrecision,
  index,
  integer,
  pgTable,
  smallint,
  text,
  timestamp,
  uuid,
  type AnyPgColumn,
} from 'drizzle-orm/pg-core'
import { activities } from './activities.ts'
import { intakeReports } from './intake.ts'
import { id, point, rowMeta, softDelete } from '../columns.ts'
import { legalCases } from './cases.ts'
import { communities } from './communities.ts'
import { incidents } from './incidents.ts'
import { parcels } from './parcels.ts'
import { users } from './users.ts'

/**
 * A file that proves something, identified by the SHA-256 of its bytes. The bytes live in the
 * content-addressed blob store (DATA_DIR/evidence/aa/bb/<sha256>): two records may share a blob.
 */
export const evidence = pgTable(
  'evidence',
  {
    id: id(),
    sha256: text('sha256').notNull(),
    sizeBytes: bigint('size_bytes', { mode: 'number' }).notNull(),
    /** The type sniffed from the bytes; it wins over what the client declared. */
    mediaType: text('media_type').notNull(),
    declaredType: text('declared_type'),
    /** As uploaded (any Unicode, Khmer included); metadata only, never used as a path. */
    originalFilename: text('original_filename'),
    title: text('title').notNull(),
    description: text('description'),
    capturedAt: timestamp('captured_at', { withTimezone: true }),
    /** The capture time as the camera wrote it (EXIF has no time zone unless OffsetTimeOriginal). */
    capturedAtText: text('captured_at_text'),
    capturedBy: text('captured_by'),
    location: point('location'),
    cameraMake: text('camera_make'),
    cameraModel: text('camera_model'),
    orientation: smallint('orientation'),
    pageCount: integer('page_count'),
    durationSeconds: doublePrecision('duration_seconds'),
    hasThumbnail: boolean('has_thumbnail').notNull().default(false),
    isConfidential: boolean('is_confidential').notNull().default(false),
    /** Exactly one of these says what the evidence is attached to. */
    incidentId: uuid('incident_id').references(() => incidents.id),
    caseId: uuid('case_id').references(() => legalCases.id),
    parcelId: uuid('parcel_id').references(() => parcels.id),
    communityId: uuid('community_id').references(() => communities.id),
    /**
     * A photo sent with a report from outside (public link, Telegram): kept confidential, so only
     * moderators see it, until the report is accepted and the file moves to its incident.
     */
    intakeReportId: uuid('intake_report_id').references((): AnyPgColumn => intakeReports.id),
    /** An attendance sheet or photo of a training, meeting or other activity. */
    activityId: uuid('activity_id').references((): AnyPgColumn => activities.id),
    uploadedByUserId: uuid('uploaded_by_user_id').references(() => users.id),
    /** Set when an admin purged the record (with a reason in the audit trail); the row stays. */
    purgedAt: timestamp('purged_at', { withTimezone: true }),
    ...rowMeta(),
    ...softDelete(),
  },
  (t) => [
    index('evidence_sha256_idx').on(t.sha256),
    index('evidence_incident_idx').on(t.incidentId),
    index('evidence_case_idx').on(t.caseId),
    index('evidence_parcel_idx').on(t.parcelId),
    index('evidence_community_idx').on(t.communityId),
    index('evidence_intake_report_idx').on(t.intakeReportId),
    index('evidence_activity_idx').on(t.activityId),
    index('evidence_location_gist').using('gist', t.location),
    check('evidence_sha256_format', sql`sha256 ~ '^[0-9a-f]{64}$'`),
    check('evidence_size_nonnegative', sql`size_bytes >= 0`),
    check('evidence_attached_to_one', sql`num_nonnulls(incident_id, case_id, parcel_id, community_id, intake_report_id, activity_id) = 1`),
  ],
)
