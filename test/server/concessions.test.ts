import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { adminAreas } from '../../db/schema/index.ts'
import { loadDemoData } from '../../db/seed/index.ts'
import { collectAllPages, problemOf } from '../helpers/http.ts'
import { geodesicAreaHa, rectangle } from '../helpers/geo.ts'
import { makeConcession, makeDeclaredArea } from '../helpers/land-factories.ts'
import { createTestApp, type TestApp } from '../helpers/test-app.ts'
import { testDriver } from '../helpers/test-db.ts'

type Item = Record<string, unknown> & { id: string }
type DeclaredArea = { id: string; areaHa: number; source: string; sourceUrl: string | null; statedOn: string | null }

let t: TestApp
const statements: string[] = []
beforeAll(async () => {
  t = await createTestApp({ onQuery: (sql) => statements.push(sql) })
  await loadDemoData(t.db, new Date('2026-11-28T00:00:00Z'))
})
afterAll(() => t?.close())

/** How many SQL statements a request runs, besides the session look-up every request makes. */
async function countStatements(url: string) {
  statements.length = 0
  const res = await t.app.inject({ url })
  expect(res.statusCode).toBe(200)
  return { count: statements.filter((statement) => !/\bsessions\b/i.test(statement)).length, items: res.json().items as unknown[] }
}

// Far from the demo concessions, so spatial tests see only their own rows.
const BLOCK = rectangle([102.6, 13.3, 102.63, 13.33])

const newConcession = (overrides: Record<string, unknown> = {}) => ({
  name: 'Test Cassava ELC',
  nameKm: 'ដីសម្បទានដំឡូងមី',
  kind: 'elc',
  company: 'Green Cassava Co., Ltd.',
  province: 'Banteay Meanchey',
  grantedOn: '2012-05-03',
  purpose: 'Cassava plantation',
  boundarySource: 'Sub-decree map annex, digitised by the legal team',
  sourceUrl: 'https://example.org/subdecree-123.pdf',
  sourceDate: '2013-01-20',
  boundary: BLOCK,
  ...overrides,
})

async function createConcession(overrides: Record<string, unknown> = {}, query = '') {
  const res = await t.app.inject({ method: 'POST', url: `/api/concessions${query}`, payload: newConcession(overrides) })
  expect(res.statusCode).toBe(201)
  return res.json() as Item & { version: number; areaHa: number; declaredAreas: DeclaredArea[] }
}

const listAll = (query = '') => collectAllPages(t.app, `/api/concessions?limit=500${query}`) as Promise<Item[]>

describe(`concessions API on ${testDriver}`, () => {
  it('creates a concession with its provenance and declared areas, and computes its area', async () => {
    const body = await createConcession({
      declaredAreas: [
        { areaHa: 9000, source: 'MAFF sub-decree', sourceUrl: 'https://example.org/maff', statedOn: '2012-05-03' },
        { areaHa: 10450.5, source: 'NGO field survey' },
      ],
    })
    expect(body).toMatchObject({
      name: 'Test Cassava ELC',
      nameKm: 'ដីសម្បទានដំឡូងមី',
      kind: 'elc',
      company: 'Green Cassava Co., Ltd.',
      province: 'Banteay Meanchey',
      grantedOn: '2012-05-03',
      boundarySource: 'Sub-decree map annex, digitised by the legal team',
      sourceUrl: 'https://example.org/subdecree-123.pdf',
      sourceDate: '2013-01-20',
      boundary: { type: 'MultiPolygon', coordinates: [BLOCK.coordinates] },
      version: 1,
    })
    expect(body.declaredAreas).toEqual([
      { id: expect.any(String), areaHa: 9000, source: 'MAFF sub-decree', sourceUrl: 'https://example.org/maff', statedOn: '2012-05-03' },
      { id: expect.any(String), areaHa: 10450.5, source: 'NGO field survey', sourceUrl: null, statedOn: null },
    ])
    const expectedHa = geodesicAreaHa(BLOCK)
    expect(Math.abs(body.areaHa - expectedHa) / expectedHa).toBeLessThan(0.001)
    const get = await t.app.inject({ url: `/api/concessions/${body.id}` })
    expect(get.json()).toEqual(body)
    expect(get.headers.etag).toBe('"1"')
  })

  it('lists the demo concessions with every source’s declared area', async () => {
    const demo = (await listAll('&q=Demo')).filter((c) => String(c.name).startsWith('Demo '))
    expect(demo).toHaveLength(4)
    for (const concession of demo) {
      const areas = concession.declaredAreas as DeclaredArea[]
      expect(areas.length).toBe(concession.kind === 'mining' ? 1 : 2)
      const get = (await t.app.inject({ url: `/api/concessions/${concession.id}` })).json()
      expect(get.declaredAreas).toEqual(areas)
    }
  })

  it('fetches the declared areas of a whole page in one extra statement, not one per concession', async () => {
    const one = await countStatements('/api/concessions?limit=1')
    const many = await countStatements('/api/concessions?limit=500')
    expect(one.items).toHaveLength(1)
    expect(many.items.length).toBeGreaterThanOrEqual(4)
    expect(many.count).toBe(2)
    expect(one.count).toBe(many.count)
  })

  it("adds a source's declared area without changing the concession's version", async () => {
    const created = await createConcession()
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/concessions/${created.id}/declared-areas`,
      payload: { areaHa: 8200, source: 'Open Development Cambodia', sourceUrl: 'https://example.org/odc', statedOn: '2020-02-02' },
    })
    expect(res.statusCode).toBe(201)
    expect(res.json()).toEqual({
      id: expect.any(String),
      areaHa: 8200,
      source: 'Open Development Cambodia',
      sourceUrl: 'https://example.org/odc',
      statedOn: '2020-02-02',
    })
    const get = (await t.app.inject({ url: `/api/concessions/${created.id}` })).json()
    expect(get.declaredAreas).toEqual([res.json()])
    expect(get.version).toBe(1)
  })

  it('removes a mistaken declared area, and answers 404 when it is already gone', async () => {
    const created = await createConcession({
      declaredAreas: [
        { areaHa: 100, source: 'Typo' },
        { areaHa: 9000, source: 'MAFF' },
      ],
    })
    const typo = created.declaredAreas.find((a) => a.source === 'Typo')!
    const url = `/api/concessions/${created.id}/declared-areas/${typo.id}`
    expect((await t.app.inject({ method: 'DELETE', url })).statusCode).toBe(204)
    const get = (await t.app.inject({ url: `/api/concessions/${created.id}` })).json()
    expect(get.declaredAreas.map((a: DeclaredArea) => a.source)).toEqual(['MAFF'])
    const again = await t.app.inject({ method: 'DELETE', url })
    expect(again.statusCode).toBe(404)
    expect(problemOf(again).code).toBe('declared_area.not_found')
  })

  it("will not remove another concession's declared area through this concession", async () => {
    const mine = await createConcession()
    const theirs = await makeConcession(t.db, { boundary: rectangle([102.7, 13.3, 102.71, 13.31]) })
    const area = await makeDeclaredArea(t.db, { concessionId: theirs.id, areaHa: 50, source: 'Ministry' })
    const res = await t.app.inject({ method: 'DELETE', url: `/api/concessions/${mine.id}/declared-areas/${area.id}` })
    expect(res.statusCode).toBe(404)
    const get = (await t.app.inject({ url: `/api/concessions/${theirs.id}` })).json()
    expect(get.declaredAreas).toHaveLength(1)
  })

  it('answers 404 for declared areas of an unknown or deleted concession', async () => {
    const unknown = '00000000-0000-4000-8000-000000000000'
    const add = await t.app.inject({
      method: 'POST',
      url: `/api/concessions/${unknown}/declared-areas`,
      payload: { areaHa: 1, source: 'x' },
    })
    expect(add.statusCode).toBe(404)
    expect(problemOf(add).code).toBe('concession.not_found')
    const created = await createConcession({ declaredAreas: [{ areaHa: 5, source: 'x' }] })
    await t.app.inject({ method: 'DELETE', url: `/api/concessions/${created.id}` })
    const addToDeleted = await t.app.inject({
      method: 'POST',
      url: `/api/concessions/${created.id}/declared-areas`,
      payload: { areaHa: 1, source: 'x' },
    })
    expect(addToDeleted.statusCode).toBe(404)
    const removeFromDeleted = await t.app.inject({
      method: 'DELETE',
      url: `/api/concessions/${created.id}/declared-areas/${created.declaredAreas[0]!.id}`,
    })
    expect(removeFromDeleted.statusCode).toBe(404)
  })

  it('rejects a declared area that is not positive or has a non-web link, naming the field', async () => {
    const created = await createConcession()
    const url = `/api/concessions/${created.id}/declared-areas`
    const zero = await t.app.inject({ method: 'POST', url, payload: { areaHa: 0, source: 'Ministry' } })
    expect(zero.statusCode).toBe(400)
    expect(problemOf(zero).errors?.map((e) => e.field)).toEqual(['body.areaHa'])
    const ftp = await t.app.inject({ method: 'POST', url, payload: { areaHa: 10, source: 'Ministry', sourceUrl: 'javascript:alert(1)' } })
    expect(ftp.statusCode).toBe(400)
    expect(problemOf(ftp).errors?.map((e) => e.field)).toEqual(['body.sourceUrl'])
  })

  it('rejects a granted date PostgreSQL cannot store (year 0) with 400 naming body.grantedOn', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/concessions', payload: newConcession({ grantedOn: '0000-01-01' }) })
    expect(res.statusCode).toBe(400)
    expect(problemOf(res).errors?.map((e) => e.field)).toEqual(['body.grantedOn'])
  })

  it('rejects an unknown kind with 400 naming body.kind', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/concessions', payload: newConcession({ kind: 'casino' }) })
    expect(res.statusCode).toBe(400)
    expect(problemOf(res).errors?.map((e) => e.field)).toEqual(['body.kind'])
  })

  it('rejects an unknown kind in the list filter with 400 naming the field', async () => {
    const res = await t.app.inject({ url: '/api/concessions?kind=elc,casino' })
    expect(res.statusCode).toBe(400)
    expect(problemOf(res).errors?.[0]?.field).toMatch(/^query(string)?\.kind/)
  })

  it('refuses a self-intersecting boundary with 422 and PostGIS reason', async () => {
    const bowTie = {
      type: 'Polygon',
      coordinates: [
        [
          [102.6, 13.3],
          [102.61, 13.31],
          [102.61, 13.3],
          [102.6, 13.31],
          [102.6, 13.3],
        ],
      ],
    }
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/concessions',
      payload: newConcession({ boundary: bowTie, name: 'Bow tie' }),
    })
    expect(res.statusCode).toBe(422)
    expect(problemOf(res).errors?.[0]).toMatchObject({ field: 'body.boundary', message: expect.stringMatching(/Self-intersection/i) })
    expect(await listAll('&q=Bow%20tie')).toEqual([])
  })

  it('repairs a self-intersecting boundary on ?repair=true and reports the repair', async () => {
    const bowTie = {
      type: 'Polygon',
      coordinates: [
        [
          [102.6, 13.3],
          [102.61, 13.31],
          [102.61, 13.3],
          [102.6, 13.31],
          [102.6, 13.3],
        ],
      ],
    }
    const created = await createConcession({ boundary: bowTie }, '?repair=true')
    expect(created.repairs).toEqual([{ field: 'body.boundary', reason: expect.stringMatching(/Self-intersection/i) }])
    expect(created.areaHa).toBeGreaterThan(0)
  })

  it('fills in the province from the admin areas when it is left out', async () => {
    await t.db.insert(adminAreas).values({
      level: 1,
      name: 'Test Province',
      code: 'TEST-1',
      // In the Gulf of Thailand, inside the region the server covers, where no real province is.
      boundary: { type: 'MultiPolygon', coordinates: [rectangle([102.5, 10.4, 102.9, 10.8]).coordinates] },
    })
    const inside = await createConcession({ province: undefined, boundary: rectangle([102.6, 10.5, 102.61, 10.51]) })
    expect(inside.province).toBe('Test Province')
    const outside = await createConcession({ province: undefined, boundary: rectangle([102.15, 11.6, 102.16, 11.61]) })
    expect(outside.province).toBeNull()
    const given = await createConcession({ province: 'Kratie', boundary: rectangle([102.6, 10.5, 102.61, 10.51]) })
    expect(given.province).toBe('Kratie')
  })

  it('pages through every concession by name once, in order', async () => {
    for (let i = 0; i < 5; i++) await createConcession({ name: `Paged concession ${i}` })
    const all = await listAll('&sort=name')
    const paged = await collectAllPages(t.app, '/api/concessions?sort=name&limit=2')
    expect(all.length).toBeGreaterThan(8)
    expect(paged.map((c) => c.id)).toEqual(all.map((c) => c.id))
    const names = all.map((c) => c.name as string)
    expect(names).toEqual([...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)))
  })

  it('pages by area and by creation time without gaps or repeats', async () => {
    for (const sort of ['-areaHa', 'areaHa', '-createdAt', 'updatedAt']) {
      const all = await listAll(`&sort=${sort}`)
      const paged = await collectAllPages(t.app, `/api/concessions?sort=${sort}&limit=3`)
      expect(paged.map((c) => c.id)).toEqual(all.map((c) => c.id))
      expect(new Set(paged.map((c) => c.id)).size).toBe(all.length)
    }
  })

  it('filters by kind and by province', async () => {
    const mining = await listAll('&kind=mining,hydropower')
    expect(mining.length).toBeGreaterThan(0)
    expect(mining.every((c) => ['mining', 'hydropower'].includes(c.kind as string))).toBe(true)
    const all = await listAll()
    expect(mining.length).toBe(all.filter((c) => ['mining', 'hydropower'].includes(c.kind as string)).length)
    const inRatanakiri = await listAll(`&province=${encodeURIComponent('Ratanak Kiri')}`)
    expect(inRatanakiri.length).toBeGreaterThan(0)
    expect(inRatanakiri.every((c) => c.province === 'Ratanak Kiri')).toBe(true)
  })

  it('searches name and company with q', async () => {
    const byName = await listAll('&q=sugar')
    expect(byName.length).toBeGreaterThan(0)
    expect(byName.every((c) => /sugar/i.test(`${c.name} ${c.company}`))).toBe(true)
    const created = await createConcession({ name: 'Plain name', company: 'Zyxwv Holdings' })
    expect((await listAll('&q=zyxwv')).map((c) => c.id)).toEqual([created.id])
  })

  it('finds concessions by a Khmer word inside their Khmer name', async () => {
    const word = 'ដីសម្បទាន'
    const items = await listAll(`&q=${encodeURIComponent(word)}`)
    expect(items.length).toBeGreaterThanOrEqual(3)
    expect(items.every((c) => String(c.nameKm).includes(word))).toBe(true)
    expect(items.length).toBeLessThan((await listAll()).length)
  })

  it('returns only concessions that intersect the bbox', async () => {
    const inside = await createConcession({ boundary: rectangle([103.5, 14.5, 103.51, 14.51]) })
    const items = await listAll('&bbox=103.49,14.49,103.505,14.505')
    expect(items.map((c) => c.id)).toEqual([inside.id])
  })

  it('filters by creation date with from and to', async () => {
    const old = await makeConcession(t.db, { name: 'Old record', createdAt: new Date('2019-06-30T20:00:00Z') })
    // 20:00 UTC on 30 June is 03:00 on 1 July in Phnom Penh: the day users mean.
    expect((await listAll('&from=2019-07-01&to=2019-07-01')).map((c) => c.id)).toEqual([old.id])
    expect(await listAll('&from=2019-06-01&to=2019-06-30')).toEqual([])
  })

  it('answers as a GeoJSON FeatureCollection with declared areas in the properties', async () => {
    const res = await t.app.inject({ url: '/api/concessions?format=geojson&kind=elc&q=Demo' })
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toContain('application/geo+json')
    const fc = res.json()
    expect(fc.type).toBe('FeatureCollection')
    expect(fc.features).toHaveLength(3)
    for (const feature of fc.features) {
      expect(feature.geometry.type).toBe('MultiPolygon')
      expect(feature.properties).not.toHaveProperty('boundary')
      expect(feature.properties.declaredAreas).toHaveLength(2)
    }
  })

  it('updates provenance and boundary with the version, recomputing the area', async () => {
    const created = await createConcession()
    const smaller = rectangle([102.6, 13.3, 102.61, 13.31])
    const res = await t.app.inject({
      method: 'PATCH',
      url: `/api/concessions/${created.id}`,
      payload: { boundary: smaller, boundarySource: 'Re-surveyed by GPS', sourceDate: '2026-10-01', version: 1 },
    })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toMatchObject({
      boundarySource: 'Re-surveyed by GPS',
      sourceDate: '2026-10-01',
      kind: 'elc',
      company: 'Green Cassava Co., Ltd.',
      version: 2,
    })
    expect(Math.abs(res.json().areaHa - geodesicAreaHa(smaller)) / geodesicAreaHa(smaller)).toBeLessThan(0.001)
  })

  it('refuses a stale update with 409 and the current concession', async () => {
    const created = await createConcession()
    await t.app.inject({ method: 'PATCH', url: `/api/concessions/${created.id}`, payload: { company: 'Renamed Co.', version: 1 } })
    const stale = await t.app.inject({
      method: 'PATCH',
      url: `/api/concessions/${created.id}`,
      payload: { company: 'Other' },
      headers: { 'if-match': '"1"' },
    })
    expect(stale.statusCode).toBe(409)
    expect(stale.json()).toMatchObject({ code: 'concession.version_conflict', current: { company: 'Renamed Co.', version: 2 } })
  })

  it('asks for the version (428) when an update sends none', async () => {
    const created = await createConcession()
    const res = await t.app.inject({ method: 'PATCH', url: `/api/concessions/${created.id}`, payload: { purpose: 'Rubber' } })
    expect(res.statusCode).toBe(428)
  })

  it('answers 404 for an unknown concession on get, update and delete', async () => {
    const unknown = '00000000-0000-4000-8000-000000000000'
    expect((await t.app.inject({ url: `/api/concessions/${unknown}` })).statusCode).toBe(404)
    expect(
      (await t.app.inject({ method: 'PATCH', url: `/api/concessions/${unknown}`, payload: { name: 'x', version: 1 } })).statusCode,
    ).toBe(404)
    expect((await t.app.inject({ method: 'DELETE', url: `/api/concessions/${unknown}` })).statusCode).toBe(404)
  })

  it('soft-deletes a concession: gone from get and lists, kept in the database', async () => {
    const created = await createConcession({ name: 'Cancelled ELC' })
    expect((await t.app.inject({ method: 'DELETE', url: `/api/concessions/${created.id}` })).statusCode).toBe(204)
    expect((await t.app.inject({ url: `/api/concessions/${created.id}` })).statusCode).toBe(404)
    expect(await listAll('&q=Cancelled')).toEqual([])
    const rows = await t.db.query.concessions.findMany({ where: (c, { eq }) => eq(c.id, created.id), columns: { deletedAt: true } })
    expect(rows).toEqual([{ deletedAt: expect.any(Date) }])
  })
})
