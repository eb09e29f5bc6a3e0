import { sql } from 'drizzle-orm'
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openDatabase, queryRows, type Db } from '../../db/open.ts'
import { startServer } from '../helpers/server-process.ts'
import { createEmptyPostgresDatabase, testDriver } from '../helpers/test-db.ts'

const countCommunities = async (db: Db) =>
  (await queryRows<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM communities`))[0]!.n

describe('embedded PGlite in DATA_DIR', () => {
  let dataDir: string
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'dey-lifecycle-'))
  })
  afterAll(() => rm(dataDir, { recursive: true, force: true }))

  it('migrates and loads the demo data on first start, and keeps it across SIGTERM and SIGINT', async () => {
    const first = await startServer({ DATA_DIR: dataDir })
    const health = await (await fetch(`${first.baseUrl}/api/health`)).json()
    expect(health).toMatchObject({ status: 'ok', database: 'pglite' })
    expect(first.output()).toContain('loaded the fictional demo data set')
    expect(first.output()).not.toContain('DEMO ACCOUNTS EXIST IN PRODUCTION')
    expect(await first.stop('SIGTERM')).toBe(0)
    expect(first.output()).toContain('closed cleanly')

    // The demo load was one large write; after the shutdown it must all be on disk.
    const reopened = await openDatabase({ pgliteDir: path.join(dataDir, 'pglite') })
    const communitiesAfterFirstStart = await countCommunities(reopened.db)
    await reopened.close()
    expect(communitiesAfterFirstStart).toBeGreaterThanOrEqual(24)

    const second = await startServer({ DATA_DIR: dataDir, NODE_ENV: 'production' })
    expect(second.output()).not.toContain('loaded the fictional demo data set')
    expect(second.output()).toContain('DEMO ACCOUNTS EXIST IN PRODUCTION')
    expect((await fetch(`${second.baseUrl}/api/health`)).status).toBe(200)
    expect(await second.stop('SIGINT')).toBe(0)

    const again = await openDatabase({ pgliteDir: path.join(dataDir, 'pglite') })
    expect(await countCommunities(again.db)).toBe(communitiesAfterFirstStart)
    await again.close()
  }, 180_000)

  it('refuses to start a second server on the same DATA_DIR', async () => {
    const first = await startServer({ DATA_DIR: dataDir, DEY_DEMO: '0' })
    try {
      await expect(startServer({ DATA_DIR: dataDir, DEY_DEMO: '0' })).rejects.toThrow(/in use by another running Dey server/)
    } finally {
      expect(await first.stop()).toBe(0)
    }
  }, 120_000)
})

describe.runIf(testDriver === 'postgres')('DATABASE_URL on PostgreSQL', () => {
  it('migrates and seeds an empty database at start-up', async () => {
    const empty = (await createEmptyPostgresDatabase())!
    try {
      const server = await startServer({ DATABASE_URL: empty.url, DATA_DIR: os.tmpdir() })
      const health = await (await fetch(`${server.baseUrl}/api/health`)).json()
      expect(health).toMatchObject({ status: 'ok', database: 'postgres' })
      expect(await server.stop()).toBe(0)
      const database = await openDatabase({ databaseUrl: empty.url })
      expect(await countCommunities(database.db)).toBeGreaterThanOrEqual(24)
      await database.close()
    } finally {
      await empty.drop()
    }
  }, 120_000)
})
