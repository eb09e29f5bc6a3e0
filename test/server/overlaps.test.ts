import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { queryRows } from '../../db/open.ts'
import { loadDemoData } from '../../db/seed/index.ts'
import { CONCESSION_SITES } from '../../db/seed/places.ts'
import type { CommunityOverlaps, ConcessionOverlaps, ParcelConflicts } from '../../shared/overlaps.ts'
import { makeCommunity, makeParcel } from '../helpers/factories.ts'
import { collectAllPages, problemOf } from '../helpers/http.ts'
import { geodesicAreaHa, rectangle } from '../helpers/geo.ts'
import { makeConcession } from '../helpers/land-factories.ts'
import { createTestApp, type TestApp } from '../helpers/test-app.ts'
import { testDriver } from '../helpers/test-db.ts'

// The hand-computed case, far from every demo village: a 0.01° × 0.01° territory and a concession
// of the same size shifted east by half its width. They share the western half of the concession
// and the eastern half of the territory: 50 % of each.
const TERRITORY = rectangle([102.6, 13.4, 102.61, 13.41])
const CONCESSION = rectangle([102.605, 13.4, 102.615, 13.41])
const SHARED = rectangle([102.605, 13.4, 102.61, 13.41])
const INSIDE_CONCESSION = rectangle([102.607, 13.402, 102.608, 13.403])
const TOUCHING_EAST_EDGE = rectangle([102.615, 13.4, 102.62, 13.41])
const TOUCHING_AT_A_CORNER = rectangle([102.615, 13.41, 102.62, 13.42])
// A neighbour's parcel over the territory's last quarter (and the concession's second quarter).
const NEIGHBOUR = rectangle([102.6075, 13.4, 102.6125, 13.41])

let t: TestApp
const ids = {} as Record<
  | 'community'
  | 'neighbourCommunity'
  | 'touchingCommunity'
  | 'deletedCommunity'
  | 'concession'
  | 'deletedConcession'
  | 'wholeTerritoryParcel'
  | 'insideParcel'
  | 'touchingParcel'
  | 'cornerParcel'
  | 'deletedParcel'
  | 'neighbourParcel'
  | 'deletedCommunityParcel',
  string
>

beforeAll(async () => {
  t = await createTestApp()
  await loadDemoData(t.db, new Date('2026-11-28T00:00:00Z'))
  const db = t.db
  const territory = (polygon: typeof TERRITORY) => ({ type: 'MultiPolygon' as const, coordinates: [polygon.coordinates] })
  ids.community = (await makeCommunity(db, { name: 'Square Community', territory: territory(TERRITORY) })).id
  ids.neighbourCommunity = (await makeCommunity(db, { name: 'Neighbour Community' })).id
  ids.touchingCommunity = (await makeCommunity(db, { name: 'Touching Community', territory: territory(TOUCHING_EAST_EDGE) })).id
  ids.deletedCommunity = (await makeCommunity(db, { name: 'Deleted Community', territory: territory(TERRITORY), deletedAt: new Date() })).id
  ids.concession = (await makeConcession(db, { name: 'Half-over ELC', company: 'Halfway Co.', boundary: CONCESSION })).id
  ids.deletedConcession = (await makeConcession(db, { name: 'Deleted ELC', boundary: TERRITORY, deletedAt: new Date() })).id
  const parcel = async (label: string, communityId: string, boundary: typeof TERRITORY, deletedAt?: Date) =>
    (await makeParcel(db, { label, communityId, boundary, ...(deletedAt ? { deletedAt } : {}) })).id
  ids.wholeTerritoryParcel = await parcel('Whole territory', ids.community, TERRITORY)
  ids.insideParcel = await parcel('Inside the concession', ids.community, INSIDE_CONCESSION)
  ids.touchingParcel = await parcel('Touching the edge', ids.community, TOUCHING_EAST_EDGE)
  ids.cornerParcel = await parcel('Touching a corner', ids.community, TOUCHING_AT_A_CORNER)
  ids.deletedParcel = await parcel('Deleted parcel', ids.community, SHARED, new Date())
  ids.neighbourParcel = await parcel("Neighbour's field", ids.neighbourCommunity, NEIGHBOUR)
  ids.deletedCommunityParcel = await parcel('Parcel of a deleted community', ids.deletedCommunity, SHARED)
})
afterAll(() => t?.close())

const get = async <T>(url: string) => {
  const res = await t.app.inject({ url })
  expect(res.statusCode).toBe(200)
  return res.json() as T
}

/** Within 0.1 % of GeographicLib's ellipsoidal area. */
function expectHa(actual: number, polygon: typeof TERRITORY) {
  const expected = geodesicAreaHa(polygon)
  expect(Math.abs(actual - expected) / expected).toBeLessThan(0.001)
}

const isSortedByOverlap = (items: { overlapHa: number }[]) => items.every((item, i) => i === 0 || items[i - 1]!.overlapHa >= item.overlapHa)

describe(`concession overlaps on ${testDriver}`, () => {
  it("measures the overlap with a community's territory: half of it, in hectares on the ellipsoid", async () => {
    const body = await get<ConcessionOverlaps>(`/api/concessions/${ids.concession}/overlaps`)
    expect(body.concession).toMatchObject({ id: ids.concession, name: 'Half-over ELC', kind: 'elc', company: 'Halfway Co.' })
    expect(body.communities.map((c) => c.communityName)).toEqual(['Square Community'])
    const [square] = body.communities
    expect(Math.abs(square!.overlapPercent - 50)).toBeLessThan(0.5)
    expectHa(square!.overlapHa, SHARED)
    expectHa(square!.territoryAreaHa, TERRITORY)
  })

  it('measures the overlap with each parcel as hectares and % of the parcel, largest first', async () => {
    const body = await get<ConcessionOverlaps>(`/api/concessions/${ids.concession}/overlaps`)
    const byLabel = new Map(body.parcels.map((p) => [p.parcelLabel, p]))
    expect([...byLabel.keys()].sort()).toEqual(["Neighbour's field", 'Inside the concession', 'Whole territory'].sort())
    expect(isSortedByOverlap(body.parcels)).toBe(true)

    const whole = byLabel.get('Whole territory')!
    expect(whole).toMatchObject({ parcelId: ids.wholeTerritoryParcel, communityId: ids.community, communityName: 'Square Community' })
    expect(Math.abs(whole.overlapPercent - 50)).toBeLessThan(0.5)
    expectHa(whole.overlapHa, SHARED)

    const inside = byLabel.get('Inside the concession')!
    expect(inside.overlapPercent).toBe(100)
    expect(inside.overlapHa).toBeCloseTo(inside.parcelAreaHa, 9)
    expectHa(inside.overlapHa, INSIDE_CONCESSION)

    const neighbour = byLabel.get("Neighbour's field")!
    expect(neighbour.communityName).toBe('Neighbour Community')
    expect(neighbour.overlapPercent).toBe(100)
  })

  it('does not count a parcel or territory that only touches the concession along an edge or at a corner', async () => {
    const body = await get<ConcessionOverlaps>(`/api/concessions/${ids.concession}/overlaps`)
    const parcelIds = body.parcels.map((p) => p.parcelId)
    expect(parcelIds).not.toContain(ids.touchingParcel)
    expect(parcelIds).not.toContain(ids.cornerParcel)
    expect(body.communities.map((c) => c.communityId)).not.toContain(ids.touchingCommunity)
  })

  it('counts a parcel that reaches a few metres into the concession, but not its neighbour sharing only that edge', async () => {
    // The concession's eastern edge is at 102.615: one parcel crosses it by 0.0001° (~11 m), the
    // other starts exactly on it. Touching shapes drop out by their zero overlap alone.
    const sliver = rectangle([102.6149, 13.42, 102.62, 13.43])
    const onTheEdge = rectangle([102.615, 13.43, 102.62, 13.44])
    const concession = await makeConcession(t.db, { name: 'Edge ELC', boundary: rectangle([102.605, 13.42, 102.615, 13.44]) })
    const community = await makeCommunity(t.db, { name: 'Edge Community' })
    const crossing = await makeParcel(t.db, { label: 'Crossing by a sliver', communityId: community.id, boundary: sliver })
    const touching = await makeParcel(t.db, { label: 'Along the edge', communityId: community.id, boundary: onTheEdge })
    const body = await get<ConcessionOverlaps>(`/api/concessions/${concession.id}/overlaps`)
    expect(body.parcels.map((p) => p.parcelId)).toEqual([crossing.id])
    expectHa(body.parcels[0]!.overlapHa, rectangle([102.6149, 13.42, 102.615, 13.43]))
    expect((await get<ParcelConflicts>(`/api/parcels/${touching.id}/conflicts`)).concessions).toEqual([])
  })

  it('leaves out deleted parcels, parcels of deleted communities and deleted communities', async () => {
    const body = await get<ConcessionOverlaps>(`/api/concessions/${ids.concession}/overlaps`)
    const parcelIds = body.parcels.map((p) => p.parcelId)
    expect(parcelIds).not.toContain(ids.deletedParcel)
    expect(parcelIds).not.toContain(ids.deletedCommunityParcel)
    expect(body.communities.map((c) => c.communityId)).not.toContain(ids.deletedCommunity)
  })

  it('answers 404 for an unknown or deleted concession', async () => {
    const unknown = await t.app.inject({ url: '/api/concessions/00000000-0000-4000-8000-000000000000/overlaps' })
    expect(unknown.statusCode).toBe(404)
    expect(problemOf(unknown).code).toBe('concession.not_found')
    expect((await t.app.inject({ url: `/api/concessions/${ids.deletedConcession}/overlaps` })).statusCode).toBe(404)
    expect((await t.app.inject({ url: '/api/concessions/not-a-uuid/overlaps' })).statusCode).toBe(400)
  })

  it("finds every demo concession over its community's territory and over the parcels marked inside it", async () => {
    const concessions = await collectAllPages(t.app, '/api/concessions?q=Demo&limit=500')
    const parcels = await collectAllPages(t.app, '/api/parcels?limit=500')
    const overlapped = new Set<string>()
    for (const site of CONCESSION_SITES) {
      const concession = concessions.find((c) => c.name === site.name)!
      const body = await get<ConcessionOverlaps>(`/api/concessions/${concession.id}/overlaps`)
      const community = body.communities.find((c) => c.communityName === site.overlapsCommunity)
      expect(community, `${site.name} over ${site.overlapsCommunity}`).toBeDefined()
      expect(community!.overlapHa).toBeGreaterThan(0)
      expect(community!.overlapHa).toBeLessThanOrEqual(Math.min(community!.territoryAreaHa, body.concession.areaHa!) + 1e-6)
      body.communities.forEach((c) => overlapped.add(c.communityId))
      // The demo marks a parcel whose centre lies inside the concession; its land overlaps for sure.
      const markedInside = parcels.filter((p) => String(p.notes).startsWith(`Inside the boundary of ${site.name}`))
      const found = new Set(body.parcels.map((p) => p.parcelId))
      expect(markedInside.every((p) => found.has(p.id as string))).toBe(true)
      for (const p of body.parcels) expect(p.overlapHa).toBeLessThanOrEqual(p.parcelAreaHa + 1e-6)
      expect(isSortedByOverlap(body.parcels)).toBe(true)
    }
    expect(overlapped.size).toBeGreaterThanOrEqual(2)
  })
})

describe(`community overlaps on ${testDriver}`, () => {
  it("lists the concessions over the community's territory with hectares and % of the territory", async () => {
    const body = await get<CommunityOverlaps>(`/api/communities/${ids.community}/overlaps`)
    expect(body.community).toMatchObject({ id: ids.community, name: 'Square Community' })
    expectHa(body.community.territoryAreaHa!, TERRITORY)
    expect(body.concessions).toHaveLength(1)
    const [concession] = body.concessions
    expect(concession).toMatchObject({ concessionId: ids.concession, concessionName: 'Half-over ELC', kind: 'elc', company: 'Halfway Co.' })
    expect(Math.abs(concession!.overlapPercent - 50)).toBeLessThan(0.5)
    expectHa(concession!.overlapHa, SHARED)
    expectHa(concession!.concessionAreaHa, CONCESSION)
  })

  it("lists each of the community's parcels under a concession, largest overlap first, without touching or deleted ones", async () => {
    const body = await get<CommunityOverlaps>(`/api/communities/${ids.community}/overlaps`)
    expect(body.parcels.map((p) => p.parcelId)).toEqual([ids.wholeTerritoryParcel, ids.insideParcel])
    expect(body.parcels.every((p) => p.concessionId === ids.concession)).toBe(true)
    expect(Math.abs(body.parcels[0]!.overlapPercent - 50)).toBeLessThan(0.5)
    expect(body.parcels[1]!.overlapPercent).toBe(100)
  })

  it('answers with no territory overlaps for a community without a mapped territory, but still checks its parcels', async () => {
    const body = await get<CommunityOverlaps>(`/api/communities/${ids.neighbourCommunity}/overlaps`)
    expect(body.community.territoryAreaHa).toBeNull()
    expect(body.concessions).toEqual([])
    expect(body.parcels.map((p) => [p.parcelId, p.concessionId])).toEqual([[ids.neighbourParcel, ids.concession]])
    expectHa(body.parcels[0]!.overlapHa, NEIGHBOUR)
  })

  it('leaves out deleted concessions and concessions that only touch the territory', async () => {
    const square = await get<CommunityOverlaps>(`/api/communities/${ids.community}/overlaps`)
    expect(square.concessions.map((c) => c.concessionId)).not.toContain(ids.deletedConcession)
    const touching = await get<CommunityOverlaps>(`/api/communities/${ids.touchingCommunity}/overlaps`)
    expect(touching.concessions).toEqual([])
  })

  it('answers 404 for an unknown or deleted community', async () => {
    const unknown = await t.app.inject({ url: '/api/communities/00000000-0000-4000-8000-000000000000/overlaps' })
    expect(unknown.statusCode).toBe(404)
    expect(problemOf(unknown).code).toBe('community.not_found')
    expect((await t.app.inject({ url: `/api/communities/${ids.deletedCommunity}/overlaps` })).statusCode).toBe(404)
  })
})

describe(`parcel conflicts on ${testDriver}`, () => {
  it('lists the other parcels claiming some of the same land, with hectares and % of this parcel', async () => {
    const body = await get<ParcelConflicts>(`/api/parcels/${ids.wholeTerritoryParcel}/conflicts`)
    expect(body.parcel).toMatchObject({ id: ids.wholeTerritoryParcel, label: 'Whole territory', communityName: 'Square Community' })
    expect(body.parcels.map((p) => p.parcelId)).toEqual([ids.neighbourParcel, ids.insideParcel])
    const [neighbour, inside] = body.parcels
    expect(neighbour).toMatchObject({ communityId: ids.neighbourCommunity, communityName: 'Neighbour Community' })
    // The neighbour covers the territory's eastern quarter (102.6075–102.61).
    expect(Math.abs(neighbour!.overlapPercent - 25)).toBeLessThan(0.5)
    expectHa(neighbour!.overlapHa, rectangle([102.6075, 13.4, 102.61, 13.41]))
    expectHa(inside!.overlapHa, INSIDE_CONCESSION)
  })

  it('lists the concessions over the parcel with hectares and % of this parcel', async () => {
    const body = await get<ParcelConflicts>(`/api/parcels/${ids.neighbourParcel}/conflicts`)
    expect(body.concessions).toHaveLength(1)
    expect(body.concessions[0]).toMatchObject({ concessionId: ids.concession, concessionName: 'Half-over ELC', overlapPercent: 100 })
    expectHa(body.concessions[0]!.overlapHa, NEIGHBOUR)
    const whole = await get<ParcelConflicts>(`/api/parcels/${ids.wholeTerritoryParcel}/conflicts`)
    expect(Math.abs(whole.concessions[0]!.overlapPercent - 50)).toBeLessThan(0.5)
  })

  it('does not list neighbours that only share an edge or a corner, nor deleted parcels', async () => {
    const body = await get<ParcelConflicts>(`/api/parcels/${ids.touchingParcel}/conflicts`)
    expect(body.concessions).toEqual([])
    expect(body.parcels).toEqual([])
    const square = await get<ParcelConflicts>(`/api/parcels/${ids.wholeTerritoryParcel}/conflicts`)
    const listed = square.parcels.map((p) => p.parcelId)
    expect(listed).not.toContain(ids.deletedParcel)
    expect(listed).not.toContain(ids.deletedCommunityParcel)
    expect(listed).not.toContain(ids.wholeTerritoryParcel)
  })

  it('drops a concession from the conflicts once it is deleted', async () => {
    const extra = await makeConcession(t.db, { name: 'Short-lived ELC', boundary: INSIDE_CONCESSION })
    const before = await get<ParcelConflicts>(`/api/parcels/${ids.insideParcel}/conflicts`)
    expect(before.concessions.map((c) => c.concessionId)).toContain(extra.id)
    expect((await t.app.inject({ method: 'DELETE', url: `/api/concessions/${extra.id}` })).statusCode).toBe(204)
    const after = await get<ParcelConflicts>(`/api/parcels/${ids.insideParcel}/conflicts`)
    expect(after.concessions.map((c) => c.concessionId)).toEqual([ids.concession])
  })

  it('answers 404 for an unknown or deleted parcel', async () => {
    const unknown = await t.app.inject({ url: '/api/parcels/00000000-0000-4000-8000-000000000000/conflicts' })
    expect(unknown.statusCode).toBe(404)
    expect(problemOf(unknown).code).toBe('parcel.not_found')
    expect((await t.app.inject({ url: `/api/parcels/${ids.deletedParcel}/conflicts` })).statusCode).toBe(404)
  })
})

// Last in the file: it removes a safety check of this file's own database.
describe(`overlap failures on ${testDriver}`, () => {
  it('reports an error, never "no overlaps", when PostGIS cannot intersect a stored shape', async () => {
    // Invalid shapes cannot normally be stored; simulate one slipping in to reach the GEOS failure
    // that PGlite swallows (it then answers with no rows at all).
    await t.db.execute(sql`ALTER TABLE parcels DROP CONSTRAINT parcels_boundary_valid`)
    const bowTie = {
      type: 'MultiPolygon',
      coordinates: [
        [
          [
            [102.606, 13.401],
            [102.609, 13.404],
            [102.609, 13.401],
            [102.606, 13.404],
            [102.606, 13.401],
          ],
        ],
      ],
    }
    const [row] = await queryRows<{ id: string }>(
      t.db,
      sql`INSERT INTO parcels (community_id, label, boundary)
          VALUES (${ids.community}, 'Bow tie', ST_SetSRID(ST_GeomFromGeoJSON(${JSON.stringify(bowTie)}), 4326))
          RETURNING id`,
    )
    const res = await t.app.inject({ url: `/api/concessions/${ids.concession}/overlaps` })
    expect(res.statusCode).toBe(500)
    expect(problemOf(res).code).toBe('internal')
    expect((await t.app.inject({ url: `/api/parcels/${row!.id}/conflicts` })).statusCode).toBe(500)
  })
})
