// The land figures of /api/stats are precomputed (migration 0011): every write through the API
// must show in the very next answer, and the figures must stay scoped to what the viewer may see.
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Stats } from '../../shared/stats.ts'
import { computeStats } from '../../server/features/stats/stats.service.ts'
import { geodesicAreaHa, rectangle, type Rect } from '../helpers/geo.ts'
import { makeCaseAbout } from '../helpers/stats-factories.ts'
import { createTestApp, type TestApp } from '../helpers/test-app.ts'
import { testDriver } from '../helpers/test-db.ts'
import { queryRows } from '../../db/open.ts'

const fixtures = path.resolve(import.meta.dirname, '../fixtures')

// Community A (Kampong Thom) with territory TA; community B (Kratie) with territory TB. The
// rectangles straddle grid cell edges (multiples of 1/16 degree) on purpose.
const TA: Rect = [105.05, 12.05, 105.08, 12.08]
const TB: Rect = [106.0, 12.5, 106.01, 12.51]
const OUTSIDE_A: Rect = [105.09, 12.05, 105.1, 12.06]
const ha = (rect: Rect) => geodesicAreaHa(rectangle(rect))
// Within 0.01 %: PostGIS and GeographicLib both compute on the WGS 84 ellipsoid.
const expectHa = (actual: number, expected: number) =>
  expected === 0 ? expect(actual).toBeCloseTo(0, 6) : expect(Math.abs(actual - expected) / expected).toBeLessThan(1e-4)

let t: TestApp
let a: { id: string; version: number }
let b: { id: string; version: number }

const statsFor = async (query = ''): Promise<Stats> => {
  const res = await t.app.inject({ url: `/api/stats${query}` })
  expect(res.statusCode, res.body).toBe(200)
  return res.json()
}
const landOfA = async () => (await statsFor('?province=Kampong%20Thom')).land

async function post(url: string, payload: Record<string, unknown>) {
  const res = await t.app.inject({ method: 'POST', url, payload })
  expect(res.statusCode, res.body).toBe(201)
  return res.json() as { id: string; version: number }
}
async function patch(url: string, payload: Record<string, unknown>) {
  const res = await t.app.inject({ method: 'PATCH', url, payload })
  expect(res.statusCode, res.body).toBe(200)
  return res.json() as { id: string; version: number }
}
async function remove(url: string) {
  const res = await t.app.inject({ method: 'DELETE', url })
  expect(res.statusCode, res.body).toBe(204)
}

const community = (province: string, territory: Rect) => ({
  name: `Community in ${province}`,
  kind: 'land_community',
  province,
  location: { type: 'Point', coordinates: [territory[0], territory[1]] },
  territory: rectangle(territory),
})
const parcel = (communityId: string, boundary: Rect, titleStatus = 'none') => ({
  communityId,
  label: 'Field',
  landUse: 'rice_field',
  tenure: 'possession_right',
  titleStatus,
  boundary: rectangle(boundary),
})
const concession = (boundary: Rect) => ({ name: 'Test ELC', kind: 'elc', boundary: rectangle(boundary) })

beforeAll(async () => {
  t = await createTestApp()
  a = await post('/api/communities', community('Kampong Thom', TA))
  b = await post('/api/communities', community('Kratie', TB))
})
afterAll(() => t?.close())

describe(`stats after writes, ${testDriver}`, () => {
  it('shows a community territory created, changed and deleted in the next answer', async () => {
    expectHa((await landOfA()).communityLandHa, ha(TA))
    const smaller: Rect = [105.05, 12.05, 105.07, 12.07]
    a = await patch(`/api/communities/${a.id}`, { territory: rectangle(smaller), version: a.version })
    expectHa((await landOfA()).communityLandHa, ha(smaller))
    a = await patch(`/api/communities/${a.id}`, { territory: rectangle(TA), version: a.version })
    expectHa((await landOfA()).communityLandHa, ha(TA))

    const c = await post('/api/communities', community('Kampong Thom', [105.2, 12.2, 105.21, 12.21]))
    expectHa((await landOfA()).communityLandHa, ha(TA) + ha([105.2, 12.2, 105.21, 12.21]))
    await remove(`/api/communities/${c.id}`)
    expectHa((await landOfA()).communityLandHa, ha(TA))
  })

  it('shows a parcel created, moved, disputed and deleted in the next answer', async () => {
    const before = await landOfA()
    const p = await post('/api/parcels', parcel(a.id, OUTSIDE_A))
    let land = await landOfA()
    expect(land.communityLandHa - before.communityLandHa).toBeCloseTo(ha(OUTSIDE_A), 4)
    expect(land.disputedParcels).toBe(before.disputedParcels)

    const moved: Rect = [105.06, 12.06, 105.065, 12.065] // inside the territory: adds no land
    const updated = await patch(`/api/parcels/${p.id}`, { boundary: rectangle(moved), titleStatus: 'disputed', version: p.version })
    land = await landOfA()
    expectHa(land.communityLandHa, before.communityLandHa)
    expect(land.disputedParcels).toBe(before.disputedParcels + 1)
    expectHa(land.disputedHa, before.disputedHa + ha(moved))

    await remove(`/api/parcels/${updated.id}`)
    expect(await landOfA()).toEqual(before)
  })

  it('counts a parcel as disputed while its case is open, and not once the case is closed', async () => {
    const before = await landOfA()
    const p = await post('/api/parcels', parcel(a.id, OUTSIDE_A))
    const legalCase = await makeCaseAbout(t.db, 'hearing', [p.id])
    expect((await landOfA()).disputedParcels).toBe(before.disputedParcels + 1)
    await t.db.execute(sql`UPDATE legal_cases SET stage = 'closed' WHERE id = ${legalCase.id}`)
    expect((await landOfA()).disputedParcels).toBe(before.disputedParcels)
    await remove(`/api/parcels/${p.id}`)
  })

  it('shows a concession created, moved and deleted in the overlap of the next answer', async () => {
    expect((await statsFor()).land.concessionOverlapHa).toBe(0)
    const k = await post('/api/concessions', concession([105.07, 12.07, 105.1, 12.1]))
    expectHa((await landOfA()).concessionOverlapHa, ha([105.07, 12.07, 105.08, 12.08]))
    const moved = await patch(`/api/concessions/${k.id}`, { boundary: rectangle([105.0, 12.0, 105.06, 12.06]), version: k.version })
    expectHa((await landOfA()).concessionOverlapHa, ha([105.05, 12.05, 105.06, 12.06]))
    await remove(`/api/concessions/${moved.id}`)
    expect((await statsFor()).land.concessionOverlapHa).toBe(0)
  })

  it('shows an incident created and deleted in the next answer', async () => {
    const before = (await statsFor()).incidents.total
    const incident = await post('/api/incidents', {
      title: 'Fence across the rice fields',
      kind: 'fencing',
      severity: 'medium',
      occurredAt: '2026-10-03T08:30:00+07:00',
      province: 'Kampong Thom',
      communityId: a.id,
      location: { type: 'Point', coordinates: [105.06, 12.06] },
    })
    expect((await statsFor()).incidents.total).toBe(before + 1)
    await remove(`/api/incidents/${incident.id}`)
    expect((await statsFor()).incidents.total).toBe(before)
  })

  it('says the figures are as of now when nothing is left to recompute', async () => {
    const startedAt = Date.now()
    await post('/api/parcels', parcel(b.id, [106.02, 12.5, 106.03, 12.51]))
    const stats = await statsFor()
    expect(Date.parse(stats.period.landAsOf)).toBeGreaterThanOrEqual(startedAt - 1000)
  })

  it('says how old the figures are when more changed than one answer recomputes', async () => {
    const longAgo = '2026-01-01T00:00:00.000Z'
    // Stale cells far from any land, more than a request takes on.
    await t.db.execute(sql`INSERT INTO land_stats_dirty_cells (cell_x, cell_y, dirtied_at)
                           SELECT 0, n, ${longAgo}::timestamptz FROM generate_series(1, 500) AS n`)
    try {
      const stats = await statsFor()
      expect(new Date(stats.period.landAsOf).toISOString()).toBe(longAgo)
    } finally {
      await t.db.execute(sql`DELETE FROM land_stats_dirty_cells WHERE cell_x = 0`)
    }
    expect(Date.parse((await statsFor()).period.landAsOf)).toBeGreaterThan(Date.parse(longAgo))
  })
})

describe(`stats scopes over precomputed figures, ${testDriver}`, () => {
  it("gives a representative only their own communities' land, computed over those alone", async () => {
    const rep = await t.signIn('community_rep', { communityIds: [a.id] })
    const viewer = { id: rep.userId, role: 'community_rep' as const, displayName: 'rep', communityIds: [a.id] }
    const own = (await computeStats(t.db, {}, viewer)).land
    const all = (await statsFor()).land
    // The same figures as the precomputed ones of the province that holds only A's land.
    const precomputed = await landOfA()
    expect(own.disputedParcels).toBe(precomputed.disputedParcels)
    expectHa(own.communityLandHa, precomputed.communityLandHa)
    expectHa(own.disputedHa, precomputed.disputedHa)
    expectHa(own.concessionOverlapHa, precomputed.concessionOverlapHa)
    expect(own.communityLandHa).toBeLessThan(all.communityLandHa)
    // A write in a community the representative does not belong to changes nothing for them.
    await post('/api/parcels', parcel(b.id, [106.04, 12.5, 106.05, 12.51], 'disputed'))
    expect((await computeStats(t.db, {}, viewer)).land).toEqual(own)
    expect((await statsFor()).land.disputedParcels).toBe(all.disputedParcels + 1)
  })

  it('keeps the route closed to representatives', async () => {
    const rep = await t.signIn('community_rep', { communityIds: [a.id] })
    expect((await t.app.inject({ url: '/api/stats', headers: rep.headers })).statusCode).toBe(403)
  })

  it('gives advocates the same land figures as admins', async () => {
    const advocate = await t.signIn('advocate')
    const res = await t.app.inject({ url: '/api/stats', headers: advocate.headers })
    expect(res.statusCode).toBe(200)
    expect((res.json() as Stats).land).toEqual((await statsFor()).land)
  })
})

describe(`stats over shapes whose union fails in floating precision, ${testDriver}`, () => {
  it('adds up three parcels, two of them the same shape, that broke the refresh on PGlite', async () => {
    // Hex EWKB of the generated data set's parcels (test/fixtures/SOURCES.md), exact to the bit:
    // inserted as they are, not through GeoJSON.
    const shapes = readFileSync(path.join(fixtures, 'stats/topology-cell.ewkb.txt'), 'utf8').trim().split('\n')
    expect(shapes).toHaveLength(3)
    const owner = await post('/api/communities', {
      name: 'Community with twin parcels',
      kind: 'land_community',
      province: 'Mondul Kiri',
      location: { type: 'Point', coordinates: [107.079, 12.672] },
    })
    const before = (await statsFor('?province=Mondul%20Kiri')).land
    for (const [index, hex] of shapes.entries())
      await t.db.execute(
        sql`INSERT INTO parcels (community_id, label, boundary) VALUES (${owner.id}, ${`Twin ${index}`}, ST_GeomFromEWKB(decode(${hex}, 'hex')))`,
      )
    const land = (await statsFor('?province=Mondul%20Kiri')).land
    const [first, twin, other] = await Promise.all(
      shapes.map(async (hex) => {
        const [row] = await queryRows<{ geojson: string }>(
          t.db,
          sql`SELECT ST_AsGeoJSON(ST_GeometryN(ST_GeomFromEWKB(decode(${hex}, 'hex')), 1), 15) AS geojson`,
        )
        return geodesicAreaHa(JSON.parse(row!.geojson))
      }),
    )
    expect(twin).toBe(first)
    // The union: the twin once, and the two others overlap by about 20 m² (0.03 %).
    const added = land.communityLandHa - before.communityLandHa
    expect(added).toBeLessThanOrEqual(first! + other!)
    expect(added).toBeGreaterThan((first! + other!) * 0.999)
  })
})
