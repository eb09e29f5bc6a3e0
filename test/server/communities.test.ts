import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadDemoData } from '../../db/seed/index.ts'
import { createTestApp, type TestApp } from '../helpers/test-app.ts'
import { squareAround } from '../helpers/geo.ts'
import { makeCommunity } from '../helpers/factories.ts'
import { collectAllPages, problemOf } from '../helpers/http.ts'
import { testDriver } from '../helpers/test-db.ts'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
  await loadDemoData(t.db, new Date('2026-11-28T00:00:00Z'))
})
afterAll(() => t?.close())

const newCommunity = (overrides: Record<string, unknown> = {}) => ({
  name: 'Phum Thmei',
  nameKm: 'សហគមន៍ភូមិថ្មី',
  kind: 'land_community',
  province: 'Kampong Speu',
  location: { type: 'Point', coordinates: [104.31, 11.42] },
  ...overrides,
})

describe(`communities API on ${testDriver}`, () => {
  it('creates a community and returns it with its computed territory area', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/communities',
      payload: newCommunity({ territory: squareAround([104.31, 11.42], 0.01), households: 120 }),
    })
    expect(res.statusCode).toBe(201)
    const body = res.json()
    expect(body).toMatchObject({ name: 'Phum Thmei', kind: 'land_community', status: 'forming', households: 120, version: 1 })
    expect(body.territory.type).toBe('MultiPolygon')
    expect(body.territoryAreaHa).toBeGreaterThan(470) // 0.02° × 0.02° at 11.4° N ≈ 2.22 km × 2.18 km
    expect(body.territoryAreaHa).toBeLessThan(495)
    const get = await t.app.inject({ url: `/api/communities/${body.id}` })
    expect(get.json()).toEqual(body)
    expect(get.headers.etag).toBe('"1"')
  })

  it('pages through every community once, in order, without gaps or repeats', async () => {
    const all = await collectAllPages(t.app, '/api/communities?sort=name&limit=500')
    const paged = await collectAllPages(t.app, '/api/communities?sort=name&limit=7')
    expect(all.length).toBeGreaterThanOrEqual(24)
    expect(paged.map((c) => c.id)).toEqual(all.map((c) => c.id))
    const names = all.map((c) => c.name as string)
    expect(names).toEqual([...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)))
  })

  it('leaves territories out of the list when asked (territory=omit), the same communities page by page', async () => {
    const full = await collectAllPages(t.app, '/api/communities?sort=name&limit=6')
    const slim = await collectAllPages(t.app, '/api/communities?sort=name&limit=6&territory=omit')
    expect(slim.map((c) => c.id)).toEqual(full.map((c) => c.id))
    expect(full.some((c) => c.territory)).toBe(true)
    for (const item of slim) expect(item).not.toHaveProperty('territory')
    // Everything else is as in the full list.
    const withoutTerritory = full.map(({ territory: _territory, ...item }) => item)
    expect(slim).toEqual(withoutTerritory)
    const geojson = await t.app.inject({ url: '/api/communities?format=geojson&limit=5&territory=omit' })
    expect(geojson.statusCode).toBe(200)
    for (const feature of geojson.json().features) expect(feature.properties).not.toHaveProperty('territory')
    const bad = await t.app.inject({ url: '/api/communities?territory=none' })
    expect(bad.statusCode).toBe(400)
    expect(JSON.stringify(problemOf(bad).errors)).toContain('territory')
  })

  it('pages the same way in descending order', async () => {
    const all = await collectAllPages(t.app, '/api/communities?sort=-createdAt&limit=500')
    const paged = await collectAllPages(t.app, '/api/communities?sort=-createdAt&limit=4')
    expect(paged.map((c) => c.id)).toEqual(all.map((c) => c.id))
    expect(new Set(paged.map((c) => c.id)).size).toBe(paged.length)
  })

  it('filters by kind, status and province', async () => {
    const res = await t.app.inject({ url: '/api/communities?kind=indigenous_community,womens_group&limit=500' })
    const items = res.json().items as { kind: string }[]
    expect(items.length).toBeGreaterThan(0)
    expect(new Set(items.map((c) => c.kind))).toEqual(new Set(['indigenous_community', 'womens_group']))
    const byProvince = (await t.app.inject({ url: '/api/communities?province=Kampot&status=active,strengthening,forming,inactive' })).json()
      .items as { province: string }[]
    expect(byProvince.length).toBeGreaterThan(0)
    expect(byProvince.every((c) => c.province === 'Kampot')).toBe(true)
  })

  it('finds Khmer-named communities by a Khmer word inside the name', async () => {
    const res = await t.app.inject({ url: `/api/communities?q=${encodeURIComponent('ភូមិ')}&limit=500` })
    const items = res.json().items as { nameKm: string | null; name: string; village: string | null }[]
    expect(items.length).toBeGreaterThan(0)
    expect(items.every((c) => `${c.nameKm} ${c.name} ${c.village}`.includes('ភូមិ'))).toBe(true)
  })

  it('treats % and _ in q as plain characters', async () => {
    const res = await t.app.inject({ url: '/api/communities?q=%25' })
    expect(res.statusCode).toBe(200)
    expect(res.json().items).toEqual([])
  })

  it('returns only communities inside a bbox', async () => {
    const res = await t.app.inject({ url: '/api/communities?bbox=104.2,11.3,104.4,11.5&limit=500' })
    const items = res.json().items as { location: { coordinates: [number, number] }; territory: unknown }[]
    expect(items.length).toBeGreaterThan(0)
    for (const c of items.filter((c) => !c.territory)) {
      const [lng, lat] = c.location.coordinates
      expect(lng).toBeGreaterThanOrEqual(104.2)
      expect(lat).toBeLessThanOrEqual(11.5)
    }
    const all = (await t.app.inject({ url: '/api/communities?limit=500' })).json().items
    expect(items.length).toBeLessThan(all.length)
  })

  it('answers as a GeoJSON FeatureCollection on Accept or format', async () => {
    for (const request of [
      { url: '/api/communities?limit=3', headers: { accept: 'application/geo+json' } },
      { url: '/api/communities?limit=3&format=geojson' },
    ]) {
      const res = await t.app.inject(request)
      expect(res.statusCode).toBe(200)
      expect(res.headers['content-type']).toContain('application/geo+json')
      const fc = res.json()
      expect(fc.type).toBe('FeatureCollection')
      expect(fc.features).toHaveLength(3)
      expect(fc.features[0]).toMatchObject({ type: 'Feature', geometry: { type: 'Point' } })
      expect(fc.features[0].properties.name).toBeTruthy()
      expect(fc.features[0].properties).not.toHaveProperty('location')
      expect(fc.nextCursor).toEqual(expect.any(String))
    }
  })

  it('refuses a self-intersecting territory with PostGIS reason, and repairs it on request', async () => {
    const bowTie = {
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
    const refused = await t.app.inject({ method: 'POST', url: '/api/communities', payload: newCommunity({ territory: bowTie }) })
    expect(refused.statusCode).toBe(422)
    const problem = problemOf(refused)
    expect(problem.code).toBe('geometry.invalid')
    expect(problem.errors?.[0]).toMatchObject({ field: 'body.territory', message: expect.stringMatching(/Self-intersection/i) })

    const repaired = await t.app.inject({
      method: 'POST',
      url: '/api/communities?repair=true',
      payload: newCommunity({ territory: bowTie }),
    })
    expect(repaired.statusCode).toBe(201)
    expect(repaired.json().repairs).toEqual([{ field: 'body.territory', reason: expect.stringMatching(/Self-intersection/i) }])
    expect(repaired.json().territory.coordinates.length).toBe(2)
  })

  it('rejects an unclosed ring and an out-of-range position with 400 naming the field', async () => {
    const open = {
      type: 'Polygon',
      coordinates: [
        [
          [104, 11],
          [104.1, 11],
          [104.1, 11.1],
          [104, 11.1],
        ],
      ],
    }
    const res = await t.app.inject({ method: 'POST', url: '/api/communities', payload: newCommunity({ territory: open }) })
    expect(res.statusCode).toBe(400)
    expect(problemOf(res).detail).toMatch(/body\.territory\.coordinates\[0\].*not closed/)
    const far = await t.app.inject({
      method: 'POST',
      url: '/api/communities',
      payload: newCommunity({ location: { type: 'Point', coordinates: [204, 11] } }),
    })
    expect(far.statusCode).toBe(400)
    expect(problemOf(far).errors?.[0]?.field).toBe('body.location.coordinates[0]')
  })

  it('rejects an unknown kind with 400 naming the field, and changes nothing', async () => {
    const before = (await collectAllPages(t.app, '/api/communities?limit=500')).length
    const res = await t.app.inject({ method: 'POST', url: '/api/communities', payload: newCommunity({ kind: 'village' }) })
    expect(res.statusCode).toBe(400)
    expect(res.headers['content-type']).toContain('application/problem+json')
    expect(problemOf(res).errors?.map((e) => e.field)).toEqual(['body.kind'])
    expect((await collectAllPages(t.app, '/api/communities?limit=500')).length).toBe(before)
  })

  it('refuses a stale update with 409 and the current row; applies a fresh one', async () => {
    const created = (await t.app.inject({ method: 'POST', url: '/api/communities', payload: newCommunity() })).json()
    const first = await t.app.inject({ method: 'PATCH', url: `/api/communities/${created.id}`, payload: { households: 10, version: 1 } })
    expect(first.statusCode).toBe(200)
    expect(first.json()).toMatchObject({ households: 10, version: 2 })
    const stale = await t.app.inject({
      method: 'PATCH',
      url: `/api/communities/${created.id}`,
      payload: { households: 99 },
      headers: { 'if-match': '"1"' },
    })
    expect(stale.statusCode).toBe(409)
    expect(stale.json()).toMatchObject({ code: 'community.version_conflict', current: { households: 10, version: 2 } })
    const missing = await t.app.inject({ method: 'PATCH', url: `/api/communities/${created.id}`, payload: { households: 5 } })
    expect(missing.statusCode).toBe(428)
  })

  it('leaves fields a PATCH does not mention unchanged', async () => {
    const created = (
      await t.app.inject({ method: 'POST', url: '/api/communities', payload: newCommunity({ status: 'strengthening', households: 40 }) })
    ).json()
    const res = await t.app.inject({ method: 'PATCH', url: `/api/communities/${created.id}`, payload: { households: 41, version: 1 } })
    expect(res.json()).toMatchObject({ status: 'strengthening', households: 41, nameKm: 'សហគមន៍ភូមិថ្មី', territory: null })
  })

  it('answers 404 for an unknown or deleted id, and 400 for a malformed one', async () => {
    expect((await t.app.inject({ url: '/api/communities/00000000-0000-4000-8000-000000000000' })).statusCode).toBe(404)
    expect((await t.app.inject({ url: '/api/communities/not-a-uuid' })).statusCode).toBe(400)
    const created = (await t.app.inject({ method: 'POST', url: '/api/communities', payload: newCommunity() })).json()
    expect((await t.app.inject({ method: 'DELETE', url: `/api/communities/${created.id}` })).statusCode).toBe(204)
    expect((await t.app.inject({ url: `/api/communities/${created.id}` })).statusCode).toBe(404)
    const listed = await collectAllPages(t.app, '/api/communities?limit=500')
    expect(listed.some((c) => c.id === created.id)).toBe(false)
  })

  it('refuses to delete a community with open legal cases (409, with the references)', async () => {
    const withCase = (await collectAllPages(t.app, '/api/communities?limit=500')).map((c) => c.id as string)
    let refused = undefined
    for (const id of withCase) {
      const res = await t.app.inject({ method: 'DELETE', url: `/api/communities/${id}` })
      if (res.statusCode === 409) {
        refused = res
        break
      }
      expect(res.statusCode).toBe(204)
    }
    expect(refused).toBeDefined()
    expect(problemOf(refused!)).toMatchObject({ code: 'communities.has_open_cases', detail: expect.stringMatching(/CASE-\d{4}-\d{4}/) })
  })

  it('refuses a network that is not a provincial network (422)', async () => {
    const plain = (await t.app.inject({ method: 'POST', url: '/api/communities', payload: newCommunity() })).json()
    const res = await t.app.inject({ method: 'POST', url: '/api/communities', payload: newCommunity({ networkId: plain.id }) })
    expect(res.statusCode).toBe(422)
    expect(problemOf(res).errors?.[0]?.field).toBe('body.networkId')
  })
})

describe(`communities' SMS codes on ${testDriver}`, () => {
  it('numbers new communities from the sequence, and shows the code to every role', async () => {
    const first = (await t.app.inject({ method: 'POST', url: '/api/communities', payload: newCommunity() })).json()
    const second = (await t.app.inject({ method: 'POST', url: '/api/communities', payload: newCommunity() })).json()
    expect(first.intakeCode).toMatch(/^\d{3,}$/)
    expect(Number(first.intakeCode)).toBeGreaterThanOrEqual(101)
    expect(Number(second.intakeCode)).toBeGreaterThan(Number(first.intakeCode))
    const rep = await t.signIn('community_rep', { communityIds: [first.id] })
    expect((await t.app.inject({ url: `/api/communities/${first.id}`, headers: rep.headers })).json().intakeCode).toBe(first.intakeCode)
    const listed = (await t.app.inject({ url: '/api/communities?limit=500&territory=omit' })).json().items
    expect(listed.find((c: { id: string }) => c.id === first.id).intakeCode).toBe(first.intakeCode)
  })

  it('takes a code staff choose (upper-cased), and changes it', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/communities', payload: newCommunity({ intakeCode: ' pl7 ' }) })
    expect(res.statusCode, res.body).toBe(201)
    expect(res.json().intakeCode).toBe('PL7')
    const changed = await t.app.inject({
      method: 'PATCH',
      url: `/api/communities/${res.json().id}`,
      payload: { intakeCode: 'PL8', version: res.json().version },
    })
    expect(changed.statusCode, changed.body).toBe(200)
    expect(changed.json().intakeCode).toBe('PL8')
  })

  it('refuses a code another community has (409 naming body.intakeCode), on create and on update', async () => {
    await t.app.inject({ method: 'POST', url: '/api/communities', payload: newCommunity({ intakeCode: 'DUP1' }) })
    const created = await t.app.inject({ method: 'POST', url: '/api/communities', payload: newCommunity({ intakeCode: 'dup1' }) })
    expect(created.statusCode).toBe(409)
    expect(problemOf(created)).toMatchObject({ code: 'communities.duplicate_intake_code', errors: [{ field: 'body.intakeCode' }] })
    const other = (await t.app.inject({ method: 'POST', url: '/api/communities', payload: newCommunity() })).json()
    const updated = await t.app.inject({
      method: 'PATCH',
      url: `/api/communities/${other.id}`,
      payload: { intakeCode: 'DUP1', version: other.version },
    })
    expect(updated.statusCode).toBe(409)
    expect(problemOf(updated).errors?.[0]?.field).toBe('body.intakeCode')
    expect((await t.app.inject({ url: `/api/communities/${other.id}` })).json().intakeCode).toBe(other.intakeCode)
  })

  it('skips a number staff already gave another community when numbering a new one', async () => {
    const next = (await t.app.inject({ method: 'POST', url: '/api/communities', payload: newCommunity() })).json()
    const ahead = String(Number(next.intakeCode) + 1)
    await t.app.inject({ method: 'POST', url: '/api/communities', payload: newCommunity({ intakeCode: ahead }) })
    const after = await t.app.inject({ method: 'POST', url: '/api/communities', payload: newCommunity() })
    expect(after.statusCode, after.body).toBe(201)
    expect(after.json().intakeCode).toBe(String(Number(ahead) + 1))
  })

  it('refuses a code that is not 2 to 8 letters or digits, naming body.intakeCode', async () => {
    for (const intakeCode of ['1', 'ABCDEFGHI', 'A B', 'ដី', '']) {
      const res = await t.app.inject({ method: 'POST', url: '/api/communities', payload: newCommunity({ intakeCode }) })
      expect(res.statusCode, intakeCode).toBe(400)
      expect(problemOf(res).errors?.[0]?.field).toBe('body.intakeCode')
    }
  })
})

describe(`community plans API on ${testDriver}`, () => {
  it('creates, lists by community and year, updates and deletes a plan', async () => {
    const community = (await t.app.inject({ method: 'POST', url: '/api/communities', payload: newCommunity() })).json()
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/community-plans',
      payload: { communityId: community.id, year: 2026, priorities: 'Stop the fencing', status: 'adopted' },
    })
    expect(created.statusCode).toBe(201)
    expect(created.json()).toMatchObject({ communityName: 'Phum Thmei', year: 2026, status: 'adopted' })
    const listed = (await t.app.inject({ url: `/api/community-plans?community=${community.id}&year=2026` })).json()
    expect(listed.items).toHaveLength(1)
    const updated = await t.app.inject({
      method: 'PATCH',
      url: `/api/community-plans/${created.json().id}`,
      payload: { goals: 'Land titles', version: 1 },
    })
    expect(updated.json()).toMatchObject({ status: 'adopted', goals: 'Land titles', priorities: 'Stop the fencing', version: 2 })
    expect((await t.app.inject({ method: 'DELETE', url: `/api/community-plans/${created.json().id}` })).statusCode).toBe(204)
    expect((await t.app.inject({ url: `/api/community-plans?community=${community.id}` })).json().items).toHaveLength(0)
  })

  it('refuses a plan for a deleted community with 422', async () => {
    const community = (await t.app.inject({ method: 'POST', url: '/api/communities', payload: newCommunity() })).json()
    await t.app.inject({ method: 'DELETE', url: `/api/communities/${community.id}` })
    const res = await t.app.inject({ method: 'POST', url: '/api/community-plans', payload: { communityId: community.id, year: 2026 } })
    expect(res.statusCode).toBe(422)
    expect(problemOf(res)).toMatchObject({ code: 'community.deleted' })
  })
})

describe(`the signed-in user's own places, kept on the phone for offline use, on ${testDriver}`, () => {
  it('gives a representative their communities (names, place, territory, no leader) and the districts and communes they lie in', async () => {
    const place: [number, number] = [104.3, 11.45]
    const own = await makeCommunity(t.db, {
      name: 'Own Offline Community',
      nameKm: 'សហគមន៍ផ្ទាល់',
      village: 'Phum Kraing',
      leaderName: 'Leader Who Must Not Travel',
      leaderPhone: '+855 12 000 111',
      location: { type: 'Point', coordinates: place },
      territory: { type: 'MultiPolygon', coordinates: [squareAround(place, 0.01).coordinates] },
    })
    const removed = await makeCommunity(t.db, { name: 'Removed Offline Community', deletedAt: new Date() })
    const other = await makeCommunity(t.db, { name: 'Someone Else’s Community' })
    const rep = await t.signIn('community_rep', { communityIds: [own.id, removed.id] })

    const res = await t.app.inject({ url: '/api/communities/mine', headers: rep.headers })
    expect(res.statusCode, res.body).toBe(200)
    const body = res.json()
    expect(body.communities).toEqual([
      {
        id: own.id,
        name: 'Own Offline Community',
        nameKm: 'សហគមន៍ផ្ទាល់',
        village: 'Phum Kraing',
        commune: null,
        location: { type: 'Point', coordinates: place },
        territory: expect.objectContaining({ type: 'MultiPolygon' }),
      },
    ])
    expect(res.body).not.toContain('Leader Who Must Not Travel')
    expect(res.body).not.toContain(other.id)

    // The same district and commune the admin-areas lookup finds at that point.
    const containing = await t.app.inject({ url: `/api/admin-areas?point=${place.join(',')}`, headers: rep.headers })
    const expected = (containing.json().items as { id: string; level: number }[]).filter((area) => area.level >= 2)
    expect(expected.map((area) => area.level).sort()).toEqual([2, 3])
    expect(body.areas.map((area: { id: string }) => area.id).sort()).toEqual(expected.map((area) => area.id).sort())
    for (const area of body.areas) expect(area.boundary.type).toBe('MultiPolygon')
  })

  it('is empty for an account linked to no community, and refused without a session', async () => {
    const admin = await t.signIn('admin')
    const res = await t.app.inject({ url: '/api/communities/mine', headers: admin.headers })
    expect(res.json()).toEqual({ communities: [], areas: [] })
    const anonymous = await t.app.inject({ url: '/api/communities/mine', headers: { cookie: '' } })
    expect(anonymous.statusCode).toBe(401)
  })
})
