// Updates and deletes shared by every versioned, soft-deletable table.
import { and, eq, isNull, sql } from 'drizzle-orm'
import type { PgColumn, PgTable, PgUpdateSetSource } from 'drizzle-orm/pg-core'
import type { Db } from '../../db/open.ts'

export type VersionedTable = PgTable & { id: PgColumn; version: PgColumn; updatedAt: PgColumn; deletedAt: PgColumn }

/** Applies the change only if the live row is still at `expectedVersion`; false when it is not. */
export async function updateIfVersion<T extends VersionedTable>(
  db: Db,
  table: T,
  id: string,
  expectedVersion: number,
  values: PgUpdateSetSource<T>,
): Promise<boolean> {
  const rows = await db
    .update(table)
    .set({ ...values, version: sql`${table.version} + 1`, updatedAt: sql`now()` } as PgUpdateSetSource<T>)
    .where(and(eq(table.id, id), eq(table.version, expectedVersion), isNull(table.deletedAt)))
    .returning({ id: table.id })
  return rows.length === 1
}

/** Hides a row from every list and lookup; nothing is physically removed. */
export async function softDelete<T extends VersionedTable>(db: Db, table: T, id: string): Promise<void> {
  await db
    .update(table)
    .set({ deletedAt: sql`now()`, version: sql`${table.version} + 1`, updatedAt: sql`now()` } as PgUpdateSetSource<T>)
    .where(and(eq(table.id, id), isNull(table.deletedAt)))
}
