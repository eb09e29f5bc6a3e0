import { eq } from 'drizzle-orm'
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core'
import type { Db } from '../../db/open.ts'
import { AppError } from './app-error.ts'

type SoftDeletable = PgTable & { id: PgColumn; deletedAt: PgColumn }

/** A body field that points at another record must point at a live (not deleted) one: else 422. */
export async function requireLive(db: Db, table: SoftDeletable, id: string, field: string, entity: string) {
  const [row] = await db
    .select({ id: table.id, deletedAt: table.deletedAt })
    .from(table as PgTable)
    .where(eq(table.id, id))
    .limit(1)
  if (!row)
    throw new AppError(`${entity}.not_found`, 422, `${field}: no ${entity.replace(/_/g, ' ')} with id ${id}`, [
      { field, message: 'does not exist' },
    ])
  if (row.deletedAt)
    throw new AppError(`${entity}.deleted`, 422, `${field}: the ${entity.replace(/_/g, ' ')} ${id} has been deleted`, [
      { field, message: 'has been deleted' },
    ])
}
