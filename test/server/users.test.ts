import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { queryRows } from '../../db/open.ts'
import { loadDemoData } from '../../db/seed/index.ts'
import { createDemoUsers, DEMO_ACCOUNTS } from '../../server/lib/demo-users.ts'
import { createTestApp, type TestApp } from '../helpers/test-app.ts'
import { problemOf } from '../helpers/http.ts'
import { testDriver } from '../helpers/test-db.ts'

let t: TestApp
let communityId: string
beforeAll(async () => {
  t = await createTestApp()
  communityId = (
    await t.app.inject({
      method: 'POST',
      url: '/api/communities',
      payload: { name: 'Rep village', kind: 'land_community', province: 'Kampot', location: { type: 'Point', coordinates: [104.2, 10.6] } },
    })
  ).json().id
})
afterAll(() => t?.close())

const signInWith = (login: string, password: string) =>
  t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { login, password }, headers: { cookie: '' } })

describe(`user accounts on ${testDriver}`, () => {
  it('creates a community representative bound to communities, with a one-time temporary password', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/users',
      payload: { email: 'rep@village.test', displayName: 'Rep', role: 'community_rep', communityIds: [communityId] },
    })
    expect(res.statusCode).toBe(201)
    const { user, temporaryPassword } = res.json()
    expect(user).toMatchObject({ role: 'community_rep', communityIds: [communityId], mustChangePassword: true, isActive: true })
    expect(user).not.toHaveProperty('passwordHash')
    expect(temporaryPassword).toMatch(/^[\w-]{16}$/)
    expect((await signInWith('rep@village.test', temporaryPassword)).json()).toMatchObject({
      communityIds: [communityId],
      mustChangePassword: true,
    })
  })

  it('refuses a representative without communities, and a duplicate e-mail', async () => {
    const noCommunity = await t.app.inject({
      method: 'POST',
      url: '/api/users',
      payload: { email: 'lonely@village.test', displayName: 'Rep', role: 'community_rep' },
    })
    expect(noCommunity.statusCode).toBe(422)
    expect(problemOf(noCommunity).errors?.[0]?.field).toBe('body.communityIds')
    await t.app.inject({ method: 'POST', url: '/api/users', payload: { email: 'twice@village.test', displayName: 'A', role: 'advocate' } })
    const twice = await t.app.inject({
      method: 'POST',
      url: '/api/users',
      payload: { email: 'TWICE@village.test', displayName: 'B', role: 'advocate' },
    })
    expect(twice.statusCode).toBe(409)
  })

  it('resets a password: the old one stops working and the user is signed out', async () => {
    const user = await t.signIn('legal', { email: 'forgetful@test.dey' })
    const res = await t.app.inject({ method: 'POST', url: `/api/users/${user.userId}/reset-password` })
    expect(res.statusCode).toBe(200)
    expect(res.json().user.mustChangePassword).toBe(true)
    expect((await t.app.inject({ url: '/api/auth/me', headers: user.headers })).statusCode).toBe(401)
    expect((await signInWith('forgetful@test.dey', res.json().temporaryPassword)).statusCode).toBe(200)
  })

  it('signs a user out when their role changes, so new rights apply at once', async () => {
    const user = await t.signIn('legal', { email: 'demoted@test.dey' })
    const current = (await t.app.inject({ url: `/api/users/${user.userId}` })).json()
    const res = await t.app.inject({
      method: 'PATCH',
      url: `/api/users/${user.userId}`,
      payload: { role: 'advocate', version: current.version },
    })
    expect(res.json().role).toBe('advocate')
    expect((await t.app.inject({ url: '/api/auth/me', headers: user.headers })).statusCode).toBe(401)
  })

  it('creates one demo account per role, whose README passwords work', async () => {
    await loadDemoData(t.db, new Date('2026-11-28T00:00:00Z'))
    expect(await createDemoUsers(t.db)).toBe(4)
    for (const account of DEMO_ACCOUNTS) {
      const res = await signInWith(account.username, account.password)
      expect(res.statusCode, account.username).toBe(200)
      expect(res.json().role).toBe(account.role)
      if (account.role === 'community_rep') expect(res.json().communityIds).toHaveLength(2)
    }
    const listed = (await t.app.inject({ url: '/api/users?limit=500' })).json().items as { isDemo: boolean }[]
    // The four above and the demo cases' three other lawyers, who cannot sign in.
    expect(listed.filter((u) => u.isDemo)).toHaveLength(7)
    expect((await signInWith('demo-lawyer-1', '!no-sign-in')).statusCode).toBe(401)
  })

  it("starts the Demo Lawyer's day with an overdue task first, and makes no tasks twice", async () => {
    const signedIn = await signInWith('demo-legal', DEMO_ACCOUNTS.find((account) => account.role === 'legal')!.password)
    const cookie = signedIn.headers['set-cookie']!.toString().split(';')[0]!
    const work = (await t.app.inject({ url: '/api/work', headers: { cookie } })).json()
    expect(work.overdue.map((item: { title: string }) => item.title)).toContain(
      'Collect the signed thumbprint statements from the families',
    )
    expect(work.tasks.length + work.overdue.length).toBeGreaterThanOrEqual(3)
    expect(await createDemoUsers(t.db)).toBe(0)
    const again = (await t.app.inject({ url: '/api/work', headers: { cookie } })).json()
    expect(again.overdue).toHaveLength(work.overdue.length)
  })

  it("gives closed demo cases a lead from the other lawyers, and keeps them out of the Demo Lawyer's tasks and cases", async () => {
    const rows = await queryRows<{ stage: string; leads: number; demoLawyer: number; tasks: number }>(
      t.db,
      sql`SELECT c.stage::text,
        (SELECT count(*)::int FROM case_team ct WHERE ct.case_id = c.id AND ct.role = 'lead') AS leads,
        (SELECT count(*)::int FROM case_team ct JOIN users u ON u.id = ct.user_id
          WHERE ct.case_id = c.id AND u.email = 'legal@demo.dey') AS "demoLawyer",
        (SELECT count(*)::int FROM case_tasks k WHERE k.case_id = c.id) AS tasks
        FROM legal_cases c WHERE c.reference LIKE 'CASE-%' ORDER BY c.reference`,
    )
    const closed = rows.filter((row) => row.stage === 'closed')
    expect(closed).toHaveLength(4)
    expect(closed).toEqual(closed.map((row) => ({ ...row, leads: 1, demoLawyer: 0, tasks: 0 })))
    // The open cases as before: three led by the Demo Lawyer, two more with them as member, tasks on the first two.
    const open = rows.filter((row) => row.stage !== 'closed')
    expect(open.map((row) => row.demoLawyer)).toEqual([1, 1, 1, 0, 1, 1])
    expect(open.map((row) => row.tasks > 0)).toEqual([true, true, false, false, false, false])
  })
})

describe(`users' phone numbers (SMS reports from them are linked to the account) on ${testDriver}`, () => {
  const create = (email: string, phone: unknown) =>
    t.app.inject({ method: 'POST', url: '/api/users', payload: { email, displayName: email, role: 'advocate', phone } })

  it('stores a number typed the Cambodian way as E.164, and shows it to admins', async () => {
    const res = await create('phone-1@test.dey', '012 345 678')
    expect(res.statusCode, res.body).toBe(201)
    const { user } = res.json()
    expect(user.phone).toBe('+85512345678')
    expect((await t.app.inject({ url: `/api/users/${user.id}` })).json().phone).toBe('+85512345678')
    const listed = (await t.app.inject({ url: '/api/users?q=phone-1' })).json().items
    expect(listed[0].phone).toBe('+85512345678')
  })

  it('sets, changes and clears a number with a PATCH, and leaves it alone when not mentioned', async () => {
    const { user } = (await create('phone-2@test.dey', undefined)).json()
    expect(user.phone).toBeNull()
    const set = await t.app.inject({
      method: 'PATCH',
      url: `/api/users/${user.id}`,
      payload: { phone: '+855 97 765 4321', version: user.version },
    })
    expect(set.statusCode, set.body).toBe(200)
    expect(set.json().phone).toBe('+855977654321')
    const renamed = await t.app.inject({
      method: 'PATCH',
      url: `/api/users/${user.id}`,
      payload: { displayName: 'Renamed', version: set.json().version },
    })
    expect(renamed.json().phone).toBe('+855977654321')
    const cleared = await t.app.inject({
      method: 'PATCH',
      url: `/api/users/${user.id}`,
      payload: { phone: '', version: renamed.json().version },
    })
    expect(cleared.json().phone).toBeNull()
    const clearedAgain = await t.app.inject({
      method: 'PATCH',
      url: `/api/users/${user.id}`,
      payload: { phone: null, version: cleared.json().version },
    })
    expect(clearedAgain.statusCode).toBe(200)
    expect(clearedAgain.json().phone).toBeNull()
  })

  it('refuses a number another account has, however it is typed (409 naming body.phone), and changes nothing', async () => {
    await create('phone-3@test.dey', '+85516222333')
    const duplicate = await create('phone-4@test.dey', '016 222 333')
    expect(duplicate.statusCode).toBe(409)
    expect(problemOf(duplicate)).toMatchObject({ code: 'users.duplicate_phone', errors: [{ field: 'body.phone' }] })
    expect((await t.app.inject({ url: '/api/users?q=phone-4' })).json().items).toHaveLength(0)

    const { user } = (await create('phone-5@test.dey', '016 222 334')).json()
    const taken = await t.app.inject({
      method: 'PATCH',
      url: `/api/users/${user.id}`,
      payload: { phone: '+855 16 222 333', version: user.version },
    })
    expect(taken.statusCode).toBe(409)
    expect(problemOf(taken).errors?.[0]?.field).toBe('body.phone')
    expect((await t.app.inject({ url: `/api/users/${user.id}` })).json()).toMatchObject({ phone: '+85516222334', version: user.version })
    // Its own number again is no conflict.
    const same = await t.app.inject({
      method: 'PATCH',
      url: `/api/users/${user.id}`,
      payload: { phone: '016222334', version: user.version },
    })
    expect(same.statusCode).toBe(200)
  })

  it('refuses what is not a phone number, naming body.phone', async () => {
    for (const [phone, status] of [
      ['call me', 400],
      ['12', 400],
      ['+1', 400],
      ['000 000', 422],
      [42, 400],
    ] as const) {
      const res = await create(`phone-bad-${String(phone).replace(/\W/g, '')}@test.dey`, phone)
      expect(res.statusCode, `${phone}: ${res.body}`).toBe(status)
      expect(problemOf(res).errors?.[0]?.field, String(phone)).toBe('body.phone')
    }
  })
})
