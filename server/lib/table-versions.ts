// Change counters per table (table_versions, bumped by a statement-level trigger in the writer's
// transaction): what a tile or a statistics answer read is unchanged while its tables' counters
// are. Shared by every server process on one database, so caches built on them agree.
import { inArray } from 'drizzle-orm'
import type { Db } from '../../db/open.ts'
import { tableVersions } from '../../db/schema/index.ts'

/** The change counters of `tables` (0 for a table never written). */
export async function versionsOf(db: Db, tables: readonly string[]): Promise<Record<string, number>> {
  const rows = await db
    .select({ tableName: tableVersions.tableName, version: tableVersions.version })
    .from(tableVersions)
    .where(inArray(tableVersions.tableName, [...tables]))
  return Object.fromEntries(tables.map((table) => [table, rows.find((row) => row.tableName === table)?.version ?? 0]))
}
