import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { people } from '../../db/schema/index.ts'
import { loadDemoData } from '../../db/seed/index.ts'
import { INCIDENT_TRANSITIONS } from '../../shared/incidents.ts'
import { INCIDENT_STATUSES, type IncidentStatus } from '../../shared/vocabularies.ts'
import { createTestApp, type TestApp } from '../helpers/test-app.ts'
import { collectAllPages, problemOf } from '../helpers/http.ts'
import { makeIncident, makePerson } from '../helpers/incident-factories.ts'
import { testDriver } from '../helpers/test-db.ts'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
  await loadDemoData(t.db, new Date('2026-11-28T00:00:00Z'))
})
afterAll(() => t?.close())

const report = (overrides: Record<string, unknown> = {}) => ({
  title: 'Soldiers told families to leave within a week',
  kind: 'eviction_threat',
  occurredAt: '2026-11-20T09:00:00+07:00',
  province: 'Preah Vihear',
  location: { type: 'Point', coordinates: [104.97, 13.8] },
  ...overrides,
})

async function reportIncident(overrides: Record<string, unknown> = {}) {
  const res = await t.app.inject({ method: 'POST', url: '/api/incidents', payload: report(overrides) })
  if (res.statusCode !== 201) throw new Error(`create answered ${res.statusCode}: ${res.body}`)
  return res.json() as { id: string; version: number; status: string; verifiedAt: string | null }
}

function move(id: string, payload: Record<string, unknown>, headers: Record<string, string> = {}) {
  return t.app.inject({ method: 'POST', url: `/api/incidents/${id}/status`, payload, headers })
}

/** Walks an incident from reported along `path`, checking every step is accepted. */
async function walk(path: IncidentStatus[]) {
  let incident = await reportIncident()
  for (const status of path) {
    const res = await move(incident.id, {
      status,
      version: incident.version,
      ...(status === 'dismissed' ? { reason: 'Duplicate report' } : {}),
    })
    if (res.statusCode !== 200) throw new Error(`→ ${status} answered ${res.statusCode}: ${res.body}`)
    incident = res.json()
  }
  return incident
}

describe(`incident triage on ${testDriver}`, () => {
  it('serves the triage queue: only reported incidents, oldest first, across pages', async () => {
    const queue = await collectAllPages(t.app, '/api/incidents?status=reported&sort=occurredAt&limit=500')
    const paged = await collectAllPages(t.app, '/api/incidents?status=reported&sort=occurredAt&limit=3')
    expect(queue.length).toBeGreaterThan(3)
    expect(queue.every((i) => i.status === 'reported')).toBe(true)
    expect(paged.map((i) => i.id)).toEqual(queue.map((i) => i.id))
    const times = queue.map((i) => Date.parse(i.occurredAt as string))
    expect(times).toEqual([...times].sort((a, b) => a - b))
  })

  it('puts a new report in the queue and takes it out once verified', async () => {
    const incident = await reportIncident()
    const inQueue = async () =>
      (await collectAllPages(t.app, '/api/incidents?status=reported&sort=occurredAt&limit=500')).some((i) => i.id === incident.id)
    expect(await inQueue()).toBe(true)
    expect((await move(incident.id, { status: 'verified', version: 1 })).statusCode).toBe(200)
    expect(await inQueue()).toBe(false)
  })

  it('verifies a reported incident, stamping verifiedAt and bumping the version', async () => {
    const incident = await reportIncident()
    const before = Date.now()
    const res = await move(incident.id, { status: 'verified', version: 1 })
    expect(res.statusCode).toBe(200)
    const body = res.json()
    expect(body).toMatchObject({ status: 'verified', version: 2, dismissalReason: null })
    expect(Date.parse(body.verifiedAt)).toBeGreaterThan(before - 60_000)
    expect((await t.app.inject({ url: `/api/incidents/${incident.id}` })).json()).toEqual(body)
  })

  it('follows the whole path reported → verified → ongoing → resolved, and reopens to ongoing', async () => {
    const resolved = await walk(['verified', 'ongoing', 'resolved'])
    expect(resolved).toMatchObject({ status: 'resolved', version: 4, verifiedAt: expect.any(String) })
    const reopened = await move(resolved.id, { status: 'ongoing', version: 4 })
    expect(reopened.json()).toMatchObject({ status: 'ongoing', version: 5, verifiedAt: resolved.verifiedAt })
  })

  it('refuses a forbidden move with 409, listing the allowed ones, and changes nothing', async () => {
    const incident = await reportIncident()
    const res = await move(incident.id, { status: 'resolved', version: 1 })
    expect(res.statusCode).toBe(409)
    const problem = problemOf(res)
    expect(problem).toMatchObject({ code: 'incidents.transition_not_allowed', from: 'reported', allowed: ['verified', 'dismissed'] })
    expect(problem.detail).toMatch(/verified, dismissed/)
    expect((await t.app.inject({ url: `/api/incidents/${incident.id}` })).json()).toMatchObject({ status: 'reported', version: 1 })
  })

  it('refuses a move to the status the incident already has', async () => {
    const incident = await reportIncident()
    const res = await move(incident.id, { status: 'reported', version: 1 })
    expect(res.statusCode).toBe(409)
    expect(problemOf(res).code).toBe('incidents.transition_not_allowed')
  })

  it('allows exactly the moves in the transition table, from every status', async () => {
    for (const from of INCIDENT_STATUSES) {
      for (const to of INCIDENT_STATUSES) {
        const { id } = await makeIncident(t.db, {
          status: from,
          dismissalReason: from === 'dismissed' ? 'Could not be confirmed' : null,
        })
        const res = await move(id, { status: to, version: 1, ...(to === 'dismissed' ? { reason: 'Not a land dispute' } : {}) })
        const isAllowed = INCIDENT_TRANSITIONS[from].includes(to)
        expect({ from, to, statusCode: res.statusCode }).toEqual({ from, to, statusCode: isAllowed ? 200 : 409 })
      }
    }
  })

  it('lets every open status be dismissed, and only reopens the final ones', () => {
    for (const open of ['reported', 'verified', 'ongoing'] as const) expect(INCIDENT_TRANSITIONS[open]).toContain('dismissed')
    expect(INCIDENT_TRANSITIONS.resolved).toEqual(['ongoing'])
    expect(INCIDENT_TRANSITIONS.dismissed).toEqual(['reported'])
    expect(INCIDENT_TRANSITIONS.reported).not.toContain('resolved')
  })

  it('requires a reason to dismiss (400 naming body.reason)', async () => {
    const incident = await reportIncident()
    for (const payload of [
      { status: 'dismissed', version: 1 },
      { status: 'dismissed', reason: '   ', version: 1 },
    ]) {
      const res = await move(incident.id, payload)
      expect(res.statusCode).toBe(400)
      expect(problemOf(res).errors?.map((e) => e.field)).toEqual(['body.reason'])
    }
  })

  it('refuses a reason on a move other than dismissal (400 naming body.reason)', async () => {
    const incident = await reportIncident()
    const res = await move(incident.id, { status: 'verified', reason: 'Checked by phone', version: 1 })
    expect(res.statusCode).toBe(400)
    expect(problemOf(res).errors?.map((e) => e.field)).toEqual(['body.reason'])
  })

  it('stores the dismissal reason, and clears it and verifiedAt when reopened to reported', async () => {
    const verified = await walk(['verified'])
    const dismissed = await move(verified.id, { status: 'dismissed', reason: '  The same event as an earlier report  ', version: 2 })
    expect(dismissed.json()).toMatchObject({
      status: 'dismissed',
      dismissalReason: 'The same event as an earlier report',
      verifiedAt: expect.any(String),
    })
    const reopened = await move(verified.id, { status: 'reported', version: 3 })
    expect(reopened.json()).toMatchObject({ status: 'reported', dismissalReason: null, verifiedAt: null, version: 4 })
  })

  it('rejects an unknown status with 400 naming body.status', async () => {
    const incident = await reportIncident()
    const res = await move(incident.id, { status: 'closed', version: 1 })
    expect(res.statusCode).toBe(400)
    expect(problemOf(res).errors?.map((e) => e.field)).toEqual(['body.status'])
  })

  it('refuses a stale move with 409 and the current row, even when the move itself is allowed', async () => {
    const incident = await reportIncident()
    await t.app.inject({ method: 'PATCH', url: `/api/incidents/${incident.id}`, payload: { severity: 'critical', version: 1 } })
    const res = await move(incident.id, { status: 'verified', version: 1 })
    expect(res.statusCode).toBe(409)
    expect(res.json()).toMatchObject({
      code: 'incident.version_conflict',
      current: { severity: 'critical', status: 'reported', version: 2 },
    })
  })

  it('takes the version from If-Match, and requires one (428)', async () => {
    const incident = await reportIncident()
    expect((await move(incident.id, { status: 'verified' })).statusCode).toBe(428)
    const res = await move(incident.id, { status: 'verified' }, { 'if-match': '"1"' })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toMatchObject({ status: 'verified', version: 2 })
  })

  it('answers 404 for an unknown or deleted incident', async () => {
    expect((await move('00000000-0000-4000-8000-000000000000', { status: 'verified', version: 1 })).statusCode).toBe(404)
    const incident = await reportIncident()
    await t.app.inject({ method: 'DELETE', url: `/api/incidents/${incident.id}` })
    const res = await move(incident.id, { status: 'verified', version: 2 })
    expect(res.statusCode).toBe(404)
    expect(problemOf(res).code).toBe('incident.not_found')
  })
})

describe(`people involved in an incident on ${testDriver}`, () => {
  const link = (incidentId: string, payload: Record<string, unknown>) =>
    t.app.inject({ method: 'POST', url: `/api/incidents/${incidentId}/people`, payload })
  const listPeople = async (incidentId: string) =>
    (await t.app.inject({ url: `/api/incidents/${incidentId}/people` })).json().items as { personId: string; role: string }[]

  it('links a person in a role and lists them with their names', async () => {
    const incident = await reportIncident()
    const person = await makePerson(t.db, { fullName: 'Sok Dara', fullNameKm: 'សុខ ដារា', phone: '012 345 678' })
    const res = await link(incident.id, { personId: person.id, role: 'witness' })
    expect(res.statusCode).toBe(201)
    expect(res.json()).toEqual({
      personId: person.id,
      fullName: 'Sok Dara',
      fullNameKm: 'សុខ ដារា',
      role: 'witness',
      linkedAt: expect.any(String),
    })
    const listed = await t.app.inject({ url: `/api/incidents/${incident.id}/people` })
    expect(listed.statusCode).toBe(200)
    expect(listed.json()).toEqual({ items: [res.json()] })
    // Contacts are sensitive and not part of a link.
    expect(listed.body).not.toContain('012 345 678')
  })

  it('keeps one link when the same person and role are linked twice (200 the second time)', async () => {
    const incident = await reportIncident()
    const person = await makePerson(t.db)
    expect((await link(incident.id, { personId: person.id, role: 'client' })).statusCode).toBe(201)
    expect((await link(incident.id, { personId: person.id, role: 'client' })).statusCode).toBe(200)
    expect(await listPeople(incident.id)).toHaveLength(1)
  })

  it('links the same person in two roles as two entries', async () => {
    const incident = await reportIncident()
    const person = await makePerson(t.db)
    await link(incident.id, { personId: person.id, role: 'client' })
    await link(incident.id, { personId: person.id, role: 'witness' })
    expect((await listPeople(incident.id)).map((p) => p.role).sort()).toEqual(['client', 'witness'])
  })

  it('refuses an unknown or deleted person with 422 naming body.personId', async () => {
    const incident = await reportIncident()
    const unknown = await link(incident.id, { personId: '00000000-0000-4000-8000-000000000000', role: 'witness' })
    expect(unknown.statusCode).toBe(422)
    expect(problemOf(unknown)).toMatchObject({ code: 'person.not_found', errors: [{ field: 'body.personId' }] })
    const gone = await makePerson(t.db, { deletedAt: new Date() })
    const deleted = await link(incident.id, { personId: gone.id, role: 'witness' })
    expect(deleted.statusCode).toBe(422)
    expect(problemOf(deleted)).toMatchObject({ code: 'person.deleted', errors: [{ field: 'body.personId' }] })
    expect(await listPeople(incident.id)).toEqual([])
  })

  it('rejects an unknown role with 400 naming body.role', async () => {
    const incident = await reportIncident()
    const person = await makePerson(t.db)
    const res = await link(incident.id, { personId: person.id, role: 'bystander' })
    expect(res.statusCode).toBe(400)
    expect(problemOf(res).errors?.map((e) => e.field)).toEqual(['body.role'])
  })

  it('unlinks a person from one role, leaving their other roles', async () => {
    const incident = await reportIncident()
    const person = await makePerson(t.db)
    await link(incident.id, { personId: person.id, role: 'client' })
    await link(incident.id, { personId: person.id, role: 'witness' })
    const res = await t.app.inject({ method: 'DELETE', url: `/api/incidents/${incident.id}/people/${person.id}?role=witness` })
    expect(res.statusCode).toBe(204)
    expect((await listPeople(incident.id)).map((p) => p.role)).toEqual(['client'])
  })

  it('unlinks a person from every role when no role is given', async () => {
    const incident = await reportIncident()
    const [person, other] = [await makePerson(t.db), await makePerson(t.db, { fullName: 'Other person' })]
    await link(incident.id, { personId: person.id, role: 'client' })
    await link(incident.id, { personId: person.id, role: 'witness' })
    await link(incident.id, { personId: other.id, role: 'witness' })
    expect((await t.app.inject({ method: 'DELETE', url: `/api/incidents/${incident.id}/people/${person.id}` })).statusCode).toBe(204)
    expect((await listPeople(incident.id)).map((p) => p.personId)).toEqual([other.id])
  })

  it('answers 404 when unlinking a person who is not linked in that role', async () => {
    const incident = await reportIncident()
    const person = await makePerson(t.db)
    await link(incident.id, { personId: person.id, role: 'client' })
    const res = await t.app.inject({ method: 'DELETE', url: `/api/incidents/${incident.id}/people/${person.id}?role=witness` })
    expect(res.statusCode).toBe(404)
    expect(problemOf(res).code).toBe('incidents.person_not_linked')
    expect(await listPeople(incident.id)).toHaveLength(1)
  })

  it('answers 404 on the people of an unknown or deleted incident', async () => {
    const unknown = '00000000-0000-4000-8000-000000000000'
    const person = await makePerson(t.db)
    expect((await t.app.inject({ url: `/api/incidents/${unknown}/people` })).statusCode).toBe(404)
    expect((await link(unknown, { personId: person.id, role: 'client' })).statusCode).toBe(404)
    expect((await t.app.inject({ method: 'DELETE', url: `/api/incidents/${unknown}/people/${person.id}` })).statusCode).toBe(404)
    const incident = await reportIncident()
    await t.app.inject({ method: 'DELETE', url: `/api/incidents/${incident.id}` })
    expect((await t.app.inject({ url: `/api/incidents/${incident.id}/people` })).statusCode).toBe(404)
  })

  it('hides people who have been deleted from the list', async () => {
    const incident = await reportIncident()
    const [kept, removed] = [await makePerson(t.db, { fullName: 'Kept' }), await makePerson(t.db, { fullName: 'Removed' })]
    await link(incident.id, { personId: kept.id, role: 'client' })
    await link(incident.id, { personId: removed.id, role: 'client' })
    await t.db.update(people).set({ deletedAt: new Date() }).where(eq(people.id, removed.id))
    expect((await listPeople(incident.id)).map((p) => p.personId)).toEqual([kept.id])
  })
})
