import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'drizzle-orm'
import { queryRows } from '../../db/open.ts'
import { makeCommitteeMember, makeCommunity } from '../helpers/factories.ts'
import { problemOf } from '../helpers/http.ts'
import { createTestApp, type SignedIn, type TestApp } from '../helpers/test-app.ts'
import { testDriver } from '../helpers/test-db.ts'

type Member = { id: string; communityId: string; name: string; role: string; endedOn: string | null; version: number }

let t: TestApp
let communityId: string
let otherCommunityId: string
let rep: SignedIn

beforeAll(async () => {
  t = await createTestApp()
  communityId = (await makeCommunity(t.db, { name: 'Committee community' })).id
  otherCommunityId = (await makeCommunity(t.db, { name: 'Another community' })).id
  rep = await t.signIn('community_rep', { communityIds: [communityId] })
})
afterAll(() => t?.close())

const newMember = (overrides: Record<string, unknown> = {}) => ({
  communityId,
  name: 'Srey Mom',
  sex: 'female',
  role: 'chair',
  ...overrides,
})

async function createMember(overrides: Record<string, unknown> = {}, headers?: SignedIn['headers']) {
  const res = await t.app.inject({ method: 'POST', url: '/api/committee-members', payload: newMember(overrides), headers })
  expect(res.statusCode, res.body).toBe(201)
  return res.json() as Member
}

const listOf = async (community: string, query = '') => {
  const res = await t.app.inject({ url: `/api/committee-members?community=${community}${query}` })
  expect(res.statusCode, res.body).toBe(200)
  return (res.json() as { items: Member[] }).items
}

describe(`committee members API on ${testDriver}`, () => {
  it('adds a member and reads them back with their version as ETag', async () => {
    const created = await createMember({ startedOn: '2024-03-01', isYouth: true })
    expect(created).toMatchObject({
      communityId,
      name: 'Srey Mom',
      sex: 'female',
      role: 'chair',
      isYouth: true,
      startedOn: '2024-03-01',
      endedOn: null,
      version: 1,
    })
    const res = await t.app.inject({ url: `/api/committee-members/${created.id}` })
    expect(res.statusCode).toBe(200)
    expect(res.headers.etag).toBe('"1"')
    expect(res.json()).toEqual(created)
  })

  it("lists a community's current members, and former ones with includeFormer", async () => {
    const community = (await makeCommunity(t.db)).id
    await makeCommitteeMember(t.db, { communityId: community, name: 'Current' })
    await makeCommitteeMember(t.db, { communityId: community, name: 'Leaving next year', endedOn: '2999-01-01' })
    await makeCommitteeMember(t.db, { communityId: community, name: 'Former', endedOn: '2020-06-30' })
    await makeCommitteeMember(t.db, { communityId: otherCommunityId, name: 'Elsewhere' })
    expect((await listOf(community)).map((member) => member.name)).toEqual(['Current', 'Leaving next year'])
    expect((await listOf(community, '&includeFormer=true')).map((member) => member.name)).toEqual([
      'Current',
      'Former',
      'Leaving next year',
    ])
  })

  it('pages through a committee without repeating anyone', async () => {
    const community = (await makeCommunity(t.db)).id
    for (const name of ['A', 'B', 'C']) await makeCommitteeMember(t.db, { communityId: community, name })
    const first = await t.app.inject({ url: `/api/committee-members?community=${community}&limit=2` })
    const page = first.json() as { items: Member[]; nextCursor: string }
    const second = await t.app.inject({ url: `/api/committee-members?community=${community}&limit=2&cursor=${page.nextCursor}` })
    expect([...page.items, ...second.json().items].map((member: Member) => member.name)).toEqual(['A', 'B', 'C'])
    expect(second.json().nextCursor).toBeNull()
  })

  it('updates a member at the version it was based on, and refuses a stale one with 409', async () => {
    const member = await createMember()
    const res = await t.app.inject({
      method: 'PATCH',
      url: `/api/committee-members/${member.id}`,
      payload: { role: 'advisor', endedOn: '2025-12-31', version: member.version },
    })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toMatchObject({ role: 'advisor', endedOn: '2025-12-31', version: 2 })
    const stale = await t.app.inject({ method: 'PATCH', url: `/api/committee-members/${member.id}`, payload: { name: 'X', version: 1 } })
    expect(stale.statusCode).toBe(409)
    expect(problemOf(stale).code).toBe('committee_member.version_conflict')
  })

  it('keeps the fields an update leaves out: renaming a young member keeps them young', async () => {
    const member = await createMember({ isYouth: true })
    const res = await t.app.inject({
      method: 'PATCH',
      url: `/api/committee-members/${member.id}`,
      payload: { name: 'Renamed', version: member.version },
    })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toMatchObject({ name: 'Renamed', isYouth: true })
  })

  it('refuses an update without a version', async () => {
    const member = await createMember()
    const res = await t.app.inject({ method: 'PATCH', url: `/api/committee-members/${member.id}`, payload: { name: 'X' } })
    expect(res.statusCode).toBe(428)
  })

  it('refuses an end date before the stored start date, naming body.endedOn', async () => {
    const member = await createMember({ startedOn: '2024-03-01' })
    const res = await t.app.inject({
      method: 'PATCH',
      url: `/api/committee-members/${member.id}`,
      payload: { endedOn: '2023-01-01', version: 1 },
    })
    expect(res.statusCode).toBe(422)
    expect(problemOf(res).errors?.map((issue) => issue.field)).toEqual(['body.endedOn'])
  })

  it('deletes a member softly: gone from lookups and lists, still in the table', async () => {
    const community = (await makeCommunity(t.db)).id
    const member = await createMember({ communityId: community })
    const stale = await t.app.inject({ method: 'DELETE', url: `/api/committee-members/${member.id}`, headers: { 'if-match': '"7"' } })
    expect(stale.statusCode).toBe(409)
    const res = await t.app.inject({ method: 'DELETE', url: `/api/committee-members/${member.id}`, headers: { 'if-match': '"1"' } })
    expect(res.statusCode).toBe(204)
    expect((await t.app.inject({ url: `/api/committee-members/${member.id}` })).statusCode).toBe(404)
    expect(await listOf(community, '&includeFormer=true')).toEqual([])
    const rows = await queryRows<{ isDeleted: boolean }>(
      t.db,
      sql`SELECT deleted_at IS NOT NULL AS "isDeleted" FROM committee_members WHERE id = ${member.id}`,
    )
    expect(rows).toEqual([{ isDeleted: true }])
  })

  it('answers 400 naming the field for a list without a community and for a bad body', async () => {
    const list = await t.app.inject({ url: '/api/committee-members' })
    expect(list.statusCode).toBe(400)
    expect(problemOf(list).errors?.map((issue) => issue.field)).toContain('querystring.community')
    const body = await t.app.inject({ method: 'POST', url: '/api/committee-members', payload: newMember({ sex: 'other', name: '' }) })
    expect(body.statusCode).toBe(400)
    expect(problemOf(body).errors?.map((issue) => issue.field)).toEqual(expect.arrayContaining(['body.sex', 'body.name']))
    const dates = await t.app.inject({
      method: 'POST',
      url: '/api/committee-members',
      payload: newMember({ startedOn: '2024-01-01', endedOn: '2023-01-01' }),
    })
    expect(dates.statusCode).toBe(400)
    expect(problemOf(dates).errors?.map((issue) => issue.field)).toEqual(['body.endedOn'])
  })

  it('refuses a community that does not exist or was deleted with 422 naming body.communityId', async () => {
    const missing = await t.app.inject({
      method: 'POST',
      url: '/api/committee-members',
      payload: newMember({ communityId: crypto.randomUUID() }),
    })
    expect(missing.statusCode).toBe(422)
    expect(problemOf(missing).errors?.map((issue) => issue.field)).toEqual(['body.communityId'])
    const deleted = (await makeCommunity(t.db, { deletedAt: new Date() })).id
    const res = await t.app.inject({ method: 'POST', url: '/api/committee-members', payload: newMember({ communityId: deleted }) })
    expect(res.statusCode).toBe(422)
    expect(problemOf(res).code).toBe('community.deleted')
    expect((await t.app.inject({ url: `/api/committee-members?community=${deleted}` })).statusCode).toBe(404)
  })

  describe('community representatives', () => {
    it('keep the committee of their own communities', async () => {
      const member = await createMember({ name: 'Rep added' }, rep.headers)
      const patched = await t.app.inject({
        method: 'PATCH',
        url: `/api/committee-members/${member.id}`,
        headers: rep.headers,
        payload: { endedOn: '2025-01-31', version: 1 },
      })
      expect(patched.statusCode, patched.body).toBe(200)
      const list = await t.app.inject({ url: `/api/committee-members?community=${communityId}&includeFormer=true`, headers: rep.headers })
      expect(list.json().items.map((row: Member) => row.id)).toContain(member.id)
      const deleted = await t.app.inject({ method: 'DELETE', url: `/api/committee-members/${member.id}`, headers: rep.headers })
      expect(deleted.statusCode).toBe(204)
    })

    it("may not add members to another community's committee (403)", async () => {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/committee-members',
        headers: rep.headers,
        payload: newMember({ communityId: otherCommunityId }),
      })
      expect(res.statusCode).toBe(403)
      expect(problemOf(res).code).toBe('auth.forbidden')
    })

    it("do not see another community's committee: 404, as if it did not exist", async () => {
      const { id } = await makeCommitteeMember(t.db, { communityId: otherCommunityId, name: 'Not yours' })
      const list = await t.app.inject({ url: `/api/committee-members?community=${otherCommunityId}`, headers: rep.headers })
      expect(list.statusCode).toBe(404)
      const one = await t.app.inject({ url: `/api/committee-members/${id}`, headers: rep.headers })
      expect(one.statusCode).toBe(404)
      const patch = await t.app.inject({
        method: 'PATCH',
        url: `/api/committee-members/${id}`,
        headers: rep.headers,
        payload: { name: 'Renamed', version: 1 },
      })
      expect(patch.statusCode).toBe(404)
      const remove = await t.app.inject({ method: 'DELETE', url: `/api/committee-members/${id}`, headers: rep.headers })
      expect(remove.statusCode).toBe(404)
    })
  })

  it('never gives advocates names: every route answers 403', async () => {
    const advocate = await t.signIn('advocate')
    const member = await createMember()
    const requests = [
      { url: `/api/committee-members?community=${communityId}` },
      { url: `/api/committee-members/${member.id}` },
      { method: 'POST' as const, url: '/api/committee-members', payload: newMember() },
      { method: 'PATCH' as const, url: `/api/committee-members/${member.id}`, payload: { name: 'X', version: 1 } },
      { method: 'DELETE' as const, url: `/api/committee-members/${member.id}` },
    ]
    for (const request of requests) {
      const res = await t.app.inject({ ...request, headers: advocate.headers })
      expect(res.statusCode, request.url).toBe(403)
    }
  })
})
