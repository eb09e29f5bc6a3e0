// Geometry sanity on every write that takes a shape or a point: positions inside the region the
// server covers (Cambodia plus a margin by default, or a configured region), no ring across the
// antimeridian, areas no larger than land of their kind can be (unless an admin says so), and a
// repair that may not reach beyond the shape it mends. Each refusal is a 422 problem naming the
// field and the reason, and writes nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { geometryRules, isRepairWithinExtent, CAMBODIA_EXTENT } from '../../server/lib/geometry-rules.ts'
import { makeCommunity } from '../helpers/factories.ts'
import { geodesicAreaHa, rectangle, squareAround } from '../helpers/geo.ts'
import { problemOf } from '../helpers/http.ts'
import { createTestApp, type TestApp } from '../helpers/test-app.ts'
import { testDriver } from '../helpers/test-db.ts'

let t: TestApp
let communityId: string

beforeAll(async () => {
  t = await createTestApp()
  communityId = (await makeCommunity(t.db, { name: 'Sanity Test Community', province: 'Kampong Speu' })).id
})
afterAll(() => t?.close())

const KAMPONG_SPEU: [number, number] = [104.31, 11.42]
// Bangkok, 300 km west of Cambodia's border: a real place, just not one this server covers.
const BANGKOK: [number, number] = [100.5, 13.75]

const parcel = (boundary: unknown) => ({
  communityId,
  label: 'Sanity parcel',
  landUse: 'rice_field',
  tenure: 'possession_right',
  boundary,
})
const concession = (boundary: unknown) => ({
  name: 'Sanity ELC',
  kind: 'elc',
  company: 'Sanity Co., Ltd.',
  province: 'Kampong Speu',
  boundary,
})
const incident = (location: [number, number]) => ({
  title: 'Bulldozers at the village edge',
  kind: 'land_grabbing',
  severity: 'high',
  perpetratorKind: 'company',
  occurredAt: '2026-10-03T08:30:00+07:00',
  province: 'Kampong Speu',
  location: { type: 'Point', coordinates: location },
})
const community = (location: [number, number], overrides: Record<string, unknown> = {}) => ({
  name: 'Phum Sanity',
  kind: 'land_community',
  province: 'Kampong Speu',
  location: { type: 'Point', coordinates: location },
  ...overrides,
})

async function countRows(table: string) {
  const res = await t.app.inject({ url: `/api/${table}?limit=500` })
  expect(res.statusCode).toBe(200)
  return (res.json().items as unknown[]).length
}

/** Sends a write that must be refused with 422; returns the problem, after checking nothing was stored. */
async function refused(table: string, url: string, payload: object, headers?: { cookie: string }) {
  const before = await countRows(table)
  const res = await t.app.inject({ method: 'POST', url, payload, ...(headers ? { headers } : {}) })
  expect(res.statusCode, res.body).toBe(422)
  expect(await countRows(table)).toBe(before)
  return problemOf(res)
}

describe(`geometry sanity on ${testDriver}`, () => {
  it('refuses positions outside the region, naming the field and the region', async () => {
    const outsideParcel = await refused('parcels', '/api/parcels', parcel(squareAround(BANGKOK, 0.002)))
    expect(outsideParcel.code).toBe('geometry.outside_region')
    expect(outsideParcel.errors).toEqual([{ field: 'body.boundary', message: expect.stringContaining('outside the region') }])
    expect(outsideParcel.detail).toMatch(/longitude 100\.49\d*, latitude 13\.74\d* is outside/)

    // A photo's GPS from a trip abroad, typed into the report.
    const inItaly = await refused('incidents', '/api/incidents', incident([12.5, 41.9]))
    expect(inItaly.errors?.[0]?.field).toBe('body.location')

    const inBangkok = await refused('communities', '/api/communities', community(BANGKOK))
    expect(inBangkok.errors?.[0]?.field).toBe('body.location')

    // One part of a MultiPolygon outside: that part is named.
    const multi = {
      type: 'MultiPolygon',
      coordinates: [squareAround(KAMPONG_SPEU, 0.002).coordinates, squareAround(BANGKOK, 0.002).coordinates],
    }
    expect((await refused('parcels', '/api/parcels', parcel(multi))).errors?.[0]?.field).toBe('body.boundary.coordinates[1]')
  })

  it('takes a shape just across the border, within the margin', async () => {
    // 20 km west of Cambodia's westernmost point (Thailand's Trat province): inside the 50 km margin.
    const nearBorder: [number, number] = [CAMBODIA_EXTENT[0] - 0.18, 11.6]
    const res = await t.app.inject({ method: 'POST', url: '/api/parcels', payload: parcel(squareAround(nearBorder, 0.002)) })
    expect(res.statusCode, res.body).toBe(201)
  })

  it('refuses a moved position on update too, and keeps the stored one', async () => {
    const created = await t.app.inject({ method: 'POST', url: '/api/incidents', payload: incident(KAMPONG_SPEU) })
    expect(created.statusCode, created.body).toBe(201)
    const { id, version } = created.json() as { id: string; version: number }
    const res = await t.app.inject({
      method: 'PATCH',
      url: `/api/incidents/${id}`,
      payload: { version, location: { type: 'Point', coordinates: BANGKOK } },
    })
    expect(res.statusCode).toBe(422)
    expect(problemOf(res).errors?.[0]?.field).toBe('body.location')
    const stored = await t.app.inject({ url: `/api/incidents/${id}` })
    expect(stored.json().location.coordinates).toEqual(KAMPONG_SPEU)
  })

  it('refuses a ring across the antimeridian before anything is measured', async () => {
    const problem = await refused(
      'parcels',
      '/api/parcels',
      parcel({
        type: 'Polygon',
        coordinates: [
          [
            [179.9, 11],
            [-179.9, 11],
            [-179.9, 11.1],
            [179.9, 11.1],
            [179.9, 11],
          ],
        ],
      }),
    )
    expect(problem.detail).toMatch(/antimeridian/)
  })

  it('refuses an area larger than its kind can be, unless an admin overrides it', async () => {
    // About 0.1° × 0.1° near 11.4°N: some 12,000 ha, more than the 5,000 ha a parcel may have.
    const large = rectangle([104.2, 11.3, 104.3, 11.4])
    const areaHa = geodesicAreaHa(large)
    expect(areaHa).toBeGreaterThan(12_000)
    const problem = await refused('parcels', '/api/parcels', parcel(large))
    expect(problem.code).toBe('geometry.implausible_area')
    expect(problem.errors).toEqual([
      {
        field: 'body.boundary',
        message: expect.stringMatching(/^12,\d{3} ha is larger than a parcel can plausibly be \(at most 5,000 ha\)$/),
      },
    ])
    expect(problem.detail).toContain('allowLargeArea=true')

    // The same shape is a small concession.
    const asConcession = await t.app.inject({ method: 'POST', url: '/api/concessions', payload: concession(large) })
    expect(asConcession.statusCode, asConcession.body).toBe(201)

    // Legal staff may not override; an admin may, and the parcel is stored as drawn.
    const legal = await t.signIn('legal')
    const forbidden = await t.app.inject({
      method: 'POST',
      url: '/api/parcels?allowLargeArea=true',
      payload: parcel(large),
      headers: legal.headers,
    })
    expect(forbidden.statusCode).toBe(403)
    const overridden = await t.app.inject({ method: 'POST', url: '/api/parcels?allowLargeArea=true', payload: parcel(large) })
    expect(overridden.statusCode, overridden.body).toBe(201)
    expect(overridden.json().areaHa).toBeCloseTo(areaHa, -1)
  })

  it('refuses a concession larger than 500,000 ha and a community territory larger than 300,000 ha', async () => {
    // 0.8° × 0.8° in the north-east: about 760,000 ha.
    const huge = rectangle([106.5, 13.5, 107.3, 14.3])
    expect((await refused('concessions', '/api/concessions', concession(huge))).errors?.[0]?.message).toMatch(
      /larger than a concession can plausibly be \(at most 500,000 ha\)/,
    )
    const problem = await refused(
      'communities',
      '/api/communities',
      community(KAMPONG_SPEU, { territory: rectangle([104.0, 11.0, 104.8, 11.8]) }),
    )
    expect(problem.errors).toEqual([
      { field: 'body.territory', message: expect.stringMatching(/larger than a community territory can plausibly be/) },
    ])
  })

  it('checks a repaired shape against the limits too', async () => {
    // A bow-tie whose two lobes together exceed a parcel's limit: repaired, then refused for its size.
    const bowTie = {
      type: 'Polygon',
      coordinates: [
        [
          [104.0, 11.0],
          [104.2, 11.2],
          [104.2, 11.0],
          [104.0, 11.2],
          [104.0, 11.0],
        ],
      ],
    }
    const problem = await refused('parcels', '/api/parcels?repair=true', parcel(bowTie))
    expect(problem.code).toBe('geometry.implausible_area')
  })
})

describe('a configured region', () => {
  let kenya: TestApp
  beforeAll(async () => {
    // A coalition in Kenya: its own extent and limits.
    kenya = await createTestApp({
      geometryRules: geometryRules({ extent: [33.9, -4.7, 41.9, 5.0], marginKm: 10, maxAreaHa: { parcel: 100 } }),
    })
  })
  afterAll(() => kenya?.close())

  it('takes positions in its region and refuses Cambodian ones', async () => {
    const nairobi: [number, number] = [36.82, -1.29]
    const here = await kenya.app.inject({ method: 'POST', url: '/api/communities', payload: community(nairobi) })
    expect(here.statusCode, here.body).toBe(201)
    const cambodia = await kenya.app.inject({ method: 'POST', url: '/api/communities', payload: community(KAMPONG_SPEU) })
    expect(cambodia.statusCode).toBe(422)
    expect(problemOf(cambodia).detail).toContain('33.81°E…41.99°E, 4.79°S…5.09°N')
  })

  it('applies its own area limits', async () => {
    const communityInKenya = (
      await kenya.app.inject({ method: 'POST', url: '/api/communities', payload: community([36.9, -1.3]) })
    ).json() as { id: string }
    // About 1.1 km × 1.1 km: 123 ha, over this server's 100 ha for a parcel.
    const res = await kenya.app.inject({
      method: 'POST',
      url: '/api/parcels',
      payload: { ...parcel(squareAround([36.9, -1.3], 0.005)), communityId: communityInKenya.id },
    })
    expect(res.statusCode).toBe(422)
    expect(problemOf(res).errors?.[0]?.message).toMatch(/at most 100 ha/)
  })
})

describe('the repair guard', () => {
  it('accepts a repair within the original extent and refuses one that reaches beyond it', () => {
    const original = [104.0, 11.0, 104.2, 11.2] as const
    expect(isRepairWithinExtent(original, [104.0, 11.0, 104.2, 11.2])).toBe(true)
    expect(isRepairWithinExtent(original, [104.05, 11.05, 104.1, 11.1])).toBe(true)
    // Rounding to 7 decimals moves an edge by far less than 1 % of the shape.
    expect(isRepairWithinExtent(original, [103.9999999, 11.0, 104.2000001, 11.2])).toBe(true)
    expect(isRepairWithinExtent(original, [104.0, 11.0, 104.3, 11.2])).toBe(false)
    expect(isRepairWithinExtent(original, [-180, -85, 180, 85])).toBe(false)
  })
})
