// The SQL of lib/admin-places.ts.
import { sql } from 'drizzle-orm'
import { queryRows, type Db } from '../../db/open.ts'

/** The administrative units containing a point, by level (1 province, 2 district, 3 commune). */
export async function adminAreasAt(db: Db, [lng, lat]: readonly [number, number]) {
  return queryRows<{ id: string; level: number; name: string; nameKm: string | null; code: string }>(
    db,
    sql`SELECT id, level, name, name_km AS "nameKm", code FROM admin_areas
        WHERE ST_Intersects(boundary, ST_SetSRID(ST_MakePoint(${lng}, ${lat}), 4326))
        ORDER BY level, name`,
  )
}
