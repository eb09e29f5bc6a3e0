import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { queryRows } from '../../db/open.ts'
import { createTestApp, type TestApp } from '../helpers/test-app.ts'
import { collectAllPages, problemOf } from '../helpers/http.ts'
import { testDriver } from '../helpers/test-db.ts'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})
afterAll(() => t?.close())

interface Area {
  id: string
  level: number
  name: string
  nameKm: string | null
  code: string
  parentId: string | null
  parentName: string | null
  boundary?: { type: string; coordinates: number[][][][] }
}

const get = async (url: string) => {
  const res = await t.app.inject({ url })
  expect(res.statusCode, res.body).toBe(200)
  return res.json()
}
const itemsAt = async (point: string): Promise<Area[]> => (await get(`/api/admin-areas?point=${point}`)).items
const provinceNamed = async (name: string): Promise<Area> =>
  (await get(`/api/admin-areas?level=1&q=${encodeURIComponent(name)}`)).items.find((a: Area) => a.name === name)
const pointCount = (area: Area) => area.boundary!.coordinates.flat(2).length

describe(`admin areas API on ${testDriver}`, () => {
  it('finds Phnom Penh, one of its districts and one of its communes at a point in the city', async () => {
    const items = await itemsAt('104.92,11.56')
    expect(items.map((a) => a.level)).toEqual([1, 2, 3])
    expect(items[0]).toMatchObject({ name: 'Phnom Penh', nameKm: 'រាជធានីភ្នំពេញ', code: 'KH-12', parentId: null })
    expect(items[1]!.parentId).toBe(items[0]!.id)
    expect(items[2]!.parentId).toBe(items[1]!.id)
    expect(items[2]!.parentName).toBe(items[1]!.name)
  })

  it('finds Ratanak Kiri with Ban Lung district and a commune at Banlung town', async () => {
    const items = await itemsAt('106.98,13.74')
    expect(items.map((a) => [a.level, a.name])).toEqual([
      [1, 'Ratanak Kiri'],
      [2, 'Ban Lung'],
      [3, expect.any(String)],
    ])
    expect(items[0]).toMatchObject({ code: 'KH-16', nameKm: 'ខេត្តរតនគិរី' })
    expect(items[2]).toMatchObject({ parentId: items[1]!.id, parentName: 'Ban Lung' })
  })

  it('finds nothing at a point in the Gulf of Thailand or in Thailand', async () => {
    expect(await itemsAt('102.8,10.2')).toEqual([])
    expect(await itemsAt('100.5,13.75')).toEqual([])
  })

  it('keeps only the asked levels of the units at a point', async () => {
    const items = await itemsAt('104.92,11.56&level=1,3')
    expect(items.map((a) => a.level)).toEqual([1, 3])
  })

  it('lists the 25 provinces, without boundaries unless asked', async () => {
    const body = await get('/api/admin-areas?level=1&limit=100')
    expect(body.items).toHaveLength(25)
    expect(body.nextCursor).toBeNull()
    expect(body.items.every((a: Area) => a.level === 1 && a.parentId === null && !('boundary' in a))).toBe(true)
    const names = body.items.map((a: Area) => a.name)
    expect(names).toEqual([...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)))
  })

  it('lists the districts of a province by its id, with the province name', async () => {
    const ratanakKiri = await provinceNamed('Ratanak Kiri')
    const items = (await get(`/api/admin-areas?parent=${ratanakKiri.id}&limit=500`)).items as Area[]
    const [expected] = await queryRows<{ n: number }>(
      t.db,
      sql`SELECT count(*)::int AS n FROM admin_areas WHERE parent_id = ${ratanakKiri.id}`,
    )
    expect(items.length).toBe(expected!.n)
    expect(items.length).toBeGreaterThan(5)
    expect(items.every((a) => a.level === 2 && a.parentId === ratanakKiri.id && a.parentName === 'Ratanak Kiri')).toBe(true)
    expect(items.map((a) => a.name)).toContain('Ban Lung')
  })

  it('pages through all 1,633 communes once, without gaps or repeats', async () => {
    const paged = await collectAllPages(t.app, '/api/admin-areas?level=3&limit=300')
    const all = await collectAllPages(t.app, '/api/admin-areas?level=3&limit=500')
    expect(paged).toHaveLength(1633)
    expect(new Set(paged.map((a) => a.id)).size).toBe(1633)
    expect(paged.map((a) => a.id)).toEqual(all.map((a) => a.id))
  })

  it('pages by code in descending order the same way', async () => {
    const paged = await collectAllPages(t.app, '/api/admin-areas?level=2&sort=-code&limit=40')
    expect(paged).toHaveLength(197)
    const codes = paged.map((a) => a.code as string)
    expect(codes).toEqual([...codes].sort((a, b) => (a < b ? 1 : a > b ? -1 : 0)))
  })

  it('finds a province by a Khmer word inside its name', async () => {
    const items = (await get(`/api/admin-areas?q=${encodeURIComponent('រតនគិរី')}`)).items as Area[]
    expect(items.map((a) => a.name)).toEqual(['Ratanak Kiri'])
  })

  it('finds units by a case-insensitive English substring', async () => {
    const items = (await get('/api/admin-areas?level=1&q=KIRI')).items as Area[]
    expect(items.map((a) => a.name).sort()).toEqual(['Mondul Kiri', 'Ratanak Kiri'])
  })

  it('returns only the units that intersect a bbox', async () => {
    const items = (await get('/api/admin-areas?level=1&bbox=104.85,11.5,104.95,11.6')).items as Area[]
    const names = items.map((a) => a.name)
    expect(names).toContain('Phnom Penh')
    expect(names).not.toContain('Ratanak Kiri')
    expect(items.length).toBeLessThanOrEqual(3)
  })

  it('includes simplified boundaries on request, finer as the tolerance shrinks', async () => {
    const coarse = (await get('/api/admin-areas?level=1&q=Kep&include=boundary&toleranceDeg=0.01')).items[0] as Area
    const exact = (await get('/api/admin-areas?level=1&q=Kep&include=boundary&toleranceDeg=0')).items[0] as Area
    expect(coarse.boundary!.type).toBe('MultiPolygon')
    const [stored] = await queryRows<{ n: number }>(t.db, sql`SELECT ST_NPoints(boundary) AS n FROM admin_areas WHERE code = 'KH-23'`)
    expect(pointCount(exact)).toBe(stored!.n)
    expect(pointCount(coarse)).toBeLessThan(pointCount(exact))
  })

  it('keeps every simplified province outline valid', async () => {
    const body = await get('/api/admin-areas?level=1&include=boundary&limit=100&toleranceDeg=0.005')
    const [row] = await queryRows<{ invalid: number }>(
      t.db,
      sql`SELECT count(*) FILTER (WHERE NOT ST_IsValid(ST_GeomFromGeoJSON(g)))::int AS invalid
          FROM jsonb_array_elements(${JSON.stringify(body.items.map((a: Area) => a.boundary))}::jsonb) AS g`,
    )
    expect(row!.invalid).toBe(0)
  })

  it('answers as a GeoJSON FeatureCollection of outlines', async () => {
    for (const request of [
      { url: '/api/admin-areas?level=1&limit=100&format=geojson' },
      { url: '/api/admin-areas?level=1&limit=100', headers: { accept: 'application/geo+json' } },
    ]) {
      const res = await t.app.inject(request)
      expect(res.statusCode).toBe(200)
      expect(res.headers['content-type']).toContain('application/geo+json')
      const fc = res.json()
      expect(fc.type).toBe('FeatureCollection')
      expect(fc.features).toHaveLength(25)
      expect(fc.features[0]).toMatchObject({ type: 'Feature', geometry: { type: 'MultiPolygon' } })
      expect(fc.features[0].properties).not.toHaveProperty('boundary')
      expect(fc.features[0].properties.code).toMatch(/^KH-\d+$/)
      // The map draws province outlines offline from this: it has to stay small.
      expect(res.body.length).toBeLessThan(400_000)
    }
  })

  it('gets one unit by id, with its boundary on request', async () => {
    const [commune] = await itemsAt('104.92,11.56&level=3')
    const plain = await get(`/api/admin-areas/${commune!.id}`)
    expect(plain).toEqual(commune)
    const withBoundary = await get(`/api/admin-areas/${commune!.id}?include=boundary`)
    expect(withBoundary.boundary.type).toBe('MultiPolygon')
  })

  it('answers 404 for an unknown id and 400 for a malformed one', async () => {
    const unknown = await t.app.inject({ url: '/api/admin-areas/00000000-0000-4000-8000-000000000000' })
    expect(unknown.statusCode).toBe(404)
    expect(problemOf(unknown).code).toBe('admin_area.not_found')
    expect((await t.app.inject({ url: '/api/admin-areas/KH-12' })).statusCode).toBe(400)
  })

  it('rejects a bad level, point, tolerance or sort with 400 naming the field', async () => {
    for (const [query, field] of [
      ['level=4', 'level'],
      ['point=104.9', 'point'],
      ['point=200,11', 'point'],
      ['toleranceDeg=-1', 'toleranceDeg'],
      ['sort=area', 'sort'],
      ['parent=KH-12', 'parent'],
    ] as const) {
      const res = await t.app.inject({ url: `/api/admin-areas?${query}` })
      expect(res.statusCode, query).toBe(400)
      const fields = problemOf(res).errors?.map((e) => e.field) ?? []
      expect(
        fields.some((f) => new RegExp(`^querystring\\.${field}\\b`).test(f)),
        `${query}: ${fields}`,
      ).toBe(true)
    }
  })
})

describe(`filling in the place of a new community from its point on ${testDriver}`, () => {
  const create = (overrides: Record<string, unknown>) =>
    t.app.inject({
      method: 'POST',
      url: '/api/communities',
      payload: { name: 'Phum Thmei', kind: 'land_community', location: { type: 'Point', coordinates: [106.98, 13.74] }, ...overrides },
    })

  it('fills province, district and commune from the location when no province is given', async () => {
    const [province, district, commune] = await itemsAt('106.98,13.74')
    const res = await create({})
    expect(res.statusCode, res.body).toBe(201)
    expect(res.json()).toMatchObject({ province: province!.name, district: district!.name, commune: commune!.name })
    expect(res.json().province).toBe('Ratanak Kiri')
  })

  it('keeps the province the user gave, and does not guess a district in another province', async () => {
    const res = await create({ province: 'Stung Treng' })
    expect(res.statusCode, res.body).toBe(201)
    expect(res.json()).toMatchObject({ province: 'Stung Treng', district: null, commune: null })
  })

  it('keeps the district the user gave, filling only the commune', async () => {
    const [, , commune] = await itemsAt('106.98,13.74')
    const res = await create({ district: 'Ban Lung (town)' })
    expect(res.json()).toMatchObject({ province: 'Ratanak Kiri', district: 'Ban Lung (town)', commune: commune!.name })
  })

  it('asks for a province when the location is in no province (at sea, inside the region covered)', async () => {
    const res = await create({ location: { type: 'Point', coordinates: [102.15, 11.6] } })
    expect(res.statusCode).toBe(422)
    expect(problemOf(res).errors?.[0]?.field).toBe('body.province')
  })
})
