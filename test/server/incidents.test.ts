import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadDemoData } from '../../db/seed/index.ts'
import { createTestApp, type TestApp } from '../helpers/test-app.ts'
import { makeCommunity } from '../helpers/factories.ts'
import { squareAround } from '../helpers/geo.ts'
import { collectAllPages, problemOf } from '../helpers/http.ts'
import { makeAdminAreas, makeIncident, makeIncidents } from '../helpers/incident-factories.ts'
import { testDriver } from '../helpers/test-db.ts'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
  await loadDemoData(t.db, new Date('2026-11-28T00:00:00Z'))
})
afterAll(() => t?.close())

type Item = Record<string, unknown> & { id: string }

const newIncident = (overrides: Record<string, unknown> = {}) => ({
  title: 'Company bulldozers cleared rice fields',
  titleKm: 'ក្រុមហ៊ុនឈូសឆាយវាលស្រែនៅភូមិថ្មី',
  kind: 'land_grabbing',
  severity: 'high',
  perpetratorKind: 'company',
  perpetratorName: 'Demo Sugar Co., Ltd.',
  occurredAt: '2026-10-03T08:30:00+07:00',
  householdsAffected: 42,
  peopleAffected: 180,
  description: 'Two bulldozers cleared about 20 ha of rice fields before the harvest.',
  province: 'Kampong Speu',
  location: { type: 'Point', coordinates: [104.31, 11.42] },
  reportedBy: 'Community leader',
  sourceUrl: 'https://example.org/reports/1234',
  sourceDate: '2026-10-04',
  ...overrides,
})

// Reports are rate limited to 30 a minute per account (the test admin's too): this file stays
// below that; a test that needs many incidents inserts them with makeIncidents instead.
async function create(overrides: Record<string, unknown> = {}, query = '') {
  const res = await t.app.inject({ method: 'POST', url: `/api/incidents${query}`, payload: newIncident(overrides) })
  if (res.statusCode !== 201) throw new Error(`create answered ${res.statusCode}: ${res.body}`)
  return res.json() as Item & { version: number }
}

const all = () => collectAllPages(t.app, '/api/incidents?limit=500') as Promise<Item[]>
const idsOf = (items: Item[]) => items.map((item) => item.id).sort()
const fieldsOf = (res: { json(): unknown }) => problemOf(res as never).errors?.map((e) => e.field)

describe(`incidents API on ${testDriver}: create, get, update, delete`, () => {
  it('creates an incident as reported, with its community name, and gets it back unchanged', async () => {
    const community = await makeCommunity(t.db, { name: 'Phum Thmei' })
    const created = await t.app.inject({ method: 'POST', url: '/api/incidents', payload: newIncident({ communityId: community.id }) })
    expect(created.statusCode).toBe(201)
    const body = created.json()
    expect(body).toMatchObject({
      status: 'reported',
      communityId: community.id,
      communityName: 'Phum Thmei',
      kind: 'land_grabbing',
      severity: 'high',
      occurredAt: '2026-10-03T01:30:00.000Z',
      province: 'Kampong Speu',
      sourceDate: '2026-10-04',
      isConfidential: false,
      verifiedAt: null,
      dismissalReason: null,
      affectedArea: null,
      affectedAreaHa: null,
      version: 1,
    })
    const get = await t.app.inject({ url: `/api/incidents/${body.id}` })
    expect(get.statusCode).toBe(200)
    expect(get.json()).toEqual(body)
    expect(get.headers.etag).toBe('"1"')
  })

  it('computes the affected area in hectares on the geography', async () => {
    const body = await create({ affectedArea: squareAround([104.31, 11.42], 0.01) })
    expect(body.affectedArea).toMatchObject({ type: 'MultiPolygon' })
    // 0.02° × 0.02° at 11.42° N ≈ 2.214 km × 2.182 km ≈ 483 ha
    expect(body.affectedAreaHa).toBeGreaterThan(475)
    expect(body.affectedAreaHa).toBeLessThan(490)
  })

  it('refuses a status on create with 400 naming body.status', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/incidents', payload: newIncident({ status: 'verified' }) })
    expect(res.statusCode).toBe(400)
    expect(fieldsOf(res)).toEqual(['body.status'])
  })

  it('rejects an unknown kind with 400 naming the field, and creates nothing', async () => {
    const before = (await all()).length
    const res = await t.app.inject({ method: 'POST', url: '/api/incidents', payload: newIncident({ kind: 'flood' }) })
    expect(res.statusCode).toBe(400)
    expect(fieldsOf(res)).toEqual(['body.kind'])
    expect((await all()).length).toBe(before)
  })

  it('rejects a source link that is not http(s) with 400 naming body.sourceUrl', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/incidents', payload: newIncident({ sourceUrl: 'javascript:alert(1)' }) })
    expect(res.statusCode).toBe(400)
    expect(fieldsOf(res)).toEqual(['body.sourceUrl'])
  })

  // At sea off Koh Kong: inside the region the server covers (its margin), but in no province.
  const AT_SEA: [number, number] = [102.15, 11.6]

  it('accepts a given province where no administrative area contains the point', async () => {
    const body = await create({ province: 'Koh Kong', location: { type: 'Point', coordinates: AT_SEA } })
    expect(body).toMatchObject({ province: 'Koh Kong', district: null, commune: null })
  })

  it('refuses a point outside every administrative area when no province is given (422 body.province)', async () => {
    const { province: _province, ...withoutProvince } = newIncident({ location: { type: 'Point', coordinates: AT_SEA } })
    const res = await t.app.inject({ method: 'POST', url: '/api/incidents', payload: withoutProvince })
    expect(res.statusCode).toBe(422)
    expect(problemOf(res)).toMatchObject({ code: 'place.province_required', errors: [{ field: 'body.province' }] })
  })

  it('fills in province, district and commune from the point, keeping what the user typed', async () => {
    // Test areas centred in the Gulf of Thailand, where no real area contains the point.
    await makeAdminAreas(t.db, [102.7, 10.6], { province: 'Test Province', district: 'Test District', commune: 'Test Commune' })
    const { province: _province, ...withoutProvince } = newIncident({ location: { type: 'Point', coordinates: [102.71, 10.61] } })
    const filled = await t.app.inject({ method: 'POST', url: '/api/incidents', payload: { ...withoutProvince, village: 'Phum Muoy' } })
    expect(filled.statusCode).toBe(201)
    expect(filled.json()).toMatchObject({
      province: 'Test Province',
      district: 'Test District',
      commune: 'Test Commune',
      village: 'Phum Muoy',
    })
    const typed = await t.app.inject({ method: 'POST', url: '/api/incidents', payload: { ...withoutProvince, district: 'My District' } })
    expect(typed.json()).toMatchObject({ province: 'Test Province', district: 'My District', commune: 'Test Commune' })
  })

  it('refuses an unknown or deleted community with 422 naming body.communityId', async () => {
    const unknown = await t.app.inject({
      method: 'POST',
      url: '/api/incidents',
      payload: newIncident({ communityId: '00000000-0000-4000-8000-000000000000' }),
    })
    expect(unknown.statusCode).toBe(422)
    expect(problemOf(unknown)).toMatchObject({ code: 'community.not_found', errors: [{ field: 'body.communityId' }] })
    const community = await makeCommunity(t.db)
    expect((await t.app.inject({ method: 'DELETE', url: `/api/communities/${community.id}` })).statusCode).toBe(204)
    const deleted = await t.app.inject({ method: 'POST', url: '/api/incidents', payload: newIncident({ communityId: community.id }) })
    expect(deleted.statusCode).toBe(422)
    expect(problemOf(deleted)).toMatchObject({ code: 'community.deleted', errors: [{ field: 'body.communityId' }] })
  })

  it('refuses a self-intersecting affected area with 422 and PostGIS reason', async () => {
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
    const res = await t.app.inject({ method: 'POST', url: '/api/incidents', payload: newIncident({ affectedArea: bowTie }) })
    expect(res.statusCode).toBe(422)
    expect(problemOf(res)).toMatchObject({
      code: 'geometry.invalid',
      errors: [{ field: 'body.affectedArea', message: expect.stringMatching(/Self-intersection/i) }],
    })
  })

  it('repairs a self-intersecting affected area on ?repair=true and says so', async () => {
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
    const body = await create({ affectedArea: bowTie }, '?repair=true')
    expect(body.repairs).toEqual([{ field: 'body.affectedArea', reason: expect.stringMatching(/Self-intersection/i) }])
    expect((body.affectedArea as { coordinates: unknown[] }).coordinates).toHaveLength(2)
    expect(body.affectedAreaHa).toBeGreaterThan(0)
  })

  it('updates the fields sent and leaves the others, including their defaults, alone', async () => {
    const created = await create({ severity: 'critical', perpetratorKind: 'military', isConfidential: true })
    const res = await t.app.inject({
      method: 'PATCH',
      url: `/api/incidents/${created.id}`,
      payload: { householdsAffected: 50, version: 1 },
    })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toMatchObject({
      householdsAffected: 50,
      severity: 'critical',
      perpetratorKind: 'military',
      isConfidential: true,
      status: 'reported',
      title: created.title,
      version: 2,
    })
  })

  it('sets and clears the affected area on update', async () => {
    const created = await create()
    const set = await t.app.inject({
      method: 'PATCH',
      url: `/api/incidents/${created.id}`,
      payload: { affectedArea: squareAround([104.31, 11.42]), version: 1 },
    })
    expect(set.json().affectedAreaHa).toBeGreaterThan(0)
    const cleared = await t.app.inject({
      method: 'PATCH',
      url: `/api/incidents/${created.id}`,
      payload: { affectedArea: null, version: 2 },
    })
    expect(cleared.json()).toMatchObject({ affectedArea: null, affectedAreaHa: null, version: 3 })
  })

  it('refuses an invalid affected area on update with 422', async () => {
    const created = await create()
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
    const res = await t.app.inject({ method: 'PATCH', url: `/api/incidents/${created.id}`, payload: { affectedArea: bowTie, version: 1 } })
    expect(res.statusCode).toBe(422)
    expect(problemOf(res).code).toBe('geometry.invalid')
  })

  it('refuses a status change through PATCH with 400 naming body.status', async () => {
    const created = await create()
    const res = await t.app.inject({ method: 'PATCH', url: `/api/incidents/${created.id}`, payload: { status: 'resolved', version: 1 } })
    expect(res.statusCode).toBe(400)
    expect(fieldsOf(res)).toEqual(['body.status'])
    expect((await t.app.inject({ url: `/api/incidents/${created.id}` })).json()).toMatchObject({ status: 'reported', version: 1 })
  })

  it('refuses a stale update with 409 and the current row', async () => {
    const created = await create()
    await t.app.inject({ method: 'PATCH', url: `/api/incidents/${created.id}`, payload: { peopleAffected: 7, version: 1 } })
    const stale = await t.app.inject({
      method: 'PATCH',
      url: `/api/incidents/${created.id}`,
      payload: { peopleAffected: 99 },
      headers: { 'if-match': '"1"' },
    })
    expect(stale.statusCode).toBe(409)
    expect(stale.json()).toMatchObject({ code: 'incident.version_conflict', current: { peopleAffected: 7, version: 2 } })
  })

  it('requires a version on update (428)', async () => {
    const created = await create()
    const res = await t.app.inject({ method: 'PATCH', url: `/api/incidents/${created.id}`, payload: { peopleAffected: 5 } })
    expect(res.statusCode).toBe(428)
    expect(problemOf(res).code).toBe('version.required')
  })

  it('answers 404 for an unknown id on get, update and delete, and 400 for a malformed one', async () => {
    const unknown = '/api/incidents/00000000-0000-4000-8000-000000000000'
    expect((await t.app.inject({ url: unknown })).statusCode).toBe(404)
    expect(problemOf(await t.app.inject({ url: unknown })).code).toBe('incident.not_found')
    expect((await t.app.inject({ method: 'PATCH', url: unknown, payload: { title: 'x', version: 1 } })).statusCode).toBe(404)
    expect((await t.app.inject({ method: 'DELETE', url: unknown })).statusCode).toBe(404)
    expect((await t.app.inject({ url: '/api/incidents/not-a-uuid' })).statusCode).toBe(400)
  })

  it('hides a deleted incident from get and list, but keeps the row', async () => {
    const created = await create({ title: 'To be deleted' })
    expect((await t.app.inject({ method: 'DELETE', url: `/api/incidents/${created.id}` })).statusCode).toBe(204)
    expect((await t.app.inject({ url: `/api/incidents/${created.id}` })).statusCode).toBe(404)
    expect((await all()).some((item) => item.id === created.id)).toBe(false)
    const again = await t.app.inject({ method: 'PATCH', url: `/api/incidents/${created.id}`, payload: { title: 'Back', version: 2 } })
    expect(again.statusCode).toBe(404)
  })

  it('refuses a stale delete with 409', async () => {
    const created = await create()
    await t.app.inject({ method: 'PATCH', url: `/api/incidents/${created.id}`, payload: { peopleAffected: 3, version: 1 } })
    const res = await t.app.inject({ method: 'DELETE', url: `/api/incidents/${created.id}`, headers: { 'if-match': '"1"' } })
    expect(res.statusCode).toBe(409)
    expect((await t.app.inject({ url: `/api/incidents/${created.id}` })).statusCode).toBe(200)
  })
})

describe(`incidents API on ${testDriver}: lists`, () => {
  it('pages through every incident once, newest first, without gaps or repeats', async () => {
    const whole = await collectAllPages(t.app, '/api/incidents?limit=500')
    const paged = await collectAllPages(t.app, '/api/incidents?limit=7')
    expect(whole.length).toBeGreaterThanOrEqual(64)
    expect(paged.map((i) => i.id)).toEqual(whole.map((i) => i.id))
    const times = whole.map((i) => Date.parse(i.occurredAt as string))
    expect(times).toEqual([...times].sort((a, b) => b - a))
  })

  it('pages by occurredAt ascending through incidents that share the same time', async () => {
    const occurredAt = new Date('2019-01-01T00:00:00Z')
    await makeIncidents(
      t.db,
      Array.from({ length: 9 }, () => ({ occurredAt, title: 'Same-time incident' })),
    )
    const whole = await collectAllPages(t.app, '/api/incidents?sort=occurredAt&limit=500')
    const paged = await collectAllPages(t.app, '/api/incidents?sort=occurredAt&limit=4')
    expect(paged.map((i) => i.id)).toEqual(whole.map((i) => i.id))
    const sameTime = whole.filter((i) => i.title === 'Same-time incident')
    expect(sameTime).toHaveLength(9)
    expect(new Set(sameTime.map((i) => i.id)).size).toBe(9)
  })

  it('pages by createdAt and updatedAt through rows written in separate transactions', async () => {
    for (let n = 0; n < 5; n++) await create({ title: `Paging marker ${n}` })
    for (const sort of ['createdAt', '-createdAt', 'updatedAt', '-updatedAt']) {
      const paged = await collectAllPages(t.app, `/api/incidents?q=Paging%20marker&sort=${sort}&limit=2`)
      const expected = ['0', '1', '2', '3', '4'].map((n) => `Paging marker ${n}`)
      expect(paged.map((i) => i.title)).toEqual(sort.startsWith('-') ? expected.reverse() : expected)
    }
  })

  it.each([
    ['kind', 'encroachment,land_grabbing'],
    ['status', 'verified,ongoing'],
    ['severity', 'critical'],
    ['perpetratorKind', 'company,military'],
  ])('filters by %s', async (field, values) => {
    const everything = await all()
    const expected = everything.filter((i) => values.split(',').includes(i[field] as string))
    expect(expected.length).toBeGreaterThan(0)
    expect(expected.length).toBeLessThan(everything.length)
    const filtered = await collectAllPages(t.app, `/api/incidents?${field}=${values}&limit=500`)
    expect(idsOf(filtered as Item[])).toEqual(idsOf(expected))
  })

  it('accepts a repeated enum filter parameter', async () => {
    const res = await t.app.inject({ url: '/api/incidents?kind=fencing&kind=arrest&limit=500' })
    expect(res.statusCode).toBe(200)
    const kinds = new Set((res.json().items as Item[]).map((i) => i.kind))
    expect(kinds.size).toBeGreaterThan(0)
    expect([...kinds].every((k) => k === 'fencing' || k === 'arrest')).toBe(true)
  })

  it('filters by community', async () => {
    const everything = await all()
    const communityId = everything.find((i) => i.communityId)!.communityId as string
    const filtered = await collectAllPages(t.app, `/api/incidents?community=${communityId}&limit=500`)
    expect(idsOf(filtered as Item[])).toEqual(idsOf(everything.filter((i) => i.communityId === communityId)))
  })

  it('filters by province', async () => {
    const everything = await all()
    const filtered = await collectAllPages(t.app, `/api/incidents?province=${encodeURIComponent('Ratanak Kiri')}&limit=500`)
    expect(filtered.length).toBeGreaterThan(0)
    expect(idsOf(filtered as Item[])).toEqual(idsOf(everything.filter((i) => i.province === 'Ratanak Kiri')))
  })

  it('filters by the confidential flag both ways', async () => {
    const everything = await all()
    const secret = await collectAllPages(t.app, '/api/incidents?confidential=true&limit=500')
    const open = await collectAllPages(t.app, '/api/incidents?confidential=false&limit=500')
    expect(secret.length).toBeGreaterThan(0)
    expect(idsOf(secret as Item[])).toEqual(idsOf(everything.filter((i) => i.isConfidential === true)))
    expect(idsOf(open as Item[])).toEqual(idsOf(everything.filter((i) => i.isConfidential === false)))
  })

  it('filters by occurredAt with whole days in Cambodia time', async () => {
    // 20:00 UTC on 1 March is 03:00 on 2 March in Phnom Penh (UTC+7).
    const late = await makeIncident(t.db, { occurredAt: new Date('2018-03-01T20:00:00Z'), title: 'Late-night incident' })
    const onFirst = await collectAllPages(t.app, '/api/incidents?from=2018-03-01&to=2018-03-01')
    const onSecond = await collectAllPages(t.app, '/api/incidents?from=2018-03-02&to=2018-03-02')
    expect(onFirst.map((i) => i.id)).not.toContain(late.id)
    expect(onSecond.map((i) => i.id)).toEqual([late.id])
  })

  it('filters by an occurredAt range over the demo data', async () => {
    const everything = await all()
    const [from, to] = [Date.parse('2026-01-01T00:00:00+07:00'), Date.parse('2026-07-01T00:00:00+07:00')]
    const expected = everything.filter((i) => {
      const at = Date.parse(i.occurredAt as string)
      return at >= from && at < to
    })
    expect(expected.length).toBeGreaterThan(0)
    const filtered = await collectAllPages(t.app, '/api/incidents?from=2026-01-01&to=2026-06-30&limit=500')
    expect(idsOf(filtered as Item[])).toEqual(idsOf(expected))
  })

  it('finds Khmer-titled incidents by a Khmer word inside the title', async () => {
    const found = await collectAllPages(t.app, `/api/incidents?q=${encodeURIComponent('ភូមិ')}&limit=500`)
    expect(found.length).toBeGreaterThanOrEqual(64)
    expect(found.every((i) => `${i.titleKm} ${i.title} ${i.description} ${i.communityName}`.includes('ភូមិ'))).toBe(true)
    const word = await collectAllPages(t.app, `/api/incidents?q=${encodeURIComponent('ឈូសឆាយ')}&limit=500`)
    expect(word.length).toBeGreaterThan(0)
    expect(word.every((i) => (i.titleKm as string).includes('ឈូសឆាយ'))).toBe(true)
  })

  it.each([
    ['title', 'ENCROACHMENT IN'],
    ['description', 'ordered it'],
    ['perpetratorName', 'Demo Rubber'],
  ])('finds incidents by q in the %s, ignoring case', async (field, q) => {
    const found = await collectAllPages(t.app, `/api/incidents?q=${encodeURIComponent(q)}&limit=500`)
    const needle = q.toLowerCase()
    const searched = (i: Record<string, unknown>) =>
      [i.title, i.titleKm, i.description, i.perpetratorName, i.communityName].join(' ').toLowerCase()
    expect(found.length).toBeGreaterThan(0)
    expect(found.every((i) => searched(i).includes(needle))).toBe(true)
    expect(found.some((i) => String(i[field]).toLowerCase().includes(needle))).toBe(true)
  })

  it('finds incidents by q in the community name', async () => {
    const community = await makeCommunity(t.db, { name: 'Prey Lang Guardians' })
    const linked = await create({ communityId: community.id, title: 'Logging trucks seen' })
    const found = await collectAllPages(t.app, '/api/incidents?q=prey%20lang%20guard')
    expect(found.map((i) => i.id)).toEqual([linked.id])
    expect(found[0]).toMatchObject({ communityName: 'Prey Lang Guardians' })
  })

  it('treats % and _ in q as plain characters', async () => {
    const res = await t.app.inject({ url: '/api/incidents?q=%25_' })
    expect(res.statusCode).toBe(200)
    expect(res.json().items).toEqual([])
  })

  it('returns only incidents inside a bbox', async () => {
    const everything = await all()
    const [west, south, east, north] = [106.5, 13.0, 107.7, 14.7]
    const inside = everything.filter((i) => {
      const [lng, lat] = (i.location as { coordinates: [number, number] }).coordinates
      return lng >= west && lng <= east && lat >= south && lat <= north
    })
    expect(inside.length).toBeGreaterThan(0)
    expect(inside.length).toBeLessThan(everything.length)
    const found = await collectAllPages(t.app, `/api/incidents?bbox=${west},${south},${east},${north}&limit=500`)
    expect(idsOf(found as Item[])).toEqual(idsOf(inside))
  })

  it('returns incidents within radiusM metres of a point, measured on the ellipsoid', async () => {
    // At 12° N a degree of longitude is about 108.9 km: 0.009° ≈ 980 m, 0.045° ≈ 4.9 km.
    const near = await makeIncident(t.db, { location: { type: 'Point', coordinates: [100.009, 12] }, kind: 'fencing' })
    const far = await makeIncident(t.db, { location: { type: 'Point', coordinates: [100.045, 12] }, kind: 'arrest' })
    const within2km = await collectAllPages(t.app, '/api/incidents?near=100,12&radiusM=2000')
    expect(within2km.map((i) => i.id)).toEqual([near.id])
    const within6km = await collectAllPages(t.app, '/api/incidents?near=100,12&radiusM=6000')
    expect(idsOf(within6km as Item[])).toEqual([near.id, far.id].sort())
    const within900m = await collectAllPages(t.app, '/api/incidents?near=100,12&radiusM=900')
    expect(within900m).toEqual([])
  })

  it('combines near with other filters and with bbox', async () => {
    const fencing = await makeIncident(t.db, { location: { type: 'Point', coordinates: [99.0, 13.0] }, kind: 'fencing' })
    await makeIncident(t.db, { location: { type: 'Point', coordinates: [99.001, 13.0] }, kind: 'arrest' })
    const byKind = await collectAllPages(t.app, '/api/incidents?near=99,13&radiusM=5000&kind=fencing')
    expect(byKind.map((i) => i.id)).toEqual([fencing.id])
    const byBbox = await collectAllPages(t.app, '/api/incidents?near=99,13&radiusM=5000&bbox=98.9,12.9,99.0005,13.1')
    expect(byBbox.map((i) => i.id)).toEqual([fencing.id])
  })

  it.each([
    ['near=104,11', 'querystring.radiusM'],
    ['near=104,11&radiusM=0', 'querystring.radiusM'],
    ['near=104,11&radiusM=500001', 'querystring.radiusM'],
    ['near=104,11&radiusM=lots', 'querystring.radiusM'],
    ['radiusM=1000', 'querystring.near'],
    ['near=204,11&radiusM=1000', 'querystring.near'],
    ['kind=flood', 'querystring.kind'],
    ['status=closed', 'querystring.status'],
    ['severity=extreme', 'querystring.severity'],
    ['perpetratorKind=aliens', 'querystring.perpetratorKind'],
    ['confidential=maybe', 'querystring.confidential'],
    ['sort=title', 'querystring.sort'],
    ['bbox=1,2,3', 'querystring.bbox'],
    ['from=yesterday', 'querystring.from'],
    ['limit=501', 'querystring.limit'],
  ])('rejects ?%s with 400 naming %s', async (query, field) => {
    const res = await t.app.inject({ url: `/api/incidents?${query}` })
    expect(res.statusCode).toBe(400)
    // An enum filter names the bad item: querystring.kind[0].
    expect(fieldsOf(res)).toContainEqual(expect.stringMatching(new RegExp(`^${field.replace('.', '\\.')}(\\[\\d+\\])?$`)))
  })

  it('answers 400, not 500, to a forged cursor whose value is not a date', async () => {
    const forged = Buffer.from(JSON.stringify(['-occurredAt', 'garbage', '00000000-0000-4000-8000-000000000000'])).toString('base64url')
    const res = await t.app.inject({ url: `/api/incidents?cursor=${forged}` })
    expect(res.statusCode).toBe(400)
    expect(problemOf(res).code).toMatch(/^request\./)
  })

  it('answers 400, not 500, to a NUL character in q or in a text field', async () => {
    expect((await t.app.inject({ url: '/api/incidents?q=a%00b' })).statusCode).toBe(400)
    const res = await t.app.inject({ method: 'POST', url: '/api/incidents', payload: newIncident({ title: 'a\u0000b' }) })
    expect(res.statusCode).toBe(400)
  })

  it('rejects a cursor made for another sort order with 400', async () => {
    const first = (await t.app.inject({ url: '/api/incidents?limit=2' })).json()
    const res = await t.app.inject({ url: `/api/incidents?limit=2&sort=createdAt&cursor=${first.nextCursor}` })
    expect(res.statusCode).toBe(400)
  })

  it('answers as a GeoJSON FeatureCollection of points on Accept or format', async () => {
    for (const request of [
      { url: '/api/incidents?limit=3', headers: { accept: 'application/geo+json' } },
      { url: '/api/incidents?limit=3&format=geojson' },
    ]) {
      const res = await t.app.inject(request)
      expect(res.statusCode).toBe(200)
      expect(res.headers['content-type']).toContain('application/geo+json')
      const fc = res.json()
      expect(fc).toMatchObject({ type: 'FeatureCollection', nextCursor: expect.any(String) })
      expect(fc.features).toHaveLength(3)
      expect(fc.features[0]).toMatchObject({ type: 'Feature', id: expect.any(String), geometry: { type: 'Point' } })
      expect(fc.features[0].properties).toMatchObject({
        title: expect.any(String),
        communityName: expect.any(String),
        status: expect.any(String),
      })
      expect(fc.features[0].properties).not.toHaveProperty('location')
    }
  })

  it('filters the GeoJSON output like the JSON list', async () => {
    const json = await collectAllPages(t.app, '/api/incidents?status=dismissed&limit=500')
    const fc = (await t.app.inject({ url: '/api/incidents?status=dismissed&limit=500&format=geojson' })).json()
    expect(fc.features.map((f: { id: string }) => f.id)).toEqual(json.map((i) => i.id))
  })
})
