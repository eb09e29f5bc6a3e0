import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { caseTeam, users } from '../../db/schema/index.ts'
import { linkToCase, makeCase, makePerson } from '../helpers/case-factories.ts'
import { makeCommunity } from '../helpers/factories.ts'
import { problemOf } from '../helpers/http.ts'
import { createTestApp, type SignedIn, type TestApp } from '../helpers/test-app.ts'
import { testDriver } from '../helpers/test-db.ts'

let t: TestApp
let legal: SignedIn
let otherLegal: SignedIn
let inactiveLegal: SignedIn
let rep: SignedIn
let advocate: SignedIn
let repCommunityId: string
beforeAll(async () => {
  t = await createTestApp()
  repCommunityId = (await makeCommunity(t.db)).id
  legal = await t.signIn('legal')
  otherLegal = await t.signIn('legal')
  inactiveLegal = await t.signIn('legal')
  rep = await t.signIn('community_rep', { communityIds: [repCommunityId] })
  advocate = await t.signIn('advocate')
  await t.db.update(users).set({ isActive: false }).where(eq(users.id, inactiveLegal.userId))
})
afterAll(() => t?.close())

const displayNameOf = async (userId: string) =>
  (await t.db.select({ displayName: users.displayName }).from(users).where(eq(users.id, userId)))[0]!.displayName

const setLead = (caseId: string, userId: string, headers = legal.headers) =>
  t.app.inject({ method: 'PUT', url: `/api/cases/${caseId}/team/lead`, payload: { userId }, headers })
const addMember = (caseId: string, userId: string, headers = legal.headers) =>
  t.app.inject({ method: 'POST', url: `/api/cases/${caseId}/team`, payload: { userId }, headers })
const teamRows = (caseId: string) => t.db.select().from(caseTeam).where(eq(caseTeam.caseId, caseId))

describe(`case teams on ${testDriver}`, () => {
  describe('the staff a case can be assigned to', () => {
    it('lists active legal staff and admins by name, without representatives, advocates or inactive accounts', async () => {
      const res = await t.app.inject({ url: '/api/cases/staff', headers: legal.headers })
      expect(res.statusCode).toBe(200)
      const ids = res.json().items.map((item: { id: string }) => item.id)
      expect(ids).toEqual(expect.arrayContaining([legal.userId, otherLegal.userId]))
      expect(ids).not.toContain(inactiveLegal.userId)
      expect(ids).not.toContain(rep.userId)
      expect(ids).not.toContain(advocate.userId)
      expect(Object.keys(res.json().items[0]).sort()).toEqual(['displayName', 'id'])
    })
  })

  describe('lead and members', () => {
    it('makes an account the lead: the case shows its team and, in lists, the lead', async () => {
      const legalCase = await makeCase(t.db, { title: 'Team case one' })
      const res = await setLead(legalCase.id, legal.userId)
      expect(res.statusCode).toBe(200)
      const name = await displayNameOf(legal.userId)
      expect(res.json().team).toEqual([{ userId: legal.userId, displayName: name, role: 'lead' }])
      expect(res.json().lead).toEqual({ userId: legal.userId, displayName: name })
      const list = (await t.app.inject({ url: `/api/cases?q=${encodeURIComponent('Team case one')}` })).json().items
      expect(list[0].lead).toEqual({ userId: legal.userId, displayName: name })
    })

    it('a new lead moves the previous lead to member, and the audit trail shows the reassignment', async () => {
      const legalCase = await makeCase(t.db)
      await setLead(legalCase.id, legal.userId)
      const res = await setLead(legalCase.id, otherLegal.userId)
      expect(res.statusCode).toBe(200)
      expect(res.json().team.map((m: { userId: string; role: string }) => [m.userId, m.role])).toEqual([
        [otherLegal.userId, 'lead'],
        [legal.userId, 'member'],
      ])
      const audit = (await t.app.inject({ url: '/api/audit?entity=case_team&limit=100' })).json().items as {
        action: string
        actorId: string | null
        changes: { key: { case_id: string; user_id: string }; before?: { role: string }; after?: { role: string } }
      }[]
      const ofCase = audit.filter((entry) => entry.changes.key.case_id === legalCase.id)
      // Newest first: the new lead's row, the old lead's demotion, the first lead.
      expect(ofCase.map((entry) => [entry.action, entry.changes.key.user_id, entry.changes.after?.role])).toEqual([
        ['create', otherLegal.userId, 'lead'],
        ['update', legal.userId, 'member'],
        ['create', legal.userId, 'lead'],
      ])
      expect(ofCase[1]!.changes.before?.role).toBe('lead')
      expect(ofCase.every((entry) => entry.actorId === legal.userId)).toBe(true)
    })

    it('makes a member the lead without a second row for them', async () => {
      const legalCase = await makeCase(t.db)
      await setLead(legalCase.id, legal.userId)
      await addMember(legalCase.id, otherLegal.userId)
      const res = await setLead(legalCase.id, otherLegal.userId)
      expect(res.json().team.map((m: { userId: string; role: string }) => [m.userId, m.role])).toEqual([
        [otherLegal.userId, 'lead'],
        [legal.userId, 'member'],
      ])
      expect(await teamRows(legalCase.id)).toHaveLength(2)
    })

    it('adds a member (201), again changes nothing (200), and removes them (204)', async () => {
      const legalCase = await makeCase(t.db)
      expect((await addMember(legalCase.id, otherLegal.userId)).statusCode).toBe(201)
      const again = await addMember(legalCase.id, otherLegal.userId)
      expect(again.statusCode).toBe(200)
      expect(again.json().team).toEqual([
        { userId: otherLegal.userId, displayName: await displayNameOf(otherLegal.userId), role: 'member' },
      ])
      expect(again.json().lead).toBeNull()
      const removed = await t.app.inject({
        method: 'DELETE',
        url: `/api/cases/${legalCase.id}/team/${otherLegal.userId}`,
        headers: legal.headers,
      })
      expect(removed.statusCode).toBe(204)
      expect(await teamRows(legalCase.id)).toHaveLength(0)
      const twice = await t.app.inject({
        method: 'DELETE',
        url: `/api/cases/${legalCase.id}/team/${otherLegal.userId}`,
        headers: legal.headers,
      })
      expect(twice.statusCode).toBe(404)
      expect(problemOf(twice).code).toBe('case_team.not_member')
    })

    it.each([
      ['a community representative', () => rep.userId, 'role'],
      ['an advocate', () => advocate.userId, 'role'],
      ['a deactivated account', () => inactiveLegal.userId, 'inactive'],
      ['an unknown account', () => '00000000-0000-4000-8000-000000000000', 'not_found'],
    ])('refuses %s as lead or member with a problem naming body.userId, and changes nothing', async (_label, userIdOf, reason) => {
      const legalCase = await makeCase(t.db)
      await setLead(legalCase.id, legal.userId)
      for (const res of [await setLead(legalCase.id, userIdOf()), await addMember(legalCase.id, userIdOf())]) {
        expect(res.statusCode).toBe(422)
        const problem = problemOf(res)
        expect(problem.code).toBe('case_team.not_case_staff')
        expect(problem.errors?.[0]?.field).toBe('body.userId')
        expect(res.json().reason).toBe(reason)
      }
      expect((await teamRows(legalCase.id)).map((row) => [row.userId, row.role])).toEqual([[legal.userId, 'lead']])
    })

    it('answers 404 for a case that does not exist or was deleted', async () => {
      const legalCase = await makeCase(t.db, { deletedAt: new Date() })
      expect((await setLead(legalCase.id, legal.userId)).statusCode).toBe(404)
      expect((await addMember(legalCase.id, legal.userId)).statusCode).toBe(404)
    })

    it('no longer accepts a free-text lead lawyer, and keeps an old one read-only as formerLeadLawyerName', async () => {
      const created = await t.app.inject({
        method: 'POST',
        url: '/api/cases',
        payload: { title: 'Free text lead', kind: 'court_civil', leadLawyer: 'Somebody' },
      })
      expect(created.statusCode).toBe(400)
      expect(problemOf(created).errors?.map((issue) => issue.field)).toContain('body.leadLawyer')
      const legacy = await makeCase(t.db, { leadLawyer: 'Sok Pisey (unmatched)' })
      const detail = (await t.app.inject({ url: `/api/cases/${legacy.id}` })).json()
      expect(detail.formerLeadLawyerName).toBe('Sok Pisey (unmatched)')
      expect(detail).not.toHaveProperty('leadLawyer')
      const patch = await t.app.inject({ method: 'PATCH', url: `/api/cases/${legacy.id}`, payload: { leadLawyer: 'Other' } })
      expect(patch.statusCode).toBe(400)
    })
  })

  it('links external counsel as a person with the role external_counsel', async () => {
    const legalCase = await makeCase(t.db)
    const counsel = await makePerson(t.db, { fullName: 'Outside Counsel (test)' })
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/cases/${legalCase.id}/people`,
      payload: { personId: counsel.id, role: 'external_counsel' },
    })
    expect(res.statusCode).toBe(201)
    expect(res.json().people).toEqual([expect.objectContaining({ id: counsel.id, role: 'external_counsel' })])
  })

  describe('what each role sees', () => {
    it('a representative sees the lead of their community case, not the team or the former free-text name', async () => {
      const legalCase = await makeCase(t.db, { leadLawyer: 'Old name' })
      await linkToCase(t.db, legalCase.id, { communityIds: [repCommunityId] })
      await setLead(legalCase.id, legal.userId)
      await addMember(legalCase.id, otherLegal.userId)
      const detail = (await t.app.inject({ url: `/api/cases/${legalCase.id}`, headers: rep.headers })).json()
      expect(detail.lead).toEqual({ userId: legal.userId, displayName: await displayNameOf(legal.userId) })
      expect(detail).not.toHaveProperty('team')
      expect(detail).not.toHaveProperty('formerLeadLawyerName')
      const list = (await t.app.inject({ url: '/api/cases', headers: rep.headers })).json().items
      expect(list.find((c: { id: string }) => c.id === legalCase.id).lead.userId).toBe(legal.userId)
    })

    it('an advocate sees the team but may not change it', async () => {
      const legalCase = await makeCase(t.db)
      await setLead(legalCase.id, legal.userId)
      const detail = (await t.app.inject({ url: `/api/cases/${legalCase.id}`, headers: advocate.headers })).json()
      expect(detail.team).toHaveLength(1)
      expect((await setLead(legalCase.id, otherLegal.userId, advocate.headers)).statusCode).toBe(403)
      expect((await addMember(legalCase.id, otherLegal.userId, rep.headers)).statusCode).toBe(403)
    })
  })

  describe('"mine"', () => {
    it('lists the cases where I am lead or member, and lawyerId those of another account', async () => {
      const me = await t.signIn('legal')
      const led = await makeCase(t.db)
      const memberOf = await makeCase(t.db)
      const notMine = await makeCase(t.db)
      await setLead(led.id, me.userId)
      await addMember(memberOf.id, me.userId)
      await setLead(notMine.id, legal.userId)
      const mine = (await t.app.inject({ url: '/api/cases?mine=true&limit=100', headers: me.headers })).json().items
      expect(mine.map((c: { id: string }) => c.id).sort()).toEqual([led.id, memberOf.id].sort())
      const theirs = (await t.app.inject({ url: `/api/cases?lawyerId=${me.userId}&limit=100`, headers: legal.headers })).json().items
      expect(theirs.map((c: { id: string }) => c.id).sort()).toEqual([led.id, memberOf.id].sort())
      const all = (await t.app.inject({ url: '/api/cases?mine=false&limit=100', headers: me.headers })).json().items
      expect(all.map((c: { id: string }) => c.id)).toContain(notMine.id)
    })

    it('an account on no team gets an empty "mine" list', async () => {
      expect((await t.app.inject({ url: '/api/cases?mine=true', headers: advocate.headers })).json().items).toEqual([])
    })
  })
})
