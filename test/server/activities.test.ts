import { readFile } from 'node:fs/promises'
import path from 'node:path'
import type { LightMyRequestResponse } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeActivity, makeCommunity } from '../helpers/factories.ts'
import { problemOf } from '../helpers/http.ts'
import { makeAdminAreas } from '../helpers/incident-factories.ts'
import { multipart } from '../helpers/multipart.ts'
import { createTestApp, type SignedIn, type TestApp } from '../helpers/test-app.ts'
import { testDriver } from '../helpers/test-db.ts'

interface Activity {
  id: string
  kind: string
  title: string
  startedOn: string
  endedOn: string | null
  province: string
  district: string | null
  commune: string | null
  village: string | null
  communities: { id: string; name: string; nameKm: string | null; kind: string }[]
  participants: { women: number; men: number; youth: number; total: number }
  evidenceCount: number
  createdByUserId: string | null
  version: number
}

const PHOTO = path.resolve(import.meta.dirname, '../fixtures/photos/exif-samples_gps_DSCN0010.jpg')

let t: TestApp
let communityId: string
let otherCommunityId: string
let rep: SignedIn

beforeAll(async () => {
  t = await createTestApp()
  communityId = (await makeCommunity(t.db, { name: 'Activity community', province: 'Kampot', district: 'Chhuk', commune: 'Trapeang Bei' }))
    .id
  otherCommunityId = (await makeCommunity(t.db, { name: 'Another community', province: 'Kratie' })).id
  rep = await t.signIn('community_rep', { communityIds: [communityId] })
})
afterAll(() => t?.close())

const newActivity = (overrides: Record<string, unknown> = {}) => ({
  kind: 'training',
  title: 'Land law training',
  startedOn: '2026-02-03',
  communityIds: [communityId],
  participantsWomen: 12,
  participantsMen: 8,
  participantsYouth: 5,
  ...overrides,
})

async function create(overrides: Record<string, unknown> = {}, headers?: SignedIn['headers']) {
  const res = await t.app.inject({ method: 'POST', url: '/api/activities', payload: newActivity(overrides), headers })
  expect(res.statusCode, res.body).toBe(201)
  return res.json() as Activity
}

const fieldsOf = (res: LightMyRequestResponse) => (problemOf(res).errors ?? []).map((issue) => issue.field)

const listIds = async (query: string, headers?: SignedIn['headers']) => {
  const res = await t.app.inject({ url: `/api/activities?${query}`, headers })
  expect(res.statusCode, res.body).toBe(200)
  return (res.json() as { items: Activity[] }).items.map((item) => item.id)
}

const totalsOf = async (query: string) => {
  const res = await t.app.inject({ url: `/api/activities/totals?${query}` })
  expect(res.statusCode, res.body).toBe(200)
  return res.json() as { activities: number; participants: Activity['participants'] }
}

const countAll = async () => (await totalsOf('')).activities

describe(`activities API on ${testDriver}`, () => {
  it('records an activity with its communities and head counts, and reads it back with its version as ETag', async () => {
    const created = await create({ endedOn: '2026-02-04', facilitators: 'Legal team', costUsd: 120.5 })
    expect(created).toMatchObject({
      kind: 'training',
      title: 'Land law training',
      startedOn: '2026-02-03',
      endedOn: '2026-02-04',
      communities: [{ id: communityId, name: 'Activity community', nameKm: null, kind: 'land_community' }],
      participants: { women: 12, men: 8, youth: 5, total: 20 },
      facilitators: 'Legal team',
      costUsd: 120.5,
      evidenceCount: 0,
      version: 1,
    })
    expect(created.createdByUserId).toEqual(expect.any(String))
    const res = await t.app.inject({ url: `/api/activities/${created.id}` })
    expect(res.statusCode).toBe(200)
    expect(res.headers.etag).toBe('"1"')
    expect(res.json()).toEqual(created)
  })

  it("takes the first community's place when neither a province nor a location is given", async () => {
    const created = await create({ village: 'Phum Thmei' })
    expect(created).toMatchObject({ province: 'Kampot', district: 'Chhuk', commune: 'Trapeang Bei', village: 'Phum Thmei' })
  })

  it('keeps a typed province, without the lower levels of a community in another province', async () => {
    const created = await create({ province: 'Takeo' })
    expect(created).toMatchObject({ province: 'Takeo', district: null, commune: null, village: null })
  })

  it('fills the place from the location, and from the community where no province contains the point', async () => {
    await makeAdminAreas(t.db, [102.7, 10.6], { province: 'Test Province', district: 'Test District', commune: 'Test Commune' })
    const fromPoint = await create({ location: { type: 'Point', coordinates: [102.71, 10.61] } })
    expect(fromPoint).toMatchObject({ province: 'Test Province', district: 'Test District', commune: 'Test Commune' })
    const atSea = await create({ location: { type: 'Point', coordinates: [102.15, 11.6] } })
    expect(atSea).toMatchObject({ province: 'Kampot', district: 'Chhuk' })
  })

  // Overrides are functions: the table is built before beforeAll has made the communities.
  it.each([
    ['more youth than women and men', () => ({ participantsYouth: 21 }), 'body.participantsYouth'],
    ['an end before the start', () => ({ endedOn: '2026-02-01' }), 'body.endedOn'],
    ['no community', () => ({ communityIds: [] }), 'body.communityIds'],
    ['a community twice', () => ({ communityIds: [communityId, communityId] }), 'body.communityIds'],
  ])('refuses %s with 400 naming the field, and writes nothing', async (_name, overrides, field) => {
    const before = await countAll()
    const res = await t.app.inject({ method: 'POST', url: '/api/activities', payload: newActivity(overrides()) })
    expect(res.statusCode, res.body).toBe(400)
    expect(fieldsOf(res)).toEqual([field])
    expect(await countAll()).toBe(before)
  })

  it('refuses an unknown or deleted community with 422 naming body.communityIds, and writes nothing', async () => {
    const deleted = (await makeCommunity(t.db, { deletedAt: new Date() })).id
    const before = await countAll()
    for (const missing of ['00000000-0000-4000-8000-000000000000', deleted]) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/activities',
        payload: newActivity({ communityIds: [communityId, missing] }),
      })
      expect(res.statusCode, res.body).toBe(422)
      expect(fieldsOf(res)).toEqual(['body.communityIds'])
    }
    expect(await countAll()).toBe(before)
  })

  it('refuses a location outside the region served (422 body.location)', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/activities',
      payload: newActivity({ location: { type: 'Point', coordinates: [120.5, 11.6] } }),
    })
    expect(res.statusCode).toBe(422)
    expect(fieldsOf(res)).toEqual(['body.location'])
  })

  it('updates what is sent and keeps the rest, replacing the set of communities', async () => {
    const created = await create()
    const res = await t.app.inject({
      method: 'PATCH',
      url: `/api/activities/${created.id}`,
      payload: { title: 'Land law training, day 1', communityIds: [otherCommunityId, communityId], version: 1 },
    })
    expect(res.statusCode, res.body).toBe(200)
    const updated = res.json() as Activity
    expect(updated).toMatchObject({ title: 'Land law training, day 1', participants: created.participants, version: 2 })
    expect(updated.communities.map((community) => community.id).sort()).toEqual([communityId, otherCommunityId].sort())
  })

  it('checks an edit against the stored activity as a whole (400 naming the field)', async () => {
    const created = await create({ endedOn: '2026-02-05' })
    const later = await t.app.inject({
      method: 'PATCH',
      url: `/api/activities/${created.id}`,
      payload: { startedOn: '2026-02-06', version: 1 },
    })
    expect(later.statusCode).toBe(400)
    expect(fieldsOf(later)).toEqual(['body.endedOn'])
    const fewer = await t.app.inject({
      method: 'PATCH',
      url: `/api/activities/${created.id}`,
      payload: { participantsWomen: 1, participantsMen: 1, version: 1 },
    })
    expect(fewer.statusCode).toBe(400)
    expect(fieldsOf(fewer)).toEqual(['body.participantsYouth'])
    const twice = await t.app.inject({
      method: 'PATCH',
      url: `/api/activities/${created.id}`,
      payload: { communityIds: [communityId, communityId], version: 1 },
    })
    expect(twice.statusCode).toBe(400)
    expect(fieldsOf(twice)).toEqual(['body.communityIds'])
    const unchanged = await t.app.inject({ url: `/api/activities/${created.id}` })
    expect(unchanged.json()).toEqual(created)
  })

  it('refuses an edit or a delete based on a stale version with 409 and the current row', async () => {
    const created = await create()
    const first = await t.app.inject({ method: 'PATCH', url: `/api/activities/${created.id}`, payload: { title: 'First', version: 1 } })
    expect(first.statusCode).toBe(200)
    const stale = await t.app.inject({ method: 'PATCH', url: `/api/activities/${created.id}`, payload: { title: 'Second', version: 1 } })
    expect(stale.statusCode).toBe(409)
    expect(problemOf(stale)).toMatchObject({ code: 'activity.version_conflict', current: { title: 'First', version: 2 } })
    const staleDelete = await t.app.inject({ method: 'DELETE', url: `/api/activities/${created.id}`, headers: { 'if-match': '"1"' } })
    expect(staleDelete.statusCode).toBe(409)
  })

  it('deletes an activity: it is hidden from reads, lists and totals', async () => {
    const created = await create({ province: 'Deleted Province' })
    const res = await t.app.inject({ method: 'DELETE', url: `/api/activities/${created.id}`, headers: { 'if-match': '"1"' } })
    expect(res.statusCode).toBe(204)
    expect((await t.app.inject({ url: `/api/activities/${created.id}` })).statusCode).toBe(404)
    expect(await listIds('province=Deleted%20Province')).toEqual([])
    expect((await totalsOf('province=Deleted%20Province')).activities).toBe(0)
  })

  it('lists a page at a time, newest start first, and searches titles', async () => {
    const province = 'Paging Province'
    const ids = []
    for (const day of ['01', '02', '03'])
      ids.push((await create({ province, startedOn: `2025-05-${day}`, title: `Savings meeting ${day}` })).id)
    const first = await t.app.inject({ url: `/api/activities?province=${encodeURIComponent(province)}&limit=2` })
    const page = first.json() as { items: Activity[]; nextCursor: string }
    expect(page.items.map((item) => item.id)).toEqual([ids[2], ids[1]])
    expect(await listIds(`province=${encodeURIComponent(province)}&limit=2&cursor=${page.nextCursor}`)).toEqual([ids[0]])
    expect(await listIds(`province=${encodeURIComponent(province)}&q=meeting%2002`)).toEqual([ids[1]])
    expect(await listIds(`province=${encodeURIComponent(province)}&sort=startedOn`)).toEqual(ids)
  })

  it('totals the participants of every activity the filters select, on every page', async () => {
    const province = 'Totals Province'
    const made = [
      { kind: 'training', startedOn: '2025-01-15', participantsWomen: 10, participantsMen: 5, participantsYouth: 3 },
      { kind: 'training', startedOn: '2025-03-31', participantsWomen: 7, participantsMen: 9, participantsYouth: 0 },
      { kind: 'meeting', startedOn: '2025-04-01', participantsWomen: 2, participantsMen: 2, participantsYouth: 4 },
      { kind: 'training', startedOn: '2025-06-01', participantsWomen: 20, participantsMen: 0, participantsYouth: 20 },
    ]
    for (const activity of made) await create({ ...activity, province })
    await create({ ...made[0], province: 'Elsewhere Province' })
    const sum = (rows: typeof made) => {
      const women = rows.reduce((total, row) => total + row.participantsWomen, 0)
      const men = rows.reduce((total, row) => total + row.participantsMen, 0)
      const youth = rows.reduce((total, row) => total + row.participantsYouth, 0)
      return { activities: rows.length, participants: { women, men, youth, total: women + men } }
    }
    const where = `province=${encodeURIComponent(province)}`
    expect(await totalsOf(`${where}&limit=1`)).toEqual(sum(made))
    expect(await totalsOf(`${where}&kind=training`)).toEqual(sum(made.filter((row) => row.kind === 'training')))
    expect(await totalsOf(`${where}&from=2025-03-31&to=2025-04-01`)).toEqual(sum(made.slice(1, 3)))
    expect(await totalsOf(`${where}&kind=training&to=2025-03-31`)).toEqual(sum(made.slice(0, 2)))
  })

  it('filters by community and by topic', async () => {
    const community = (await makeCommunity(t.db)).id
    const gender = await create({ communityIds: [community], topic: 'gender' })
    await create({ communityIds: [community], topic: 'land_law' })
    expect(await listIds(`community=${community}&topic=gender`)).toEqual([gender.id])
  })
})

describe(`activities and community representatives on ${testDriver}`, () => {
  it('lets a representative record an activity of their own community, and not of another (403)', async () => {
    const own = await create({}, rep.headers)
    expect(own.createdByUserId).toBe(rep.userId)
    const before = await countAll()
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/activities',
      payload: newActivity({ communityIds: [communityId, otherCommunityId] }),
      headers: rep.headers,
    })
    expect(res.statusCode).toBe(403)
    expect(await countAll()).toBe(before)
  })

  it("hides another community's activity: 404 when read, absent from lists and totals", async () => {
    const elsewhere = await makeActivity(t.db, { communityIds: [otherCommunityId], province: 'Hidden Province', participantsWomen: 3 })
    const mine = await makeActivity(t.db, { communityIds: [communityId, otherCommunityId], province: 'Hidden Province' })
    expect((await t.app.inject({ url: `/api/activities/${elsewhere.id}`, headers: rep.headers })).statusCode).toBe(404)
    expect(await listIds('province=Hidden%20Province', rep.headers)).toEqual([mine.id])
    const totals = await t.app.inject({ url: '/api/activities/totals?province=Hidden%20Province', headers: rep.headers })
    expect(totals.json()).toMatchObject({ activities: 1, participants: { women: 0 } })
  })

  it('lets a representative change only the activities they recorded (403), and not move one to another community', async () => {
    const byStaff = await create()
    const refused = await t.app.inject({
      method: 'PATCH',
      url: `/api/activities/${byStaff.id}`,
      payload: { title: 'Renamed', version: 1 },
      headers: rep.headers,
    })
    expect(refused.statusCode).toBe(403)
    const deleteRefused = await t.app.inject({ method: 'DELETE', url: `/api/activities/${byStaff.id}`, headers: rep.headers })
    expect(deleteRefused.statusCode).toBe(403)
    const own = await create({}, rep.headers)
    const moved = await t.app.inject({
      method: 'PATCH',
      url: `/api/activities/${own.id}`,
      payload: { communityIds: [otherCommunityId], version: 1 },
      headers: rep.headers,
    })
    expect(moved.statusCode).toBe(403)
    const renamed = await t.app.inject({
      method: 'PATCH',
      url: `/api/activities/${own.id}`,
      payload: { title: 'Renamed', version: 1 },
      headers: rep.headers,
    })
    expect(renamed.statusCode, renamed.body).toBe(200)
    expect((await t.app.inject({ method: 'DELETE', url: `/api/activities/${own.id}`, headers: rep.headers })).statusCode).toBe(204)
  })
})

describe(`activity attachments on ${testDriver}`, () => {
  const upload = async (fields: Record<string, string>, headers?: SignedIn['headers']) => {
    const body = multipart(fields, [{ filename: 'attendance.jpg', type: 'image/jpeg', bytes: await readFile(PHOTO) }])
    return t.app.inject({ method: 'POST', url: '/api/evidence', payload: body.payload, headers: { ...body.headers, ...headers } })
  }

  it("counts a photo attached to an activity, and lists it under the activity's evidence", async () => {
    const activity = await create()
    const res = await upload({ activityId: activity.id, title: 'Attendance sheet' }, rep.headers)
    expect(res.statusCode, res.body).toBe(201)
    const [stored] = (res.json() as { items: { id: string; activityId: string }[] }).items
    expect(stored!.activityId).toBe(activity.id)
    const read = await t.app.inject({ url: `/api/activities/${activity.id}`, headers: rep.headers })
    expect((read.json() as Activity).evidenceCount).toBe(1)
    const listed = await t.app.inject({ url: `/api/evidence?activity=${activity.id}`, headers: rep.headers })
    expect((listed.json() as { items: { id: string }[] }).items.map((item) => item.id)).toEqual([stored!.id])
    const page = await t.app.inject({ url: `/api/activities?community=${communityId}&limit=100` })
    expect((page.json() as { items: Activity[] }).items.find((item) => item.id === activity.id)?.evidenceCount).toBe(1)
  })

  it("refuses a representative's attachment to another community's activity (422, as for any record they may not see)", async () => {
    const elsewhere = await makeActivity(t.db, { communityIds: [otherCommunityId] })
    const res = await upload({ activityId: elsewhere.id }, rep.headers)
    expect(res.statusCode).toBe(422)
    expect(problemOf(res)).toMatchObject({ code: 'activity.not_found', errors: [{ field: 'body.activityId' }] })
    const listed = await t.app.inject({ url: `/api/evidence?activity=${elsewhere.id}` })
    expect((listed.json() as { items: unknown[] }).items).toEqual([])
  })

  it('attaches a resumable (tus) upload to an activity, and refuses one to an activity the uploader may not see', async () => {
    const activity = await create({}, rep.headers)
    const bytes = await readFile(PHOTO)
    const tus = { ...rep.headers, 'tus-resumable': '1.0.0' }
    const metadataFor = (id: string) =>
      `filename ${Buffer.from('sheet.jpg').toString('base64')},activityId ${Buffer.from(id).toString('base64')}`
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/uploads',
      headers: { ...tus, 'upload-length': String(bytes.length), 'upload-metadata': metadataFor(activity.id) },
    })
    expect(created.statusCode, created.body).toBe(201)
    const finished = await t.app.inject({
      method: 'PATCH',
      url: new URL(String(created.headers.location), 'http://localhost').pathname,
      payload: bytes,
      headers: { ...tus, 'upload-offset': '0', 'content-type': 'application/offset+octet-stream' },
    })
    expect(finished.statusCode, finished.body).toBe(204)
    const read = await t.app.inject({ url: `/api/activities/${activity.id}`, headers: rep.headers })
    expect((read.json() as Activity).evidenceCount).toBe(1)

    const elsewhere = await makeActivity(t.db, { communityIds: [otherCommunityId] })
    const refused = await t.app.inject({
      method: 'POST',
      url: '/api/uploads',
      headers: { ...tus, 'upload-length': String(bytes.length), 'upload-metadata': metadataFor(elsewhere.id) },
    })
    expect(refused.statusCode).toBe(422)
    expect(problemOf(refused)).toMatchObject({ code: 'activity.not_found', errors: [{ field: 'metadata.activityId' }] })
  })

  it('counts a confidential attachment only for those who may see it (not an advocate, not a representative)', async () => {
    const advocate = await t.signIn('advocate')
    const activity = await create()
    expect((await upload({ activityId: activity.id, isConfidential: 'true' })).statusCode).toBe(201)
    const countFor = async (headers?: SignedIn['headers']) =>
      ((await t.app.inject({ url: `/api/activities/${activity.id}`, headers })).json() as Activity).evidenceCount
    expect(await countFor()).toBe(1)
    expect(await countFor(advocate.headers)).toBe(0)
    expect(await countFor(rep.headers)).toBe(0)
  })

  it('refuses an upload naming an activity and another record at once', async () => {
    const activity = await create()
    const res = await upload({ activityId: activity.id, communityId })
    expect(res.statusCode).toBe(400)
    expect(fieldsOf(res)).toEqual(['body.attachTo'])
  })
})
