// Several app servers over one database must count sign-in failures and rate-limited requests
// together: otherwise each server added multiplies what a guesser may try.
import { sql } from 'drizzle-orm'
import { connect } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { queryRows } from '../../db/open.ts'
import { countHit, purgeExpiredCounters } from '../../server/lib/rate-limits.ts'
import { problemOf } from '../helpers/http.ts'
import { createTestApp, TEST_PASSWORD, type TestApp } from '../helpers/test-app.ts'
import { createSharedTestDatabases, testDriver } from '../helpers/test-db.ts'

const REDIS_URL = 'redis://127.0.0.1:6379'
const LOGIN_LIMIT = 4

let shared: Awaited<ReturnType<typeof createSharedTestDatabases>>
let a: TestApp
let b: TestApp
beforeAll(async () => {
  shared = await createSharedTestDatabases(2)
  a = await createTestApp({ database: shared.databases[0], security: { loginRateLimit: LOGIN_LIMIT } })
  b = await createTestApp({ database: shared.databases[1], security: { loginRateLimit: LOGIN_LIMIT } })
})
afterAll(async () => {
  await a?.close()
  await b?.close()
  await shared?.close()
})

/** A client address of its own per test, so the tests' sign-ins do not share a rate-limit counter. */
const freshAddress = () => `10.${rand()}.${rand()}.${rand()}`
const rand = () => Math.floor(Math.random() * 250) + 1

const loginOn = (app: TestApp, login: string, password: string, remoteAddress = freshAddress()) =>
  app.app.inject({ method: 'POST', url: '/api/auth/login', payload: { login, password }, headers: { cookie: '' }, remoteAddress })

describe(`limits shared by two app instances on ${testDriver}`, () => {
  it('refuses sign-in attempts past the per-address limit whichever instance they reach', async () => {
    const address = freshAddress()
    const answers = []
    for (let i = 0; i < LOGIN_LIMIT + 2; i++) answers.push(await loginOn(i % 2 === 0 ? a : b, 'nobody@test.dey', `guess ${i}`, address))
    expect(answers.slice(0, LOGIN_LIMIT).map((res) => res.statusCode)).toEqual(Array(LOGIN_LIMIT).fill(401))
    for (const refused of answers.slice(LOGIN_LIMIT)) {
      expect(refused.statusCode).toBe(429)
      expect(problemOf(refused).code).toBe('auth.too_many_attempts')
    }
    // Another address still gets through: the counter is per address.
    expect((await loginOn(b, 'nobody@test.dey', 'another guess')).statusCode).toBe(401)
  })

  it('locks an account after five failures alternating between the instances', async () => {
    await a.signIn('legal', { email: 'alternating@test.dey' })
    for (let i = 0; i < 5; i++) {
      expect((await loginOn(i % 2 === 0 ? a : b, 'alternating@test.dey', `guess ${i}`)).statusCode).toBe(401)
    }
    const locked = await loginOn(b, 'alternating@test.dey', TEST_PASSWORD)
    expect(locked.statusCode).toBe(429)
    expect(problemOf(locked).code).toBe('auth.locked')
    expect((await loginOn(a, 'alternating@test.dey', TEST_PASSWORD)).statusCode).toBe(429)
  })

  it('counts every failure when they arrive at both instances at once', async () => {
    await a.signIn('legal', { email: 'concurrent@test.dey' })
    const guesses = await Promise.all(
      Array.from({ length: 10 }, (_, i) => loginOn(i % 2 === 0 ? a : b, 'concurrent@test.dey', `parallel guess ${i}`)),
    )
    const counted = guesses.filter((res) => res.statusCode === 401).length
    // A guess read after the lock was set is refused as locked, not counted; none may be lost.
    for (const res of guesses.filter((guess) => guess.statusCode !== 401)) expect(problemOf(res).code).toBe('auth.locked')
    const [row] = await queryRows<{ failedLogins: number }>(
      a.db,
      sql`SELECT failed_logins AS "failedLogins" FROM users WHERE email = 'concurrent@test.dey'`,
    )
    expect(row!.failedLogins).toBe(counted)
    expect(counted).toBeGreaterThanOrEqual(5)
  })

  it('counts hits on one key from both databases in one window, and restarts the window once it has passed', async () => {
    const key = `test-${crypto.randomUUID()}`
    const hits = await Promise.all(Array.from({ length: 10 }, (_, i) => countHit((i % 2 === 0 ? a : b).db, a.database.driver, key, 60_000)))
    expect(hits.map((hit) => hit.current).sort((x, y) => x - y)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])
    expect(Math.max(...hits.map((hit) => hit.ttl))).toBeLessThanOrEqual(60_000)
    await a.db.execute(sql`UPDATE rate_limit_counters SET reset_at = now() - interval '1 second' WHERE key = ${key}`)
    const restarted = await countHit(b.db, b.database.driver, key, 60_000)
    expect(restarted.current).toBe(1)
    expect(restarted.ttl).toBeGreaterThan(50_000)
  })

  it('purges only the counters whose window has ended', async () => {
    const [live, ended] = [`live-${crypto.randomUUID()}`, `ended-${crypto.randomUUID()}`]
    await countHit(a.db, a.database.driver, live, 60_000)
    await countHit(a.db, a.database.driver, ended, 60_000)
    await a.db.execute(sql`UPDATE rate_limit_counters SET reset_at = now() - interval '1 second' WHERE key = ${ended}`)
    expect(await purgeExpiredCounters(b.db)).toBeGreaterThanOrEqual(1)
    const keys = await queryRows<{ key: string }>(a.db, sql`SELECT key FROM rate_limit_counters WHERE key IN (${live}, ${ended})`)
    expect(keys.map((row) => row.key)).toEqual([live])
  })
})

describe('rate limits in Redis (REDIS_URL)', async () => {
  const isRedisUp = await reachable(6379)
  it.skipIf(!isRedisUp)('shares the sign-in limit between two instances through Redis', async () => {
    const redisA = await createTestApp({ database: shared.databases[0], security: { loginRateLimit: LOGIN_LIMIT, redisUrl: REDIS_URL } })
    const redisB = await createTestApp({ database: shared.databases[1], security: { loginRateLimit: LOGIN_LIMIT, redisUrl: REDIS_URL } })
    try {
      const address = freshAddress()
      const codes = []
      for (let i = 0; i < LOGIN_LIMIT + 2; i++)
        codes.push((await loginOn(i % 2 ? redisB : redisA, 'nobody@test.dey', 'x', address)).statusCode)
      expect(codes).toEqual([...Array(LOGIN_LIMIT).fill(401), 429, 429])
      // Nothing was counted in the database: the counters are in Redis.
      const rows = await queryRows<{ n: number }>(
        a.db,
        sql`SELECT count(*)::int AS n FROM rate_limit_counters WHERE key LIKE ${`%${address}`}`,
      )
      expect(rows[0]!.n).toBe(0)
    } finally {
      await redisA.close()
      await redisB.close()
    }
  })
})

function reachable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1')
    socket.once('connect', () => resolve(socket.end() && true))
    socket.once('error', () => resolve(false))
  })
}
