// A concession known only as a point with a declared area (the typical ODC record): stored, listed,
// drawn on the map as a point, upgraded to a polygon later; overlap analysis says "boundary
// unknown" instead of guessing a shape.
import { PbfReader } from 'pbf'
import { VectorTile } from '@mapbox/vector-tile'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { tilePath } from '../../shared/tiles.ts'
import { collectAllPages, problemOf } from '../helpers/http.ts'
import { rectangle } from '../helpers/geo.ts'
import { makeCommunity, makeParcel } from '../helpers/factories.ts'
import { createTestApp, type SignedIn, type TestApp } from '../helpers/test-app.ts'
import { testDriver } from '../helpers/test-db.ts'

let t: TestApp
let admin: SignedIn
let communityId: string
let parcelId: string

// In Stung Treng's north, far from the demo data other tests place.
const POINT: [number, number] = [106.3, 13.9]
const TERRITORY = rectangle([106.32, 13.88, 106.36, 13.92]) // ~2.2 km east of POINT
const FAR_TERRITORY = rectangle([106.6, 13.88, 106.62, 13.9]) // ~32 km away

const pointConcession = (overrides: Record<string, unknown> = {}) => ({
  name: 'Point-only Rubber ELC',
  kind: 'elc',
  company: 'Example Rubber Co., Ltd.',
  location: { type: 'Point', coordinates: POINT },
  declaredAreas: [{ areaHa: 7500, source: 'ODC, Government data 2012' }],
  ...overrides,
})

async function create(body: Record<string, unknown>) {
  const res = await t.app.inject({ method: 'POST', url: '/api/concessions', payload: body, headers: admin.headers })
  return res
}

beforeAll(async () => {
  t = await createTestApp()
  admin = await t.signIn('admin')
  communityId = (await makeCommunity(t.db, { name: 'Near Point Community', territory: TERRITORY as never, province: 'Stung Treng' })).id
  parcelId = (await makeParcel(t.db, { communityId, label: 'Near point parcel', boundary: rectangle([106.33, 13.89, 106.335, 13.895]) })).id
  await makeCommunity(t.db, { name: 'Far Community', territory: FAR_TERRITORY as never, province: 'Stung Treng' })
})
afterAll(() => t?.close())

describe(`concessions known only as a point on ${testDriver}`, () => {
  it('stores a point with a declared area: no boundary, no mapped area, the province from the point', async () => {
    const res = await create(pointConcession())
    expect(res.statusCode, res.body).toBe(201)
    const body = res.json()
    expect(body.boundary).toBeNull()
    expect(body.areaHa).toBeNull()
    expect(body.location).toEqual({ type: 'Point', coordinates: POINT })
    expect(body.declaredAreas.map((a: { areaHa: number }) => a.areaHa)).toEqual([7500])
    expect(body.provenance).toEqual({ importId: null, externalSource: null, externalId: null })
    const listed = (await collectAllPages(t.app, '/api/concessions?bbox=106.2,13.8,106.4,14.0&limit=10')) as { id: string }[]
    expect(listed.map((c) => c.id)).toContain(body.id)
  })

  it('refuses a concession with neither boundary nor location, and a point outside the region', async () => {
    const none = await create(pointConcession({ location: undefined }))
    expect(none.statusCode).toBe(400)
    expect(problemOf(none).errors?.map((e) => e.field)).toContain('body.boundary')
    const outside = await create(pointConcession({ location: { type: 'Point', coordinates: [2.35, 48.85] } }))
    expect(outside.statusCode).toBe(422)
    expect(problemOf(outside).code).toBe('geometry.outside_region')
  })

  it('pages the area sort through concessions with and without a boundary, each once', async () => {
    await create(pointConcession({ name: 'Second point-only ELC', location: { type: 'Point', coordinates: [106.31, 13.95] } }))
    const all = (await collectAllPages(t.app, '/api/concessions?limit=500')) as { id: string }[]
    for (const sort of ['areaHa', '-areaHa']) {
      const paged = (await collectAllPages(t.app, `/api/concessions?sort=${sort}&limit=2`)) as { id: string; areaHa: number | null }[]
      expect(paged.map((c) => c.id).sort()).toEqual(all.map((c) => c.id).sort())
      const areas = paged.map((c) => c.areaHa ?? 0)
      expect(areas).toEqual([...areas].sort((a, b) => (sort === 'areaHa' ? a - b : b - a)))
    }
  })

  it('overlap analysis says the boundary is unknown instead of guessing, for the concession, the community and the parcel', async () => {
    const concession = (await create(pointConcession({ name: 'Overlap point ELC' }))).json()
    const own = await t.app.inject({ url: `/api/concessions/${concession.id}/overlaps`, headers: admin.headers })
    expect(own.statusCode, own.body).toBe(200)
    expect(own.json().concession).toMatchObject({ isBoundaryKnown: false, areaHa: null })
    expect(own.json().communities).toEqual([])
    expect(own.json().parcels).toEqual([])

    const community = await t.app.inject({ url: `/api/communities/${communityId}/overlaps`, headers: admin.headers })
    expect(community.statusCode, community.body).toBe(200)
    const near = community.json().boundaryUnknown.find((c: { concessionId: string }) => c.concessionId === concession.id)
    expect(near).toMatchObject({ concessionName: 'Overlap point ELC', declaredAreaHa: 7500 })
    // The point is 0.02° of longitude (≈ 2.16 km at 13.9° N) west of the territory's edge.
    expect(near.distanceKm).toBeGreaterThan(2)
    expect(near.distanceKm).toBeLessThan(2.3)
    expect(community.json().concessions.map((c: { concessionId: string }) => c.concessionId)).not.toContain(concession.id)

    const parcel = await t.app.inject({ url: `/api/parcels/${parcelId}/conflicts`, headers: admin.headers })
    expect(parcel.statusCode, parcel.body).toBe(200)
    expect(parcel.json().boundaryUnknown.map((c: { concessionId: string }) => c.concessionId)).toContain(concession.id)
  })

  it('lists no point-only concession for land beyond the radius', async () => {
    const far = (await collectAllPages(t.app, '/api/communities?q=Far%20Community&limit=5')) as { id: string }[]
    const res = await t.app.inject({ url: `/api/communities/${far[0]!.id}/overlaps`, headers: admin.headers })
    expect(res.statusCode).toBe(200)
    expect(res.json().boundaryUnknown).toEqual([])
  })

  it('draws a point-only concession on the map as a point marked isPoint, with its declared area', async () => {
    const concession = (
      await create(pointConcession({ name: 'Tile point ELC', location: { type: 'Point', coordinates: [106.25, 13.85] } }))
    ).json()
    const z = 12
    const x = Math.floor(((106.25 + 180) / 360) * 2 ** z)
    const rad = (13.85 * Math.PI) / 180
    const y = Math.floor(((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * 2 ** z)
    const res = await t.app.inject({ url: tilePath('concessions', z, x, y), headers: admin.headers })
    expect(res.statusCode, res.body).toBe(200)
    const layer = new VectorTile(new PbfReader(res.rawPayload)).layers.concessions!
    const features = Array.from({ length: layer.length }, (_, i) => layer.feature(i))
    const found = features.find((f) => f.properties.id === concession.id)
    expect(found?.type).toBe(1)
    expect(found?.properties).toMatchObject({ isPoint: true, declaredAreaHa: 7500, name: 'Tile point ELC' })
  })

  it('is upgraded to a polygon later: the boundary and mapped area appear, the published point stays', async () => {
    const concession = (await create(pointConcession({ name: 'Upgraded ELC' }))).json()
    const boundary = rectangle([106.29, 13.89, 106.31, 13.91])
    const res = await t.app.inject({
      method: 'PATCH',
      url: `/api/concessions/${concession.id}`,
      payload: { boundary, version: concession.version },
      headers: admin.headers,
    })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json().areaHa).toBeGreaterThan(400)
    expect(res.json().location).toEqual({ type: 'Point', coordinates: POINT })
    const overlaps = await t.app.inject({ url: `/api/concessions/${concession.id}/overlaps`, headers: admin.headers })
    expect(overlaps.json().concession.isBoundaryKnown).toBe(true)
  })

  it('refuses to remove the only place of a point-only concession', async () => {
    const concession = (await create(pointConcession({ name: 'Placeless ELC' }))).json()
    const res = await t.app.inject({
      method: 'PATCH',
      url: `/api/concessions/${concession.id}`,
      payload: { location: null, version: concession.version },
      headers: admin.headers,
    })
    expect(res.statusCode).toBe(422)
    expect(problemOf(res).code).toBe('concessions.no_place')
  })
})
