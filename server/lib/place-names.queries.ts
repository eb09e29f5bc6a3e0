// The SQL of lib/place-names.ts: Khmer names from admin_areas, for dossiers and letters.
import { and, eq, inArray, or, sql } from 'drizzle-orm'
import type { Db } from '../../db/open.ts'
import { adminAreas } from '../../db/schema/index.ts'
import { emptyPlaceNamesKm, placeKey, type PlaceNamesKm } from './place-names.ts'

/**
 * The Khmer names of every province, and of the districts and communes among `names` (matched as
 * placeKey: records keep places as typed, mostly in English). All 25 provinces are read because a
 * forum may name its province anywhere in its text.
 */
export async function findPlaceNamesKm(db: Db, names: readonly string[]): Promise<PlaceNamesKm> {
  const keys = [...new Set(names.map(placeKey))]
  const rows = await db
    .select({ level: adminAreas.level, name: adminAreas.name, nameKm: adminAreas.nameKm })
    .from(adminAreas)
    .where(
      and(
        sql`${adminAreas.nameKm} IS NOT NULL`,
        // The SQL twin of placeKey.
        or(
          eq(adminAreas.level, 1),
          keys.length ? inArray(sql`regexp_replace(lower(${adminAreas.name}), '[^a-z]', '', 'g')`, keys) : sql`false`,
        ),
      ),
    )
  const found = emptyPlaceNamesKm()
  for (const row of rows) {
    if (row.nameKm && (row.level === 1 || row.level === 2 || row.level === 3)) found[row.level][placeKey(row.name)] = row.nameKm
  }
  return found
}
