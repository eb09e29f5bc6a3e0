// Who may read, report, edit and triage incidents, and what each role gets to see in them (issue
// 4's permission table, lib/policy.ts): community representatives read their own communities'
// incidents (confidential ones included), report only for them, and edit only their own reports
// until verified; advocates read every incident but the confidential ones and may report, not
// edit; legal staff and admins do everything. The people involved are for advocates (not the
// confidential people), legal staff and admins; linking them is for legal staff and admins.
import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { queryRows } from '../../db/open.ts'
import { incidentPeople } from '../../db/schema/index.ts'
import type { UserRole } from '../../shared/vocabularies.ts'
import { makeCommunity } from '../helpers/factories.ts'
import { problemOf } from '../helpers/http.ts'
import { makeIncident, makePerson } from '../helpers/incident-factories.ts'
import { createTestApp, type SignedIn, type TestApp } from '../helpers/test-app.ts'
import { testDriver } from '../helpers/test-db.ts'
import { accessHelpers, ANONYMOUS, idsOf } from '../helpers/access.ts'

const SECRET_TITLE = 'Secret meeting of threatened witnesses'
const OTHER_SECRET_TITLE = 'Other community secret incident'
const SECRET_PERSON = 'Hidden Witness Name'

const anonymous = ANONYMOUS
const STAFF: UserRole[] = ['legal', 'admin']

type Item = Record<string, unknown> & { id: string }

let t: TestApp
let as: Record<UserRole, SignedIn>
const ids = {} as Record<
  'own' | 'other' | 'ownPublic' | 'ownSecret' | 'otherPublic' | 'otherSecret' | 'unassigned' | 'publicPerson' | 'secretPerson',
  string
>

beforeAll(async () => {
  t = await createTestApp()
  const db = t.db
  ids.own = (await makeCommunity(db, { name: 'Own Incident Community' })).id
  ids.other = (await makeCommunity(db, { name: 'Other Incident Community' })).id
  as = {
    community_rep: await t.signIn('community_rep', { communityIds: [ids.own] }),
    advocate: await t.signIn('advocate'),
    legal: await t.signIn('legal'),
    admin: await t.signIn('admin'),
  }
  // Reported by legal staff: in the representative's community, but not the representative's report.
  ids.ownPublic = (await makeIncident(db, { communityId: ids.own, title: 'Own public incident', reportedByUserId: as.legal.userId })).id
  ids.ownSecret = (await makeIncident(db, { communityId: ids.own, title: SECRET_TITLE, isConfidential: true })).id
  ids.otherPublic = (
    await makeIncident(db, { communityId: ids.other, title: 'Other public incident', reportedByUserId: as.advocate.userId })
  ).id
  ids.otherSecret = (await makeIncident(db, { communityId: ids.other, title: OTHER_SECRET_TITLE, isConfidential: true })).id
  ids.unassigned = (await makeIncident(db, { title: 'Incident without a community' })).id
  ids.publicPerson = (await makePerson(db, { fullName: 'Public Witness', phone: '+855 12 345 678' })).id
  ids.secretPerson = (await makePerson(db, { fullName: SECRET_PERSON, isConfidential: true })).id
  await db.insert(incidentPeople).values([
    { incidentId: ids.ownPublic, personId: ids.publicPerson, role: 'witness' },
    { incidentId: ids.ownPublic, personId: ids.secretPerson, role: 'witness' },
  ])
})
afterAll(() => t?.close())

const { get, getJson, lastAudit } = accessHelpers(() => t)
const listAs = async (who: SignedIn, query = '') => (await getJson(`/api/incidents?limit=500${query}`, who.headers)).items as Item[]
const geoJsonAs = async (who: SignedIn) =>
  (await getJson('/api/incidents?limit=500&format=geojson', who.headers)).features as { id: string; properties: Item }[]
const incidentCount = async () => (await queryRows<{ n: number }>(t.db, sql`SELECT count(*)::int AS n FROM incidents`))[0]!.n

const newIncident = (overrides: Record<string, unknown> = {}) => ({
  title: 'Soldiers blocked the road to the fields',
  kind: 'intimidation',
  occurredAt: '2026-10-03T08:30:00+07:00',
  province: 'Kampong Speu',
  location: { type: 'Point', coordinates: [104.31, 11.42] },
  ...overrides,
})

async function report(who: SignedIn, overrides: Record<string, unknown> = {}) {
  const res = await t.app.inject({ method: 'POST', url: '/api/incidents', headers: who.headers, payload: newIncident(overrides) })
  expect(res.statusCode, res.body).toBe(201)
  return res.json() as Item & { version: number }
}

const patch = (who: SignedIn | { headers: Record<string, string> }, id: string, payload: Record<string, unknown>) =>
  t.app.inject({ method: 'PATCH', url: `/api/incidents/${id}`, headers: who.headers, payload })
const remove = (who: SignedIn, id: string) => t.app.inject({ method: 'DELETE', url: `/api/incidents/${id}`, headers: who.headers })
const verify = async (id: string, version: number) => {
  const res = await t.app.inject({
    method: 'POST',
    url: `/api/incidents/${id}/status`,
    headers: as.legal.headers,
    payload: { status: 'verified', version },
  })
  expect(res.statusCode, res.body).toBe(200)
  return res.json() as Item & { version: number }
}

describe(`incident access for anonymous requests, ${testDriver}`, () => {
  it('answers 401 to every incident route without a session, and leaks nothing', async () => {
    const requests = [
      { method: 'GET', url: '/api/incidents' },
      { method: 'GET', url: '/api/incidents?format=geojson' },
      { method: 'GET', url: `/api/incidents/${ids.ownSecret}` },
      { method: 'POST', url: '/api/incidents', payload: newIncident() },
      { method: 'PATCH', url: `/api/incidents/${ids.ownPublic}`, payload: { title: 'x', version: 1 } },
      { method: 'DELETE', url: `/api/incidents/${ids.ownPublic}` },
      { method: 'POST', url: `/api/incidents/${ids.ownPublic}/status`, payload: { status: 'verified', version: 1 } },
      { method: 'GET', url: `/api/incidents/${ids.ownPublic}/people` },
      { method: 'POST', url: `/api/incidents/${ids.ownPublic}/people`, payload: { personId: ids.publicPerson, role: 'plaintiff' } },
      { method: 'DELETE', url: `/api/incidents/${ids.ownPublic}/people/${ids.publicPerson}` },
    ] as const
    for (const request of requests) {
      const res = await t.app.inject({ ...request, headers: anonymous })
      expect(res.statusCode, `${request.method} ${request.url}`).toBe(401)
      expect(problemOf(res).code).toBe('auth.required')
      expect(res.body).not.toContain(SECRET_TITLE)
    }
  })
})

describe(`incident lists, ${testDriver}`, () => {
  it('lists only their own communities’ incidents, confidential ones included, to a community representative', async () => {
    const items = await listAs(as.community_rep)
    expect(idsOf(items)).toEqual(expect.arrayContaining([ids.ownPublic, ids.ownSecret]))
    expect(items.every((item) => item.communityId === ids.own)).toBe(true)
    expect(JSON.stringify(items)).not.toContain(OTHER_SECRET_TITLE)
  })

  it('answers an empty list to a community representative who filters on another community', async () => {
    expect(await listAs(as.community_rep, `&community=${ids.other}`)).toEqual([])
  })

  it('keeps the GeoJSON list of a community representative to their own communities', async () => {
    const features = await geoJsonAs(as.community_rep)
    expect(idsOf(features)).toEqual(expect.arrayContaining([ids.ownPublic, ids.ownSecret]))
    expect(features.every((feature) => feature.properties.communityId === ids.own)).toBe(true)
  })

  it('shows a community representative without communities no incidents at all', async () => {
    const lonely = await t.signIn('community_rep')
    expect(await listAs(lonely)).toEqual([])
    expect(await geoJsonAs(lonely)).toEqual([])
  })

  it('lists every incident but the confidential ones to an advocate', async () => {
    const items = await listAs(as.advocate)
    expect(idsOf(items)).toEqual(expect.arrayContaining([ids.ownPublic, ids.otherPublic, ids.unassigned]))
    expect(idsOf(items)).not.toContain(ids.ownSecret)
    expect(idsOf(items)).not.toContain(ids.otherSecret)
    expect(items.every((item) => item.isConfidential === false)).toBe(true)
  })

  it('answers an empty list to an advocate who asks for the confidential incidents', async () => {
    expect(await listAs(as.advocate, '&confidential=true')).toEqual([])
  })

  it('keeps confidential incidents out of an advocate’s GeoJSON', async () => {
    const features = await geoJsonAs(as.advocate)
    expect(idsOf(features)).toEqual(expect.arrayContaining([ids.ownPublic, ids.otherPublic]))
    expect(features.every((feature) => feature.properties.isConfidential === false)).toBe(true)
    expect(JSON.stringify(features)).not.toContain(SECRET_TITLE)
  })

  it('lists every incident, confidential ones included, to legal staff and admins', async () => {
    for (const role of STAFF) {
      const items = await listAs(as[role])
      expect(idsOf(items), role).toEqual(
        expect.arrayContaining([ids.ownPublic, ids.ownSecret, ids.otherPublic, ids.otherSecret, ids.unassigned]),
      )
    }
  })
})

describe(`reading one incident, ${testDriver}`, () => {
  it('answers 404 to a community representative fetching another community’s incident, as for one that does not exist', async () => {
    for (const id of [ids.otherPublic, ids.otherSecret, ids.unassigned]) {
      const res = await get(`/api/incidents/${id}`, as.community_rep.headers)
      expect(res.statusCode, id).toBe(404)
      expect(problemOf(res).code).toBe('incident.not_found')
      expect(res.body).not.toContain(OTHER_SECRET_TITLE)
    }
    const missing = await get('/api/incidents/00000000-0000-4000-8000-000000000000', as.community_rep.headers)
    expect(problemOf(missing).code).toBe('incident.not_found')
  })

  it('gives a community representative their own community’s confidential incident', async () => {
    expect(await getJson(`/api/incidents/${ids.ownSecret}`, as.community_rep.headers)).toMatchObject({ title: SECRET_TITLE })
  })

  it('answers 404 to an advocate fetching a confidential incident', async () => {
    const res = await get(`/api/incidents/${ids.otherSecret}`, as.advocate.headers)
    expect(res.statusCode).toBe(404)
    expect(res.body).not.toContain(OTHER_SECRET_TITLE)
  })

  it('gives legal staff and admins a confidential incident', async () => {
    for (const role of STAFF) {
      expect(await getJson(`/api/incidents/${ids.otherSecret}`, as[role].headers), role).toMatchObject({ isConfidential: true })
    }
  })
})

describe(`who reported an incident, ${testDriver}`, () => {
  it('leaves another account out of what an advocate gets: single, list and GeoJSON', async () => {
    expect(await getJson(`/api/incidents/${ids.ownPublic}`, as.advocate.headers)).not.toHaveProperty('reportedByUserId')
    const items = await listAs(as.advocate)
    expect(items.find((item) => item.id === ids.ownPublic)).not.toHaveProperty('reportedByUserId')
    const features = await geoJsonAs(as.advocate)
    expect(features.find((feature) => feature.id === ids.ownPublic)!.properties).not.toHaveProperty('reportedByUserId')
    const others = [...items, ...features.map((feature) => feature.properties)].filter((row) => row.id !== ids.otherPublic)
    for (const row of others) {
      expect(row).not.toHaveProperty('reportedByUserId')
      expect(row).not.toHaveProperty('reportedByName')
    }
  })

  it('shows an advocate the reports they filed themselves as theirs', async () => {
    expect(await getJson(`/api/incidents/${ids.otherPublic}`, as.advocate.headers)).toMatchObject({ reportedByUserId: as.advocate.userId })
  })

  it('leaves another account out of what a community representative gets, but shows them their own reports', async () => {
    const own = await report(as.community_rep, { communityId: ids.own })
    expect(own.reportedByUserId).toBe(as.community_rep.userId)
    expect(await getJson(`/api/incidents/${ids.ownPublic}`, as.community_rep.headers)).not.toHaveProperty('reportedByUserId')
    const items = await listAs(as.community_rep)
    expect(items.find((item) => item.id === ids.ownPublic)).not.toHaveProperty('reportedByUserId')
    expect(items.find((item) => item.id === own.id)).toMatchObject({ reportedByUserId: as.community_rep.userId })
    expect(items.find((item) => item.id === ids.ownPublic)).not.toHaveProperty('reportedByName')
    const features = await geoJsonAs(as.community_rep)
    expect(features.find((feature) => feature.id === ids.ownPublic)!.properties).not.toHaveProperty('reportedByUserId')
  })

  it('shows legal staff and admins the reporting account, by name (a report from the app has no typed "reported by")', async () => {
    const [legal] = await queryRows<{ display_name: string }>(t.db, sql`SELECT display_name FROM users WHERE id = ${as.legal.userId}`)
    const reporter = { reportedByUserId: as.legal.userId, reportedByName: legal!.display_name }
    for (const role of STAFF) {
      expect(await getJson(`/api/incidents/${ids.ownPublic}`, as[role].headers), role).toMatchObject(reporter)
      const items = await listAs(as[role])
      expect(
        items.find((item) => item.id === ids.ownPublic),
        role,
      ).toMatchObject(reporter)
    }
  })
})

describe(`reporting incidents, ${testDriver}`, () => {
  it('lets a community representative report for their own community, recording their account', async () => {
    const created = await report(as.community_rep, { communityId: ids.own })
    expect(created).toMatchObject({ status: 'reported', communityId: ids.own, reportedByUserId: as.community_rep.userId })
  })

  it('requires a community representative to name the community (422 on body.communityId)', async () => {
    const before = await incidentCount()
    const res = await t.app.inject({ method: 'POST', url: '/api/incidents', headers: as.community_rep.headers, payload: newIncident() })
    expect(res.statusCode).toBe(422)
    expect(problemOf(res).errors?.map((e) => e.field)).toEqual(['body.communityId'])
    expect(await incidentCount()).toBe(before)
  })

  it('refuses with 403 a community representative reporting for another community, and writes nothing', async () => {
    const before = await incidentCount()
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/incidents',
      headers: as.community_rep.headers,
      payload: newIncident({ communityId: ids.other }),
    })
    expect(res.statusCode).toBe(403)
    expect(problemOf(res).code).toBe('auth.forbidden')
    expect(await incidentCount()).toBe(before)
  })

  it('lets an advocate report for any community, or none', async () => {
    expect(await report(as.advocate, { communityId: ids.other })).toMatchObject({ communityId: ids.other, status: 'reported' })
    expect(await report(as.advocate)).toMatchObject({ communityId: null })
  })

  it('lets legal staff and admins report for any community', async () => {
    for (const role of STAFF) {
      expect(await report(as[role], { communityId: ids.other }), role).toMatchObject({ reportedByUserId: as[role].userId })
    }
  })

  it('rate-limits reports per account: the 31st in a minute answers 429, other accounts go on', async () => {
    const flooder = await t.signIn('advocate')
    // Invalid bodies count too: the limit is checked before validation, so nothing is written.
    for (let n = 0; n < 30; n++) {
      const res = await t.app.inject({ method: 'POST', url: '/api/incidents', headers: flooder.headers, payload: {} })
      expect(res.statusCode).toBe(400)
    }
    const limited = await t.app.inject({ method: 'POST', url: '/api/incidents', headers: flooder.headers, payload: newIncident() })
    expect(limited.statusCode).toBe(429)
    const other = await t.app.inject({ method: 'POST', url: '/api/incidents', headers: as.legal.headers, payload: {} })
    expect(other.statusCode).toBe(400)
  })
})

describe(`editing incidents, ${testDriver}`, () => {
  it('lets a community representative update their own report while it is reported', async () => {
    const own = await report(as.community_rep, { communityId: ids.own })
    const res = await patch(as.community_rep, own.id, { title: 'More soldiers came', version: own.version })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toMatchObject({ title: 'More soldiers came', reportedByUserId: as.community_rep.userId })
  })

  it('refuses with 403 a community representative updating their own report once verified', async () => {
    const own = await report(as.community_rep, { communityId: ids.own })
    const verified = await verify(own.id, own.version)
    const res = await patch(as.community_rep, own.id, { title: 'Changed after verification', version: verified.version })
    expect(res.statusCode).toBe(403)
    expect(problemOf(res).code).toBe('auth.forbidden')
  })

  it('refuses with 403 a community representative updating someone else’s report in their community', async () => {
    const res = await patch(as.community_rep, ids.ownPublic, { title: 'Not mine', version: 1 })
    expect(res.statusCode).toBe(403)
    expect(problemOf(res).code).toBe('auth.forbidden')
  })

  it('answers 404 to a community representative updating or deleting another community’s incident', async () => {
    expect((await patch(as.community_rep, ids.otherPublic, { title: 'IDOR', version: 1 })).statusCode).toBe(404)
    expect((await remove(as.community_rep, ids.otherSecret)).statusCode).toBe(404)
  })

  it('refuses with 403 a community representative moving their own report to another community', async () => {
    const own = await report(as.community_rep, { communityId: ids.own })
    const res = await patch(as.community_rep, own.id, { communityId: ids.other, version: own.version })
    expect(res.statusCode).toBe(403)
    expect((await getJson(`/api/incidents/${own.id}`, as.legal.headers)).communityId).toBe(ids.own)
  })

  it('refuses with 422 a community representative taking the community off their own report', async () => {
    const own = await report(as.community_rep, { communityId: ids.own })
    const res = await patch(as.community_rep, own.id, { communityId: null, version: own.version })
    expect(res.statusCode).toBe(422)
    expect(problemOf(res).errors?.map((e) => e.field)).toEqual(['body.communityId'])
  })

  it('lets a community representative delete their own report while it is reported, not someone else’s', async () => {
    const own = await report(as.community_rep, { communityId: ids.own })
    expect((await remove(as.community_rep, own.id)).statusCode).toBe(204)
    expect((await remove(as.community_rep, ids.ownPublic)).statusCode).toBe(403)
    expect((await get(`/api/incidents/${ids.ownPublic}`, as.legal.headers)).statusCode).toBe(200)
  })

  it('refuses with 403 an advocate updating or deleting any incident, even one they reported', async () => {
    const own = await report(as.advocate, { communityId: ids.own })
    expect((await patch(as.advocate, own.id, { title: 'x', version: own.version })).statusCode).toBe(403)
    expect((await remove(as.advocate, own.id)).statusCode).toBe(403)
    expect((await patch(as.advocate, ids.otherPublic, { title: 'x', version: 1 })).statusCode).toBe(403)
  })

  it('lets legal staff and admins update any incident, confidential and verified ones included', async () => {
    for (const role of STAFF) {
      const current = await getJson(`/api/incidents/${ids.otherSecret}`, as[role].headers)
      const res = await patch(as[role], ids.otherSecret, { severity: 'high', version: current.version })
      expect(res.statusCode, `${role}: ${res.body}`).toBe(200)
    }
    const repReport = await report(as.community_rep, { communityId: ids.own })
    const verified = await verify(repReport.id, repReport.version)
    expect((await patch(as.admin, repReport.id, { title: 'Staff edit', version: verified.version })).statusCode).toBe(200)
  })

  it('leaves triage to legal staff and admins: 403 for a community representative and an advocate', async () => {
    const own = await report(as.community_rep, { communityId: ids.own })
    for (const who of [as.community_rep, as.advocate]) {
      const res = await t.app.inject({
        method: 'POST',
        url: `/api/incidents/${own.id}/status`,
        headers: who.headers,
        payload: { status: 'verified', version: own.version },
      })
      expect(res.statusCode).toBe(403)
    }
    expect((await verify(own.id, own.version)).status).toBe('verified')
  })
})

describe(`the people involved in an incident, ${testDriver}`, () => {
  it('refuses with 403 a community representative listing the people involved', async () => {
    const res = await get(`/api/incidents/${ids.ownPublic}/people`, as.community_rep.headers)
    expect(res.statusCode).toBe(403)
    expect(res.body).not.toContain(SECRET_PERSON)
  })

  it('lists only the non-confidential people to an advocate, without contacts', async () => {
    const body = await getJson(`/api/incidents/${ids.ownPublic}/people`, as.advocate.headers)
    expect(body.items.map((person: { personId: string }) => person.personId)).toEqual([ids.publicPerson])
    expect(body.items[0]).not.toHaveProperty('phone')
  })

  it('lists the confidential people too to legal staff and admins', async () => {
    for (const role of STAFF) {
      const body = await getJson(`/api/incidents/${ids.ownPublic}/people`, as[role].headers)
      expect(body.items.map((person: { personId: string }) => person.personId).sort(), role).toEqual(
        [ids.publicPerson, ids.secretPerson].sort(),
      )
    }
  })

  it('answers 404 to an advocate listing the people of a confidential incident', async () => {
    expect((await get(`/api/incidents/${ids.otherSecret}/people`, as.advocate.headers)).statusCode).toBe(404)
  })

  it('refuses with 403 linking or unlinking people for a community representative and an advocate', async () => {
    for (const who of [as.community_rep, as.advocate]) {
      const link = await t.app.inject({
        method: 'POST',
        url: `/api/incidents/${ids.ownPublic}/people`,
        headers: who.headers,
        payload: { personId: ids.publicPerson, role: 'plaintiff' },
      })
      expect(link.statusCode).toBe(403)
      const unlink = await t.app.inject({
        method: 'DELETE',
        url: `/api/incidents/${ids.ownPublic}/people/${ids.publicPerson}`,
        headers: who.headers,
      })
      expect(unlink.statusCode).toBe(403)
    }
  })
})

describe(`incident writes in the audit trail, ${testDriver}`, () => {
  it('attributes a community representative’s report to them', async () => {
    const created = await report(as.community_rep, { communityId: ids.own })
    expect(await lastAudit()).toEqual({ actorId: as.community_rep.userId, action: 'create', entity: 'incidents', entityId: created.id })
  })

  it('attributes a community representative’s update and delete of their report to them', async () => {
    const created = await report(as.community_rep, { communityId: ids.own })
    expect((await patch(as.community_rep, created.id, { title: 'Corrected', version: created.version })).statusCode).toBe(200)
    expect(await lastAudit()).toEqual({ actorId: as.community_rep.userId, action: 'update', entity: 'incidents', entityId: created.id })
    expect((await remove(as.community_rep, created.id)).statusCode).toBe(204)
    expect(await lastAudit()).toEqual({ actorId: as.community_rep.userId, action: 'delete', entity: 'incidents', entityId: created.id })
  })

  it('attributes triage and linking people to the legal staff member who did it', async () => {
    const created = await report(as.advocate, { communityId: ids.other })
    await verify(created.id, created.version)
    expect(await lastAudit()).toEqual({ actorId: as.legal.userId, action: 'update', entity: 'incidents', entityId: created.id })
    const link = await t.app.inject({
      method: 'POST',
      url: `/api/incidents/${created.id}/people`,
      headers: as.legal.headers,
      payload: { personId: ids.publicPerson, role: 'plaintiff' },
    })
    expect(link.statusCode).toBe(201)
    expect(await lastAudit()).toMatchObject({ actorId: as.legal.userId, action: 'create', entity: 'incident_people', entityId: created.id })
  })

  it('records a refused advocate edit as a denial by them, and changes nothing', async () => {
    const res = await patch(as.advocate, ids.otherPublic, { title: 'Denied', version: 1 })
    expect(res.statusCode).toBe(403)
    expect(await lastAudit()).toMatchObject({ actorId: as.advocate.userId, action: 'denied', entity: 'route' })
    expect((await getJson(`/api/incidents/${ids.otherPublic}`, as.legal.headers)).title).toBe('Other public incident')
  })
})
