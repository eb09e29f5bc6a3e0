// Two-step sign-in (TOTP, RFC 6238): enrolment with a code computed from the secret the server
// returns (as an authenticator app would), sign-in with and without the second step, replay,
// recovery codes, the roles that require it, an admin's reset, and an audit trail without secrets.
import { sql } from 'drizzle-orm'
import { URI, type TOTP } from 'otpauth'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { queryRows } from '../../db/open.ts'
import { users } from '../../db/schema/index.ts'
import { hashPassword, TEST_ONLY_PARAMS } from '../../server/lib/passwords.ts'
import { problemOf } from '../helpers/http.ts'
import { createTestApp, TEST_PASSWORD, type SignedIn, type TestApp } from '../helpers/test-app.ts'
import { testDriver } from '../helpers/test-db.ts'

const anonymous = { cookie: '' }
const STEP_MS = 30_000

/** The apps' clock: moved by hand, so which 30-second step a code belongs to never depends on timing. */
let clock = new Date('2026-12-07T02:00:05Z')
const now = () => clock
const nextStep = () => (clock = new Date(clock.getTime() + STEP_MS))

const sessionOf = (res: { cookies: { name: string; value: string }[] }) => {
  const cookie = res.cookies.find((c) => c.name === 'dey_session')
  return cookie ? { cookie: `dey_session=${cookie.value}` } : undefined
}

function loginWith(t: TestApp, login: string, extra: Record<string, string> = {}, password = TEST_PASSWORD) {
  return t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { login, password, ...extra }, headers: anonymous })
}

interface Enrolled {
  secret: string
  totp: TOTP
  recoveryCodes: string[]
  code(): string
}

/** Sets up and confirms a factor for the session's user, the way the account page does. */
async function enrol(t: TestApp, headers: { cookie: string }): Promise<Enrolled> {
  const setup = await t.app.inject({ method: 'POST', url: '/api/auth/second-factor/setup', headers })
  expect(setup.statusCode, setup.body).toBe(200)
  const { secret, uri } = setup.json() as { secret: string; uri: string }
  const totp = URI.parse(uri) as TOTP
  const code = () => totp.generate({ timestamp: clock.getTime() })
  const confirm = await t.app.inject({ method: 'POST', url: '/api/auth/second-factor/confirm', headers, payload: { code: code() } })
  expect(confirm.statusCode, confirm.body).toBe(200)
  // The confirming code's step is used: the next sign-in needs the next one.
  nextStep()
  return { secret, totp, recoveryCodes: confirm.json().recoveryCodes, code }
}

async function newUser(t: TestApp, role: 'legal' | 'advocate' | 'admin', email: string, isDemo = false) {
  const [user] = await t.db
    .insert(users)
    .values({ email, displayName: email, role, isDemo, passwordHash: await hashPassword(TEST_PASSWORD, TEST_ONLY_PARAMS) })
    .returning({ id: users.id })
  return user!.id
}

async function signedInAs(t: TestApp, email: string, extra: Record<string, string> = {}): Promise<SignedIn> {
  const res = await loginWith(t, email, extra)
  expect(res.statusCode, res.body).toBe(200)
  const [user] = await queryRows<{ id: string }>(t.db, sql`SELECT id FROM users WHERE email = ${email}`)
  return { userId: user!.id, headers: sessionOf(res)! }
}

describe(`two-step sign-in, optional for every role (the test default), on ${testDriver}`, () => {
  let t: TestApp
  beforeAll(async () => {
    t = await createTestApp({ now })
  })
  afterAll(() => t?.close())

  it('sets up with a QR code and a secret, and confirms with a code computed from that secret', async () => {
    const legal = await t.signIn('legal', { email: 'enrol@test.dey' })
    const before = await t.app.inject({ url: '/api/auth/second-factor', headers: legal.headers })
    expect(before.json()).toEqual({ isEnrolled: false, enrolledAt: null, recoveryCodesLeft: 0, isRequired: false })

    const setup = await t.app.inject({ method: 'POST', url: '/api/auth/second-factor/setup', headers: legal.headers })
    const { secret, uri, qrSvg } = setup.json() as { secret: string; uri: string; qrSvg: string }
    expect(secret).toMatch(/^[A-Z2-7]{32}$/)
    expect(uri).toMatch(/^otpauth:\/\/totp\/Dey:enrol%40test\.dey\?/)
    expect(uri).toContain(`secret=${secret}`)
    expect(qrSvg).toMatch(/^<svg[^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/)

    const wrong = await t.app.inject({
      method: 'POST',
      url: '/api/auth/second-factor/confirm',
      headers: legal.headers,
      payload: { code: '000000' },
    })
    expect(wrong.statusCode).toBe(422)
    expect(problemOf(wrong)).toMatchObject({ code: 'auth.invalid_second_factor', errors: [{ field: 'body.code' }] })

    const code = (URI.parse(uri) as TOTP).generate({ timestamp: clock.getTime() })
    const confirm = await t.app.inject({
      method: 'POST',
      url: '/api/auth/second-factor/confirm',
      headers: legal.headers,
      payload: { code },
    })
    expect(confirm.statusCode).toBe(200)
    const { recoveryCodes } = confirm.json() as { recoveryCodes: string[] }
    expect(recoveryCodes).toHaveLength(10)
    expect(new Set(recoveryCodes).size).toBe(10)
    for (const recoveryCode of recoveryCodes) expect(recoveryCode).toMatch(/^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$/)
    nextStep()

    const after = await t.app.inject({ url: '/api/auth/second-factor', headers: legal.headers })
    expect(after.json()).toMatchObject({ isEnrolled: true, recoveryCodesLeft: 10, isRequired: false })
    const again = await t.app.inject({ method: 'POST', url: '/api/auth/second-factor/setup', headers: legal.headers })
    expect(again.statusCode).toBe(409)
    expect(problemOf(again).code).toBe('auth.second_factor_already_enrolled')
    // Only hashes are stored.
    const stored = await queryRows<{ code_hash: string }>(
      t.db,
      sql`SELECT code_hash FROM user_recovery_codes WHERE user_id = ${legal.userId}`,
    )
    expect(stored.map((row) => row.code_hash)).not.toContain(recoveryCodes[0])
    expect(stored.every((row) => /^[0-9a-f]{64}$/.test(row.code_hash))).toBe(true)
  })

  it('refuses a legal account that has a factor without its code: 401 auth.second_factor_required and no session', async () => {
    const legal = await t.signIn('legal', { email: 'no-code@test.dey' })
    await enrol(t, legal.headers)
    const [{ count: sessionsBefore }] = (await queryRows<{ count: number }>(
      t.db,
      sql`SELECT count(*)::int AS count FROM sessions WHERE user_id = ${legal.userId}`,
    )) as [{ count: number }]
    const res = await loginWith(t, 'no-code@test.dey')
    expect(res.statusCode).toBe(401)
    expect(problemOf(res).code).toBe('auth.second_factor_required')
    expect(res.cookies).toEqual([])
    const [{ count: sessionsAfter }] = (await queryRows<{ count: number }>(
      t.db,
      sql`SELECT count(*)::int AS count FROM sessions WHERE user_id = ${legal.userId}`,
    )) as [{ count: number }]
    expect(sessionsAfter).toBe(sessionsBefore)
    // A wrong password with any code is still just a wrong password.
    const wrongPassword = await loginWith(t, 'no-code@test.dey', { code: '123456' }, 'not the password')
    expect(problemOf(wrongPassword).code).toBe('auth.invalid_login')
  })

  it('signs in with a fresh code, and never accepts the same code twice', async () => {
    await t.signIn('legal', { email: 'replay@test.dey' })
    const factor = await enrol(t, (await signedInAs(t, 'replay@test.dey')).headers)
    const code = factor.code()
    const first = await loginWith(t, 'replay@test.dey', { code })
    expect(first.statusCode, first.body).toBe(200)
    expect(sessionOf(first)).toBeDefined()
    const replay = await loginWith(t, 'replay@test.dey', { code })
    expect(replay.statusCode).toBe(401)
    expect(problemOf(replay)).toMatchObject({ code: 'auth.invalid_second_factor', errors: [{ field: 'body.code' }] })
    expect(replay.cookies).toEqual([])
    // The refused replay counted as a failed sign-in (the lockout also stops guessing codes).
    const [row] = await queryRows<{ failed_logins: number }>(t.db, sql`SELECT failed_logins FROM users WHERE email = 'replay@test.dey'`)
    expect(row!.failed_logins).toBe(1)
    nextStep()
    const next = await loginWith(t, 'replay@test.dey', { code: factor.code() })
    expect(next.statusCode).toBe(200)
  })

  it('accepts a recovery code once, in any case and with spaces, and counts what is left', async () => {
    const legal = await t.signIn('legal', { email: 'recovery@test.dey' })
    const factor = await enrol(t, legal.headers)
    const typed = ` ${factor.recoveryCodes[3]!.toUpperCase().replace(/-/g, ' ')} `
    const first = await loginWith(t, 'recovery@test.dey', { recoveryCode: typed })
    expect(first.statusCode, first.body).toBe(200)
    const again = await loginWith(t, 'recovery@test.dey', { recoveryCode: factor.recoveryCodes[3]! })
    expect(again.statusCode).toBe(401)
    expect(problemOf(again)).toMatchObject({ code: 'auth.invalid_second_factor', errors: [{ field: 'body.recoveryCode' }] })
    const status = await t.app.inject({ url: '/api/auth/second-factor', headers: sessionOf(first)! })
    expect(status.json().recoveryCodesLeft).toBe(9)
    const used = await queryRows<{ details: { recoveryCodesLeft: number } }>(
      t.db,
      sql`SELECT changes AS details FROM audit_log WHERE action = 'recovery_code_used' AND entity_id = ${legal.userId}`,
    )
    expect(used.map((row) => row.details.recoveryCodesLeft)).toEqual([9])
  })

  it('makes new recovery codes only with a current code; the old ones stop working', async () => {
    const legal = await t.signIn('legal', { email: 'regenerate@test.dey' })
    const factor = await enrol(t, legal.headers)
    const refused = await t.app.inject({
      method: 'POST',
      url: '/api/auth/second-factor/recovery-codes',
      headers: legal.headers,
      payload: {},
    })
    expect(refused.statusCode).toBe(400)
    const wrong = await t.app.inject({
      method: 'POST',
      url: '/api/auth/second-factor/recovery-codes',
      headers: legal.headers,
      payload: { code: factor.code() === '111111' ? '222222' : '111111' },
    })
    expect(problemOf(wrong)).toMatchObject({ code: 'auth.invalid_second_factor', status: 422 })
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/second-factor/recovery-codes',
      headers: legal.headers,
      payload: { code: factor.code() },
    })
    expect(res.statusCode).toBe(200)
    const fresh = res.json().recoveryCodes as string[]
    expect(fresh).toHaveLength(10)
    expect((await loginWith(t, 'regenerate@test.dey', { recoveryCode: factor.recoveryCodes[0]! })).statusCode).toBe(401)
    expect((await loginWith(t, 'regenerate@test.dey', { recoveryCode: fresh[0]! })).statusCode).toBe(200)
  })

  it('turns off with the password and a current code, for a role that does not require it', async () => {
    const advocate = await t.signIn('advocate', { email: 'turn-off@test.dey' })
    const factor = await enrol(t, advocate.headers)
    const wrongPassword = await t.app.inject({
      method: 'DELETE',
      url: '/api/auth/second-factor',
      headers: advocate.headers,
      payload: { password: 'not mine', code: factor.code() },
    })
    expect(wrongPassword.statusCode).toBe(422)
    expect(problemOf(wrongPassword).errors).toEqual([expect.objectContaining({ field: 'body.password' })])
    const off = await t.app.inject({
      method: 'DELETE',
      url: '/api/auth/second-factor',
      headers: advocate.headers,
      payload: { password: TEST_PASSWORD, code: factor.code() },
    })
    expect(off.statusCode, off.body).toBe(204)
    expect((await loginWith(t, 'turn-off@test.dey')).statusCode).toBe(200)
    const codes = await queryRows(t.db, sql`SELECT 1 FROM user_recovery_codes WHERE user_id = ${advocate.userId}`)
    expect(codes).toEqual([])
  })

  it("lets an admin reset a user's lost factor: recorded, their sessions end, the password alone signs in again", async () => {
    const legal = await t.signIn('legal', { email: 'lost-phone@test.dey' })
    await enrol(t, legal.headers)
    expect((await t.app.inject({ url: `/api/users/${legal.userId}` })).json().hasSecondFactor).toBe(true)
    const res = await t.app.inject({ method: 'DELETE', url: `/api/users/${legal.userId}/second-factor` })
    expect(res.statusCode, res.body).toBe(204)
    expect((await t.app.inject({ url: `/api/users/${legal.userId}` })).json().hasSecondFactor).toBe(false)
    expect((await t.app.inject({ url: '/api/auth/me', headers: legal.headers })).statusCode).toBe(401)
    const entries = await queryRows<{ action: string; actor_id: string; details: { removed: boolean; sessionsEnded: number } }>(
      t.db,
      sql`SELECT action, actor_id, changes AS details FROM audit_log WHERE action = 'second_factor_reset' AND entity_id = ${legal.userId}`,
    )
    expect(entries).toHaveLength(1)
    expect(entries[0]!.details.removed).toBe(true)
    expect(entries[0]!.details.sessionsEnded).toBeGreaterThanOrEqual(1)
    expect(entries[0]!.actor_id).not.toBe(legal.userId)
    expect((await loginWith(t, 'lost-phone@test.dey')).statusCode).toBe(200)

    const missing = await t.app.inject({ method: 'DELETE', url: '/api/users/00000000-0000-4000-8000-000000000000/second-factor' })
    expect(missing.statusCode).toBe(404)
    const byLegal = await t.app.inject({
      method: 'DELETE',
      url: `/api/users/${legal.userId}/second-factor`,
      headers: (await t.signIn('legal')).headers,
    })
    expect(byLegal.statusCode).toBe(403)
  })

  it('records enrolment, regeneration and resets in the audit trail, never the secret or a recovery code', async () => {
    const legal = await t.signIn('legal', { email: 'audited@test.dey' })
    const factor = await enrol(t, legal.headers)
    await t.app.inject({
      method: 'POST',
      url: '/api/auth/second-factor/recovery-codes',
      headers: legal.headers,
      payload: { code: factor.code() },
    })
    nextStep()
    await loginWith(t, 'audited@test.dey', { recoveryCode: factor.recoveryCodes[0]! })
    const hashes = await queryRows<{ code_hash: string }>(
      t.db,
      sql`SELECT code_hash FROM user_recovery_codes WHERE user_id = ${legal.userId}`,
    )
    const actions = await queryRows<{ action: string }>(
      t.db,
      sql`SELECT action FROM audit_log WHERE entity_id = ${legal.userId} ORDER BY id`,
    )
    expect(actions.map((row) => row.action)).toEqual(
      expect.arrayContaining(['second_factor_enrolled', 'second_factor_recovery_codes_regenerated']),
    )
    const trail = (await queryRows<{ row: string }>(t.db, sql`SELECT row_to_json(a)::text AS row FROM audit_log a`))
      .map((r) => r.row)
      .join('\n')
    const secrets = [
      factor.secret,
      ...factor.recoveryCodes,
      ...factor.recoveryCodes.map((c) => c.replace(/-/g, '')),
      ...hashes.map((h) => h.code_hash),
    ]
    for (const secret of secrets) expect(trail).not.toContain(secret)
    expect(trail).not.toMatch(/totp_secret|code_hash/)
  })
})

describe(`two-step sign-in required for admin and legal (the production default), on ${testDriver}`, () => {
  let t: TestApp
  beforeAll(async () => {
    t = await createTestApp({ now, security: { twoFactorRoles: ['admin', 'legal'] } })
  })
  afterAll(() => t?.close())

  it('lets a legal account without a factor in only to set one up, then everywhere', async () => {
    await newUser(t, 'legal', 'must-enrol@test.dey')
    const session = await signedInAs(t, 'must-enrol@test.dey')
    const me = await t.app.inject({ url: '/api/auth/me', headers: session.headers })
    expect(me.json()).toMatchObject({ role: 'legal', mustEnrolSecondFactor: true })
    const cases = await t.app.inject({ url: '/api/cases', headers: session.headers })
    expect(cases.statusCode).toBe(403)
    expect(problemOf(cases).code).toBe('auth.second_factor_enrolment_required')
    const sessions = await t.app.inject({ url: '/api/auth/sessions', headers: session.headers })
    expect(sessions.statusCode).toBe(403)
    const status = await t.app.inject({ url: '/api/auth/second-factor', headers: session.headers })
    expect(status.json()).toMatchObject({ isEnrolled: false, isRequired: true })

    const factor = await enrol(t, session.headers)
    expect((await t.app.inject({ url: '/api/cases', headers: session.headers })).statusCode).toBe(200)
    expect((await t.app.inject({ url: '/api/auth/me', headers: session.headers })).json().mustEnrolSecondFactor).toBe(false)

    const off = await t.app.inject({
      method: 'DELETE',
      url: '/api/auth/second-factor',
      headers: session.headers,
      payload: { password: TEST_PASSWORD, code: factor.code() },
    })
    expect(off.statusCode).toBe(403)
    expect(problemOf(off).code).toBe('auth.second_factor_required_for_role')
  })

  it('does not require it of advocates, nor of demo accounts (their passwords are published; never in production)', async () => {
    await newUser(t, 'advocate', 'advocate-free@test.dey')
    await newUser(t, 'legal', 'demo-legal-like@test.dey', true)
    for (const email of ['advocate-free@test.dey', 'demo-legal-like@test.dey']) {
      const session = await signedInAs(t, email)
      expect((await t.app.inject({ url: '/api/auth/me', headers: session.headers })).json().mustEnrolSecondFactor).toBe(false)
      expect((await t.app.inject({ url: '/api/cases', headers: session.headers })).statusCode).toBe(200)
    }
  })
})
