// The SQL of backups (lib/backup.ts, lib/backup-verify.ts): what a backup records about the
// database, read the same way from the live database and from a restored copy.
import { sql } from 'drizzle-orm'
import { queryRows, type Db } from '../../db/open.ts'

/** Rows in every table of the public schema, by table name. */
export async function countRowsPerTable(db: Db): Promise<Record<string, number>> {
  const tables = await queryRows<{ name: string }>(
    db,
    sql`SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`,
  )
  const counts: Record<string, number> = {}
  for (const { name } of tables) {
    const [row] = await queryRows<{ n: number | string }>(db, sql`SELECT count(*) AS n FROM ${sql.identifier(name)}`)
    counts[name] = Number(row?.n ?? 0)
  }
  return counts
}

/** How many migrations are applied and when the newest one was written (drizzle's journal `when`). */
export async function findMigrationLevel(db: Db): Promise<{ applied: number; newestCreatedAt: number | null }> {
  const [row] = await queryRows<{ applied: number | string; newest: number | string | null }>(
    db,
    sql`SELECT count(*) AS applied, max(created_at) AS newest FROM drizzle.__drizzle_migrations`,
  )
  return { applied: Number(row?.applied ?? 0), newestCreatedAt: row?.newest == null ? null : Number(row.newest) }
}

/**
 * Every blob the database needs: live (not purged) evidence, and the source files of GIS imports,
 * with the size recorded for it. Ordered by hash.
 */
export async function findNeededBlobs(db: Db): Promise<{ sha256: string; sizeBytes: number; isEvidence: boolean }[]> {
  const rows = await queryRows<{ sha256: string; sizeBytes: number | string; isEvidence: boolean }>(
    db,
    sql`SELECT sha256, max(size_bytes) AS "sizeBytes", bool_or(is_evidence) AS "isEvidence" FROM (
          SELECT sha256, size_bytes, true AS is_evidence FROM evidence WHERE purged_at IS NULL
          UNION ALL
          SELECT file_sha256, file_size, false FROM imports
        ) needed
        GROUP BY sha256 ORDER BY sha256`,
  )
  return rows.map((row) => ({ sha256: row.sha256, sizeBytes: Number(row.sizeBytes), isEvidence: row.isEvidence }))
}

/** Whether the database holds anything at all: any table outside the system's (PostGIS's own excepted). */
export async function hasAnyTables(db: Db): Promise<boolean> {
  const [row] = await queryRows<{ n: number | string }>(
    db,
    sql`SELECT count(*) AS n FROM pg_tables
        WHERE schemaname NOT IN ('pg_catalog', 'information_schema') AND tablename <> 'spatial_ref_sys'`,
  )
  return Number(row?.n ?? 0) > 0
}
