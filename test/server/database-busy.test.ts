// A busy database answers 503 problem+json with Retry-After, never a 500: a statement past
// DEY_STATEMENT_TIMEOUT_MS is cancelled (SQLSTATE 57014), and a request that waits too long for a
// pooled connection gives up. PostgreSQL only: PGlite has one connection and no pool (README,
// "Data size and the embedded database").
import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BUSY_RETRY_AFTER_SECONDS } from '../../server/lib/problem.ts'
import { problemOf } from '../helpers/http.ts'
import { createTestApp, type TestApp } from '../helpers/test-app.ts'
import { testDriver } from '../helpers/test-db.ts'

describe.skipIf(testDriver !== 'postgres')('a busy PostgreSQL', () => {
  describe('with a statement timeout', () => {
    let t: TestApp
    beforeAll(async () => {
      // Long enough for any ordinary statement on a busy machine; the slow one sleeps far past it.
      t = await createTestApp({ statementTimeoutMs: 1000 })
      // The stats route's refresh made slow in this test database only.
      await t.db.execute(
        sql.raw(`CREATE OR REPLACE FUNCTION land_stats_refresh(max_cells integer, grid float8 DEFAULT -1) RETURNS integer
                 LANGUAGE sql AS 'SELECT pg_sleep(30); SELECT 0'`),
      )
    })
    afterAll(() => t?.close())

    it('answers 503 problem+json with Retry-After when a query runs past it', async () => {
      const res = await t.app.inject({ url: '/api/stats' })
      expect(res.statusCode).toBe(503)
      expect(res.headers['retry-after']).toBe(String(BUSY_RETRY_AFTER_SECONDS))
      expect(problemOf(res).code).toBe('server.busy')
    })

    it('keeps answering other requests on the same pool afterwards', async () => {
      expect((await t.app.inject({ url: '/api/stats' })).statusCode).toBe(503)
      expect((await t.app.inject({ url: '/api/communities' })).statusCode).toBe(200)
    })
  })

  describe('with every pooled connection taken', () => {
    let t: TestApp
    beforeAll(async () => {
      t = await createTestApp({ poolSize: 1, acquireTimeoutMs: 200 })
    })
    afterAll(() => t?.close())

    it('answers 503 problem+json with Retry-After when no connection frees up in time', async () => {
      // then() starts it: a drizzle query runs only once awaited.
      const holder = t.db.execute(sql`SELECT pg_sleep(5)`).then(() => undefined)
      try {
        const res = await t.app.inject({ url: '/api/communities' })
        expect(res.statusCode).toBe(503)
        expect(res.headers['retry-after']).toBe(String(BUSY_RETRY_AFTER_SECONDS))
        expect(problemOf(res).code).toBe('server.busy')
      } finally {
        await holder
      }
    })
  })
})
