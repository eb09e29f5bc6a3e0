import type { Db } from '../../db/open.ts'
import { createReferenceDeletedError, createReferenceNotFoundError } from './references.errors.ts'
import { findReferenced, type SoftDeletable } from './references.queries.ts'

/** A body field that points at another record must point at a live (not deleted) one: else 422. */
export async function requireLive(db: Db, table: SoftDeletable, id: string, field: string, entity: string) {
  const row = await findReferenced(db, table, id)
  if (!row) throw createReferenceNotFoundError(entity, field, id)
  if (row.deletedAt) throw createReferenceDeletedError(entity, field, id)
}
