// The SQL of lib/references.ts.
import { eq } from 'drizzle-orm'
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core'
import type { Db } from '../../db/open.ts'

export type SoftDeletable = PgTable & { id: PgColumn; deletedAt: PgColumn }

/** The row's id and deletion time, deleted or not; undefined when there is no such row. */
export async function findReferenced(db: Db, table: SoftDeletable, id: string) {
  const [row] = await db
    .select({ id: table.id, deletedAt: table.deletedAt })
    .from(table as PgTable)
    .where(eq(table.id, id))
    .limit(1)
  return row
}
