import { sql } from 'drizzle-orm'
import { bigint, check, index, jsonb, pgTable, smallint, text, timestamp, uuid } from 'drizzle-orm/pg-core'
import type { DossierBody, DossierRedaction } from '../../shared/dossiers.ts'
import { id } from '../columns.ts'
import { users } from './users.ts'

/**
 * A dossier export job. The ZIP lives in DATA_DIR/exports/<id>.zip until expiresAt, then the file
 * is deleted (fileDeletedAt) and the row stays as the record of what was exported.
 */
export const exports = pgTable(
  'exports',
  {
    id: id(),
    /** 'case' or 'community'. */
    target: text('target').notNull(),
    targetId: uuid('target_id').notNull(),
    language: text('language').notNull(),
    /** queued → running → done | failed. */
    status: text('status').notNull().default('queued'),
    percent: smallint('percent').notNull().default(0),
    error: text('error'),
    requested: jsonb('requested').$type<DossierBody>().notNull(),
    effective: jsonb('effective').$type<DossierRedaction>().notNull(),
    createdByUserId: uuid('created_by_user_id')
      .notNull()
      .references(() => users.id),
    sizeBytes: bigint('size_bytes', { mode: 'number' }),
    sha256: text('sha256'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    startedAt: timestamp('started_at', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    expiresAt: timestamp('expires_at', { withTimezone: true }),
    fileDeletedAt: timestamp('file_deleted_at', { withTimezone: true }),
  },
  (t) => [
    index('exports_created_by_idx').on(t.createdByUserId),
    index('exports_status_idx').on(t.status),
    check('exports_target_kind', sql`target IN ('case', 'community')`),
    check('exports_status_kind', sql`status IN ('queued', 'running', 'done', 'failed')`),
    check('exports_percent_range', sql`percent BETWEEN 0 AND 100`),
  ],
)
