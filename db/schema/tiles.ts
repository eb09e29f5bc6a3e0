import { bigint, pgTable, text } from 'drizzle-orm/pg-core'

/**
 * A change counter per table, bumped by a statement-level trigger on every write (migration 0012):
 * the map's vector tiles derive their ETag from the counters of the tables they read.
 */
export const tableVersions = pgTable('table_versions', {
  tableName: text('table_name').primaryKey(),
  version: bigint('version', { mode: 'number' }).notNull().default(0),
})
