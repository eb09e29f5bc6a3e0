// "Signed-in devices" on My account: my live sessions, ending one, and signing out everywhere else.
import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { queryRows } from '../../db/open.ts'
import { problemOf } from '../helpers/http.ts'
import { createTestApp, TEST_PASSWORD, type TestApp } from '../helpers/test-app.ts'
import { testDriver } from '../helpers/test-db.ts'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})
afterAll(() => t?.close())

/** Another sign-in of the same account, from another "device". */
async function signInAgain(email: string, userAgent: string) {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { login: email, password: TEST_PASSWORD },
    headers: { cookie: '', 'user-agent': userAgent },
  })
  expect(res.statusCode, res.body).toBe(200)
  return { cookie: `dey_session=${res.cookies.find((c) => c.name === 'dey_session')!.value}` }
}

describe(`signed-in devices on ${testDriver}`, () => {
  it("lists my live sessions only, marks this one, and shows no one else's", async () => {
    const me = await t.signIn('advocate', { email: 'devices@test.dey' })
    const phone = await signInAgain('devices@test.dey', 'Mozilla/5.0 (Linux; Android 14) Phone')
    await t.signIn('advocate', { email: 'someone-else@test.dey' })
    const res = await t.app.inject({ url: '/api/auth/sessions', headers: phone })
    expect(res.statusCode).toBe(200)
    const items = res.json().items as {
      id: string
      isCurrent: boolean
      userAgent: string | null
      ip: string
      createdAt: string
      lastSeenAt: string
    }[]
    expect(items).toHaveLength(2)
    expect(items.filter((item) => item.isCurrent)).toHaveLength(1)
    expect(items.find((item) => item.isCurrent)!.userAgent).toContain('Phone')
    for (const item of items) {
      expect(item.id).toMatch(/^[0-9a-f]{64}$/)
      expect(item.ip).toBe('127.0.0.1')
      expect(Date.parse(item.createdAt)).not.toBeNaN()
      expect(Date.parse(item.lastSeenAt)).not.toBeNaN()
    }
    const owners = await queryRows<{ user_id: string }>(
      t.db,
      sql`SELECT DISTINCT user_id FROM sessions WHERE id IN (${sql.join(
        items.map((item) => sql`${item.id}`),
        sql`, `,
      )})`,
    )
    expect(owners.map((row) => row.user_id)).toEqual([me.userId])
  })

  it('ends one of my sessions, which then signs in nowhere; a session of someone else is not found', async () => {
    const laptop = await t.signIn('legal', { email: 'end-one@test.dey' })
    const phone = await signInAgain('end-one@test.dey', 'Phone')
    const items = (await t.app.inject({ url: '/api/auth/sessions', headers: laptop.headers })).json().items as {
      id: string
      isCurrent: boolean
    }[]
    const phoneId = items.find((item) => !item.isCurrent)!.id

    const other = await t.signIn('legal', { email: 'not-yours@test.dey' })
    const stranger = await t.app.inject({ method: 'DELETE', url: `/api/auth/sessions/${phoneId}`, headers: other.headers })
    expect(stranger.statusCode).toBe(404)
    expect(problemOf(stranger).code).toBe('auth.session_not_found')
    expect((await t.app.inject({ url: '/api/auth/me', headers: phone })).statusCode).toBe(200)

    const res = await t.app.inject({ method: 'DELETE', url: `/api/auth/sessions/${phoneId}`, headers: laptop.headers })
    expect(res.statusCode).toBe(204)
    expect((await t.app.inject({ url: '/api/auth/me', headers: phone })).statusCode).toBe(401)
    expect((await t.app.inject({ url: '/api/auth/me', headers: laptop.headers })).statusCode).toBe(200)
    const after = (await t.app.inject({ url: '/api/auth/sessions', headers: laptop.headers })).json().items as unknown[]
    expect(after).toHaveLength(1)
    const again = await t.app.inject({ method: 'DELETE', url: `/api/auth/sessions/${phoneId}`, headers: laptop.headers })
    expect(again.statusCode).toBe(404)
    const malformed = await t.app.inject({ method: 'DELETE', url: '/api/auth/sessions/not-an-id', headers: laptop.headers })
    expect(malformed.statusCode).toBe(400)
    expect(problemOf(malformed).errors?.[0]?.field).toBe('params.id')
  })

  it('ending this session signs out here and clears the cookie', async () => {
    const me = await t.signIn('advocate', { email: 'end-this@test.dey' })
    const [item] = (await t.app.inject({ url: '/api/auth/sessions', headers: me.headers })).json().items as { id: string }[]
    const res = await t.app.inject({ method: 'DELETE', url: `/api/auth/sessions/${item!.id}`, headers: me.headers })
    expect(res.statusCode).toBe(204)
    expect(res.cookies.find((c) => c.name === 'dey_session')?.value).toBe('')
    expect((await t.app.inject({ url: '/api/auth/me', headers: me.headers })).statusCode).toBe(401)
  })

  it('signs out everywhere else, keeping this session, and records it', async () => {
    const here = await t.signIn('legal', { email: 'everywhere@test.dey' })
    const elsewhere = [await signInAgain('everywhere@test.dey', 'Phone'), await signInAgain('everywhere@test.dey', 'Tablet')]
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/sessions/end-others', headers: here.headers })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toEqual({ ended: 2 })
    for (const headers of elsewhere) expect((await t.app.inject({ url: '/api/auth/me', headers })).statusCode).toBe(401)
    expect((await t.app.inject({ url: '/api/auth/me', headers: here.headers })).statusCode).toBe(200)
    const entries = await queryRows<{ action: string; changes: { ended: number } }>(
      t.db,
      sql`SELECT action, changes FROM audit_log WHERE entity_id = ${here.userId} AND action = 'sessions_ended_elsewhere'`,
    )
    expect(entries.map((entry) => entry.changes.ended)).toEqual([2])
    expect((await t.app.inject({ method: 'POST', url: '/api/auth/sessions/end-others', headers: here.headers })).json()).toEqual({
      ended: 0,
    })
  })
})
