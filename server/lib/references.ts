import type { Db } from '../../db/open.ts'
import { AppError } from './app-error.ts'
import { findReferenced, type SoftDeletable } from './references.queries.ts'

/** A body field that points at another record must point at a live (not deleted) one: else 422. */
export async function requireLive(db: Db, table: SoftDeletable, id: string, field: string, entity: string) {
  const row = await findReferenced(db, table, id)
  if (!row)
    throw new AppError(`${entity}.not_found`, 422, `${field}: no ${entity.replace(/_/g, ' ')} with id ${id}`, [
      { field, message: 'does not exist' },
    ])
  if (row.deletedAt)
    throw new AppError(`${entity}.deleted`, 422, `${field}: the ${entity.replace(/_/g, ' ')} ${id} has been deleted`, [
      { field, message: 'has been deleted' },
    ])
}
