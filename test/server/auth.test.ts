import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { queryRows } from '../../db/open.ts'
import { createTestApp, TEST_PASSWORD, type TestApp } from '../helpers/test-app.ts'
import { problemOf } from '../helpers/http.ts'
import { testDriver } from '../helpers/test-db.ts'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})
afterAll(() => t?.close())

const anonymous = { cookie: '' }
const login = (login: string, password: string, headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { login, password }, headers: { ...anonymous, ...headers } })
const sessionOf = (res: { cookies: { name: string; value: string }[] }) =>
  `dey_session=${res.cookies.find((c) => c.name === 'dey_session')!.value}`

describe(`sign-in and sessions on ${testDriver}`, () => {
  it('refuses anonymous API calls with 401, but serves health publicly', async () => {
    const res = await t.app.inject({ url: '/api/communities', headers: anonymous })
    expect(res.statusCode).toBe(401)
    expect(problemOf(res).code).toBe('auth.required')
    expect((await t.app.inject({ url: '/api/health', headers: anonymous })).statusCode).toBe(200)
  })

  it('signs in by e-mail or username (any case) and sets a hardened session cookie', async () => {
    const user = await t.signIn('legal', { email: 'Case.Sensitive@test.dey' })
    expect(user.userId).toBeTruthy()
    const res = await login('CASE.sensitive@TEST.dey', TEST_PASSWORD)
    expect(res.statusCode).toBe(200)
    expect(res.json()).toMatchObject({ role: 'legal', mustChangePassword: false })
    const cookie = res.cookies.find((c) => c.name === 'dey_session')!
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' })
    expect(cookie.value.length).toBeGreaterThanOrEqual(40)
    const me = await t.app.inject({ url: '/api/auth/me', headers: { cookie: sessionOf(res) } })
    expect(me.json().role).toBe('legal')
    expect(me.json().permissions).toEqual(expect.arrayContaining(['cases.write', 'incidents.triage']))
    expect(me.json().permissions).not.toContain('users.manage')
    // The database keeps only a hash of the token.
    const stored = await queryRows<{ id: string }>(t.db, sql`SELECT id FROM sessions`)
    expect(stored.map((s) => s.id)).not.toContain(cookie.value)
  })

  it('answers the same 401 for an unknown login and a wrong password', async () => {
    await t.signIn('advocate', { email: 'known@test.dey' })
    const unknown = await login('nobody@test.dey', TEST_PASSWORD)
    const wrong = await login('known@test.dey', 'not the password')
    expect(unknown.statusCode).toBe(401)
    expect(wrong.statusCode).toBe(401)
    expect(problemOf(unknown).detail).toBe(problemOf(wrong).detail)
  })

  it('locks an account after five failed attempts, even for the right password', async () => {
    await t.signIn('legal', { email: 'target@test.dey' })
    for (let i = 0; i < 5; i++) expect((await login('target@test.dey', `guess ${i}`)).statusCode).toBe(401)
    const locked = await login('target@test.dey', TEST_PASSWORD)
    expect(locked.statusCode).toBe(429)
    expect(problemOf(locked).code).toBe('auth.locked')
    const events = await queryRows<{ action: string }>(
      t.db,
      sql`SELECT action FROM audit_log WHERE action LIKE 'login%' ORDER BY id DESC LIMIT 2`,
    )
    expect(events.map((e) => e.action)).toEqual(['login_locked', 'login_failed'])
  })

  it('locks an account when wrong guesses arrive in parallel (the failure count is atomic)', async () => {
    await t.signIn('legal', { email: 'parallel@test.dey' })
    const guesses = await Promise.all(Array.from({ length: 9 }, (_, i) => login('parallel@test.dey', `parallel guess ${i}`)))
    // Each guess is counted (401) unless it was read after the lock had already come (429 auth.locked):
    // on a busy machine the last ones may arrive that late. None may be lost: the count is every 401.
    const counted = guesses.filter((res) => res.statusCode === 401).length
    for (const res of guesses.filter((guess) => guess.statusCode !== 401)) {
      expect(res.statusCode).toBe(429)
      expect(problemOf(res).code).toBe('auth.locked')
    }
    expect(counted).toBeGreaterThanOrEqual(5)
    const [row] = await queryRows<{ failedLogins: number; isLocked: boolean }>(
      t.db,
      sql`SELECT failed_logins AS "failedLogins", locked_until > now() AS "isLocked" FROM users WHERE email = 'parallel@test.dey'`,
    )
    expect(row).toEqual({ failedLogins: counted, isLocked: true })
    const right = await login('parallel@test.dey', TEST_PASSWORD)
    expect(right.statusCode).toBe(429)
    expect(problemOf(right).code).toBe('auth.locked')
  })

  it('ends the session on logout', async () => {
    await t.signIn('advocate', { email: 'leaving@test.dey' })
    const headers = { cookie: sessionOf(await login('leaving@test.dey', TEST_PASSWORD)) }
    expect((await t.app.inject({ url: '/api/auth/me', headers })).statusCode).toBe(200)
    expect((await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers })).statusCode).toBe(204)
    expect((await t.app.inject({ url: '/api/auth/me', headers })).statusCode).toBe(401)
  })

  it('changing the password ends the other sessions and retires the old password', async () => {
    await t.signIn('legal', { email: 'changer@test.dey' })
    const here = { cookie: sessionOf(await login('changer@test.dey', TEST_PASSWORD)) }
    const elsewhere = { cookie: sessionOf(await login('changer@test.dey', TEST_PASSWORD)) }
    const weak = await t.app.inject({
      method: 'POST',
      url: '/api/auth/password',
      headers: here,
      payload: { currentPassword: TEST_PASSWORD, newPassword: 'short' },
    })
    expect(weak.statusCode).toBe(400)
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/password',
      headers: here,
      payload: { currentPassword: TEST_PASSWORD, newPassword: 'a much longer new secret' },
    })
    expect(res.statusCode).toBe(204)
    expect((await t.app.inject({ url: '/api/auth/me', headers: here })).statusCode).toBe(200)
    expect((await t.app.inject({ url: '/api/auth/me', headers: elsewhere })).statusCode).toBe(401)
    expect((await login('changer@test.dey', TEST_PASSWORD)).statusCode).toBe(401)
    expect((await login('changer@test.dey', 'a much longer new secret')).statusCode).toBe(200)
  })

  it('expires a session that has been idle too long', async () => {
    const user = await t.signIn('advocate', { email: 'idle@test.dey' })
    await t.db.execute(sql`UPDATE sessions SET last_seen_at = now() - interval '3 hours' WHERE user_id = ${user.userId}`)
    const headers = user.headers
    expect((await t.app.inject({ url: '/api/auth/me', headers })).statusCode).toBe(401)
  })

  it('refuses a write that comes from another site (CSRF), but not from the same site', async () => {
    const community = { name: 'X', kind: 'land_community', province: 'Kampot', location: { type: 'Point', coordinates: [104.2, 10.6] } }
    const crossSite = await t.app.inject({
      method: 'POST',
      url: '/api/communities',
      payload: community,
      headers: { origin: 'https://evil.example' },
    })
    expect(crossSite.statusCode).toBe(403)
    expect(problemOf(crossSite).code).toBe('auth.cross_site')
    const fetchSite = await t.app.inject({
      method: 'POST',
      url: '/api/communities',
      payload: community,
      headers: { 'sec-fetch-site': 'cross-site' },
    })
    expect(fetchSite.statusCode).toBe(403)
    const sameSite = await t.app.inject({
      method: 'POST',
      url: '/api/communities',
      payload: community,
      headers: { origin: 'http://localhost:3000', host: 'localhost:3000' },
    })
    expect(sameSite.statusCode).toBe(201)
  })

  it('makes a user with a temporary password change it before anything else', async () => {
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/users',
      payload: { email: 'new@test.dey', displayName: 'New', role: 'advocate' },
    })
    expect(created.statusCode).toBe(201)
    const temporary = created.json().temporaryPassword as string
    const headers = { cookie: sessionOf(await login('new@test.dey', temporary)) }
    const blocked = await t.app.inject({ url: '/api/communities', headers })
    expect(blocked.statusCode).toBe(403)
    expect(problemOf(blocked).code).toBe('auth.password_change_required')
    await t.app.inject({
      method: 'POST',
      url: '/api/auth/password',
      headers,
      payload: { currentPassword: temporary, newPassword: 'my own new password' },
    })
    expect((await t.app.inject({ url: '/api/communities', headers })).statusCode).toBe(200)
  })

  it('signs out a deactivated user at once', async () => {
    const user = await t.signIn('legal', { email: 'deactivated@test.dey' })
    expect((await t.app.inject({ url: '/api/auth/me', headers: user.headers })).statusCode).toBe(200)
    const current = (await t.app.inject({ url: `/api/users/${user.userId}` })).json()
    expect(
      (await t.app.inject({ method: 'PATCH', url: `/api/users/${user.userId}`, payload: { isActive: false, version: current.version } }))
        .statusCode,
    ).toBe(200)
    expect((await t.app.inject({ url: '/api/auth/me', headers: user.headers })).statusCode).toBe(401)
    expect((await login('deactivated@test.dey', TEST_PASSWORD)).statusCode).toBe(401)
  })

  it('sends strict security headers, with a Content-Security-Policy', async () => {
    const res = await t.app.inject({ url: '/api/health' })
    expect(res.headers['content-security-policy']).toContain("default-src 'self'")
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'")
    expect(res.headers['content-security-policy']).not.toContain('upgrade-insecure-requests')
    expect(res.headers['x-content-type-options']).toBe('nosniff')
  })
})

// Behind a reverse proxy (10.0.0.5), with 5 sign-ins a minute per address. inject() sets the
// address each request comes from: the proxy itself, or a client reaching the app directly.
describe('sign-in behind a proxy, and its rate limit', () => {
  let proxied: TestApp
  beforeAll(async () => {
    proxied = await createTestApp({ trustProxy: ['10.0.0.5'], security: { loginRateLimit: 5 } })
  })
  afterAll(() => proxied?.close())

  const attempt = (from: string, headers: Record<string, string> = {}, login = 'x@test.dey', password = 'y') =>
    proxied.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { login, password },
      remoteAddress: from,
      headers: { cookie: '', ...headers },
    })
  const failedFrom = async (prefix: string) =>
    (
      await queryRows<{ ip: string }>(
        proxied.db,
        sql`SELECT DISTINCT ip FROM audit_log WHERE action = 'login_failed' AND ip LIKE ${`${prefix}%`}`,
      )
    ).map((row) => row.ip)

  it('marks the cookie Secure when the request came over TLS through the trusted proxy', async () => {
    await proxied.signIn('advocate', { email: 'tls@test.dey' })
    const overTls = await attempt(
      '10.0.0.5',
      { 'x-forwarded-for': '198.51.100.20', 'x-forwarded-proto': 'https' },
      'tls@test.dey',
      TEST_PASSWORD,
    )
    expect(overTls.cookies.find((c) => c.name === 'dey_session')?.secure).toBe(true)
    const plain = await attempt('10.0.0.5', { 'x-forwarded-for': '198.51.100.21' }, 'tls@test.dey', TEST_PASSWORD)
    expect(plain.cookies.find((c) => c.name === 'dey_session')?.secure).toBeFalsy()
    // A client that says "https" itself, not through the proxy, is not believed.
    const forged = await attempt('192.0.2.9', { 'x-forwarded-proto': 'https' }, 'tls@test.dey', TEST_PASSWORD)
    expect(forged.cookies.find((c) => c.name === 'dey_session')?.secure).toBeFalsy()
  })

  it('slows down a burst of sign-in attempts from one address with 429', async () => {
    const statuses: number[] = []
    for (let i = 0; i < 7; i++) statuses.push((await attempt('192.0.2.1')).statusCode)
    expect(statuses.slice(0, 2)).toEqual([401, 401])
    expect(statuses.at(-1)).toBe(429)
  })

  it('says so as a problem with its own code and when to try again', async () => {
    for (let i = 0; i < 5; i++) await attempt('192.0.2.2')
    const res = await attempt('192.0.2.2')
    expect(res.statusCode).toBe(429)
    expect(problemOf(res).code).toBe('auth.too_many_attempts')
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0)
  })

  it('a client cannot choose its own address by forging X-Forwarded-For', async () => {
    // This client reaches the app directly, not through the proxy: its header is not believed.
    const statuses: number[] = []
    for (let i = 0; i < 15; i++) statuses.push((await attempt('192.0.2.3', { 'x-forwarded-for': `203.0.113.${i}` })).statusCode)
    expect(statuses.filter((status) => status === 429).length).toBeGreaterThanOrEqual(10)
    expect(await failedFrom('203.0.113.')).toEqual([])
    expect(await failedFrom('192.0.2.3')).toEqual(['192.0.2.3'])
  })

  it('through the configured proxy, the address it reports is the client’s', async () => {
    await attempt('10.0.0.5', { 'x-forwarded-for': '198.51.100.7' })
    expect(await failedFrom('198.51.100.7')).toEqual(['198.51.100.7'])
    expect(await failedFrom('10.0.0.5')).toEqual([])
  })

  it('with a hop count, only the address the nearest proxy saw counts, not what the client wrote before it', async () => {
    const oneHop = await createTestApp({ trustProxy: 1 })
    try {
      await oneHop.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { login: 'x@test.dey', password: 'y' },
        // The client forged the first entry; the proxy appended the address it really saw.
        headers: { cookie: '', 'x-forwarded-for': '192.0.2.66, 198.51.100.8' },
      })
      const addresses = await queryRows<{ ip: string }>(oneHop.db, sql`SELECT DISTINCT ip FROM audit_log WHERE action = 'login_failed'`)
      expect(addresses.map((row) => row.ip)).toEqual(['198.51.100.8'])
    } finally {
      await oneHop.close()
    }
  })
})
