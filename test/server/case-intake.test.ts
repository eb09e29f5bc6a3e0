import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { incidents } from '../../db/schema/index.ts'
import { addIncidentPerson, makeCase, makeIncident, makePerson } from '../helpers/case-factories.ts'
import { makeCommunity } from '../helpers/factories.ts'
import { problemOf } from '../helpers/http.ts'
import { createTestApp, type TestApp } from '../helpers/test-app.ts'
import { testDriver } from '../helpers/test-db.ts'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})
afterAll(() => t?.close())

const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000'

/** A reported incident in a community, with a victim (plaintiff) and a witness. */
async function reportedIncident(overrides: Parameters<typeof makeIncident>[1] = {}) {
  const community = await makeCommunity(t.db, { name: 'Prey Lvea Community' })
  const incident = await makeIncident(t.db, {
    title: 'Rice fields fenced off by a company',
    titleKm: 'ស្រែត្រូវបានហ៊ុំរបងដោយក្រុមហ៊ុន',
    province: 'Kampong Chhnang',
    communityId: community.id,
    ...overrides,
  })
  const victim = await makePerson(t.db, { fullName: 'Chan Sokha', communityId: community.id })
  const witness = await makePerson(t.db, { fullName: 'Ouk Vanna', communityId: community.id })
  await addIncidentPerson(t.db, incident.id, victim.id, 'plaintiff')
  await addIncidentPerson(t.db, incident.id, witness.id, 'witness')
  return { community, incident, victim, witness }
}

async function incidentRow(id: string) {
  const [row] = await t.db
    .select({ status: incidents.status, verifiedAt: incidents.verifiedAt, version: incidents.version })
    .from(incidents)
    .where(eq(incidents.id, id))
  return row!
}

const intake = (incidentId: string, payload: Record<string, unknown>) =>
  t.app.inject({ method: 'POST', url: `/api/incidents/${incidentId}/case`, payload })

describe(`opening a case from an incident on ${testDriver}`, () => {
  it("names the new case's lead lawyer (an account), and refuses an advocate as lead without opening anything", async () => {
    const lawyer = await t.signIn('legal')
    const { incident } = await reportedIncident()
    const res = await intake(incident.id, { kind: 'court_civil', leadUserId: lawyer.userId })
    expect(res.statusCode).toBe(201)
    expect(res.json().lead).toEqual({ userId: lawyer.userId, displayName: expect.any(String) })
    const advocate = await t.signIn('advocate')
    const other = await reportedIncident()
    const refused = await intake(other.incident.id, { kind: 'court_civil', leadUserId: advocate.userId })
    expect(refused.statusCode).toBe(422)
    expect(problemOf(refused).errors?.[0]?.field).toBe('body.leadUserId')
    const [row] = await t.db.select({ status: incidents.status }).from(incidents).where(eq(incidents.id, other.incident.id))
    expect(row!.status).toBe('reported')
  })

  it('opens a case titled and placed like the incident, with its community, itself and its people', async () => {
    const { community, incident, victim, witness } = await reportedIncident()
    const res = await intake(incident.id, { kind: 'cadastral_commission', forum: 'Kampong Chhnang cadastral commission' })
    expect(res.statusCode).toBe(201)
    const detail = res.json()
    expect(detail).toMatchObject({
      reference: expect.stringMatching(/^CASE-\d{4}-\d{4}$/),
      title: 'Rice fields fenced off by a company',
      titleKm: 'ស្រែត្រូវបានហ៊ុំរបងដោយក្រុមហ៊ុន',
      province: 'Kampong Chhnang',
      kind: 'cadastral_commission',
      stage: 'intake',
      forum: 'Kampong Chhnang cadastral commission',
      lead: null,
      communities: [{ id: community.id, name: 'Prey Lvea Community' }],
      incidents: [expect.objectContaining({ id: incident.id })],
    })
    expect(detail.people).toEqual(
      expect.arrayContaining([
        { id: victim.id, fullName: 'Chan Sokha', fullNameKm: null, role: 'plaintiff' },
        { id: witness.id, fullName: 'Ouk Vanna', fullNameKm: null, role: 'witness' },
      ]),
    )
    expect(detail.people).toHaveLength(2)
    expect(detail.stageHistory).toHaveLength(1)
  })

  it('verifies a reported incident, taking it out of the triage queue', async () => {
    const { incident } = await reportedIncident()
    const res = await intake(incident.id, { kind: 'mediation' })
    expect(res.json().incidents[0].status).toBe('verified')
    const row = await incidentRow(incident.id)
    expect(row.status).toBe('verified')
    expect(row.verifiedAt).toBeInstanceOf(Date)
    expect(row.version).toBe(2)
  })

  it('leaves the status of an incident that is already past triage', async () => {
    const { incident } = await reportedIncident({ status: 'ongoing' })
    await intake(incident.id, { kind: 'mediation' })
    expect((await incidentRow(incident.id)).status).toBe('ongoing')
  })

  it('uses the title, stage and province sent instead of the incident’s', async () => {
    const { incident } = await reportedIncident()
    const res = await intake(incident.id, {
      kind: 'court_civil',
      title: 'Prey Lvea v. Demo Co.',
      stage: 'investigation',
      province: 'Pursat',
    })
    expect(res.json()).toMatchObject({ title: 'Prey Lvea v. Demo Co.', titleKm: null, stage: 'investigation', province: 'Pursat' })
  })

  it('adds the incident to an existing case (200), with its community and people', async () => {
    const existing = await makeCase(t.db, { title: 'Existing case' })
    const { community, incident, victim } = await reportedIncident()
    const res = await intake(incident.id, { caseId: existing.id })
    expect(res.statusCode).toBe(200)
    const detail = res.json()
    expect(detail).toMatchObject({ id: existing.id, reference: existing.reference, title: 'Existing case' })
    expect(detail.communities).toEqual([{ id: community.id, name: 'Prey Lvea Community' }])
    expect(detail.incidents.map((i: { id: string }) => i.id)).toEqual([incident.id])
    expect(detail.people.map((p: { id: string }) => p.id)).toContain(victim.id)
    expect((await incidentRow(incident.id)).status).toBe('verified')
  })

  it('changes nothing when the incident is taken into the same case twice', async () => {
    const existing = await makeCase(t.db)
    const { incident } = await reportedIncident()
    const first = (await intake(incident.id, { caseId: existing.id })).json()
    const again = await intake(incident.id, { caseId: existing.id })
    expect(again.statusCode).toBe(200)
    expect(again.json()).toEqual(first)
  })

  it('keeps the roles a person already has in the case', async () => {
    const existing = await makeCase(t.db)
    const { incident, victim } = await reportedIncident()
    await t.app.inject({ method: 'POST', url: `/api/cases/${existing.id}/people`, payload: { personId: victim.id, role: 'client' } })
    const detail = (await intake(incident.id, { caseId: existing.id })).json()
    const victimRoles = detail.people.filter((p: { id: string }) => p.id === victim.id).map((p: { role: string }) => p.role)
    expect(victimRoles).toEqual(['client', 'plaintiff'])
  })

  it('leaves out the incident’s deleted people and deleted community', async () => {
    const { incident, victim, community } = await reportedIncident()
    await t.app.inject({ method: 'DELETE', url: `/api/people/${victim.id}` })
    await t.app.inject({ method: 'DELETE', url: `/api/communities/${community.id}` })
    const detail = (await intake(incident.id, { kind: 'mediation' })).json()
    expect(detail.communities).toEqual([])
    expect(detail.people.map((p: { fullName: string }) => p.fullName)).toEqual(['Ouk Vanna'])
  })

  it('opens a case from an incident without community or people', async () => {
    const incident = await makeIncident(t.db, { title: 'Arrest of a community activist' })
    const res = await intake(incident.id, { kind: 'court_criminal_defense' })
    expect(res.statusCode).toBe(201)
    expect(res.json()).toMatchObject({ title: 'Arrest of a community activist', communities: [], people: [] })
  })

  it('answers 404 for an unknown or deleted incident', async () => {
    const unknown = await intake(UNKNOWN_ID, { kind: 'mediation' })
    expect(unknown.statusCode).toBe(404)
    expect(problemOf(unknown).code).toBe('incident.not_found')
    const deleted = await makeIncident(t.db, { deletedAt: new Date() })
    expect((await intake(deleted.id, { kind: 'mediation' })).statusCode).toBe(404)
  })

  it('refuses a deleted or unknown case with 422 naming the field, and changes nothing', async () => {
    const deletedCase = await makeCase(t.db, { deletedAt: new Date() })
    const { incident } = await reportedIncident()
    for (const caseId of [deletedCase.id, UNKNOWN_ID]) {
      const res = await intake(incident.id, { caseId })
      expect(res.statusCode).toBe(422)
      expect(problemOf(res).errors?.[0]?.field).toBe('body.caseId')
    }
    expect(problemOf(await intake(incident.id, { caseId: deletedCase.id })).code).toBe('case.deleted')
    expect((await incidentRow(incident.id)).status).toBe('reported')
  })

  it('asks for the kind of a new case with 400 naming the field', async () => {
    const { incident } = await reportedIncident()
    const res = await intake(incident.id, { title: 'No kind' })
    expect(res.statusCode).toBe(400)
    expect(problemOf(res).errors?.map((e) => e.field)).toEqual(['body.kind'])
  })

  it('refuses a case id together with the fields of a new case with 400', async () => {
    const existing = await makeCase(t.db)
    const { incident } = await reportedIncident()
    const res = await intake(incident.id, { caseId: existing.id, kind: 'mediation' })
    expect(res.statusCode).toBe(400)
    expect(problemOf(res).errors?.map((e) => e.field)).toEqual(['body.kind'])
  })
})
