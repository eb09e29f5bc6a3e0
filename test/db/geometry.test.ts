import { eq, sql } from 'drizzle-orm'
import type { MultiPolygon, Point, Polygon } from '../../shared/geo.ts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { asGeoJson } from '../../db/columns.ts'
import { queryRows, type Database } from '../../db/open.ts'
import { communities, parcels } from '../../db/schema/index.ts'
import { makeCommunity, makeParcel } from '../helpers/factories.ts'
import { geodesicAreaHa, squareAround } from '../helpers/geo.ts'
import { createTestDatabase, testDriver } from '../helpers/test-db.ts'

let database: Database
let communityId: string

beforeAll(async () => {
  database = await createTestDatabase()
  communityId = (await makeCommunity(database.db)).id
})
afterAll(() => database?.close())

describe(`geometry on ${testDriver}`, () => {
  it('round-trips a point GeoJSON → PostGIS → GeoJSON', async () => {
    const location: Point = { type: 'Point', coordinates: [107.0123457, 13.7365412] }
    const { id } = await makeCommunity(database.db, { location })
    const [row] = await database.db
      .select({ location: asGeoJson<Point>(communities.location) })
      .from(communities)
      .where(eq(communities.id, id))
    expect(row!.location).toEqual(location)
  })

  it('stores a polygon with a hole as a MultiPolygon with the same rings', async () => {
    const polygon: Polygon = {
      type: 'Polygon',
      coordinates: [
        [
          [104.9, 11.5],
          [104.92, 11.5],
          [104.92, 11.52],
          [104.9, 11.52],
          [104.9, 11.5],
        ],
        [
          [104.905, 11.505],
          [104.905, 11.51],
          [104.91, 11.51],
          [104.91, 11.505],
          [104.905, 11.505],
        ],
      ],
    }
    const { id } = await makeParcel(database.db, { communityId, boundary: polygon })
    const [row] = await database.db
      .select({ boundary: asGeoJson<MultiPolygon>(parcels.boundary) })
      .from(parcels)
      .where(eq(parcels.id, id))
    expect(row!.boundary).toEqual({ type: 'MultiPolygon', coordinates: [polygon.coordinates] })
  })

  it('computes area in hectares on the ellipsoid, within 0.1 % of GeographicLib', async () => {
    // A roughly 2.2 km square near Phnom Penh, and an irregular rice field with a hole in Ratanakiri.
    const shapes: Polygon[] = [
      squareAround([104.92, 11.56], 0.01),
      {
        type: 'Polygon',
        coordinates: [
          [
            [107.01, 13.73],
            [107.03, 13.731],
            [107.035, 13.745],
            [107.02, 13.752],
            [107.008, 13.741],
            [107.01, 13.73],
          ],
          [
            [107.015, 13.735],
            [107.015, 13.74],
            [107.02, 13.74],
            [107.015, 13.735],
          ],
        ],
      },
    ]
    for (const boundary of shapes) {
      const { id } = await makeParcel(database.db, { communityId, boundary })
      const [row] = await database.db.select({ areaHa: parcels.areaHa }).from(parcels).where(eq(parcels.id, id))
      const expected = geodesicAreaHa(boundary)
      expect(expected).toBeGreaterThan(50)
      expect(Math.abs(row!.areaHa - expected) / expected).toBeLessThan(0.001)
    }
  })

  it('refuses an invalid (self-intersecting) polygon', async () => {
    const bowTie: Polygon = {
      type: 'Polygon',
      coordinates: [
        [
          [104.0, 11.0],
          [104.01, 11.01],
          [104.01, 11.0],
          [104.0, 11.01],
          [104.0, 11.0],
        ],
      ],
    }
    const before = await countParcels()
    await expect(makeParcel(database.db, { communityId, boundary: bowTie })).rejects.toThrow()
    expect(await countParcels()).toBe(before)
  })
})

async function countParcels(): Promise<number> {
  const [row] = await queryRows<{ n: number }>(database.db, sql`SELECT count(*)::int AS n FROM parcels`)
  return row!.n
}
