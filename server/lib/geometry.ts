// Polygon input is checked by PostGIS itself (ST_IsValid): client-side checks miss cases such as
// bow-ties, and PGlite's PostGIS swallows GEOS errors, so invalid shapes must never get stored.
import type { MultiPolygon } from '../../shared/geo.ts'
import type { Db } from '../../db/open.ts'
import type { AreaGeometry, GeometryRepair } from '../../shared/geo.ts'
import { createInvalidGeometryError } from './geometry.errors.ts'
import { checkParts, checkWhole, makeValidMultiPolygon, type PartCheck } from './geometry.queries.ts'

export interface CheckedArea {
  geometry: MultiPolygon
  repair?: GeometryRepair
}

/**
 * Returns the geometry as a MultiPolygon, or throws 422 naming the invalid part and PostGIS's
 * reason. With `repair`, an invalid shape is mended with ST_MakeValid instead, and the repair
 * is reported so the client can tell the user.
 */
export async function checkArea(db: Db, input: AreaGeometry, field: string, repair = false): Promise<CheckedArea> {
  const multi: MultiPolygon =
    input.type === 'Polygon' ? { type: 'MultiPolygon', coordinates: [input.coordinates] } : (input as MultiPolygon)
  checkExtent(multi, input.type === 'Polygon' ? undefined : field, field)
  const geojson = JSON.stringify(multi)
  let parts: PartCheck[]
  let whole: { isValid: boolean; reason: string }
  try {
    parts = await checkParts(db, geojson)
    whole = await checkWhole(db, geojson)
  } catch (error) {
    throw createInvalidGeometryError(`${field}`, `PostGIS cannot read this geometry: ${(error as Error).message}`)
  }
  if (whole.isValid) return { geometry: multi }

  const badPart = parts.find((p) => !p.isValid)
  // A single bad part is pointed at; parts that are fine alone but overlap make the whole invalid.
  const where = badPart && input.type === 'MultiPolygon' ? `${field}.coordinates[${badPart.part}]` : field
  const reason = badPart?.reason ?? whole.reason
  if (!repair) throw createInvalidGeometryError(where, reason, true)

  const repaired = await makeValidMultiPolygon(db, geojson)
  // An empty result means ST_MakeValid failed (PGlite does not raise GEOS errors): refuse it.
  if (!repaired?.geometry) throw createInvalidGeometryError(where, `${reason}; it could not be repaired into a polygon`)
  return { geometry: repaired.geometry, repair: { field: where, reason } }
}

/**
 * A row just written in this transaction, with the repair of its geometry (if one was made)
 * reported as `repairs` so the client can tell the user.
 */
export function withRepairs<T>(row: T | undefined, repair: GeometryRepair | undefined) {
  if (!row) throw new Error('a row written in this transaction was not found')
  return repair ? { ...row, repairs: [repair] } : row
}

/** Web Mercator, the map's projection, ends here: a shape beyond cannot be drawn or edited. */
const MAX_MAP_LATITUDE = 85.05

/**
 * Shapes no repair can make sense of, refused before PostGIS sees them: an edge that crosses the
 * antimeridian (±180°) is read the long way round the globe (a 20° field becomes a 340° band), a
 * shape wider than half the globe has edges PostGIS's geography cannot measure, and one reaching
 * a pole is off the map.
 */
function checkExtent(multi: MultiPolygon, multiField: string | undefined, field: string) {
  let west = Infinity
  let east = -Infinity
  for (const [partIndex, polygon] of multi.coordinates.entries()) {
    const where = multiField ? `${multiField}.coordinates[${partIndex}]` : field
    for (const ring of polygon) {
      for (const [index, position] of ring.entries()) {
        const [lng, lat] = position as [number, number]
        west = Math.min(west, lng)
        east = Math.max(east, lng)
        if (Math.abs(lat) > MAX_MAP_LATITUDE) {
          throw createInvalidGeometryError(where, `reaches latitude ${lat}, beyond the ±${MAX_MAP_LATITUDE}° a map can show`)
        }
        const previous = ring[index - 1] as [number, number] | undefined
        if (previous && Math.abs(lng - previous[0]) > 180) {
          throw createInvalidGeometryError(
            where,
            `an edge from longitude ${previous[0]} to ${lng} crosses the antimeridian (±180°): split the shape into parts on either side of it`,
          )
        }
      }
    }
  }
  if (east - west > 180) throw createInvalidGeometryError(field, `spans ${east - west}° of longitude, more than half the globe`)
}
