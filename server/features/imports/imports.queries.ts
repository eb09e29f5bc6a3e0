// All SQL of imports: the job rows, their per-feature items, and the look-ups an import makes in
// the layers it writes to (a record by source and external id, a community by name).
import { and, desc, eq, getTableName, inArray, isNull, sql, type SQL } from 'drizzle-orm'
import type { MultiPolygon, Point, Polygon } from 'geojson'
import { asGeoJsonOrNull } from '../../../db/columns.ts'
import { queryRows, type Db } from '../../../db/open.ts'
import { communities, importItems, imports } from '../../../db/schema/index.ts'
import type { ImportItem, ImportJob } from '../../../shared/import-jobs.ts'
import type { Target } from './import-targets.ts'

export type ImportRow = typeof imports.$inferSelect
export type NewImportItem = typeof importItems.$inferInsert

const jobColumns = {
  id: imports.id,
  status: imports.status,
  sourceName: imports.sourceName,
  licence: imports.licence,
  fileName: imports.fileName,
  fileSha256: imports.fileSha256,
  fileSize: imports.fileSize,
  format: imports.format,
  inspection: imports.inspection,
  target: imports.target,
  options: imports.options,
  mapping: imports.mapping,
  featureCount: imports.featureCount,
  processed: imports.processed,
  created: imports.created,
  updated: imports.updated,
  unchanged: imports.unchanged,
  refused: imports.refused,
  error: imports.error,
  createdByUserId: imports.createdByUserId,
  createdAt: sql<string>`to_char(${imports.createdAt} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`,
  committedAt: sql<string | null>`to_char(${imports.committedAt} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`,
  undoneAt: sql<string | null>`to_char(${imports.undoneAt} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`,
}

export async function insertImport(db: Db, values: typeof imports.$inferInsert): Promise<string> {
  const [row] = await db.insert(imports).values(values).returning({ id: imports.id })
  return row!.id
}

export async function findImport(db: Db, id: string): Promise<ImportJob | undefined> {
  const [row] = await db.select(jobColumns).from(imports).where(eq(imports.id, id))
  return row as ImportJob | undefined
}

export async function listImports(db: Db, limit: number): Promise<ImportJob[]> {
  const rows = await db.select(jobColumns).from(imports).orderBy(desc(imports.createdAt), desc(imports.id)).limit(limit)
  return rows as ImportJob[]
}

/** Moves a job from one of `from` to `to` (with extra changes); false when it was in none of them. */
export async function moveImport(
  db: Db,
  id: string,
  from: readonly string[],
  to: string,
  changes: Partial<typeof imports.$inferInsert> = {},
) {
  const rows = await db
    .update(imports)
    .set({ ...changes, status: to, updatedAt: sql`now()`, version: sql`${imports.version} + 1` })
    .where(and(eq(imports.id, id), inArray(imports.status, [...from])))
    .returning({ id: imports.id })
  return rows.length === 1
}

export async function updateImport(db: Db, id: string, changes: Partial<typeof imports.$inferInsert>) {
  await db
    .update(imports)
    .set({ ...changes, updatedAt: sql`now()` })
    .where(eq(imports.id, id))
}

/** Adds a batch's outcome to the job's counters, in the batch's own transaction. */
export async function addCounts(db: Db, id: string, counts: Record<'processed' | 'created' | 'updated' | 'unchanged' | 'refused', number>) {
  await db
    .update(imports)
    .set({
      processed: sql`${imports.processed} + ${counts.processed}`,
      created: sql`${imports.created} + ${counts.created}`,
      updated: sql`${imports.updated} + ${counts.updated}`,
      unchanged: sql`${imports.unchanged} + ${counts.unchanged}`,
      refused: sql`${imports.refused} + ${counts.refused}`,
      updatedAt: sql`now()`,
    })
    .where(eq(imports.id, id))
}

export async function insertItems(db: Db, items: NewImportItem[]) {
  if (items.length > 0) await db.insert(importItems).values(items)
}

export async function deleteDryRunItems(db: Db, importId: string) {
  await db.delete(importItems).where(and(eq(importItems.importId, importId), eq(importItems.isDryRun, true)))
}

/** The features a commit has already written (a commit interrupted by a restart resumes after them). */
export async function findCommittedItems(db: Db, importId: string) {
  return db
    .select({ featureIndex: importItems.featureIndex, externalId: importItems.externalId, action: importItems.action })
    .from(importItems)
    .where(and(eq(importItems.importId, importId), eq(importItems.isDryRun, false)))
}

export async function hasCommittedItems(db: Db, importId: string): Promise<boolean> {
  const rows = await queryRows<{ found: boolean }>(
    db,
    sql`SELECT EXISTS (SELECT 1 FROM import_items WHERE import_id = ${importId} AND NOT is_dry_run) AS found`,
  )
  return rows[0]?.found === true
}

/** A run's items in file order; `page` narrows them to one outcome and a window (the wizard's lists). */
export async function listItems(
  db: Db,
  importId: string,
  isDryRun: boolean,
  page: { action?: ImportItem['action'] | undefined; limit?: number; offset?: number } = {},
): Promise<ImportItem[]> {
  const rows = await db
    .select({
      featureIndex: importItems.featureIndex,
      externalId: importItems.externalId,
      label: importItems.label,
      action: importItems.action,
      recordId: importItems.recordId,
      reason: importItems.reason,
      repair: importItems.repair,
    })
    .from(importItems)
    .where(
      and(
        eq(importItems.importId, importId),
        eq(importItems.isDryRun, isDryRun),
        page.action ? eq(importItems.action, page.action) : undefined,
      ),
    )
    .orderBy(importItems.featureIndex)
    .limit(page.limit ?? 2 ** 31 - 1)
    .offset(page.offset ?? 0)
  return rows as ImportItem[]
}

/** The live record a source's earlier import made for this external id. */
export async function findByExternalId(db: Db, target: Target, source: string, externalId: string) {
  const { table } = target
  const [row] = await db
    .select({ id: table.id, version: table.version })
    .from(table)
    .where(and(eq(table.externalSource, source), eq(table.externalId, externalId), isNull(table.deletedAt)))
  return row as { id: string; version: number } | undefined
}

/**
 * The record's restorable fields as stored (geometry as GeoJSON, timestamps as ISO text), with its
 * provenance: what an update keeps as `previous`, and what an unchanged feature is compared with.
 */
export async function snapshotRecord(db: Db, target: Target, id: string): Promise<Record<string, unknown> & { version: number }> {
  const table = target.table as unknown as Record<string, SQL.Aliased | object>
  const columns: Record<string, SQL> = {}
  for (const field of [...target.restorable, 'importId', 'externalSource', 'externalId', 'version']) {
    const column = table[field] as Parameters<typeof asGeoJsonOrNull>[0]
    columns[field] = target.geometryFields.includes(field) ? asGeoJsonOrNull(column) : sql`${column}`
  }
  const [row] = await db.select(columns).from(target.table).where(eq(target.table.id, id))
  return row as Record<string, unknown> & { version: number }
}

/** A community by id, or by its name or Khmer name (case-insensitive); null when none or several match. */
export async function findCommunityByName(db: Db, value: string): Promise<string | null> {
  const isUuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value)
  const rows = await db
    .select({ id: communities.id })
    .from(communities)
    .where(
      and(
        isNull(communities.deletedAt),
        isUuid ? eq(communities.id, value) : sql`(lower(${communities.name}) = lower(${value}) OR ${communities.nameKm} = ${value})`,
      ),
    )
    .limit(2)
  return rows.length === 1 ? rows[0]!.id : null
}

export async function findPointInside(db: Db, area: Polygon | MultiPolygon): Promise<Point> {
  const [row] = await queryRows<{ point: Point }>(
    db,
    sql`SELECT ST_AsGeoJSON(ST_PointOnSurface(ST_GeomFromGeoJSON(${JSON.stringify(area)})), 7)::json AS point`,
  )
  if (!row?.point) throw new Error('PostGIS found no point inside a polygon')
  return row.point
}

/** The records an import created, still live: hidden again when it is undone. */
export async function findItemsToUndo(db: Db, importId: string) {
  return db
    .select({ action: importItems.action, recordId: importItems.recordId, previous: importItems.previous })
    .from(importItems)
    .where(and(eq(importItems.importId, importId), eq(importItems.isDryRun, false), inArray(importItems.action, ['created', 'updated'])))
    .orderBy(desc(importItems.featureIndex))
}

/**
 * Fresh planner statistics for a layer after a bulk write: PGlite runs no autovacuum, and with the
 * row counts of before, the lists' joins over thousands of new rows pick slow plans.
 */
export async function analyzeTable(db: Db, target: Target) {
  await db.execute(sql`ANALYZE ${sql.identifier(getTableName(target.table))}`)
}
