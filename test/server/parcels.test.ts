import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadDemoData } from '../../db/seed/index.ts'
import type { Polygon } from '../../shared/geo.ts'
import { makeCommunity, makeParcel } from '../helpers/factories.ts'
import { squareAround } from '../helpers/geo.ts'
import { collectAllPages, problemOf } from '../helpers/http.ts'
import { geodesicAreaHa, rectangle } from '../helpers/geo.ts'
import { createTestApp, type TestApp } from '../helpers/test-app.ts'
import { testDriver } from '../helpers/test-db.ts'

type Item = Record<string, unknown> & { id: string }

let t: TestApp
const statements: string[] = []
let communityId: string
let demoCommunities: Item[]

beforeAll(async () => {
  t = await createTestApp({ onQuery: (sql) => statements.push(sql) })
  await loadDemoData(t.db, new Date('2026-11-28T00:00:00Z'))
  communityId = (await makeCommunity(t.db, { name: 'Parcel Test Community', province: 'Kampong Speu' })).id
  demoCommunities = (await collectAllPages(t.app, '/api/communities?limit=500')) as Item[]
})
afterAll(() => t?.close())

/** How many SQL statements a request runs, besides the session look-up every request makes. */
async function countStatements(url: string) {
  statements.length = 0
  const res = await t.app.inject({ url })
  expect(res.statusCode).toBe(200)
  return { count: statements.filter((statement) => !/\bsessions\b/i.test(statement)).length, items: res.json().items as unknown[] }
}

// Far from every demo village, so spatial tests see only their own parcels.
const HERE: [number, number] = [102.62, 13.31]

const newParcel = (overrides: Record<string, unknown> = {}) => ({
  communityId,
  label: 'Rice field by the stream',
  holderName: 'Sok Dara',
  households: 2,
  landUse: 'rice_field',
  tenure: 'possession_right',
  boundary: squareAround(HERE, 0.002),
  ...overrides,
})

async function createParcel(overrides: Record<string, unknown> = {}) {
  const res = await t.app.inject({ method: 'POST', url: '/api/parcels', payload: newParcel(overrides) })
  expect(res.statusCode).toBe(201)
  return res.json() as Item & { version: number; areaHa: number }
}

const listAll = (query = '') => collectAllPages(t.app, `/api/parcels?limit=500${query}`) as Promise<Item[]>

describe(`parcels API on ${testDriver}`, () => {
  it('creates a parcel from a Polygon and returns it as a MultiPolygon with its area and community name', async () => {
    const boundary = squareAround([102.7, 13.2], 0.003)
    const res = await t.app.inject({ method: 'POST', url: '/api/parcels', payload: newParcel({ boundary }) })
    expect(res.statusCode).toBe(201)
    const body = res.json()
    expect(body).toMatchObject({
      communityId,
      communityName: 'Parcel Test Community',
      label: 'Rice field by the stream',
      holderName: 'Sok Dara',
      landUse: 'rice_field',
      tenure: 'possession_right',
      titleStatus: 'none',
      notes: null,
      version: 1,
      boundary: { type: 'MultiPolygon', coordinates: [boundary.coordinates] },
    })
    const expectedHa = geodesicAreaHa(boundary)
    expect(Math.abs(body.areaHa - expectedHa) / expectedHa).toBeLessThan(0.001)
    const get = await t.app.inject({ url: `/api/parcels/${body.id}` })
    expect(get.statusCode).toBe(200)
    expect(get.json()).toEqual(body)
    expect(get.headers.etag).toBe('"1"')
  })

  it('refuses a parcel for an unknown community with 422 naming body.communityId', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/parcels',
      payload: newParcel({ communityId: '00000000-0000-4000-8000-000000000000' }),
    })
    expect(res.statusCode).toBe(422)
    expect(problemOf(res)).toMatchObject({ code: 'community.not_found', errors: [{ field: 'body.communityId' }] })
  })

  it('refuses a parcel for a deleted community with 422', async () => {
    const gone = await makeCommunity(t.db, { name: 'Gone', deletedAt: new Date() })
    const res = await t.app.inject({ method: 'POST', url: '/api/parcels', payload: newParcel({ communityId: gone.id }) })
    expect(res.statusCode).toBe(422)
    expect(problemOf(res).code).toBe('community.deleted')
  })

  it('refuses a self-intersecting boundary with 422 and PostGIS reason, and stores nothing', async () => {
    const before = (await listAll()).length
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
    const res = await t.app.inject({ method: 'POST', url: '/api/parcels', payload: newParcel({ boundary: bowTie }) })
    expect(res.statusCode).toBe(422)
    expect(problemOf(res)).toMatchObject({
      code: 'geometry.invalid',
      errors: [{ field: 'body.boundary', message: expect.stringMatching(/Self-intersection/i) }],
    })
    expect((await listAll()).length).toBe(before)
  })

  it('repairs a self-intersecting boundary when asked with ?repair=true, and says so', async () => {
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
    const res = await t.app.inject({ method: 'POST', url: '/api/parcels?repair=true', payload: newParcel({ boundary: bowTie }) })
    expect(res.statusCode).toBe(201)
    expect(res.json().repairs).toEqual([{ field: 'body.boundary', reason: expect.stringMatching(/Self-intersection/i) }])
    expect(res.json().boundary.coordinates).toHaveLength(2)
    expect(res.json().areaHa).toBeGreaterThan(0)
  })

  it('points at the invalid part of a MultiPolygon', async () => {
    const good = squareAround(HERE, 0.001).coordinates
    const bowTie = [
      [
        [102.6, 13.3],
        [102.61, 13.31],
        [102.61, 13.3],
        [102.6, 13.31],
        [102.6, 13.3],
      ],
    ]
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/parcels',
      payload: newParcel({ boundary: { type: 'MultiPolygon', coordinates: [good, bowTie] } }),
    })
    expect(res.statusCode).toBe(422)
    expect(problemOf(res).errors?.[0]?.field).toBe('body.boundary.coordinates[1]')
  })

  it('rejects a Point as a boundary with 400 naming the field', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/parcels',
      payload: newParcel({ boundary: { type: 'Point', coordinates: HERE } }),
    })
    expect(res.statusCode).toBe(400)
    expect(problemOf(res).errors?.[0]?.field).toMatch(/^body\.boundary/)
  })

  it('rejects an unknown land use with 400 naming body.landUse', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/parcels', payload: newParcel({ landUse: 'golf_course' }) })
    expect(res.statusCode).toBe(400)
    expect(problemOf(res).errors?.map((e) => e.field)).toEqual(['body.landUse'])
  })

  it('rejects an unknown tenure in the list filter with 400 naming query.tenure', async () => {
    const res = await t.app.inject({ url: '/api/parcels?tenure=owned_outright' })
    expect(res.statusCode).toBe(400)
    expect(problemOf(res).errors?.[0]?.field).toMatch(/^query(string)?\.tenure/)
  })

  it('rejects an unknown sort key with 400 naming query.sort', async () => {
    const res = await t.app.inject({ url: '/api/parcels?sort=holderName' })
    expect(res.statusCode).toBe(400)
    expect(problemOf(res).errors?.[0]?.field).toMatch(/^query(string)?\.sort$/)
  })

  it('pages through every parcel by label once, in order, without gaps or repeats', async () => {
    const all = await listAll('&sort=label')
    const paged = await collectAllPages(t.app, '/api/parcels?sort=label&limit=17')
    expect(all.length).toBeGreaterThan(150)
    expect(paged.map((p) => p.id)).toEqual(all.map((p) => p.id))
    const labels = all.map((p) => p.label as string)
    expect(labels).toEqual([...labels].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)))
  })

  it('pages by area, largest first, without gaps or repeats', async () => {
    const all = await listAll('&sort=-areaHa')
    const paged = await collectAllPages(t.app, '/api/parcels?sort=-areaHa&limit=23')
    expect(paged.map((p) => p.id)).toEqual(all.map((p) => p.id))
    const areas = all.map((p) => p.areaHa as number)
    expect(areas).toEqual([...areas].sort((a, b) => b - a))
  })

  it('pages by creation time across parcels created a moment apart', async () => {
    for (let i = 0; i < 7; i++) await createParcel({ label: `Timed ${i}` })
    const all = await listAll('&sort=createdAt')
    const paged = await collectAllPages(t.app, '/api/parcels?sort=createdAt&limit=3')
    expect(paged.map((p) => p.id)).toEqual(all.map((p) => p.id))
    expect(new Set(paged.map((p) => p.id)).size).toBe(all.length)
  })

  it('lists parcels with their community names in one statement, however many there are', async () => {
    const few = await countStatements('/api/parcels?limit=2')
    const many = await countStatements('/api/parcels?limit=500&q=a')
    expect(many.items.length).toBeGreaterThan(100)
    expect(many.count).toBe(1)
    expect(few.count).toBe(1)
  })

  it('filters by land use, tenure and title status (each accepting several values)', async () => {
    const all = await listAll()
    for (const [field, values] of [
      ['landUse', ['spirit_forest', 'burial_ground']],
      ['tenure', ['communal_land_title']],
      ['titleStatus', ['disputed', 'applied']],
    ] as const) {
      const items = await listAll(`&${field}=${values.join(',')}`)
      expect(items.length).toBeGreaterThan(0)
      expect(items.length).toBeLessThan(all.length)
      expect(items.every((p) => (values as readonly string[]).includes(p[field] as string))).toBe(true)
      expect(items.length).toBe(all.filter((p) => (values as readonly string[]).includes(p[field] as string)).length)
    }
  })

  it('filters by community', async () => {
    const some = (await listAll())[0]!
    const items = await listAll(`&community=${some.communityId}`)
    expect(items.length).toBeGreaterThan(1)
    expect(items.every((p) => p.communityId === some.communityId)).toBe(true)
  })

  it("filters by province, which is the parcel's community's province", async () => {
    const provinceOf = new Map(demoCommunities.map((c) => [c.id, c.province as string]))
    const items = await listAll(`&province=${encodeURIComponent('Ratanak Kiri')}`)
    expect(items.length).toBeGreaterThan(0)
    expect(items.every((p) => provinceOf.get(p.communityId as string) === 'Ratanak Kiri')).toBe(true)
    const all = await listAll()
    expect(items.length).toBe(all.filter((p) => provinceOf.get(p.communityId as string) === 'Ratanak Kiri').length)
  })

  it('searches label, holder name and community name with q', async () => {
    const byLabel = await listAll('&q=burial')
    expect(byLabel.length).toBeGreaterThan(0)
    expect(byLabel.every((p) => /burial/i.test(p.label as string))).toBe(true)
    const holder = await createParcel({ holderName: 'Chhorn Sreymom Unique' })
    expect((await listAll('&q=sreymom%20unique')).map((p) => p.id)).toEqual([holder.id])
    const byCommunity = await listAll('&q=Parcel%20Test%20Community')
    expect(byCommunity.length).toBeGreaterThan(0)
    expect(byCommunity.every((p) => p.communityId === communityId)).toBe(true)
  })

  it("finds parcels by a Khmer word inside their community's Khmer name", async () => {
    const word = 'ភូមិ'
    const khmerNamed = new Set(demoCommunities.filter((c) => String(c.nameKm).includes(word)).map((c) => c.id))
    const items = await listAll(`&q=${encodeURIComponent(word)}`)
    expect(items.length).toBeGreaterThan(0)
    expect(items.every((p) => khmerNamed.has(p.communityId as string))).toBe(true)
    expect(items.length).toBeLessThan((await listAll()).length)
  })

  it('returns only parcels that intersect the bbox', async () => {
    const inside = await createParcel({ boundary: squareAround([102.9, 13.6], 0.001) })
    const outside = await createParcel({ boundary: squareAround([102.95, 13.6], 0.001) })
    const items = await listAll('&bbox=102.89,13.59,102.91,13.61')
    expect(items.map((p) => p.id)).toEqual([inside.id])
    expect(items.some((p) => p.id === outside.id)).toBe(false)
  })

  it('rejects a malformed bbox with 400 naming query.bbox', async () => {
    const res = await t.app.inject({ url: '/api/parcels?bbox=102,13,101,14' })
    expect(res.statusCode).toBe(400)
    expect(problemOf(res).errors?.[0]?.field).toMatch(/^query(string)?\.bbox$/)
  })

  it('filters by creation date with from and to, inclusive of whole days', async () => {
    const old = await makeParcel(t.db, { communityId, label: 'Mapped in 2020', createdAt: new Date('2020-01-15T03:00:00Z') })
    expect((await listAll('&from=2020-01-15&to=2020-01-15')).map((p) => p.id)).toEqual([old.id])
    expect(await listAll('&from=2020-01-16&to=2020-12-31')).toEqual([])
    expect(await listAll('&to=2020-01-14')).toEqual([])
    expect((await listAll('&from=2026-01-01')).some((p) => p.id === old.id)).toBe(false)
  })

  it('answers as a GeoJSON FeatureCollection whose geometry is the boundary', async () => {
    for (const request of [
      { url: '/api/parcels?limit=4', headers: { accept: 'application/geo+json' } },
      { url: '/api/parcels?limit=4&format=geojson' },
    ]) {
      const res = await t.app.inject(request)
      expect(res.statusCode).toBe(200)
      expect(res.headers['content-type']).toContain('application/geo+json')
      const fc = res.json()
      expect(fc.type).toBe('FeatureCollection')
      expect(fc.features).toHaveLength(4)
      expect(fc.features[0]).toMatchObject({ type: 'Feature', geometry: { type: 'MultiPolygon' } })
      expect(fc.features[0].id).toBe(fc.features[0].properties.id)
      expect(fc.features[0].properties).toMatchObject({
        label: expect.any(String),
        communityName: expect.any(String),
        areaHa: expect.any(Number),
      })
      expect(fc.features[0].properties).not.toHaveProperty('boundary')
      expect(fc.nextCursor).toEqual(expect.any(String))
    }
  })

  it('updates a parcel with its version and keeps the fields it did not send', async () => {
    const created = await createParcel({ landUse: 'orchard', titleStatus: 'applied' })
    const res = await t.app.inject({ method: 'PATCH', url: `/api/parcels/${created.id}`, payload: { label: 'Mango orchard', version: 1 } })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toMatchObject({
      label: 'Mango orchard',
      landUse: 'orchard',
      tenure: 'possession_right',
      titleStatus: 'applied',
      version: 2,
    })
  })

  it('recomputes the area when the boundary changes', async () => {
    const created = await createParcel()
    const bigger: Polygon = rectangle([102.6, 13.3, 102.62, 13.32])
    const res = await t.app.inject({
      method: 'PATCH',
      url: `/api/parcels/${created.id}`,
      payload: { boundary: bigger },
      headers: { 'if-match': '"1"' },
    })
    expect(res.statusCode).toBe(200)
    const expectedHa = geodesicAreaHa(bigger)
    expect(Math.abs(res.json().areaHa - expectedHa) / expectedHa).toBeLessThan(0.001)
    expect(res.json().areaHa).toBeGreaterThan(created.areaHa)
  })

  it('refuses an invalid boundary on update with 422 and leaves the parcel unchanged', async () => {
    const created = await createParcel()
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
    const res = await t.app.inject({ method: 'PATCH', url: `/api/parcels/${created.id}`, payload: { boundary: bowTie, version: 1 } })
    expect(res.statusCode).toBe(422)
    expect(problemOf(res).code).toBe('geometry.invalid')
    expect((await t.app.inject({ url: `/api/parcels/${created.id}` })).json()).toMatchObject({ version: 1, areaHa: created.areaHa })
  })

  it('moves a parcel to another live community, and refuses a deleted one with 422', async () => {
    const created = await createParcel()
    const other = await makeCommunity(t.db, { name: 'Neighbouring community' })
    const moved = await t.app.inject({ method: 'PATCH', url: `/api/parcels/${created.id}`, payload: { communityId: other.id, version: 1 } })
    expect(moved.json()).toMatchObject({ communityId: other.id, communityName: 'Neighbouring community', version: 2 })
    const gone = await makeCommunity(t.db, { name: 'Gone too', deletedAt: new Date() })
    const refused = await t.app.inject({
      method: 'PATCH',
      url: `/api/parcels/${created.id}`,
      payload: { communityId: gone.id, version: 2 },
    })
    expect(refused.statusCode).toBe(422)
    expect(problemOf(refused).errors?.[0]?.field).toBe('body.communityId')
  })

  it('refuses a stale update with 409 and the current parcel', async () => {
    const created = await createParcel()
    await t.app.inject({ method: 'PATCH', url: `/api/parcels/${created.id}`, payload: { households: 3, version: 1 } })
    const stale = await t.app.inject({ method: 'PATCH', url: `/api/parcels/${created.id}`, payload: { households: 9, version: 1 } })
    expect(stale.statusCode).toBe(409)
    expect(stale.json()).toMatchObject({ code: 'parcel.version_conflict', current: { id: created.id, households: 3, version: 2 } })
  })

  it('asks for the version (428) when an update sends none', async () => {
    const created = await createParcel()
    const res = await t.app.inject({ method: 'PATCH', url: `/api/parcels/${created.id}`, payload: { households: 4 } })
    expect(res.statusCode).toBe(428)
    expect(problemOf(res).errors?.[0]?.field).toBe('body.version')
  })

  it('rejects an update that changes nothing with 400', async () => {
    const created = await createParcel()
    const res = await t.app.inject({ method: 'PATCH', url: `/api/parcels/${created.id}`, payload: { version: 1 } })
    expect(res.statusCode).toBe(400)
  })

  it('answers 404 for an unknown parcel on get, update and delete, and 400 for a malformed id', async () => {
    const unknown = '00000000-0000-4000-8000-000000000000'
    expect((await t.app.inject({ url: `/api/parcels/${unknown}` })).statusCode).toBe(404)
    const patch = await t.app.inject({ method: 'PATCH', url: `/api/parcels/${unknown}`, payload: { label: 'x', version: 1 } })
    expect(patch.statusCode).toBe(404)
    expect(problemOf(patch).code).toBe('parcel.not_found')
    expect((await t.app.inject({ method: 'DELETE', url: `/api/parcels/${unknown}` })).statusCode).toBe(404)
    expect((await t.app.inject({ url: '/api/parcels/not-a-uuid' })).statusCode).toBe(400)
  })

  it('soft-deletes a parcel: gone from get and lists, kept in the database', async () => {
    const created = await createParcel({ label: 'Soon deleted' })
    expect((await t.app.inject({ method: 'DELETE', url: `/api/parcels/${created.id}` })).statusCode).toBe(204)
    expect((await t.app.inject({ url: `/api/parcels/${created.id}` })).statusCode).toBe(404)
    expect((await listAll()).some((p) => p.id === created.id)).toBe(false)
    expect((await t.app.inject({ method: 'DELETE', url: `/api/parcels/${created.id}` })).statusCode).toBe(404)
    const rows = await t.db.query.parcels.findMany({ where: (p, { eq }) => eq(p.id, created.id), columns: { id: true, deletedAt: true } })
    expect(rows).toEqual([{ id: created.id, deletedAt: expect.any(Date) }])
  })

  it('refuses a delete based on a stale version (409)', async () => {
    const created = await createParcel()
    await t.app.inject({ method: 'PATCH', url: `/api/parcels/${created.id}`, payload: { notes: 'walked again', version: 1 } })
    const res = await t.app.inject({ method: 'DELETE', url: `/api/parcels/${created.id}`, headers: { 'if-match': '"1"' } })
    expect(res.statusCode).toBe(409)
    expect((await t.app.inject({ url: `/api/parcels/${created.id}` })).statusCode).toBe(200)
  })

  it('hides the parcels of a deleted community from lists', async () => {
    const community = await makeCommunity(t.db, { name: 'Leaving community' })
    const parcel = await makeParcel(t.db, { communityId: community.id })
    expect((await listAll(`&community=${community.id}`)).map((p) => p.id)).toEqual([parcel.id])
    await t.app.inject({ method: 'DELETE', url: `/api/communities/${community.id}` })
    expect(await listAll(`&community=${community.id}`)).toEqual([])
  })
})
