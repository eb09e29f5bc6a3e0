// The point look-up shares adminAreasAt with the province fill-in on create, so the API answers
// "where is this point" exactly as the forms fill it in.
import type { Db } from '../../../db/open.ts'
import type { AdminAreaListQuery } from '../../../shared/admin-areas.ts'
import { adminAreasAt } from '../../lib/admin-places.queries.ts'
import { findAdminAreasAmong, listAdminAreas } from './admin-areas.queries.ts'

export async function listOrLocateAdminAreas(db: Db, query: AdminAreaListQuery) {
  if (!query.point) return listAdminAreas(db, query)
  const containing = await adminAreasAt(db, query.point)
  if (containing.length === 0) return { items: [], nextCursor: null }
  const items = await findAdminAreasAmong(
    db,
    containing.map((area) => area.id),
    query,
  )
  return { items, nextCursor: null }
}
