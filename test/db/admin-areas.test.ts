import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hasAdminAreas, insertAdminAreas, loadAdminAreas } from '../../db/admin-areas/load-admin-areas.ts'
import { queryRows, type Database, type Db } from '../../db/open.ts'
import { loadDemoData } from '../../db/seed/index.ts'
import { createTestDatabase, testDriver } from '../helpers/test-db.ts'

let database: Database
beforeAll(async () => {
  database = await createTestDatabase()
})
afterAll(() => database?.close())

const rows = <T>(db: Db, query: ReturnType<typeof sql>) => queryRows<T>(db, query)
const KHMER = /^[\u1780-\u17FF]+$/

describe(`admin areas in the database on ${testDriver}`, () => {
  it('every test database starts with the provinces, districts and communes loaded', async () => {
    const counts = await rows<{ level: number; n: number }>(
      database.db,
      sql`SELECT level, count(*)::int AS n FROM admin_areas GROUP BY level ORDER BY level`,
    )
    expect(counts).toEqual([
      { level: 1, n: 25 },
      { level: 2, n: 197 },
      { level: 3, n: 1633 },
    ])
  })

  it('links every district to a province and every commune to a district', async () => {
    const [row] = await rows<{ orphans: number; wrongLevel: number; provincesWithParent: number }>(
      database.db,
      sql`SELECT count(*) FILTER (WHERE a.level > 1 AND a.parent_id IS NULL)::int AS orphans,
                 count(*) FILTER (WHERE p.level <> a.level - 1)::int AS "wrongLevel",
                 count(*) FILTER (WHERE a.level = 1 AND a.parent_id IS NOT NULL)::int AS "provincesWithParent"
          FROM admin_areas a LEFT JOIN admin_areas p ON p.id = a.parent_id`,
    )
    expect(row).toEqual({ orphans: 0, wrongLevel: 0, provincesWithParent: 0 })
  })

  it('places each district inside its province for most of its area', async () => {
    // Provinces (OpenStreetMap) and districts (ODC) come from different surveys, so borders differ
    // a little; a district mostly outside its parent would mean the spatial join went wrong.
    const [row] = await rows<{ worst: number }>(
      database.db,
      sql`SELECT min(ST_Area(ST_Intersection(d.boundary, p.boundary)::geography) / ST_Area(d.boundary::geography)) AS worst
          FROM admin_areas d JOIN admin_areas p ON p.id = d.parent_id WHERE d.level = 2`,
    )
    expect(row!.worst).toBeGreaterThan(0.5)
  })

  it('codes provinces KH-1 to KH-25 and names each in Khmer', async () => {
    const provinces = await rows<{ code: string; name: string; nameKm: string }>(
      database.db,
      sql`SELECT code, name, name_km AS "nameKm" FROM admin_areas WHERE level = 1`,
    )
    expect(provinces.map((p) => p.code).sort()).toEqual(Array.from({ length: 25 }, (_, i) => `KH-${i + 1}`).sort())
    for (const province of provinces) expect(province.nameKm).toMatch(KHMER)
    expect(provinces.find((p) => p.code === 'KH-12')).toMatchObject({ name: 'Phnom Penh', nameKm: 'រាជធានីភ្នំពេញ' })
    expect(provinces.find((p) => p.code === 'KH-16')).toMatchObject({ name: 'Ratanak Kiri', nameKm: 'ខេត្តរតនគិរី' })
    const prefixed = provinces.filter((p) => p.code !== 'KH-12')
    expect(prefixed.every((p) => p.nameKm.startsWith('ខេត្ត'))).toBe(true)
  })

  it('stores every boundary as a valid MultiPolygon in WGS 84, with a unique code per level', async () => {
    const [row] = await rows<{ invalid: number; notMulti: number; wrongSrid: number; duplicateCodes: number }>(
      database.db,
      sql`SELECT count(*) FILTER (WHERE NOT ST_IsValid(boundary))::int AS invalid,
                 count(*) FILTER (WHERE GeometryType(boundary) <> 'MULTIPOLYGON')::int AS "notMulti",
                 count(*) FILTER (WHERE ST_SRID(boundary) <> 4326)::int AS "wrongSrid",
                 (SELECT count(*)::int FROM (SELECT level, code FROM admin_areas GROUP BY 1, 2 HAVING count(*) > 1) d) AS "duplicateCodes"
          FROM admin_areas`,
    )
    expect(row).toEqual({ invalid: 0, notMulti: 0, wrongSrid: 0, duplicateCodes: 0 })
  })

  it('does nothing when the table already has rows', async () => {
    expect(await hasAdminAreas(database.db)).toBe(true)
    expect(await loadAdminAreas(database.db)).toBeUndefined()
    const [row] = await rows<{ n: number }>(database.db, sql`SELECT count(*)::int AS n FROM admin_areas`)
    expect(row!.n).toBe(1855)
  })

  it('repairs an invalid ring with ST_MakeValid before storing it', async () => {
    const bowTie = {
      type: 'Polygon',
      coordinates: [
        [
          [102.0, 9.0],
          [102.01, 9.01],
          [102.01, 9.0],
          [102.0, 9.01],
          [102.0, 9.0],
        ],
      ],
    }
    const code = 'TEST-BOW-TIE'
    const result = await database.db.transaction((tx) =>
      insertAdminAreas(tx, 3, [{ name: 'Bow tie', name_km: null, code, geometry: JSON.stringify(bowTie) }]),
    )
    try {
      expect(result).toEqual({ inserted: 1, repaired: 1 })
      const [stored] = await rows<{ isValid: boolean; parts: number; type: string }>(
        database.db,
        sql`SELECT ST_IsValid(boundary) AS "isValid", ST_NumGeometries(boundary) AS parts, GeometryType(boundary) AS type
            FROM admin_areas WHERE code = ${code}`,
      )
      expect(stored).toEqual({ isValid: true, parts: 2, type: 'MULTIPOLYGON' })
    } finally {
      await database.db.execute(sql`DELETE FROM admin_areas WHERE code = ${code}`)
    }
  })

  it('loads all three levels into an empty table in one go', async () => {
    const fresh = await createTestDatabase()
    try {
      await fresh.db.execute(sql`DELETE FROM admin_areas`)
      expect(await hasAdminAreas(fresh.db)).toBe(false)
      expect(await loadAdminAreas(fresh.db)).toEqual({ provinces: 25, districts: 197, communes: 1633, repaired: 0 })
      const [row] = await rows<{ n: number; linked: number }>(
        fresh.db,
        sql`SELECT count(*)::int AS n, count(parent_id)::int AS linked FROM admin_areas`,
      )
      expect(row).toEqual({ n: 1855, linked: 1830 })
    } finally {
      await fresh.close()
    }
  })

  it('has every demo community inside the province, district and commune it names', async () => {
    await loadDemoData(database.db, new Date('2026-11-28T00:00:00Z'))
    const mismatches = await rows<{ name: string; named: string; found: string | null }>(
      database.db,
      sql`SELECT c.name, concat_ws(' / ', c.province, c.district, c.commune) AS named,
                 (SELECT string_agg(a.name, ' / ' ORDER BY a.level) FROM admin_areas a WHERE ST_Intersects(a.boundary, c.location)) AS found
          FROM communities c
          WHERE NOT EXISTS (SELECT 1 FROM admin_areas a WHERE a.level = 1 AND a.name = c.province AND ST_Intersects(a.boundary, c.location))
             OR NOT EXISTS (SELECT 1 FROM admin_areas a WHERE a.level = 2 AND a.name = c.district AND ST_Intersects(a.boundary, c.location))
             OR NOT EXISTS (SELECT 1 FROM admin_areas a WHERE a.level = 3 AND a.name = c.commune AND ST_Intersects(a.boundary, c.location))`,
    )
    const [count] = await rows<{ n: number }>(database.db, sql`SELECT count(*)::int AS n FROM communities`)
    expect(count!.n).toBeGreaterThanOrEqual(24)
    expect(mismatches).toEqual([])
  })

  it('has every demo incident inside the province it names', async () => {
    // Incident points are scattered around their village, so they may cross into the next
    // district or commune; the province must still be right (reports group by it).
    const mismatches = await rows<{ title: string; province: string }>(
      database.db,
      sql`SELECT i.title, i.province FROM incidents i
          WHERE NOT EXISTS (SELECT 1 FROM admin_areas a WHERE a.level = 1 AND a.name = i.province AND ST_Intersects(a.boundary, i.location))`,
    )
    const [count] = await rows<{ n: number }>(database.db, sql`SELECT count(*)::int AS n FROM incidents`)
    expect(count!.n).toBeGreaterThan(0)
    expect(mismatches).toEqual([])
  })
})
