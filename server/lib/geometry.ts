// Polygon input is checked by PostGIS itself (ST_IsValid): client-side checks miss cases such as
// bow-ties, and PGlite's PostGIS swallows GEOS errors, so invalid shapes must never get stored.
import { sql } from 'drizzle-orm'
import type { MultiPolygon } from '../../shared/geo.ts'
import type { Db } from '../../db/open.ts'
import { queryRows } from '../../db/open.ts'
import type { AreaGeometry, GeometryRepair } from '../../shared/geo.ts'
import { AppError } from './app-error.ts'

export interface CheckedArea {
  geometry: MultiPolygon
  repair?: GeometryRepair
}

interface PartCheck {
  part: number
  isValid: boolean
  reason: string
}

/**
 * Returns the geometry as a MultiPolygon, or throws 422 naming the invalid part and PostGIS's
 * reason. With `repair`, an invalid shape is mended with ST_MakeValid instead, and the repair
 * is reported so the client can tell the user.
 */
export async function checkArea(db: Db, input: AreaGeometry, field: string, repair = false): Promise<CheckedArea> {
  const multi: MultiPolygon =
    input.type === 'Polygon' ? { type: 'MultiPolygon', coordinates: [input.coordinates] } : (input as MultiPolygon)
  const geojson = JSON.stringify(multi)
  let parts: PartCheck[]
  let whole: { isValid: boolean; reason: string }
  try {
    parts = await queryRows<PartCheck>(
      db,
      sql`SELECT (d.path[1]) - 1 AS part, ST_IsValid(d.geom) AS "isValid", ST_IsValidReason(d.geom) AS reason
          FROM ST_Dump(ST_GeomFromGeoJSON(${geojson})) d ORDER BY 1`,
    )
    ;[whole] = (await queryRows<{ isValid: boolean; reason: string }>(
      db,
      sql`SELECT ST_IsValid(g) AS "isValid", ST_IsValidReason(g) AS reason FROM ST_GeomFromGeoJSON(${geojson}) g`,
    )) as [{ isValid: boolean; reason: string }]
  } catch (error) {
    throw invalidArea(`${field}`, `PostGIS cannot read this geometry: ${(error as Error).message}`)
  }
  if (whole.isValid) return { geometry: multi }

  const badPart = parts.find((p) => !p.isValid)
  // A single bad part is pointed at; parts that are fine alone but overlap make the whole invalid.
  const where = badPart && input.type === 'MultiPolygon' ? `${field}.coordinates[${badPart.part}]` : field
  const reason = badPart?.reason ?? whole.reason
  if (!repair) throw invalidArea(where, reason, true)

  const [repaired] = await queryRows<{ geometry: MultiPolygon | null }>(
    db,
    sql`SELECT CASE WHEN ST_IsEmpty(m) THEN NULL ELSE ST_AsGeoJSON(m, 7)::json END AS geometry
        FROM ST_Multi(ST_CollectionExtract(ST_MakeValid(ST_SetSRID(ST_GeomFromGeoJSON(${geojson}), 4326)), 3)) m`,
  )
  // An empty result means ST_MakeValid failed (PGlite does not raise GEOS errors): refuse it.
  if (!repaired?.geometry) throw invalidArea(where, `${reason}; it could not be repaired into a polygon`)
  return { geometry: repaired.geometry, repair: { field: where, reason } }
}

function invalidArea(field: string, reason: string, canRepair = false) {
  const hint = canRepair ? ' (send ?repair=true to have it repaired with ST_MakeValid)' : ''
  return new AppError('geometry.invalid', 422, `${field}: invalid geometry: ${reason}${hint}`, [
    { field, message: reason },
  ])
}
