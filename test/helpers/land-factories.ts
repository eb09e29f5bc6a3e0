// Factories and shapes for parcels, concessions and overlap tests.
import { Geodesic } from 'geographiclib-geodesic'
import type { MultiPolygon, Polygon } from '../../shared/geo.ts'
import type { Db } from '../../db/open.ts'
import { concessionDeclaredAreas, concessions } from '../../db/schema/index.ts'

export async function makeConcession(
  db: Db,
  overrides: Partial<Omit<typeof concessions.$inferInsert, 'boundary'>> & { boundary?: Polygon | MultiPolygon } = {},
) {
  const { boundary = rectangle([104.5, 12.5, 104.52, 12.52]), ...rest } = overrides
  const [row] = await db
    .insert(concessions)
    .values({ name: 'Test concession', kind: 'elc', company: 'Test Company Co., Ltd.', ...rest, boundary: boundary as MultiPolygon })
    .returning({ id: concessions.id })
  return row!
}

export async function makeDeclaredArea(db: Db, values: typeof concessionDeclaredAreas.$inferInsert) {
  const [row] = await db.insert(concessionDeclaredAreas).values(values).returning({ id: concessionDeclaredAreas.id })
  return row!
}

/** A counter-clockwise rectangle from [west, south, east, north] in degrees. */
export function rectangle([west, south, east, north]: [number, number, number, number]): Polygon {
  return {
    type: 'Polygon',
    coordinates: [[[west, south], [east, south], [east, north], [west, north], [west, south]]],
  }
}

/** Ellipsoidal (WGS 84) area of a polygon in hectares, computed by GeographicLib, not PostGIS. */
export function geodesicAreaHa(polygon: Polygon): number {
  const ringArea = (ring: number[][]) => {
    const p = Geodesic.WGS84.Polygon(false)
    for (const [lng, lat] of ring.slice(0, -1)) p.AddPoint(lat!, lng!)
    return Math.abs(p.Compute(false, true).area ?? Number.NaN)
  }
  const [outer, ...holes] = polygon.coordinates
  return (ringArea(outer!) - holes.reduce((sum, hole) => sum + ringArea(hole), 0)) / 10_000
}
