// Who may read and write legal cases, case events, people and the legal calendar, and what each
// role gets to see in them (issue 4's permission table, server/lib/policy.ts): case summaries for
// every role (`cases.read`), community representatives only their own communities' cases and
// without parties, parcels, incidents or privileged notes; events and timelines for advocates,
// legal staff and admins (`cases.details`); privileged notes and people's contacts for legal
// staff and admins only; confidential people and incidents hidden from advocates; writes
// (`cases.write`, `people.write`, `incidents.triage`) for legal staff and admins, attributed to
// them in the audit log.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { UserRole } from '../../shared/vocabularies.ts'
import { linkToCase, makeCase, makeCaseEvent, makeIncident, makePerson } from '../helpers/case-factories.ts'
import { makeCommunity, makeParcel } from '../helpers/factories.ts'
import { collectAllPages, problemOf } from '../helpers/http.ts'
import { createTestApp, type SignedIn, type TestApp } from '../helpers/test-app.ts'
import { testDriver } from '../helpers/test-db.ts'
import { accessHelpers, ANONYMOUS, idsOf, SIGNED_IN_ROLES } from '../helpers/access.ts'

const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000'
const PRIVILEGED = 'PRIVILEGED: client will testify about the night raid'
const SECRET_PERSON = 'Confidential Witness Name'
const SECRET_INCIDENT = 'Confidential arrest of a community leader'
const CONTACTS = { phone: '012 345 678', email: 'open.witness@example.org', address: 'Phum Thmei, Kampong Speu' }
/** The calendar window of this file's events, far from any other test data. */
const WINDOW = 'from=2030-02-01&to=2030-02-28'

const anonymous = ANONYMOUS

let t: TestApp
let as: Record<UserRole, SignedIn>
let repWithoutCommunities: SignedIn
const ids = {} as Record<
  | 'own'
  | 'other'
  | 'parcel'
  | 'publicPerson'
  | 'secretPerson'
  | 'publicIncident'
  | 'secretIncident'
  | 'ownCase'
  | 'otherCase'
  | 'unlinkedCase'
  | 'ownEvent'
  | 'otherEvent',
  string
>

beforeAll(async () => {
  t = await createTestApp()
  const db = t.db
  ids.own = (await makeCommunity(db, { name: 'Own Case Community' })).id
  ids.other = (await makeCommunity(db, { name: 'Other Case Community' })).id
  ids.parcel = (await makeParcel(db, { communityId: ids.own, label: 'Own case rice field' })).id
  ids.publicPerson = (await makePerson(db, { fullName: 'Open Witness', communityId: ids.own, ...CONTACTS })).id
  ids.secretPerson = (await makePerson(db, { fullName: SECRET_PERSON, isConfidential: true, phone: '099 999 999' })).id
  ids.publicIncident = (await makeIncident(db, { title: 'Fence built across rice fields', communityId: ids.own })).id
  ids.secretIncident = (await makeIncident(db, { title: SECRET_INCIDENT, communityId: ids.own, isConfidential: true })).id
  ids.ownCase = (await makeCase(db, { title: 'Own community v. Access Co.', privilegedNotes: PRIVILEGED })).id
  ids.otherCase = (await makeCase(db, { title: 'Other community v. Access Co.', privilegedNotes: PRIVILEGED })).id
  ids.unlinkedCase = (await makeCase(db, { title: 'Case of no community' })).id
  await linkToCase(db, ids.ownCase, {
    communityIds: [ids.own],
    parcelIds: [ids.parcel],
    incidentIds: [ids.publicIncident, ids.secretIncident],
    people: [
      { personId: ids.publicPerson, role: 'witness' },
      { personId: ids.secretPerson, role: 'client' },
    ],
  })
  await linkToCase(db, ids.otherCase, { communityIds: [ids.other], people: [{ personId: ids.publicPerson, role: 'plaintiff' }] })
  ids.ownEvent = (await makeCaseEvent(db, { caseId: ids.ownCase, title: 'Own hearing', startsAt: new Date('2030-02-10T02:00:00Z') })).id
  ids.otherEvent = (
    await makeCaseEvent(db, {
      caseId: ids.otherCase,
      kind: 'deadline',
      title: 'Other deadline',
      startsAt: new Date('2030-02-12T02:00:00Z'),
    })
  ).id
  as = {
    community_rep: await t.signIn('community_rep', { communityIds: [ids.own] }),
    advocate: await t.signIn('advocate'),
    legal: await t.signIn('legal'),
    admin: await t.signIn('admin'),
  }
  repWithoutCommunities = await t.signIn('community_rep')
})
afterAll(() => t?.close())

const { get, getJson, auditSince, lastAudit, lastAuditId } = accessHelpers(() => t)

// ---- The permission table of this file's routes ------------------------------------------------

/** A writer's request must get past the permission check; it then fails validation or finds nothing (400/404). */
const PASSES = 'passes'
type Outcome = number | typeof PASSES
type Expected = Record<UserRole, Outcome>
const everyone: Expected = { community_rep: 200, advocate: 200, legal: 200, admin: 200 }
const staffAndAdvocates: Expected = { community_rep: 403, advocate: 200, legal: 200, admin: 200 }
const writers: Expected = { community_rep: 403, advocate: 403, legal: PASSES, admin: PASSES }

/** Every route of cases, case events, case intake, people and the calendar. Writes aim at unknown ids or send no body, so they change nothing. */
function routeTable(): { route: string; method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'; url: string; expected: Expected }[] {
  const entry = (route: string, url: string, expected: Expected) => {
    const [method] = route.split(' ') as ['GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE']
    return { route, method, url, expected }
  }
  return [
    entry('GET /api/cases', '/api/cases', everyone),
    entry('GET /api/cases/:id', `/api/cases/${ids.ownCase}`, everyone),
    entry('POST /api/cases', '/api/cases', writers),
    entry('PATCH /api/cases/:id', `/api/cases/${UNKNOWN_ID}`, writers),
    entry('DELETE /api/cases/:id', `/api/cases/${UNKNOWN_ID}`, writers),
    entry('GET /api/cases/:id/timeline', `/api/cases/${ids.ownCase}/timeline`, staffAndAdvocates),
    entry('POST /api/cases/:id/communities', `/api/cases/${UNKNOWN_ID}/communities`, writers),
    entry('DELETE /api/cases/:id/communities/:communityId', `/api/cases/${UNKNOWN_ID}/communities/${UNKNOWN_ID}`, writers),
    entry('POST /api/cases/:id/parcels', `/api/cases/${UNKNOWN_ID}/parcels`, writers),
    entry('DELETE /api/cases/:id/parcels/:parcelId', `/api/cases/${UNKNOWN_ID}/parcels/${UNKNOWN_ID}`, writers),
    entry('POST /api/cases/:id/incidents', `/api/cases/${UNKNOWN_ID}/incidents`, writers),
    entry('DELETE /api/cases/:id/incidents/:incidentId', `/api/cases/${UNKNOWN_ID}/incidents/${UNKNOWN_ID}`, writers),
    entry('POST /api/cases/:id/people', `/api/cases/${UNKNOWN_ID}/people`, writers),
    entry('DELETE /api/cases/:id/people/:personId', `/api/cases/${UNKNOWN_ID}/people/${UNKNOWN_ID}`, writers),
    entry('GET /api/cases/:id/events', `/api/cases/${ids.ownCase}/events`, staffAndAdvocates),
    // The case team (#16): the staff list is for those who assign; the team is changed by writers.
    entry('GET /api/cases/staff', '/api/cases/staff', { community_rep: 403, advocate: 403, legal: 200, admin: 200 }),
    entry('PUT /api/cases/:id/team/lead', `/api/cases/${UNKNOWN_ID}/team/lead`, writers),
    entry('POST /api/cases/:id/team', `/api/cases/${UNKNOWN_ID}/team`, writers),
    entry('DELETE /api/cases/:id/team/:userId', `/api/cases/${UNKNOWN_ID}/team/${UNKNOWN_ID}`, writers),
    entry('GET /api/cases/:id/conflicts', `/api/cases/${ids.ownCase}/conflicts?name=Sok`, staffAndAdvocates),
    entry('POST /api/cases/:id/events', `/api/cases/${UNKNOWN_ID}/events`, writers),
    entry('GET /api/case-events/:id', `/api/case-events/${ids.ownEvent}`, staffAndAdvocates),
    entry('PATCH /api/case-events/:id', `/api/case-events/${UNKNOWN_ID}`, writers),
    entry('DELETE /api/case-events/:id', `/api/case-events/${UNKNOWN_ID}`, writers),
    // Deadline proposals (#16) read the rules, which only legal staff and admins may.
    entry('GET /api/cases/:id/events/:eventId/deadline-proposals', `/api/cases/${ids.ownCase}/events/${ids.ownEvent}/deadline-proposals`, {
      community_rep: 403,
      advocate: 403,
      legal: 200,
      admin: 200,
    }),
    entry('POST /api/incidents/:id/case', `/api/incidents/${UNKNOWN_ID}/case`, writers),
    entry('GET /api/people', '/api/people', staffAndAdvocates),
    entry('GET /api/people/:id', `/api/people/${ids.publicPerson}`, staffAndAdvocates),
    entry('POST /api/people', '/api/people', writers),
    entry('PATCH /api/people/:id', `/api/people/${UNKNOWN_ID}`, writers),
    entry('DELETE /api/people/:id', `/api/people/${UNKNOWN_ID}`, writers),
    entry('GET /api/calendar', `/api/calendar?${WINDOW}`, staffAndAdvocates),
    entry('GET /api/calendar.ics', `/api/calendar.ics?${WINDOW}`, staffAndAdvocates),
  ]
}

// A case's dossier export, its tasks, its letters and the calendar feeds are their own features'
// (their test files, and authorization.test.ts).
const isThisFilesRoute = (route: string) =>
  (/^\w+ \/api\/(cases|case-events|people|calendar)\b/.test(route) &&
    !route.endsWith('/dossier') &&
    !/\/api\/cases\/:id\/(tasks|documents)|\/api\/calendar\/feeds/.test(route)) ||
  route === 'POST /api/incidents/:id/case'

describe(`access to cases, events, people and the calendar: the route table, ${testDriver}`, () => {
  it('names every route of cases, case events, case intake, people and the calendar', () => {
    expect(
      routeTable()
        .map((entry) => entry.route)
        .sort(),
    ).toEqual(t.app.apiRoutes.filter(isThisFilesRoute).sort())
  })

  it('answers 401 to every one of them without a session', async () => {
    for (const { route, method, url } of routeTable()) {
      const res = await t.app.inject({ method, url, headers: anonymous })
      expect(res.statusCode, route).toBe(401)
    }
  })

  for (const role of SIGNED_IN_ROLES) {
    it(`lets the ${role} role call exactly the routes the permission table gives it`, async () => {
      for (const { route, method, url, expected } of routeTable()) {
        const res = await t.app.inject({ method, url, headers: as[role].headers })
        if (expected[role] === PASSES) expect([400, 404], `${route}: ${res.body}`).toContain(res.statusCode)
        else expect(res.statusCode, `${route}: ${res.body}`).toBe(expected[role])
      }
    })
  }
})

describe(`legal cases seen by a community representative, ${testDriver}`, () => {
  it('lists only the cases linked to their communities', async () => {
    const items = await collectAllPages(t.app, '/api/cases?limit=100', as.community_rep.headers)
    expect(idsOf(items as { id: string }[])).toEqual([ids.ownCase])
  })

  it('gets an empty list when filtering on another community', async () => {
    const body = await getJson(`/api/cases?community=${ids.other}`, as.community_rep.headers)
    expect(body.items).toEqual([])
  })

  it("answers 404 for another community's case fetched by id, as for one linked to no community", async () => {
    for (const id of [ids.otherCase, ids.unlinkedCase]) {
      const res = await get(`/api/cases/${id}`, as.community_rep.headers)
      expect(res.statusCode).toBe(404)
      expect(problemOf(res).code).toBe('case.not_found')
    }
  })

  it('gets their own case as a summary: no privileged notes, parties, parcels or incidents', async () => {
    const body = await getJson(`/api/cases/${ids.ownCase}`, as.community_rep.headers)
    expect(body).toMatchObject({ id: ids.ownCase, communities: [{ id: ids.own, name: 'Own Case Community' }], stageHistory: [] })
    for (const field of ['privilegedNotes', 'people', 'parcels', 'incidents']) expect(body).not.toHaveProperty(field)
    expect(JSON.stringify(body)).not.toContain(SECRET_PERSON)
  })

  it('sees no case at all when they represent no community', async () => {
    const body = await getJson('/api/cases', repWithoutCommunities.headers)
    expect(body.items).toEqual([])
    expect((await get(`/api/cases/${ids.ownCase}`, repWithoutCommunities.headers)).statusCode).toBe(404)
  })

  it("may not change their own community's case (403), and the refusal is audited to them", async () => {
    const res = await t.app.inject({
      method: 'PATCH',
      url: `/api/cases/${ids.ownCase}`,
      headers: as.community_rep.headers,
      payload: { title: 'Changed by a representative' },
    })
    expect(res.statusCode).toBe(403)
    expect(problemOf(res).code).toBe('auth.forbidden')
    expect(await lastAudit()).toMatchObject({
      actorId: as.community_rep.userId,
      action: 'denied',
      entity: 'route',
      entityId: 'PATCH /api/cases/:id',
    })
    expect((await getJson(`/api/cases/${ids.ownCase}`, as.admin.headers)).title).toBe('Own community v. Access Co.')
  })

  it("may not open a case from their own community's incident (403)", async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/incidents/${ids.publicIncident}/case`,
      headers: as.community_rep.headers,
      payload: { kind: 'mediation' },
    })
    expect(res.statusCode).toBe(403)
  })
})

describe(`legal cases and people seen by an advocate, ${testDriver}`, () => {
  it('lists every case, none with privileged notes', async () => {
    const items = (await collectAllPages(t.app, '/api/cases?limit=100', as.advocate.headers)) as { id: string }[]
    expect(idsOf(items)).toEqual(expect.arrayContaining([ids.ownCase, ids.otherCase, ids.unlinkedCase]))
    for (const item of items) expect(item).not.toHaveProperty('privilegedNotes')
  })

  it('gets a case with its linked records but without privileged notes, confidential incidents or confidential people', async () => {
    const body = await getJson(`/api/cases/${ids.ownCase}`, as.advocate.headers)
    expect(body).not.toHaveProperty('privilegedNotes')
    expect(idsOf(body.parcels)).toEqual([ids.parcel])
    expect(idsOf(body.incidents)).toEqual([ids.publicIncident])
    expect(idsOf(body.people)).toEqual([ids.publicPerson])
    expect(JSON.stringify(body)).not.toContain(PRIVILEGED)
  })

  it("leaves confidential incidents out of a case's timeline", async () => {
    const body = await getJson(`/api/cases/${ids.ownCase}/timeline`, as.advocate.headers)
    const incidentIds = body.items.filter((item: { type: string }) => item.type === 'incident').map((item: { id: string }) => item.id)
    expect(incidentIds).toEqual([ids.publicIncident])
    expect(JSON.stringify(body)).not.toContain(SECRET_INCIDENT)
  })

  it("lists a case's events and reads one", async () => {
    const body = await getJson(`/api/cases/${ids.ownCase}/events`, as.advocate.headers)
    expect(idsOf(body.items)).toEqual([ids.ownEvent])
    expect((await getJson(`/api/case-events/${ids.otherEvent}`, as.advocate.headers)).caseId).toBe(ids.otherCase)
  })

  it('lists people without the confidential ones, even when asking for them', async () => {
    const items = (await collectAllPages(t.app, '/api/people?limit=100', as.advocate.headers)) as { id: string }[]
    expect(idsOf(items)).toContain(ids.publicPerson)
    expect(idsOf(items)).not.toContain(ids.secretPerson)
    expect((await getJson('/api/people?confidential=true', as.advocate.headers)).items).toEqual([])
  })

  it('answers 404 for a confidential person fetched by id', async () => {
    const res = await get(`/api/people/${ids.secretPerson}`, as.advocate.headers)
    expect(res.statusCode).toBe(404)
    expect(problemOf(res).code).toBe('person.not_found')
  })

  it('gets a person without their phone, e-mail or address, with the cases they are party to', async () => {
    const body = await getJson(`/api/people/${ids.publicPerson}`, as.advocate.headers)
    for (const field of ['phone', 'email', 'address']) expect(body).not.toHaveProperty(field)
    expect(JSON.stringify(body)).not.toContain(CONTACTS.phone)
    expect(idsOf(body.cases).sort()).toEqual([ids.ownCase, ids.otherCase].sort())
  })

  it("sees every case's hearings and deadlines in the calendar and its iCalendar feed", async () => {
    const body = await getJson(`/api/calendar?${WINDOW}`, as.advocate.headers)
    expect(idsOf(body.items)).toEqual([ids.ownEvent, ids.otherEvent])
    const ics = await get(`/api/calendar.ics?${WINDOW}`, as.advocate.headers)
    expect(ics.statusCode).toBe(200)
    expect(ics.body).toContain(`UID:${ids.ownEvent}@`)
    expect(ics.body).toContain(`UID:${ids.otherEvent}@`)
  })

  it('may not add an event to a case, change a person or link a record (403)', async () => {
    const attempts = [
      {
        method: 'POST' as const,
        url: `/api/cases/${ids.ownCase}/events`,
        payload: { kind: 'hearing', title: 'Advocate hearing', startsAt: '2030-02-20T02:00:00Z' },
      },
      { method: 'PATCH' as const, url: `/api/people/${ids.publicPerson}`, payload: { fullName: 'Renamed by an advocate' } },
      { method: 'POST' as const, url: `/api/cases/${ids.ownCase}/people`, payload: { personId: ids.publicPerson, role: 'client' } },
    ]
    for (const attempt of attempts) {
      const res = await t.app.inject({ ...attempt, headers: as.advocate.headers })
      expect(res.statusCode, attempt.url).toBe(403)
    }
    expect((await getJson(`/api/people/${ids.publicPerson}`, as.legal.headers)).fullName).toBe('Open Witness')
  })
})

describe(`legal cases and people seen by legal staff and admins, ${testDriver}`, () => {
  for (const role of ['legal', 'admin'] as const) {
    it(`gives the ${role} role the privileged notes and every linked record, confidential ones included`, async () => {
      const body = await getJson(`/api/cases/${ids.ownCase}`, as[role].headers)
      expect(body.privilegedNotes).toBe(PRIVILEGED)
      expect(idsOf(body.incidents).sort()).toEqual([ids.publicIncident, ids.secretIncident].sort())
      expect(idsOf(body.people).sort()).toEqual([ids.publicPerson, ids.secretPerson].sort())
    })

    it(`gives the ${role} role people's contacts and confidential people`, async () => {
      expect(await getJson(`/api/people/${ids.publicPerson}`, as[role].headers)).toMatchObject(CONTACTS)
      expect((await getJson(`/api/people/${ids.secretPerson}`, as[role].headers)).fullName).toBe(SECRET_PERSON)
    })
  }

  it('shows legal staff confidential incidents in the timeline', async () => {
    const body = await getJson(`/api/cases/${ids.ownCase}/timeline`, as.legal.headers)
    expect(body.items.map((item: { id: string }) => item.id)).toEqual(expect.arrayContaining([ids.publicIncident, ids.secretIncident]))
  })

  it('keeps privileged notes out of case lists, even for admins', async () => {
    const items = await collectAllPages(t.app, '/api/cases?limit=100', as.admin.headers)
    for (const item of items) expect(item).not.toHaveProperty('privilegedNotes')
  })
})

describe(`writes are attributed to who made them, ${testDriver}`, () => {
  it('records the legal staff member who opened a case, and answers with its privileged notes', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/cases',
      headers: as.legal.headers,
      payload: { title: 'Opened by legal staff', kind: 'mediation', privilegedNotes: PRIVILEGED },
    })
    expect(res.statusCode).toBe(201)
    expect(res.json().privilegedNotes).toBe(PRIVILEGED)
    expect(await lastAudit()).toMatchObject({ actorId: as.legal.userId, action: 'create', entity: 'legal_cases', entityId: res.json().id })
  })

  it('records the legal staff member who added an event to a case', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/cases/${ids.otherCase}/events`,
      headers: as.legal.headers,
      payload: { kind: 'meeting', title: 'Client meeting', startsAt: '2030-02-15T02:00:00Z' },
    })
    expect(res.statusCode).toBe(201)
    expect(await lastAudit()).toMatchObject({ actorId: as.legal.userId, action: 'create', entity: 'case_events', entityId: res.json().id })
  })

  it('records the admin who changed a person, and answers with their contacts', async () => {
    const person = await makePerson(t.db, { fullName: 'Person to correct', phone: '011 111 111' })
    const res = await t.app.inject({
      method: 'PATCH',
      url: `/api/people/${person.id}`,
      headers: as.admin.headers,
      payload: { gender: 'female', version: 1 },
    })
    expect(res.statusCode).toBe(200)
    expect(res.json().phone).toBe('011 111 111')
    expect(await lastAudit()).toMatchObject({ actorId: as.admin.userId, action: 'update', entity: 'people', entityId: person.id })
  })

  it('records the legal staff member who linked a person to a case', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/cases/${ids.unlinkedCase}/people`,
      headers: as.legal.headers,
      payload: { personId: ids.publicPerson, role: 'witness' },
    })
    expect(res.statusCode).toBe(201)
    expect(await lastAudit()).toMatchObject({
      actorId: as.legal.userId,
      action: 'create',
      entity: 'case_people',
      entityId: ids.unlinkedCase,
    })
  })

  it('records the admin who deleted a case', async () => {
    const doomed = await makeCase(t.db, { title: 'Case opened by mistake' })
    const res = await t.app.inject({ method: 'DELETE', url: `/api/cases/${doomed.id}`, headers: as.admin.headers })
    expect(res.statusCode).toBe(204)
    expect(await lastAudit()).toMatchObject({ actorId: as.admin.userId, action: 'delete', entity: 'legal_cases', entityId: doomed.id })
  })

  it('records every change of a case opened from an incident as made by the legal staff member', async () => {
    const incident = await makeIncident(t.db, { title: 'Eviction notice served', communityId: ids.own })
    const before = await lastAuditId()
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/incidents/${incident.id}/case`,
      headers: as.legal.headers,
      payload: { kind: 'mediation' },
    })
    expect(res.statusCode).toBe(201)
    const entries = await auditSince(before)
    expect(entries.map((entry) => entry.entity)).toEqual(
      expect.arrayContaining(['legal_cases', 'case_communities', 'case_incidents', 'incidents']),
    )
    expect(new Set(entries.map((entry) => entry.actorId))).toEqual(new Set([as.legal.userId]))
  })
})
