import { sql } from 'drizzle-orm'
import { bigint, boolean, check, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import type { PgColumn } from 'drizzle-orm/pg-core'
import type { ImportMapping, ImportOptions, ImportRepair } from '../../shared/import-jobs.ts'
import { id, rowMeta } from '../columns.ts'
import { importTarget } from './enums.ts'
import { users } from './users.ts'

/**
 * One GIS file brought into Dey: the file (kept in the blob store under its SHA-256, as evidence
 * of where the records came from), what was found in it, how its columns map to Dey's fields,
 * and the progress and outcome of its dry run and commit.
 */
export const imports = pgTable(
  'imports',
  {
    id: id(),
    /** uploaded → dry_run_running → dry_run_done → committing → committed | failed; committed → undone. */
    status: text('status').notNull().default('uploaded'),
    /** Who published the data, e.g. "Open Development Cambodia — ELC 2012": with externalId, the identity of a record. */
    sourceName: text('source_name').notNull(),
    licence: text('licence'),
    fileName: text('file_name').notNull(),
    fileSha256: text('file_sha256').notNull(),
    fileSize: bigint('file_size', { mode: 'number' }).notNull(),
    format: text('format').notNull(),
    /** What inspecting the file found: layers, CRS, columns with samples (shared/imports.ts). */
    inspection: jsonb('inspection').notNull(),
    target: importTarget('target'),
    options: jsonb('options').$type<ImportOptions>(),
    mapping: jsonb('mapping').$type<ImportMapping>(),
    featureCount: integer('feature_count'),
    processed: integer('processed').notNull().default(0),
    created: integer('created').notNull().default(0),
    updated: integer('updated').notNull().default(0),
    unchanged: integer('unchanged').notNull().default(0),
    refused: integer('refused').notNull().default(0),
    error: text('error'),
    createdByUserId: uuid('created_by_user_id')
      .notNull()
      .references(() => users.id),
    committedAt: timestamp('committed_at', { withTimezone: true }),
    undoneAt: timestamp('undone_at', { withTimezone: true }),
    undoneByUserId: uuid('undone_by_user_id').references(() => users.id),
    ...rowMeta(),
  },
  (t) => [
    index('imports_created_at_idx').on(t.createdAt),
    check('imports_sha256_format', sql`file_sha256 ~ '^[0-9a-f]{64}$'`),
    check(
      'imports_status_kind',
      sql`status IN ('uploaded', 'dry_run_running', 'dry_run_done', 'committing', 'committed', 'failed', 'undone')`,
    ),
  ],
)

/**
 * What happened to each feature of an import: the dry run's forecast (isDryRun) or the commit's
 * outcome. A commit's items are how it is undone: created records are hidden again, updated ones
 * get `previous` back.
 */
export const importItems = pgTable(
  'import_items',
  {
    id: id(),
    importId: uuid('import_id')
      .notNull()
      .references(() => imports.id),
    isDryRun: boolean('is_dry_run').notNull(),
    featureIndex: integer('feature_index').notNull(),
    externalId: text('external_id'),
    label: text('label'),
    /** created | updated | unchanged | refused */
    action: text('action').notNull(),
    recordId: uuid('record_id'),
    reason: text('reason'),
    repair: jsonb('repair').$type<ImportRepair>(),
    /** The record's fields before this import updated it (column name → value as the API returns it). */
    previous: jsonb('previous'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('import_items_feature_key').on(t.importId, t.isDryRun, t.featureIndex),
    check('import_items_action_kind', sql`action IN ('created', 'updated', 'unchanged', 'refused')`),
  ],
)

/** Where an imported record came from; on the tables a file can be imported into. */
export const importProvenance = () => ({
  importId: uuid('import_id').references(() => imports.id),
  /** The source's own name for the record's publisher (imports.source_name), kept on the row for matching. */
  externalSource: text('external_source'),
  /** The record's id in the source (an ODC map_id, a survey's plot number). */
  externalId: text('external_id'),
})

/**
 * Re-importing a source updates the records it made instead of duplicating them: one live record
 * per source and external id.
 */
export const importProvenanceIndexes = (table: string, t: { externalSource: PgColumn; externalId: PgColumn; importId: PgColumn }) => [
  uniqueIndex(`${table}_external_key`)
    .on(t.externalSource, t.externalId)
    .where(sql`deleted_at IS NULL AND external_id IS NOT NULL`),
  index(`${table}_import_idx`).on(t.importId),
]
