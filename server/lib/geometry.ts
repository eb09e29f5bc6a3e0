// Every shape and point written, from the API, the UI or an import, passes here before it is
// stored. Polygons are checked by PostGIS itself (ST_IsValid): client-side checks miss cases such
// as bow-ties, and PGlite's PostGIS swallows GEOS errors, so invalid shapes must never get stored.
// Valid is not enough: positions must lie in the region the server covers and an area must be
// one that land of its kind can have (geometry-rules.ts).
import { isInBbox, type Bbox, type MultiPolygon } from '../../shared/geo.ts'
import type { Db } from '../../db/open.ts'
import type { AreaGeometry, GeometryRepair } from '../../shared/geo.ts'
import { createImplausibleAreaError, createInvalidGeometryError, createOutsideRegionError } from './geometry.errors.ts'
import { checkParts, checkWhole, makeValidMultiPolygon, measureArea, type PartCheck } from './geometry.queries.ts'
import { can, type Viewer } from './policy.ts'
import { createForbiddenError } from './security.errors.ts'
import { describeRegion, isRepairWithinExtent, type AreaKind, type GeometryRules } from './geometry-rules.ts'

export interface CheckedArea {
  geometry: MultiPolygon
  repair?: GeometryRepair
}

/** How a request writes shapes: the server's rules, and what the client asked for. */
export interface GeometryWrite {
  rules: GeometryRules
  /** ?repair=true: mend an invalid shape with ST_MakeValid instead of refusing it. */
  repair: boolean
  /** ?allowLargeArea=true (admins only): store an area larger than its kind's plausible size. */
  allowLargeArea: boolean
}

/** The request's GeometryWrite; ?allowLargeArea=true from anyone but an admin is refused (403). */
export function geometryWriteOf(req: {
  query: { repair: boolean; allowLargeArea: boolean }
  viewer?: Viewer
  server: { geometryRules: GeometryRules }
}): GeometryWrite {
  if (req.query.allowLargeArea && !can(req.viewer, 'geometry.override')) {
    throw createForbiddenError('Only an admin may store an area larger than its kind can plausibly be (allowLargeArea)')
  }
  return { rules: req.server.geometryRules, repair: req.query.repair, allowLargeArea: req.query.allowLargeArea }
}

/** A point must lie in the region the server covers. */
export function checkPosition(position: readonly number[], field: string, rules: GeometryRules) {
  if (!isInBbox(position, rules.region)) throw createOutsideRegionError(field, position, describeRegion(rules.region))
}

/**
 * Returns the geometry as a MultiPolygon, or throws 422 naming the part and the reason: outside
 * the region, across the antimeridian, invalid (PostGIS's reason), or larger than an area of
 * `kind` can be. With `write.repair`, an invalid shape is mended with ST_MakeValid instead, and
 * the repair is reported so the client can tell the user; a repair that reaches beyond the
 * shape's own extent is refused.
 */
export async function checkArea(db: Db, input: AreaGeometry, field: string, kind: AreaKind, write: GeometryWrite): Promise<CheckedArea> {
  const multi: MultiPolygon =
    input.type === 'Polygon' ? { type: 'MultiPolygon', coordinates: [input.coordinates] } : (input as MultiPolygon)
  const extent = checkExtent(multi, input.type === 'Polygon' ? undefined : field, field, write.rules)
  const checked = await checkValidity(db, multi, input.type, field, write.repair)
  const measured = await measureArea(db, JSON.stringify(checked.geometry))
  if (checked.repair && !isRepairWithinExtent(extent, measured.extent)) {
    throw createInvalidGeometryError(checked.repair.field, `${checked.repair.reason}; its repair reached beyond the shape's own extent`)
  }
  const maxHa = write.rules.maxAreaHa[kind]
  if (measured.areaHa > maxHa && !write.allowLargeArea) throw createImplausibleAreaError(field, kind, measured.areaHa, maxHa)
  return checked
}

async function checkValidity(
  db: Db,
  multi: MultiPolygon,
  inputType: AreaGeometry['type'],
  field: string,
  repair: boolean,
): Promise<CheckedArea> {
  const geojson = JSON.stringify(multi)
  let parts: PartCheck[]
  let whole: { isValid: boolean; reason: string }
  try {
    whole = await checkWhole(db, geojson)
    // The parts are looked at only to point at the bad one: most shapes are valid and skip this.
    parts = whole.isValid ? [] : await checkParts(db, geojson)
  } catch (error) {
    throw createInvalidGeometryError(`${field}`, `PostGIS cannot read this geometry: ${(error as Error).message}`)
  }
  if (whole.isValid) return { geometry: multi }

  const badPart = parts.find((p) => !p.isValid)
  // A single bad part is pointed at; parts that are fine alone but overlap make the whole invalid.
  const where = badPart && inputType === 'MultiPolygon' ? `${field}.coordinates[${badPart.part}]` : field
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
 * shape wider than half the globe has edges PostGIS's geography cannot measure, one reaching
 * a pole is off the map, and one outside the region the server covers is a mistake (swapped
 * longitude and latitude, metres read as degrees). Returns the shape's extent.
 */
function checkExtent(multi: MultiPolygon, multiField: string | undefined, field: string, rules: GeometryRules): Bbox {
  let [west, south, east, north] = [Infinity, Infinity, -Infinity, -Infinity]
  for (const [partIndex, polygon] of multi.coordinates.entries()) {
    const where = multiField ? `${multiField}.coordinates[${partIndex}]` : field
    for (const ring of polygon) {
      for (const [index, position] of ring.entries()) {
        const [lng, lat] = position as [number, number]
        west = Math.min(west, lng)
        east = Math.max(east, lng)
        south = Math.min(south, lat)
        north = Math.max(north, lat)
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
  for (const [partIndex, polygon] of multi.coordinates.entries()) {
    const outside = polygon.flat().find((position) => !isInBbox(position, rules.region))
    if (outside) {
      const where = multiField ? `${multiField}.coordinates[${partIndex}]` : field
      throw createOutsideRegionError(where, outside, describeRegion(rules.region))
    }
  }
  return [west, south, east, north]
}
